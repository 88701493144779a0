// The join form over HTTP: the page has the menu's name; a problem of the account step (an address
// mistyped, a weak password) keeps that step on the page with what was typed, says every problem of
// it at once, and links each to a field that is there; the salary's message uses its hint's example.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerForm, seedLevels } from '../../../test/factories/index.js';
import { createTestContext, PASSWORD, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { dom, errorOf, textOf, textsOf } from '../../../test/html.js';

let ctx: TestContext;
let levels: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

describe('problems on the join form', () => {
  it('the page is called what the menu calls it: Join as a professional', async () => {
    const page = dom((await ctx.client().get('/join/individual')).body);
    expect(textOf(page, 'h1')).toBe('Join as a professional');
    expect(textOf(page, 'title')).toContain('Join as a professional');
    expect(page.querySelector('nav a[href="/join/individual"]')?.text.trim()).toBe('Join as a professional');
  });

  it('every step writes apostrophes typographically, in its labels, hints and messages (employer’s population)', async () => {
    const res = await ctx.client().postForm('/join/individual', { ...answerForm('manager'), step: 'quote', level: levels.manager, salary: '95,000', employer_population: '6,000' });
    const main = dom(res.body).querySelector('main');
    for (const el of main?.querySelectorAll('script, input') ?? []) el.remove();
    const text = main?.text ?? '';
    expect(text).toContain('Your employer’s population');
    expect(text).toContain('enter your employer’s general fund budget too');
    expect(text.match(/.{0,30}[A-Za-z]'[A-Za-z].{0,10}/g) ?? []).toEqual([]);
  });

  it('a mistyped address and a weak password are both said on the account step, which keeps what was typed; nothing is created', async () => {
    const res = await ctx.client().postForm('/join/individual', {
      ...answerForm('manager'),
      step: 'join',
      level: levels.manager,
      salary: '112,000',
      employer: 'City of Boulder',
      title: 'Assistant City Manager',
      name: 'Ana Ruiz',
      email: 'ana.ruiz@',
      password: 'short',
      pay_by: 'invoice',
    });
    expect(res.statusCode).toBe(400);
    const page = dom(res.body);
    expect(textsOf(page, 'main h2')).toEqual(expect.arrayContaining(['3. Your dues', '4. Your work and your account']));
    expect(errorOf(page, 'email').message).toBe('Enter an email address like name@example.org.');
    expect(errorOf(page, 'password').message).toContain('Use at least 12 characters.');
    // Each link of the summary leads to a field on this page.
    const links = page.querySelectorAll('.error-summary a').map((a) => a.getAttribute('href') ?? '');
    expect(links.sort()).toEqual(['#f-email', '#f-password']);
    for (const href of links) expect(page.getElementById(href.slice(1)), href).not.toBeNull();
    // What was typed is kept, except the password, which the page says to type again.
    for (const [field, value] of [
      ['name', 'Ana Ruiz'],
      ['email', 'ana.ruiz@'],
      ['employer', 'City of Boulder'],
      ['title', 'Assistant City Manager'],
      ['salary', '112,000'],
    ])
      expect(page.getElementById(`f-${field}`)?.getAttribute('value'), field).toBe(value);
    expect(page.getElementById('f-password')?.getAttribute('value')).toBeUndefined();
    expect(page.getElementById('f-password-hint')?.text).toContain('This page never keeps a password: type yours again.');
    expect(await ctx.deps.db.selectFrom('users').select('id').where('name', '=', 'Ana Ruiz').execute()).toEqual([]);
  });

  it('a weak password gets the accounts module’s rule', async () => {
    const res = await ctx.client().postForm('/join/individual', {
      ...answerForm('staff'),
      step: 'join',
      level: levels['local-government-staff'],
      name: 'Someone',
      email: uniqueEmail(),
      password: 'short',
      pay_by: 'invoice',
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body, 'password').message).toContain('Use at least 12 characters.');
  });

  it('with the address corrected, the same form joins', async () => {
    const email = uniqueEmail('ana');
    const res = await ctx.client().postForm('/join/individual', {
      ...answerForm('manager'),
      step: 'join',
      level: levels.manager,
      salary: '112,000',
      name: 'Ana Ruiz Ortega',
      email: ` ${email} `,
      password: PASSWORD,
      pay_by: 'invoice',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your email');
    expect(await ctx.deps.db.selectFrom('users').select('email').where('email', '=', email).execute()).toHaveLength(1);
  });

  it('a salary that is not a number gets the example its hint gives', async () => {
    const res = await ctx.client().postForm('/join/individual', { ...answerForm('manager'), step: 'quote', level: levels.manager, salary: '5000 dollars' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body, 'salary').message).toBe('Enter your salary in dollars, as a number like 95,000.');
    expect(dom(res.body).getElementById('f-salary-hint')?.text).toContain('In dollars, like 95,000.');
  });

  // What a visitor typed on the last step, to join as a manager.
  const typed = () => ({
    ...answerForm('manager'),
    step: 'join',
    level: levels.manager,
    salary: '112,000',
    employer: 'Town of Ridgeway <script>alert(1)</script>',
    title: 'Assistant Town Manager',
    name: 'Zoë “Zee” O’Connor',
    email: 'zee.oconnor@example.org',
    password: PASSWORD,
    pay_by: 'invoice',
  });
  /** Every field's value as the page shows it again (the password never). */
  const shownValues = (page: ReturnType<typeof dom>) =>
    Object.fromEntries(['salary', 'employer', 'title', 'name', 'email'].map((f) => [f, page.getElementById(`f-${f}`)?.getAttribute('value') ?? null]));
  const summaryLeadsToFields = (page: ReturnType<typeof dom>) => {
    const links = page.querySelectorAll('.error-summary a').map((a) => a.getAttribute('href') ?? '');
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(page.getElementById(href.slice(1)), href).not.toBeNull();
    return links;
  };

  it('a salary no level accepts, found when joining, is said beside the salary; the account step stays with what was typed', async () => {
    const res = await ctx.client().postForm('/join/individual', { ...typed(), salary: '500' });
    expect(res.statusCode).toBe(400);
    const page = dom(res.body);
    expect(textsOf(page, 'main h2')).toEqual(expect.arrayContaining(['2. Your level and dues', '3. Your dues', '4. Your work and your account']));
    expect(errorOf(page, 'salary').message).toContain('takes $1,000 or more');
    expect(summaryLeadsToFields(page)).toEqual(['#f-salary']);
    expect(shownValues(page)).toEqual({
      salary: '500',
      employer: 'Town of Ridgeway <script>alert(1)</script>',
      title: 'Assistant Town Manager',
      name: 'Zoë “Zee” O’Connor',
      email: 'zee.oconnor@example.org',
    });
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(page.getElementById('f-password')?.getAttribute('value')).toBeUndefined();
    expect(page.getElementById('f-password-hint')?.text).toContain('This page never keeps a password: type yours again.');
    expect(textOf(page, 'main')).toContain('Your dues appear here once step 2 is right.');
    expect(await ctx.deps.db.selectFrom('users').select('id').where('email', '=', 'zee.oconnor@example.org').execute()).toEqual([]);
  });

  it('a level that needs a salary, joined without one, says so with the account step’s own problems at once', async () => {
    const res = await ctx.client().postForm('/join/individual', { ...typed(), salary: '', email: 'zee@', password: 'short' });
    expect(res.statusCode).toBe(400);
    const page = dom(res.body);
    expect(errorOf(page, 'salary').message).toBe('Enter your annual salary in dollars, like 95,000.');
    expect(errorOf(page, 'email').message).toBe('Enter an email address like name@example.org.');
    expect(errorOf(page, 'password').message).toContain('Use at least 12 characters.');
    expect(summaryLeadsToFields(page).sort()).toEqual(['#f-email', '#f-password', '#f-salary']);
    expect(shownValues(page)).toMatchObject({ salary: '', name: 'Zoë “Zee” O’Connor', email: 'zee@', title: 'Assistant Town Manager' });
  });

  it('a changed answer that no longer makes sense keeps every step and what was typed', async () => {
    const res = await ctx.client().postForm('/join/individual', { ...typed(), q_retired: 'maybe' });
    expect(res.statusCode).toBe(400);
    const page = dom(res.body);
    expect(errorOf(page, 'q_retired').message).toBe('Answer yes or no.');
    expect(summaryLeadsToFields(page)).toEqual(['#f-q_retired']);
    expect(shownValues(page)).toMatchObject({
      salary: '112,000',
      name: 'Zoë “Zee” O’Connor',
      email: 'zee.oconnor@example.org',
      employer: 'Town of Ridgeway <script>alert(1)</script>',
    });
    expect(page.getElementById('f-password-hint')?.text).toContain('type yours again');
  });

  it('seeing the dues again from the last step keeps what was typed there and asks for the password again', async () => {
    const res = await ctx.client().postForm('/join/individual', { ...typed(), step: 'quote', salary: '150,000' });
    expect(res.statusCode).toBe(200);
    const page = dom(res.body);
    expect(textOf(page, '[role="status"]')).toContain('$975.00 for your first year');
    expect(shownValues(page)).toMatchObject({ salary: '150,000', name: 'Zoë “Zee” O’Connor', email: 'zee.oconnor@example.org' });
    expect(page.getElementById('f-password-hint')?.text).toContain('This page never keeps a password: type yours again.');
  });

  it('a tampered button or hidden field never joins by surprise nor leaves an error nobody can fix', async () => {
    // A step no button has shows the dues, and creates nothing.
    const odd = await ctx.client().postForm('/join/individual', { ...typed(), step: 'pay-later' });
    expect(odd.statusCode).toBe(200);
    expect(textsOf(odd.body, 'main h2')).toContain('4. Your work and your account');
    expect(await ctx.deps.db.selectFrom('users').select('id').where('email', '=', 'zee.oconnor@example.org').execute()).toEqual([]);
    // Without card payment the only way is an invoice: the hidden choice is not read.
    const email = uniqueEmail('zee');
    const res = await ctx.client().postForm('/join/individual', { ...typed(), email, pay_by: 'bitcoin' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your email');
  });
});

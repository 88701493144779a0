// What the join page and its emails tell a newcomer: the levels and their yearly dues before any
// question is answered; a free level is said to be free (not "$0.00", not "we send you an invoice");
// a level that checks eligibility says so before the person joins; each step's page opens at the
// step it added (no script needed), except a failed one, which opens at its summary of problems;
// and the welcome email says what to do next.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerForm, joinAsManager, seedLevels } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { dom, rowsOf } from '../../../test/html.js';

let ctx: TestContext;
let levels: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const mainText = (html: string) => dom(html).querySelector('main')?.text.replace(/\s+/g, ' ') ?? '';

describe('what the join page says', () => {
  it('a visitor sees every level, whom it is for and its yearly dues before answering anything', async () => {
    const page = await ctx.client().get('/join/individual');
    expect(page.statusCode).toBe(200);
    const rows = rowsOf(page.body, 'Levels and yearly dues');
    expect(rows.map((r) => r[0])).toEqual(['Manager', 'Other local government staff', 'Academic', 'Student', 'International', 'Retired']);
    expect(rows.find((r) => r[0] === 'Retired')?.[2]).toBe('$60.00 a year');
    expect(rows.find((r) => r[0] === 'Student')?.[2]).toBe('Free');
    expect(rows.find((r) => r[0] === 'Manager')?.[2]).toContain('0.65% of your annual salary, at most $1,200.00 a year');
    // beneath the table of every level, the questions' button says what it does: finds the one that fits
    expect([...dom(page.body).querySelectorAll('main form button[type=submit]')].map((b) => b.text.trim())).toEqual(['Find my level']);
  });

  it('a student’s quote says the level is free and what the check asks for, not “$0.00”, “pay in full” or “we send you an invoice”', async () => {
    const res = await ctx.client().postForm('/join/individual', { ...answerForm('student'), step: 'quote', level: levels.student });
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('Student: free, no dues to pay');
    expect(text).toContain('Before your membership starts, our membership staff check that you are eligible for the Student level');
    expect(text).toContain('Once you have joined, you upload your proof on your membership page: An enrollment letter or student ID card');
    for (const wrong of ['$0.00', 'New members pay the first year in full', 'We send you an invoice', 'create your invoice', 'the invoice is paid', 'dues waived'])
      expect(text).not.toContain(wrong);
  });

  it('the employer field says what it means for the level quoted: a student’s school, a retiree’s last post, else where one works', async () => {
    const hintOf = (html: string) => dom(html).querySelector('#f-employer-hint')?.text ?? '';
    const student = await ctx.client().postForm('/join/individual', { ...answerForm('student'), step: 'quote', level: levels.student });
    expect(hintOf(student.body)).toContain('Your university or school, or the government you intern with');
    const retired = await ctx.client().postForm('/join/individual', { ...answerForm('retired'), step: 'quote', level: levels.retired });
    expect(hintOf(retired.body)).toContain('you last worked for');
    const manager = await ctx.client().postForm('/join/individual', { ...answerForm('manager'), step: 'quote', level: levels.manager, salary: '95,000' });
    expect(hintOf(manager.body)).toContain('Tribal nation you work for, like City of Boulder.');
  });

  it('a manager’s quote still says how to pay and that the first year is paid in full', async () => {
    const res = await ctx.client().postForm('/join/individual', { ...answerForm('manager'), step: 'quote', level: levels.manager, salary: '95,000' });
    const text = mainText(res.body);
    expect(text).toContain('Manager: $617.50 for your first year');
    expect(text).toContain('New members pay the first year in full.');
    expect(text).toContain('We send you an invoice');
    expect(text).not.toContain('check that you are eligible');
  });

  it('the form posts to the step it adds: the levels’ and the dues’ steps open there; a failed step has no such place and opens at its summary', async () => {
    const first = dom((await ctx.client().get('/join/individual')).body);
    const action = first.querySelector('form[action^="/join/individual"]')?.getAttribute('action') ?? '';
    expect(action).toBe('/join/individual#next-step');
    const levelsStep = dom((await ctx.client().postForm('/join/individual', { ...answerForm('manager'), step: 'levels' })).body);
    expect(levelsStep.getElementById('next-step')?.text).toBe('2. Your level and dues');
    const quote = dom((await ctx.client().postForm('/join/individual', { ...answerForm('manager'), step: 'quote', level: levels.manager, salary: '95,000' })).body);
    expect(quote.getElementById('next-step')?.text).toBe('3. Your dues');
    const failed = await ctx.client().postForm('/join/individual', { ...answerForm('manager'), step: 'quote', level: levels.manager, salary: 'lots' });
    expect(failed.statusCode).toBe(400);
    expect(dom(failed.body).getElementById('next-step')).toBeNull();
    expect(dom(failed.body).querySelector('.error-summary')).not.toBeNull();
  });
});

describe('what the emails say', () => {
  it('a student’s confirmation email says the level is free, not “first year: $0.00”', async () => {
    const email = uniqueEmail('student');
    const res = await ctx.client().postForm('/join/individual', { ...answerForm('student'), step: 'join', level: levels.student, name: 'Theo Lane', email, password: PASSWORD });
    expect(res.statusCode).toBe(200);
    const mail = await ctx.deps.db.selectFrom('outbox').select('body_text').where('to_address', '=', email).executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('at the Student level, which is free,');
    expect(mail.body_text).not.toContain('$0.00');
  });

  it('a retiree who joins is told the membership starts once the invoice is paid and staff confirm the level, on the page it sees after joining', async () => {
    const email = uniqueEmail('retired');
    const res = await ctx.client().postForm('/join/individual', { ...answerForm('retired'), step: 'join', level: levels.retired, name: 'Walt Brand', email, password: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain(
      'We issue the invoice when the address is confirmed, and your membership starts once it is paid and our membership staff confirm that you are eligible.',
    );
  });

  it('the welcome email says what to do next: the profile and Who’s Who', async () => {
    const joined = await joinAsManager(ctx, levels);
    const financeAccount = await createAccount(ctx, { roles: ['finance'] });
    const finance = ctx.client();
    await finance.signIn(financeAccount.email);
    const paid = await finance.request('POST', `/api/v1/invoices/${joined.invoiceId}/payments`, {
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': `w-${joined.invoiceId}`, 'x-csrf-token': await finance.csrf() },
      payload: JSON.stringify({ amountCents: 92_625, method: 'check', reference: '77' }),
    });
    expect(paid.json().membershipActivated).toBe(true);
    const mail = await ctx.deps.db
      .selectFrom('outbox')
      .select('body_text')
      .where('to_address', '=', joined.email)
      .where('template', '=', 'individuals.welcome')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('fill in your profile');
    expect(mail.body_text).toContain('/me');
    expect(mail.body_text).toContain('Who’s Who');
    expect(mail.body_text).toContain('/directory');
  });
});

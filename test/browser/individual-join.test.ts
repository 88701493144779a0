// Joining as an individual in the browser: a new person answers the questions, finds the
// Manager level chosen for them, sees the quote, gives their employer and title, creates their
// account (no card payment is configured: an invoice is sent), confirms their address by the emailed link (which signs them in and goes on to their membership); finance staff
// record the check in the finance pages; the person's membership page shows it active; they
// fill in their profile, another member finds them in Who's Who seeing only members-visible
// fields, and a visitor is sent to sign in.
// axe-core runs on every page visited.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { latestEmail, signIn, submit, visit } from './harness.js';

describe('individual join', () => {
  const app = useBrowserApp();
  const newPage = () => app.newPage();
  const main = (page: Page) => page.locator('main');
  const answer = (page: Page, question: RegExp, value: 'Yes' | 'No') => page.getByRole('group', { name: question }).getByLabel(value, { exact: true }).check();

  it('a new manager joins and asks for an invoice; finance records the payment; another member finds them in Who’s Who with members-visible fields only; a visitor is sent to sign in', async () => {
    const person = await newPage();
    await visit(person, '/join/individual');
    expect(await person.getByRole('heading', { level: 1 }).textContent()).toBe('Join as a professional');

    // A missing answer first: the page says which.
    await answer(person, /work for a local government/, 'Yes');
    await submit(person, () => person.getByRole('button', { name: 'Find my level' }).click(), { status: 400 });
    expect(await person.getByRole('alert').textContent()).toContain('Answer yes or no.');

    await answer(person, /chief administrative officer/, 'Yes');
    for (const q of [/teach or do research/, /full-time student/, /outside the United States/, /retired/]) await answer(person, q, 'No');
    await submit(person, () => person.getByRole('button', { name: 'Find my level' }).click());
    // The level that fits is chosen already; the others are listed once, not offered.
    const levels = person.getByRole('group', { name: 'Membership level' });
    expect(await levels.getByLabel('Manager', { exact: true }).isChecked()).toBe(true);
    expect(await levels.getByLabel(/^Student/).count()).toBe(0);
    expect(await person.getByRole('region', { name: 'Levels that do not fit your answers' }).getByText('Student').count()).toBe(1);

    await person.getByLabel('Your annual salary').fill('142,500');
    await person.getByLabel('Your employer’s population').fill('6,900');
    await person.getByLabel('Your employer’s general fund budget').fill('6,400,000');
    await submit(person, () => person.getByRole('button', { name: 'See my dues' }).click());
    // $142,500 × 0.65% = $926.25, less 20% for a small community = $741.00
    expect(await person.getByRole('status').textContent()).toContain('Manager: $741.00 for your first year');

    const email = `new.manager.${Date.now()}@example.net`;
    await person.getByLabel(/^Your employer( \(optional\))?$/).fill('Town of Smalltown');
    await person.getByLabel(/^Your job title( \(optional\))?$/).fill('Town Manager');
    await person.getByLabel('Your name').fill('Morgan Newcastle');
    await person.getByLabel('Email').fill(email);
    await person.getByLabel('Password').fill('a long enough passphrase for joining');
    // Card payment is not configured in this app: the page says an invoice is sent, and offers no choice.
    expect(await person.getByRole('group', { name: 'How you will pay' }).count()).toBe(0);
    expect(await person.locator('main').textContent()).toContain('We send you an invoice');
    await submit(person, () => person.getByRole('button', { name: 'Join' }).click());
    // Not signed in yet: the address must be confirmed first, by the link emailed to it.
    expect(await person.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    expect(await person.getByRole('status').first().textContent()).toContain(email);
    const confirm = await latestEmail(app.server, email, /Confirm your email address/);
    const link = confirm.paths.find((p) => p.startsWith('/account/verify'));
    if (!link) throw new Error('no confirmation link');
    await visit(person, link);
    await submit(person, () => person.getByRole('button', { name: 'Confirm my email address' }).click());
    expect(new URL(person.url()).pathname).toBe('/me/membership');
    expect(await person.getByRole('status').first().textContent()).toContain('your email address is confirmed');
    // The link works once; the page it then shows offers a new one.
    const used = await newPage();
    await visit(used, link, { status: 400 });
    await submit(used, () => used.getByRole('link', { name: 'Ask for a new confirmation link' }).click());
    const pending = (await main(person).textContent()) ?? '';
    expect(pending).toContain('Pending');
    expect(pending).toContain('$142,500.00');

    const { deps } = app.server;
    const invoice = await deps.db
      .selectFrom('invoices as i')
      .innerJoin('users as u', 'u.id', 'i.user_id')
      .select(['i.id', 'i.number', 'i.total_cents', 'i.individual_membership_id'])
      .where('u.email', '=', email)
      .executeTakeFirstOrThrow();
    expect(invoice.total_cents).toBe(74_100);
    expect(invoice.individual_membership_id).not.toBeNull();

    // Finance staff find the member and record the check on the invoice.
    const finance = await newPage();
    await signIn(finance, 'finance@example.org');
    await visit(finance, `/staff/individuals?q=${encodeURIComponent(email)}`);
    await submit(finance, () => finance.getByRole('link', { name: 'Morgan Newcastle' }).click());
    expect(await main(finance).textContent()).toContain('$142,500.00');
    await submit(finance, () => finance.getByRole('link', { name: String(invoice.number), exact: true }).click());
    const form = finance.getByRole('form', { name: 'Record a payment' });
    await form.getByLabel('Amount').fill('741.00');
    await form.getByLabel('Method').selectOption('check');
    await form.getByLabel('Reference').fill('20931');
    await submit(finance, () => form.getByRole('button', { name: 'Record payment' }).click());
    expect(await finance.getByRole('status').first().textContent()).toContain('The membership is now active');

    // The person's page shows the membership active, with its term.
    await visit(person, '/me/membership');
    const active = (await main(person).textContent()) ?? '';
    expect(active).toContain('Active');
    expect(active).toContain('Paid');
    const roles = await deps.db.selectFrom('user_roles as r').innerJoin('users as u', 'u.id', 'r.user_id').select('r.role').where('u.email', '=', email).execute();
    expect(roles.map((r) => r.role)).toEqual(['member']);

    // The new member's profile has the employer and title given at join; they fill in the rest:
    // work email for members, phone for staff only.
    await submit(person, () => person.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My profile' }).click());
    expect(await person.getByLabel('Current title').inputValue()).toBe('Town Manager');
    expect(await person.getByRole('combobox', { name: /Current employer/ }).inputValue()).toBe('Town of Smalltown');
    await person.getByLabel(/^Work email/).fill('mnewcastle@smalltown.example.gov');
    await person.getByLabel(/^Phone/).fill('(555) 010-4477');
    await person.getByRole('group', { name: 'Who may see your work email' }).getByLabel('Members and staff only').check();
    await person.getByRole('group', { name: 'Who may see your phone number' }).getByLabel('Membership staff only').check();
    await submit(person, () => person.getByRole('button', { name: 'Save profile' }).click());
    expect(await person.locator('.flash').textContent()).toContain('Your profile is saved.');

    // Another signed-in member finds them in Who's Who, misspelled, and sees only members-visible fields.
    const other = await newPage();
    await signIn(other, 'manager@example.org');
    await submit(other, () => other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Who’s Who' }).click());
    await other.getByLabel('Name').fill('Morgan Newcastel');
    await submit(other, () => other.getByRole('button', { name: 'Search' }).click());
    const card = other.getByRole('listitem').filter({ has: other.getByRole('link', { name: 'Morgan Newcastle' }) });
    const found = (await card.textContent()) ?? '';
    expect(found).toContain('Town Manager');
    expect(found).toContain('mnewcastle@smalltown.example.gov');
    expect(found).not.toContain('(555) 010-4477');
    expect(found).not.toContain('142,500');
    await submit(other, () => other.getByRole('link', { name: 'Morgan Newcastle' }).click());
    const profile = (await main(other).textContent()) ?? '';
    expect(profile).toContain('mnewcastle@smalltown.example.gov');
    expect(profile).not.toContain('(555) 010-4477');

    // A visitor who is not signed in is sent to sign in.
    const visitor = await newPage();
    await visit(visitor, '/directory?q=Newcastle');
    expect(new URL(visitor.url()).pathname).toBe('/login');
  });

  it('staff pages and Members in Transition pass axe: levels, a request, its approval, the waiver on the member’s page', async () => {
    const staff = await newPage();
    await signIn(staff, 'membership@example.org');
    await visit(staff, '/staff/levels');
    await submit(staff, () => staff.getByRole('link', { name: 'Manager', exact: true }).click());
    await staff.getByLabel('Share of salary, in percent').fill('-1');
    await submit(staff, () => staff.getByRole('button', { name: 'Save level' }).click(), { status: 400 });
    expect(await staff.getByRole('alert').textContent()).toContain('percentage from 0 to 100');
    await visit(staff, '/staff/levels/new');

    const member = await newPage();
    await signIn(member, 'manager@example.org');
    await visit(member, '/me/membership');
    await submit(member, () => member.getByRole('link', { name: /Ask for Members in Transition support/ }).click());
    await member.getByLabel('Your circumstances').fill('My position was eliminated in the budget.');
    await member.getByLabel('Date of separation').fill('2026-06-30');
    await submit(member, () => member.getByRole('button', { name: 'Send my request' }).click());
    expect(await main(member).textContent()).toContain('Under review');

    await visit(staff, '/staff/transition');
    await submit(staff, () => staff.getByRole('link', { name: 'Chris Oduya' }).first().click());
    expect(await main(staff).textContent()).toContain('My position was eliminated in the budget.');
    await staff
      .getByRole('group', { name: 'Decision' })
      .getByLabel(/Approve/)
      .check();
    await staff.getByLabel(/Six-month steps/).selectOption('2');
    await submit(staff, () => staff.getByRole('button', { name: 'Record the decision' }).click());
    expect(await staff.getByRole('status').first().textContent()).toContain('dues waived for 12 months');

    await visit(member, '/me/membership');
    const text = (await main(member).textContent()) ?? '';
    expect(text).toContain('Zero-amount renewals');
    expect(text).toContain('Members in Transition: dues waived');

    // Finance staff have no way in.
    const finance = await newPage();
    await signIn(finance, 'finance@example.org');
    const res = await finance.goto('/staff/transition');
    expect(res?.status()).toBe(403);
  });
});

// A member applies for the credential (fills the form, saves a draft, submits), pays the fee;
// membership staff and the cycle's panel member (the demo's Naomi Feld) award it; the member logs
// self-reported hours with an evidence file and sees the year's total, on a phone too. axe runs on
// every page reached, at 1280 and 390 px.
import { describe, expect, it } from 'vitest';
import { applyPayment } from '../../src/modules/billing/index.js';
import { PDF } from '../factories/files.js';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

const quarterName = (d: Date) => `${d.getUTCFullYear()} Q${Math.floor(d.getUTCMonth() / 3) + 1}`;

describe('the credential', () => {
  const app = useBrowserApp();

  it('a member applies, staff and the panel award it, and the member logs hours with evidence', async () => {
    const { db } = app.server.deps;
    const page = await app.newPage();
    await signIn(page, 'member@example.org');
    await visit(page, '/credential');
    await submit(page, () => page.getByRole('link', { name: 'Apply for the credential' }).click());
    await page.getByLabel('Degree (optional)', { exact: true }).fill('Master of Public Administration');
    await page.getByLabel('Institution').fill('University of Illinois');
    await page.getByLabel('Year of the degree').fill('2006');
    await page.getByLabel('Title of position 1').fill('City Manager');
    await page.getByLabel('Local government of position 1').fill('City of Springfield');
    await page.getByLabel('Start of position 1').fill('2012-07');
    // Saving the draft is the secondary action: it looks unlike submitting (outlined, not filled).
    const background = (name: string) => page.getByRole('button', { name }).evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(await background('Save the draft')).not.toBe(await background('Submit the application'));
    await submit(page, () => page.getByRole('button', { name: 'Save the draft' }).click());
    expect(await page.getByRole('status').first().textContent()).toContain('Your draft is saved.');
    // Sent without references or self-assessment: each field says so.
    await submit(page, () => page.getByRole('button', { name: 'Submit the application' }).click(), { status: 400 });
    expect(await page.getByRole('alert').first().textContent()).toContain('Name at least 2 references.');
    await page.getByLabel('Name of reference 1').fill('Mayor Ruth Adams');
    await page.getByLabel('Email of reference 1').fill('ruth.adams@example.org');
    await page.getByLabel('How reference 1 knows your work').fill('The mayor I report to');
    await page.getByLabel('Name of reference 2').fill('Omar Haddad');
    await page.getByLabel('Email of reference 2').fill('omar.haddad@example.org');
    await page.getByLabel('How reference 2 knows your work').fill('A fellow county administrator');
    await page.getByLabel('Leadership and staff development').fill('I lead a staff of 400.');
    await page.getByLabel('Budgeting and financial management').fill('Twelve balanced budgets.');
    await page.getByLabel('Community engagement and communication').fill('Participatory budgeting since 2019.');
    await page.getByLabel('Ethics and integrity in public service').fill('Ethics training for every new hire.');
    await submit(page, () => page.getByRole('button', { name: 'Submit the application' }).click());
    expect(await page.getByText('Submitted, in review').count()).toBe(1);

    // The member pays the fee invoice (billing records the payment).
    const dana = await db.selectFrom('users').select('id').where('email', '=', 'member@example.org').executeTakeFirstOrThrow();
    const application = await db.selectFrom('credential_applications').select(['id', 'invoice_id']).where('user_id', '=', dana.id).executeTakeFirstOrThrow();
    await db
      .transaction()
      .execute((trx) => applyPayment(trx, app.server.deps, { invoiceId: application.invoice_id ?? '', amountCents: 25_000, method: 'check', reference: '1042' }));

    const cycle = quarterName(app.server.deps.clock.now());
    const staff = await app.newPage();
    await signIn(staff, 'membership@example.org');
    await visit(staff, '/staff/credential');
    await submit(staff, () => staff.getByRole('link', { name: cycle }).click());
    await submit(staff, () => staff.getByRole('link', { name: 'Dana Morales' }).click());
    await staff.getByLabel('Award the credential').check();
    await staff.getByLabel('Reasons').fill('Twelve years as a city manager; strong references.');
    await submit(staff, () => staff.getByRole('button', { name: 'Record the decision' }).click());
    expect(await staff.getByRole('status').first().textContent()).toContain('Your decision is recorded.');

    const panel = await app.newPage();
    await signIn(panel, 'academic@example.org');
    await visit(panel, '/credential/panel');
    // the panel's home says what to do next and links the cycle to start with
    await submit(panel, () => panel.getByRole('link', { name: `Start with cycle ${cycle}` }).click());
    await submit(panel, () => panel.getByRole('link', { name: 'Dana Morales' }).click());
    await panel.getByLabel('Award the credential').check();
    await panel.getByLabel('Reasons').fill('Meets every requirement.');
    await submit(panel, () => panel.getByRole('button', { name: 'Record the decision' }).click());
    expect(await panel.getByRole('status').first().textContent()).toContain('the credential is awarded');

    // The member logs an activity with its evidence and sees the year's total.
    await visit(page, '/credential');
    expect(await page.getByText('Current', { exact: true }).count()).toBe(1);
    await submit(page, () => page.getByRole('link', { name: 'Open your PD log' }).click());
    const day = new Date(app.server.deps.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Title of the activity').fill('Budgeting for resilience');
    await page.getByLabel('Provider').fill('State Municipal League');
    await page.getByLabel('Day of the activity').fill(day);
    await page.getByLabel('Hours', { exact: true }).fill('6.5');
    await page.getByLabel('Evidence').setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submit(page, () => page.getByRole('button', { name: 'Add the activity' }).click());
    const year = day.slice(0, 4);
    expect(await page.getByRole('heading', { name: `${year}: 6.5 of 40 hours` }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'certificate.pdf' }).count()).toBe(1);

    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, 'member@example.org');
    await visit(phone, '/credential/log');
    expect(await phone.getByRole('heading', { name: `${year}: 6.5 of 40 hours` }).count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await visit(phone, '/credential/verify?name=Dana');
    expect(await phone.getByRole('rowheader', { name: 'Dana Morales' }).count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await visit(phone, '/credential/apply');
  }, 300_000); // four people, about thirty pages each checked by axe
});

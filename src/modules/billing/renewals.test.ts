// Renewals (O9) with an injected day: renewal invoices issued N days before a term ends, priced
// with today's population and the schedule in force on the new term's start; reminders at each
// offset exactly once; grace, lapse and reinstatement; regions skipped. (Runs that crash, overlap
// or are killed, the daily job and the command: renewals-runs.test.ts.)
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { changeOrganization, endMembership, withAssociation } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { renewalHelpers, resetRenewals } from '../../../test/renewals.js';
import { formatDay } from '../../lib/format.js';
import { seedDuesDemo } from '../dues/index.js';
import { addDays, addYears, applyPayment, runRenewals } from './index.js';
import { renewalReminderEmail } from './renewals-emails.js';

let ctx: TestContext;
let membershipStaff: TestClient;
const realToday = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  membershipStaff = ctx.client();
  await membershipStaff.signIn((await createAccount(ctx, { roles: ['membership'] })).email, PASSWORD);
});
afterAll(() => ctx?.close());

// Each test starts from no open memberships and no unpaid invoices, so that counts are its own.
afterEach(() => resetRenewals(ctx));

const { runOn, createMember, renewalInvoices, mailCount, membershipOf, organizationStatus, expectGaplessNumbers } = renewalHelpers(() => ctx);

const cityBands = (scale: number) => [
  { min: 1, max: 50_000, amountCents: 70_000 * scale },
  { min: 50_001, max: 250_000, amountCents: 200_000 * scale },
  { min: 250_001, max: null, amountCents: 900_000 * scale },
];
async function createSchedule(effectiveFrom: string, scale: number) {
  const bands = { mode: 'bands', bands: cityBands(scale) };
  const res = await membershipStaff.sendJson('POST', '/api/v1/dues/schedules', {
    effectiveFrom,
    note: `Dues from ${effectiveFrom}`,
    rules: { city: bands, county: bands, town: bands, tribal_nation: bands, region: { mode: 'contact' } },
  });
  expect(res.statusCode).toBe(201);
  // Invoices are priced from published versions only.
  expect((await membershipStaff.sendJson('POST', `/api/v1/dues/schedules/${res.json().id}/publish`, {})).statusCode).toBe(200);
}

describe('issuing renewal invoices', () => {
  it('issues the renewal invoice N days before the term ends (not N+1), once, at the current population under the schedule in force on the new term’s start', async () => {
    await withAssociation(ctx, { renewal_lead_days: 45 });
    const termEnd = addDays(realToday, 200);
    const newStart = addDays(termEnd, 1);
    // The schedule in force on the new term's start, and a later one that must not be used.
    await createSchedule(newStart, 1);
    await createSchedule(addDays(newStart, 1), 3);
    const billing = { name: 'Pat Payer', email: uniqueEmail('payer') };
    const m = await createMember({ termEnd, population: 40_000, poNumber: 'PO-2027-77', billing });
    // The population grew since the last invoice: the renewal uses today's figure.
    await changeOrganization(ctx, m.organizationId, { population: 150_000 });

    const invoiceMails = await mailCount(billing.email, 'billing.invoice_issued'); // the first year's
    expect(await runOn(addDays(termEnd, -46))).toEqual({ issued: 0, reminded: 0, lapsed: 0, skipped: 0 });
    expect(await renewalInvoices(m.membershipId)).toHaveLength(0);

    const issuedOn = addDays(termEnd, -45);
    expect(await runOn(issuedOn)).toEqual({ issued: 1, reminded: 0, lapsed: 0, skipped: 0 });
    const [invoice, ...more] = await renewalInvoices(m.membershipId);
    expect(more).toHaveLength(0);
    expect(invoice).toMatchObject({
      purpose: 'renewal',
      organization_id: m.organizationId,
      status: 'issued',
      period_start: newStart,
      period_end: addDays(addYears(newStart, 1), -1),
      // 150,000 people: $2,000 under the new schedule ($1,750 under 2020's, $600 at 40,000).
      total_cents: 200_000,
      issued_on: issuedOn,
      due_on: addDays(issuedOn, 30),
      po_number: 'PO-2027-77',
      bill_to_name: 'Pat Payer',
      bill_to_email: billing.email,
      bill_to_address: expect.stringContaining('Main Street, Salem, OR'),
    });
    const lines = await ctx.deps.db
      .selectFrom('invoice_lines')
      .selectAll()
      .where('invoice_id', '=', invoice?.id ?? '')
      .execute();
    expect(lines).toHaveLength(1);
    expect(lines[0]?.description).toMatch(/^Membership renewal, .+ to .+ — Renewal Town \d+ \(population 150,000\)$/);
    expect(await mailCount(billing.email, 'billing.invoice_issued')).toBe(invoiceMails + 1);

    // Again the same day, and the next: nothing more.
    expect(await runOn(issuedOn)).toEqual({ issued: 0, reminded: 0, lapsed: 0, skipped: 0 });
    expect((await runOn(addDays(issuedOn, 1))).issued).toBe(0);
    expect(await renewalInvoices(m.membershipId)).toHaveLength(1);
    expect(await mailCount(billing.email, 'billing.invoice_issued')).toBe(invoiceMails + 1);
    await expectGaplessNumbers();
  });

  it('bills the organization’s contact when no earlier invoice names a billing contact, and runs by the clock’s day by default', async () => {
    const termEnd = addDays(realToday, 30);
    const m = await createMember({ termEnd });
    ctx.clock.set(`${addDays(termEnd, -60)}T08:00:00Z`);
    expect(await runRenewals(ctx.deps)).toMatchObject({ issued: 1 });
    const [invoice] = await renewalInvoices(m.membershipId);
    expect(invoice).toMatchObject({ bill_to_email: m.contactEmail, po_number: null, issued_on: addDays(termEnd, -60), total_cents: 60_000 });
    expect(await mailCount(m.contactEmail, 'billing.invoice_issued')).toBe(1);
  });

  it('skips a region (dues by arrangement) and an organization without a population, and issues the rest', async () => {
    const termEnd = addDays(realToday, 40);
    const region = await createMember({ termEnd, entityType: 'region', population: 900_000 });
    const unknown = await createMember({ termEnd, population: null });
    const town = await createMember({ termEnd, entityType: 'town', population: 8_000 });
    expect(await runOn(addDays(termEnd, -10))).toEqual({ issued: 1, reminded: 0, lapsed: 0, skipped: 2 });
    expect(await renewalInvoices(region.membershipId)).toHaveLength(0);
    expect(await renewalInvoices(unknown.membershipId)).toHaveLength(0);
    expect(await renewalInvoices(town.membershipId)).toHaveLength(1);
  });

  it('does not renew a membership that is not active', async () => {
    const termEnd = addDays(realToday, 50);
    const m = await createMember({ termEnd });
    await endMembership(ctx, m.membershipId);
    expect((await runOn(addDays(termEnd, -5))).issued).toBe(0);
    expect(await renewalInvoices(m.membershipId)).toHaveLength(0);
  });
});

describe('reminders', () => {
  it('say the last term ended when it did (a lapsed membership was told its term was still running)', () => {
    const data = {
      name: 'Ana',
      organization: 'City of Tucson',
      number: '2026-000004',
      balance: '$900.00',
      due: '2026-07-07',
      daysLate: 150,
      termEnd: '2026-08-06',
      url: 'http://civnet.test/invoices/x',
    };
    const ended = renewalReminderEmail.render({ ...data, today: '2026-12-04' }, { associationName: 'Test Association' }).paragraphs.join(' ');
    expect(ended).toContain('The last membership term ended on Aug 6, 2026. Paying the invoice renews the membership.');
    expect(ended).not.toContain('keeps the membership going');
    const running = renewalReminderEmail.render({ ...data, today: '2026-08-06' }, { associationName: 'Test Association' }).paragraphs.join(' ');
    expect(running).toContain('The current membership term ends on Aug 6, 2026.');
  });

  it('reminds at each offset from the due date exactly once, and never about a paid invoice', async () => {
    const termEnd = addDays(realToday, 120);
    const unpaid = await createMember({ termEnd, billing: { name: 'Unpaid Finance', email: uniqueEmail('unpaid') } });
    const paid = await createMember({ termEnd, billing: { name: 'Prompt Finance', email: uniqueEmail('prompt') } });
    const issuedOn = addDays(termEnd, -60);
    expect((await runOn(issuedOn)).issued).toBe(2);
    const [invoice] = await renewalInvoices(unpaid.membershipId);
    const [paidInvoice] = await renewalInvoices(paid.membershipId);
    if (!invoice?.due_on || !paidInvoice) throw new Error('no renewal invoices');
    await ctx.deps.db
      .transaction()
      .execute((trx) => applyPayment(trx, ctx.deps, { invoiceId: paidInvoice.id, amountCents: paidInvoice.total_cents, method: 'ach', reference: 'ACH 1' }));
    const due = invoice.due_on;
    const to = invoice.bill_to_email;
    const reminders = async () =>
      (await ctx.deps.db.selectFrom('invoice_reminders').select('offset_days').where('invoice_id', '=', invoice.id).orderBy('offset_days').execute()).map((r) => r.offset_days);

    expect((await runOn(addDays(due, -1))).reminded).toBe(0);
    expect((await runOn(due)).reminded).toBe(1);
    expect((await runOn(due)).reminded).toBe(0); // twice the same day: no second email
    expect(await mailCount(to, 'billing.renewal_reminder')).toBe(1);
    expect(await reminders()).toEqual([0]);
    expect((await runOn(addDays(due, 13))).reminded).toBe(0);
    expect((await runOn(addDays(due, 14))).reminded).toBe(1);
    expect((await runOn(addDays(due, 14))).reminded).toBe(0);
    expect((await runOn(addDays(due, 29))).reminded).toBe(0);
    expect((await runOn(addDays(due, 30))).reminded).toBe(1);
    expect((await runOn(addDays(due, 30))).reminded).toBe(0);
    expect(await reminders()).toEqual([0, 14, 30]);
    expect(await mailCount(to, 'billing.renewal_reminder')).toBe(3);
    const latest = await ctx.deps.db
      .selectFrom('outbox')
      .select(['subject', 'body_text'])
      .where('to_address', '=', to)
      .where('template', '=', 'billing.renewal_reminder')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest.subject).toBe(`Reminder: invoice ${invoice.number} is 30 days overdue`);
    expect(latest.body_text).toContain('$600.00');
    expect(latest.body_text).toContain(`http://civnet.test/invoices/${invoice.public_token}`);
    // sent before the term's end, it says the term is running
    expect(latest.body_text).toContain(`The current membership term ends on ${formatDay(termEnd)}. Paying the invoice keeps the membership going without a break.`);
    // The paid one got none.
    expect(await mailCount(paidInvoice.bill_to_email, 'billing.renewal_reminder')).toBe(0);
  });

  it('a run that missed offsets records them all and sends one reminder, not one per offset', async () => {
    const termEnd = addDays(realToday, 90);
    const m = await createMember({ termEnd, billing: { name: 'Late Finance', email: uniqueEmail('late') } });
    await runOn(addDays(termEnd, -60));
    const [invoice] = await renewalInvoices(m.membershipId);
    if (!invoice?.due_on) throw new Error('no renewal invoice');
    expect((await runOn(addDays(invoice.due_on, 20))).reminded).toBe(1);
    const rows = await ctx.deps.db.selectFrom('invoice_reminders').select('offset_days').where('invoice_id', '=', invoice.id).orderBy('offset_days').execute();
    expect(rows.map((r) => r.offset_days)).toEqual([0, 14]);
    expect(await mailCount(invoice.bill_to_email, 'billing.renewal_reminder')).toBe(1);
  });
});

describe('grace, lapse and reinstatement', () => {
  it('lapses after the grace period, once, with its audit row and email; paying the renewal invoice reinstates it for the new term', async () => {
    const termEnd = addDays(realToday, 150);
    const m = await createMember({ termEnd, billing: { name: 'Slow Finance', email: uniqueEmail('slow') } });
    expect((await runOn(addDays(termEnd, -60))).issued).toBe(1);
    const [invoice] = await renewalInvoices(m.membershipId);
    if (!invoice) throw new Error('no renewal invoice');

    // The term ended 30 days ago: still in grace.
    expect((await runOn(addDays(termEnd, 30))).lapsed).toBe(0);
    expect((await membershipOf(m.membershipId)).status).toBe('active');

    const lapseDay = addDays(termEnd, 31);
    expect((await runOn(lapseDay)).lapsed).toBe(1);
    const lapsed = await membershipOf(m.membershipId);
    expect(lapsed).toMatchObject({ status: 'lapsed', term_end: termEnd });
    expect(lapsed.lapsed_at?.toISOString()).toBe(`${lapseDay}T12:00:00.000Z`);
    expect(await organizationStatus(m.organizationId)).toBe('lapsed');
    const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'memberships.lapsed').where('entity_id', '=', m.membershipId).execute();
    expect(audit).toHaveLength(1);
    expect(await mailCount(m.contactEmail, 'billing.membership_lapsed')).toBe(1);
    const notice = await ctx.deps.db
      .selectFrom('outbox')
      .select('body_text')
      .where('to_address', '=', m.contactEmail)
      .where('template', '=', 'billing.membership_lapsed')
      .executeTakeFirstOrThrow();
    expect(notice.body_text).toContain(`invoice ${invoice.number}`);

    // Again: nothing more.
    expect(await runOn(lapseDay)).toMatchObject({ issued: 0, lapsed: 0 });
    expect(await mailCount(m.contactEmail, 'billing.membership_lapsed')).toBe(1);

    // The member pays the renewal invoice: reinstated for the new term.
    ctx.clock.set(`${addDays(lapseDay, 3)}T09:00:00Z`);
    const result = await ctx.deps.db
      .transaction()
      .execute((trx) => applyPayment(trx, ctx.deps, { invoiceId: invoice.id, amountCents: invoice.total_cents, method: 'check', reference: 'Check 5521' }));
    expect(result.invoice.status).toBe('paid');
    expect(await membershipOf(m.membershipId)).toMatchObject({ status: 'active', term_end: invoice.period_end, lapsed_at: null });
    expect(await organizationStatus(m.organizationId)).toBe('active');
    const reinstated = await ctx.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'memberships.reinstated').where('entity_id', '=', m.membershipId).execute();
    expect(reinstated).toHaveLength(1);

    // A run afterwards neither lapses it again nor issues another renewal yet.
    expect(await runOn(addDays(lapseDay, 3))).toMatchObject({ issued: 0, lapsed: 0 });
    expect(await renewalInvoices(m.membershipId)).toHaveLength(1);
  });

  it('a membership renewed by paying before its term ends never lapses, and stops being reminded', async () => {
    const termEnd = addDays(realToday, 60);
    const m = await createMember({ termEnd, billing: { name: 'Prompt', email: uniqueEmail('prompt') } });
    await runOn(addDays(termEnd, -60));
    const [invoice] = await renewalInvoices(m.membershipId);
    if (!invoice) throw new Error('no renewal invoice');
    ctx.clock.set(`${addDays(termEnd, -20)}T09:00:00Z`);
    await ctx.deps.db.transaction().execute((trx) => applyPayment(trx, ctx.deps, { invoiceId: invoice.id, amountCents: invoice.total_cents, method: 'wire', reference: 'W1' }));
    expect(await membershipOf(m.membershipId)).toMatchObject({ status: 'active', term_end: invoice.period_end });
    expect(await runOn(addDays(termEnd, 40))).toEqual({ issued: 0, reminded: 0, lapsed: 0, skipped: 0 });
    expect((await membershipOf(m.membershipId)).status).toBe('active');
  });

  it('a region with no renewal invoice lapses after grace too (staff invoice regions by hand)', async () => {
    const termEnd = addDays(realToday, 10);
    const region = await createMember({ termEnd, entityType: 'region' });
    expect(await runOn(addDays(termEnd, 31))).toMatchObject({ issued: 0, lapsed: 1, skipped: 1 });
    expect((await membershipOf(region.membershipId)).status).toBe('lapsed');
    const notice = await ctx.deps.db
      .selectFrom('outbox')
      .select('body_text')
      .where('to_address', '=', region.contactEmail)
      .where('template', '=', 'billing.membership_lapsed')
      .executeTakeFirstOrThrow();
    expect(notice.body_text).toContain('To renew, reply to this message');
  });
});

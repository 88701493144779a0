// Renewals (O9) with an injected day: renewal invoices issued N days before a term ends, priced
// with today's population and the schedule in force on the new term's start; reminders at each
// offset exactly once; grace, lapse and reinstatement; regions skipped; and runs that crash,
// overlap or are killed (PostgreSQL: a real `civnet renewals run` child process, SIGKILLed)
// still issue each renewal invoice exactly once, with invoice numbers that have no gap.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  aContact,
  aMembership,
  anOrganization,
  changeOrganization,
  endMembership,
  endOpenMemberships,
  manyMembers,
  voidUnpaidInvoices,
  withAssociation,
} from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import type { EntityType } from '../../db/types.js';
import { createUser } from '../accounts/index.js';
import { seedDuesDemo } from '../dues/index.js';
import { addDays, addYears, applyPayment, issueInvoice, RENEWALS_QUEUE, registerRenewalsJob, runRenewals, scheduleRenewals } from './index.js';

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
afterEach(async () => {
  ctx.clock.set(new Date());
  await endOpenMemberships(ctx);
  await voidUnpaidInvoices(ctx);
  await withAssociation(ctx, { renewal_lead_days: 60, reminder_days: [0, 14, 30], grace_days: 30, invoice_terms_days: 30 });
});

/** Runs renewals for `day`, with the clock at noon that day. */
async function runOn(day: string, opts: Parameters<typeof runRenewals>[1] = {}) {
  ctx.clock.set(`${day}T12:00:00Z`);
  return runRenewals(ctx.deps, { today: day, ...opts });
}

let seq = 0;
interface MemberOptions {
  termEnd: string;
  population?: number | null;
  entityType?: EntityType;
  poNumber?: string;
  /** a billing contact named on an earlier (paid) invoice */
  billing?: { name: string; email: string };
}

/** An organization with an active membership ending on `termEnd` and an admin contact. */
async function createMember(o: MemberOptions) {
  const n = ++seq;
  const db = ctx.deps.db;
  const org = await anOrganization(ctx, {
    slug: `renewal-town-${n}-${Date.now().toString(36)}`,
    name: `Renewal Town ${n}`,
    entity_type: o.entityType ?? 'city',
    state: 'OR',
    population: o.population === undefined ? 40_000 : o.population,
    billing_address: `${n} Main Street, Salem, OR`,
    po_required: o.poNumber !== undefined,
    po_number: o.poNumber ?? null,
  });
  const contactEmail = uniqueEmail('clerk');
  const userId = await createUser(ctx.deps, { email: contactEmail, name: `Clerk ${n}` });
  await aContact(ctx, { organizationId: org.id, userId, role: 'admin' });
  const termStart = addDays(addYears(o.termEnd, -1), 1);
  const membership = { id: await aMembership(ctx, org.id, { term_start: termStart, term_end: o.termEnd, activated_at: new Date() }) };
  const billing = o.billing;
  if (billing) {
    await db.transaction().execute(async (trx) => {
      const first = await issueInvoice(trx, ctx.deps, {
        organizationId: org.id,
        membershipId: membership.id,
        purpose: 'membership',
        periodStart: termStart,
        periodEnd: o.termEnd,
        lines: [{ description: 'Annual membership dues', quantity: 1, unitCents: 60_000 }],
        billTo: { name: billing.name, email: billing.email, address: 'old address' },
        issuedOn: termStart,
      });
      await applyPayment(trx, ctx.deps, { invoiceId: first.id, amountCents: 60_000, method: 'check', reference: 'first', receivedOn: termStart });
    });
  }
  return { organizationId: org.id, membershipId: membership.id, contactEmail };
}

const renewalInvoices = (membershipId: string) =>
  ctx.deps.db.selectFrom('invoices').selectAll().where('membership_id', '=', membershipId).where('purpose', '=', 'renewal').execute();
const mailCount = async (to: string, template: string) =>
  Number(
    (
      await ctx.deps.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('to_address', '=', to)
        .where('template', '=', template)
        .executeTakeFirstOrThrow()
    ).n,
  );
const membershipOf = (id: string) => ctx.deps.db.selectFrom('memberships').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const organizationStatus = async (id: string) => (await ctx.deps.db.selectFrom('organizations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

/** Every year's invoice numbers run 1, 2, 3, … with no gap and no repeat. */
async function expectGaplessNumbers() {
  const rows = await ctx.deps.db.selectFrom('invoices').select(['year', 'seq', 'number']).where('number', 'is not', null).orderBy('year').orderBy('seq').execute();
  const byYear = new Map<number, number[]>();
  for (const r of rows) {
    if (r.year === null || r.seq === null) throw new Error(`invoice ${r.number} has no year or sequence`);
    byYear.set(r.year, [...(byYear.get(r.year) ?? []), r.seq]);
    expect(r.number).toBe(`${r.year}-${String(r.seq).padStart(6, '0')}`);
  }
  for (const seqs of byYear.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
}

/** Exactly one live renewal invoice for each membership, for the term after its current one. */
async function expectOneRenewalEach(membershipIds: string[]) {
  const rows = await ctx.deps.db
    .selectFrom('invoices as i')
    .innerJoin('memberships as m', 'm.id', 'i.membership_id')
    .select(['i.membership_id', 'i.period_start', 'm.term_end'])
    .where('i.purpose', '=', 'renewal')
    .where('i.status', '<>', 'void')
    .where('i.membership_id', 'in', membershipIds)
    .execute();
  expect(rows).toHaveLength(membershipIds.length);
  expect(new Set(rows.map((r) => r.membership_id)).size).toBe(membershipIds.length);
  for (const r of rows) expect(r.period_start).toBe(addDays(r.term_end ?? '', 1));
}

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

describe('exactly once', () => {
  it('a run that fails part-way and is run again issues each renewal invoice once, with no gap in the numbers', async () => {
    const termEnd = addDays(realToday, 75);
    const members = [];
    for (let i = 0; i < 12; i++) members.push(await createMember({ termEnd }));
    const day = addDays(termEnd, -30);
    let calls = 0;
    // Two per transaction: the first two commit; the 3rd and 4th share one, which the 4th's
    // crash rolls back whole, invoice numbers included.
    const crashing = runOn(day, {
      batchSize: 2,
      onIssued: () => {
        calls++;
        if (calls === 4) throw new Error('crash in the middle of the 4th');
      },
    });
    await expect(crashing).rejects.toThrow('crash in the middle of the 4th');
    const afterCrash = await ctx.deps.db
      .selectFrom('invoices')
      .select('id')
      .where(
        'membership_id',
        'in',
        members.map((m) => m.membershipId),
      )
      .execute();
    expect(afterCrash).toHaveLength(2);
    await expectGaplessNumbers();

    expect(await runOn(day, { batchSize: 5 })).toEqual({ issued: 10, reminded: 0, lapsed: 0, skipped: 0 });
    await expectOneRenewalEach(members.map((m) => m.membershipId));
    await expectGaplessNumbers();
    expect(await runOn(day, { batchSize: 5 })).toMatchObject({ issued: 0, skipped: 0 });
  });

  it('two runs at the same time issue each renewal invoice once between them', async () => {
    const termEnd = addDays(realToday, 80);
    const members = [];
    for (let i = 0; i < 20; i++) members.push(await createMember({ termEnd }));
    const day = addDays(termEnd, -20);
    ctx.clock.set(`${day}T12:00:00Z`);
    const [a, b] = await Promise.all([runRenewals(ctx.deps, { today: day, batchSize: 7 }), runRenewals(ctx.deps, { today: day, batchSize: 3 })]);
    expect(a.issued + b.issued).toBe(20);
    await expectOneRenewalEach(members.map((m) => m.membershipId));
    await expectGaplessNumbers();
  });

  it.runIf(process.env.TEST_DB === 'pg')('a renewal invoiced by someone else while a run is at it is kept, and the run issues the rest', async () => {
    const termEnd = addDays(realToday, 85);
    const members = [];
    for (let i = 0; i < 5; i++) members.push(await createMember({ termEnd }));
    const contested = members[2];
    if (!contested) throw new Error('no member');
    const day = addDays(termEnd, -30);
    const term = { start: addDays(termEnd, 1), end: addDays(addYears(addDays(termEnd, 1), 1), -1) };
    let release = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    let issuedByHand = () => {};
    const handIssued = new Promise<void>((r) => {
      issuedByHand = r;
    });
    // Staff issue that renewal by hand in a transaction still open when the run starts: the run
    // waits for its invoice counter, then meets its invoice (a unique violation, or the re-check).
    const byHand = ctx.deps.db.transaction().execute(async (trx) => {
      await issueInvoice(trx, ctx.deps, {
        organizationId: contested.organizationId,
        membershipId: contested.membershipId,
        purpose: 'renewal',
        periodStart: term.start,
        periodEnd: term.end,
        lines: [{ description: 'Renewal, by hand', quantity: 1, unitCents: 12_345 }],
        billTo: { name: 'By hand', email: '', address: '' },
        issuedOn: day,
      });
      issuedByHand();
      await released;
    });
    await handIssued;
    ctx.clock.set(`${day}T12:00:00Z`);
    const run = runRenewals(ctx.deps, { today: day });
    await new Promise((r) => setTimeout(r, 300));
    release();
    await byHand;
    expect(await run).toMatchObject({ issued: 4, skipped: 1 });
    await expectOneRenewalEach(members.map((m) => m.membershipId));
    const [kept] = await renewalInvoices(contested.membershipId);
    expect(kept?.total_cents).toBe(12_345);
    await expectGaplessNumbers();
  });

  it.runIf(process.env.TEST_DB === 'pg')(
    'a `civnet renewals run` killed with SIGKILL mid-way and run again issues each renewal invoice once, with no gap in the numbers',
    async () => {
      const connectionString = ctx.deps.database.connectionString;
      if (!connectionString) throw new Error('no connection string on PostgreSQL');
      const termEnd = addDays(realToday, 100);
      const n = 1_000; // ten transactions of 100: the kill lands between the first commit and the last
      const ids = await createMembersInBulk(n, termEnd);
      const day = addDays(termEnd, -30);
      const countIssued = async () =>
        Number(
          (
            await ctx.deps.db
              .selectFrom('invoices')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('membership_id', 'in', ids)
              .where('purpose', '=', 'renewal')
              .executeTakeFirstOrThrow()
          ).n,
        );

      const first = runCli(connectionString, day);
      let killedAt: number | null = null;
      while (first.exitCode() === null) {
        const issued = await countIssued();
        if (issued >= 20) {
          first.kill();
          killedAt = issued;
          break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      const firstExit = await first.done;
      if (killedAt !== null) {
        expect(firstExit.signal).toBe('SIGKILL');
        const afterKill = await countIssued();
        expect(afterKill).toBeLessThan(n); // the kill landed mid-way
        await expectGaplessNumbers();
      } else {
        expect(firstExit.code).toBe(0); // it finished before it could be killed
      }

      const second = runCli(connectionString, day);
      const secondExit = await second.done;
      expect(secondExit.code, secondExit.output).toBe(0);
      expect(secondExit.output).toMatch(/Renewals for \d{4}-\d{2}-\d{2}: \d+ invoice\(s\) issued/);
      expect(await countIssued()).toBe(n);
      await expectOneRenewalEach(ids);
      await expectGaplessNumbers();
    },
    120_000,
  );
});

describe('the daily job', () => {
  it('is scheduled at 06:00 UTC and runs renewals for the clock’s day', async () => {
    const termEnd = addDays(realToday, 20);
    const m = await createMember({ termEnd });
    registerRenewalsJob(ctx.deps);
    await ctx.deps.jobs.start({ work: false }); // creates the queue
    await scheduleRenewals(ctx.deps);
    const schedules = await sql<{ name: string; cron: string; timezone: string }>`select name, cron, timezone from pgboss.schedule`.execute(ctx.deps.db);
    expect(schedules.rows).toContainEqual({ name: RENEWALS_QUEUE, cron: '0 6 * * *', timezone: 'UTC' });

    ctx.clock.set(`${addDays(termEnd, -59)}T06:00:00Z`);
    await ctx.deps.jobs.send(ctx.deps.db, RENEWALS_QUEUE, {});
    expect(await ctx.deps.jobs.drain(RENEWALS_QUEUE)).toBe(1);
    expect(await renewalInvoices(m.membershipId)).toHaveLength(1);
  });
});

describe('the command', () => {
  it('refuses a day that does not exist, or a missing subcommand, with exit code 2 and a clear line, touching no database', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/civnet.js', 'renewals', ...args], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 30_000,
      });
    const badDay = cli('run', '--today', '2027-02-30');
    expect(badDay.status).toBe(2);
    expect(badDay.stderr).toContain('--today must be a day as YYYY-MM-DD, like 2027-03-01.');
    const noRun = cli();
    expect(noRun.status).toBe(2);
    expect(noRun.stderr).toContain('Usage: civnet renewals run [--today YYYY-MM-DD]');
  });
});

/** Many members at once (multi-row inserts), for the kill test. */
const createMembersInBulk = (n: number, termEnd: string) => manyMembers(ctx, n, termEnd, addDays(addYears(termEnd, -1), 1));

/** `civnet renewals run --today <day>` in a child process on the test's database. */
function runCli(databaseUrl: string, day: string) {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const child = spawn(process.execPath, ['bin/civnet.js', 'renewals', 'run', '--today', day], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SEED_DEMO: 'false', PUBLIC_URL: 'http://civnet.test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString('utf8');
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, output }));
  });
  return { done, exitCode: () => child.exitCode ?? (child.signalCode ? -1 : null), kill: () => child.kill('SIGKILL') };
}

// Renewal tests' helpers (src/modules/billing/renewals*.test.ts): members whose terms end on a
// given day, a run on a given day, and what a run left behind, all on the test file's context.
import { expect } from 'vitest';
import type { EntityType } from '../src/db/types.js';
import { createUser } from '../src/modules/accounts/index.js';
import { addDays, addYears, applyPayment, issueInvoice, runRenewals } from '../src/modules/billing/index.js';
import { aContact, aMembership, anOrganization, endOpenMemberships, joinAsManager, voidUnpaidInvoices, withAssociation } from './factories/index.js';
import { type TestContext, uniqueEmail } from './helpers.js';

interface MemberOptions {
  termEnd: string;
  population?: number | null;
  entityType?: EntityType;
  poNumber?: string;
  /** a billing contact named on an earlier (paid) invoice */
  billing?: { name: string; email: string };
}

/** What each renewal test starts from: no open memberships, no unpaid invoices, and the
 * association's renewal settings as the tests expect them (so that counts are the test's own). */
export async function resetRenewals(ctx: TestContext): Promise<void> {
  ctx.clock.set(new Date());
  await endOpenMemberships(ctx);
  await voidUnpaidInvoices(ctx);
  await withAssociation(ctx, { renewal_lead_days: 60, reminder_days: [0, 14, 30], grace_days: 30, invoice_terms_days: 30 });
}

/** The helpers, on the context a test file creates in its beforeAll (hence the getter). */
export function renewalHelpers(context: () => TestContext) {
  let seq = 0;
  /** Runs renewals for `day`, with the clock at noon that day. */
  async function runOn(day: string, opts: Parameters<typeof runRenewals>[1] = {}) {
    context().clock.set(`${day}T12:00:00Z`);
    return runRenewals(context().deps, { today: day, ...opts });
  }

  /** An organization with an active membership ending on `termEnd` and an admin contact. */
  async function createMember(o: MemberOptions) {
    const n = ++seq;
    const db = context().deps.db;
    const org = await anOrganization(context(), {
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
    const userId = await createUser(context().deps, { email: contactEmail, name: `Clerk ${n}` });
    await aContact(context(), { organizationId: org.id, userId, role: 'admin' });
    const termStart = addDays(addYears(o.termEnd, -1), 1);
    const membership = { id: await aMembership(context(), org.id, { term_start: termStart, term_end: o.termEnd, activated_at: new Date() }) };
    const billing = o.billing;
    if (billing) {
      await db.transaction().execute(async (trx) => {
        const first = await issueInvoice(trx, context().deps, {
          organizationId: org.id,
          membershipId: membership.id,
          purpose: 'membership',
          periodStart: termStart,
          periodEnd: o.termEnd,
          lines: [{ description: 'Annual membership dues', quantity: 1, unitCents: 60_000 }],
          billTo: { name: billing.name, email: billing.email, address: 'old address' },
          issuedOn: termStart,
        });
        await applyPayment(trx, context().deps, { invoiceId: first.id, amountCents: 60_000, method: 'check', reference: 'first', receivedOn: termStart });
      });
    }
    return { organizationId: org.id, membershipId: membership.id, contactEmail };
  }

  const renewalInvoices = (membershipId: string) =>
    context().deps.db.selectFrom('invoices').selectAll().where('membership_id', '=', membershipId).where('purpose', '=', 'renewal').execute();
  const mailCount = async (to: string, template: string) =>
    Number(
      (
        await context()
          .deps.db.selectFrom('outbox')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('to_address', '=', to)
          .where('template', '=', template)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const membershipOf = (id: string) => context().deps.db.selectFrom('memberships').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const organizationStatus = async (id: string) => (await context().deps.db.selectFrom('organizations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  /** Every year's invoice numbers run 1, 2, 3, … with no gap and no repeat. */
  async function expectGaplessNumbers() {
    const rows = await context().deps.db.selectFrom('invoices').select(['year', 'seq', 'number']).where('number', 'is not', null).orderBy('year').orderBy('seq').execute();
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
    const rows = await context()
      .deps.db.selectFrom('invoices as i')
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

  /** Pays what is left of an invoice by check on `day` (a lapsed membership's renewal: reinstates it). */
  async function payInFull(invoiceId: string, day: string) {
    context().clock.set(`${day}T12:00:00Z`);
    return context()
      .deps.db.transaction()
      .execute(async (trx) => {
        const inv = await trx.selectFrom('invoices').select(['total_cents', 'paid_cents']).where('id', '=', invoiceId).executeTakeFirstOrThrow();
        return applyPayment(trx, context().deps, { invoiceId, amountCents: inv.total_cents - inv.paid_cents, method: 'check', reference: `paid ${day}`, receivedOn: day });
      });
  }

  /**
   * The renewals console's data set, for a run on `day` (lead 60 days, reminders at 0, 14 and 30
   * days, grace 30, terms 30, as `resetRenewals` sets them), made by running the days before it:
   * - `due`: an organization whose term ends in 58 days (not yet invoiced: runs before `day` did not reach it);
   * - `unpriced`: one due too, with no population on record (the run skips it: a failure);
   * - `reminded`: invoiced 44 days before, reminded on its due date (14 days before): its 14-day reminder is due on `day`;
   * - `lapsing`: its term ended 31 days before, invoiced and reminded at every offset, never paid;
   * - `reinstated`: lapsed 4 days before, then its renewal paid 3 days before: active again, nothing due;
   * - `individual`: an individual Manager whose term ends 59 or 60 days after `day`, not yet invoiced.
   */
  async function consoleDataSet(day: string, levels: Record<string, string>) {
    const lapsing = await createMember({ termEnd: addDays(day, -31) });
    const reinstated = await createMember({ termEnd: addDays(day, -35) });
    const reminded = await createMember({ termEnd: addDays(day, 10) });
    context().clock.set(`${addDays(day, -305)}T10:00:00Z`);
    const joined = await joinAsManager(context(), levels);
    await payInFull(joined.invoiceId, addDays(day, -305));
    for (const before of [-90, -44, -14, -4]) await runOn(addDays(day, before));
    const [reinstatedRenewal] = await renewalInvoices(reinstated.membershipId);
    if (!reinstatedRenewal) throw new Error('the reinstated member was never invoiced');
    await payInFull(reinstatedRenewal.id, addDays(day, -3));
    const due = await createMember({ termEnd: addDays(day, 58) });
    const unpriced = await createMember({ termEnd: addDays(day, 57), population: null });
    const [remindedRenewal] = await renewalInvoices(reminded.membershipId);
    if (!remindedRenewal) throw new Error('the reminded member was never invoiced');
    return { due, unpriced, reminded, remindedInvoiceId: remindedRenewal.id, lapsing, reinstated, individual: joined };
  }

  /** What the run on `day` (the clock at noon that day, as `runOn` sets it) did, in the preview's
   * terms: the renewal invoices issued that day, the reminders recorded and the memberships lapsed
   * at that instant. */
  async function whatTheRunDid(day: string) {
    const db = context().deps.db;
    const at = new Date(`${day}T12:00:00Z`);
    const issued = await db
      .selectFrom('invoices as i')
      .leftJoin('organizations as o', 'o.id', 'i.organization_id')
      .leftJoin('individual_memberships as im', 'im.id', 'i.individual_membership_id')
      .leftJoin('users as u', 'u.id', 'im.user_id')
      .select([
        'i.membership_id',
        'i.individual_membership_id',
        'i.organization_id',
        'o.name as org_name',
        'u.name as person_name',
        'i.period_start',
        'i.period_end',
        'i.total_cents',
      ])
      .where('i.purpose', '=', 'renewal')
      .where('i.issued_on', '=', day)
      .execute();
    const reminders = await db.selectFrom('invoice_reminders').select(['invoice_id', 'offset_days']).where('sent_at', '=', at).orderBy('offset_days').execute();
    const byInvoice = new Map<string, number[]>();
    for (const r of reminders) byInvoice.set(r.invoice_id, [...(byInvoice.get(r.invoice_id) ?? []), r.offset_days]);
    const lapsedOrgs = await db.selectFrom('memberships').select('id').where('lapsed_at', '=', at).execute();
    const lapsedPeople = await db.selectFrom('individual_memberships').select('id').where('lapsed_at', '=', at).execute();
    return {
      issue: issued.map((i) => ({
        kind: i.membership_id ? ('organization' as const) : ('person' as const),
        membershipId: i.membership_id ?? i.individual_membership_id ?? '',
        subject: i.org_name ?? i.person_name ?? '',
        termStart: i.period_start ?? '',
        termEnd: i.period_end ?? '',
        amountCents: i.total_cents,
        href: i.membership_id ? `/staff/organizations/${i.organization_id}` : `/staff/individuals/${i.individual_membership_id}`,
      })),
      remind: [...byInvoice].map(([invoiceId, offsets]) => ({ invoiceId, offsets })),
      lapse: [...lapsedOrgs, ...lapsedPeople].map((m) => m.id),
    };
  }

  return {
    runOn,
    createMember,
    renewalInvoices,
    mailCount,
    membershipOf,
    organizationStatus,
    expectGaplessNumbers,
    expectOneRenewalEach,
    payInFull,
    consoleDataSet,
    whatTheRunDid,
  };
}

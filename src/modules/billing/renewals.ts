// Renewals (O9): the daily run that issues renewal invoices ahead of each term's end, reminds
// unpaid ones at the association's offsets, and lapses memberships past their grace period.
//
// Exactly once, even when a run crashes and starts again, or two runs overlap:
// - Renewal invoices are issued a batch of memberships per transaction (keyset pages of
//   `batchSize`, default 100). A crash rolls back at most the batch in flight, invoice numbers
//   included (the counter row is in the same transaction), and the next run issues it again.
//   The unique index invoices_one_per_period (membership_id, period_start, live invoices only)
//   makes a second invoice for the same term impossible; each batch re-checks its memberships
//   under their row locks after taking an advisory lock that overlapping runs share, so they take
//   turns and skip what the other issued. (One transaction per membership was measured first:
//   a commit costs ~3 ms on this machine's disk, and 20,000 renewals took over a minute.)
// - A reminder is recorded in invoice_reminders (primary key invoice, offset) in the
//   transaction that queues its email; a lapse is a guarded update with its audit row and
//   emails. Both are one transaction per invoice or membership: there are few each day.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { Invoice } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { isIsoDate } from '../../lib/validators.js';
import { isContactRequired, quoteDues } from '../dues/index.js';
import { lapseMembership } from '../organizations/index.js';
import { addDays, dayOf, daysBetween, nextTerm } from './dates.js';
import { longDay, membershipLapsedEmail, renewalReminderEmail } from './renewals-emails.js';
import { balanceOf, type IssueInvoiceInput, invoiceUrl, issueInvoices, type Trx } from './service.js';

export type RenewalDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association' | 'jobs' | 'hooks'>;

export interface RenewalCounts {
  /** renewal invoices issued */
  issued: number;
  /** reminder emails queued (one per invoice per run, however many offsets it caught up on) */
  reminded: number;
  /** memberships lapsed */
  lapsed: number;
  /** memberships due for renewal that got no invoice: priced "contact us" (regions), no price
   * (no population, no schedule), or renewed or invoiced meanwhile (by a run at the same time) */
  skipped: number;
}

export interface RunRenewalsOptions {
  /** the day to run for, 'YYYY-MM-DD' (UTC); default today by the deps clock */
  today?: string;
  /** memberships or invoices read per page (keyset pagination), and renewal invoices issued
   * per transaction; default 100 */
  batchSize?: number;
  /** Called for each invoice inside its batch's transaction, after the batch's invoices are
   * written and before it commits. A throw rolls the batch back (numbers too) and stops the
   * run: tests interrupt runs with it. */
  onIssued?: (invoice: Invoice) => void | Promise<void>;
}

const FIRST_UUID = '00000000-0000-0000-0000-000000000000';

/** Runs renewals for one day. Safe to run again (the same day or later) and alongside another run. */
export async function runRenewals(deps: RenewalDeps, opts: RunRenewalsOptions = {}): Promise<RenewalCounts> {
  const today = opts.today ?? dayOf(deps.clock.now());
  if (!isIsoDate(today)) {
    throw new AppError('validation_failed', { fields: { today: 'Enter the day as YYYY-MM-DD, like 2027-03-01.' } });
  }
  const batchSize = opts.batchSize ?? 100;
  const settings = await deps.db.selectFrom('association').select(['renewal_lead_days', 'reminder_days', 'grace_days']).where('id', '=', 1).executeTakeFirst();
  if (!settings) return { issued: 0, reminded: 0, lapsed: 0, skipped: 0 };
  const counts: RenewalCounts = { issued: 0, reminded: 0, lapsed: 0, skipped: 0 };
  // term_end - lead <= today  ⇔  term_end <= today + lead
  await issueRenewalInvoices(deps, { today, batchSize, horizon: addDays(today, settings.renewal_lead_days), onIssued: opts.onIssued }, counts);
  // Individual memberships (the individuals module, through its hook): the same settings, the same counts.
  for (const other of deps.hooks.renewals) await other.issue(deps, { today, batchSize, horizon: addDays(today, settings.renewal_lead_days) }, counts);
  await sendReminders(deps, { today, batchSize, offsets: settings.reminder_days }, counts);
  await lapseMemberships(deps, { today, batchSize, graceDays: settings.grace_days }, counts);
  for (const other of deps.hooks.renewals) await other.lapse(deps, { today, batchSize, graceDays: settings.grace_days }, counts);
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Issue

interface BillTo {
  name: string;
  email: string;
}

/** Who each organization's renewal is billed to: the billing contact of its latest invoice (the
 * one named on its application), else its first admin contact, else any contact. One query each. */
async function billingContacts(db: Db, organizationIds: string[]): Promise<Map<string, BillTo>> {
  const result = new Map<string, BillTo>();
  if (organizationIds.length === 0) return result;
  const fromInvoices = await db
    .selectFrom('invoices')
    .select(['organization_id', 'bill_to_name', 'bill_to_email'])
    .distinctOn('organization_id')
    .where('organization_id', 'in', organizationIds)
    .where('bill_to_email', '<>', '')
    .where('status', '<>', 'void')
    .orderBy('organization_id')
    .orderBy('issued_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  for (const r of fromInvoices) if (r.organization_id) result.set(r.organization_id, { name: r.bill_to_name, email: r.bill_to_email });
  const missing = organizationIds.filter((id) => !result.has(id));
  if (missing.length === 0) return result;
  const contacts = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.organization_id', 'u.name', 'u.email'])
    .distinctOn('c.organization_id')
    .where('c.organization_id', 'in', missing)
    .where('u.disabled_at', 'is', null)
    .orderBy('c.organization_id')
    .orderBy(sql`c.role = 'admin'`, 'desc')
    .orderBy('c.created_at')
    .execute();
  for (const c of contacts) result.set(c.organization_id, { name: c.name, email: c.email });
  return result;
}

/** The association row read through the transaction, for regional quotes (the cached one may
 * read the root handle, which waits forever inside a transaction on PGlite). */
const associationThrough = (trx: Trx): RenewalDeps['association'] => ({
  get: () => trx.selectFrom('association').selectAll().where('id', '=', 1).executeTakeFirstOrThrow(),
  invalidate: () => {},
});

interface RenewalRun {
  today: string;
  /** the last term end due for renewal today: today + the lead days */
  horizon: string;
  onIssued?: RunRenewalsOptions['onIssued'];
}

/** Taken first by each transaction that issues renewal invoices (organizations' and
 * individuals'), so that overlapping runs take turns batch by batch: none ever waits for
 * another's membership rows while holding the invoice counter. */
export const ISSUE_LOCK = sql`select pg_advisory_xact_lock(hashtext('civnet.renewals.issue'))`;
/** a batch that met a renewal invoice issued meanwhile by someone else is tried again */
const MAX_ATTEMPTS = 3;

/** Runs a batch of renewal issues, again when it failed on a unique index: someone issued one of
 * its renewals between our check and our insert, the whole batch rolled back (numbers too), and
 * the retry's check sees that invoice and skips it. */
export async function retryBatch<T>(issue: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await issue();
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

async function issueRenewalInvoices(deps: RenewalDeps, run: RenewalRun & { batchSize: number }, counts: RenewalCounts): Promise<void> {
  let after = FIRST_UUID;
  for (;;) {
    // Memberships whose term ends by the horizon with no live invoice for the next term yet.
    const batch = await deps.db
      .selectFrom('memberships as m')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .select(['m.id', 'm.organization_id', 'm.term_end', 'o.entity_type', 'o.population'])
      .where('m.status', '=', 'active')
      .where('m.term_end', '<=', run.horizon)
      .where('m.id', '>', after)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('invoices as i')
              .select('i.id')
              .whereRef('i.membership_id', '=', 'm.id')
              .where('i.period_start', '=', sql<string>`m.term_end + 1`)
              .where('i.status', '<>', 'void'),
          ),
        ),
      )
      .orderBy('m.id')
      .limit(run.batchSize)
      .execute();
    const last = batch[batch.length - 1];
    if (!last) return;
    after = last.id;
    const billTo = await billingContacts(deps.db, [...new Set(batch.map((m) => m.organization_id))]);
    const quotes = await quoteBatch(deps, batch);
    const ids = batch.map((m) => m.id);
    const done = await retryBatch(() => issueBatch(deps, run, ids, { billTo, quotes }));
    counts.issued += done.issued;
    counts.skipped += done.skipped;
  }
}

type Quote = Awaited<ReturnType<typeof quoteDues>> | 'unpriced';
const quoteKey = (entityType: string, population: number | null, termEnd: string | null) => `${entityType}/${population}/${termEnd}`;

/** Prices a batch before its transaction opens, from the dues schedules as they are now: read
 * once for the batch through a new database handle (the dues module caches schedules per handle,
 * so a new one starts empty). Quoting inside the transaction through it would read them again
 * for every membership (three queries each); reading the root handle inside it would wait
 * forever on PGlite. A membership whose population or term changed by the time it is locked is
 * priced again inside the transaction. */
async function quoteBatch(deps: RenewalDeps, batch: Array<{ id: string; entity_type: string; population: number | null; term_end: string | null }>): Promise<Map<string, Quote>> {
  const fresh = { ...deps, db: deps.db.withoutPlugins() };
  const quotes = new Map<string, Quote>();
  for (const m of batch) {
    const key = quoteKey(m.entity_type, m.population, m.term_end);
    if (quotes.has(key) || !m.population || !m.term_end) continue;
    quotes.set(key, await quote(fresh, m.entity_type, m.population, nextTerm(m.term_end).start));
  }
  return quotes;
}

async function quote(deps: Pick<Deps, 'db' | 'clock' | 'association'>, entityType: string, population: number, on: string): Promise<Quote> {
  try {
    return await quoteDues(deps, { entityType, population, on });
  } catch (err) {
    if (err instanceof AppError) return 'unpriced'; // no schedule in force that day, or no band
    throw err;
  }
}

/** One batch, one transaction: lock the memberships, check each still needs this renewal,
 * price it, issue its invoice. A crash or an error rolls back the whole batch. */
async function issueBatch(
  deps: RenewalDeps,
  run: RenewalRun,
  ids: string[],
  prepared: { billTo: Map<string, BillTo>; quotes: Map<string, Quote> },
): Promise<{ issued: number; skipped: number }> {
  return deps.db.transaction().execute(async (trx) => {
    await ISSUE_LOCK.execute(trx);
    // Read after the lock, so this sees every invoice another run committed before releasing it.
    const rows = await trx
      .selectFrom('memberships as m')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .select(['m.id', 'm.term_end', 'm.organization_id', 'o.name', 'o.entity_type', 'o.population', 'o.billing_address', 'o.po_required', 'o.po_number'])
      .select(({ exists, selectFrom }) =>
        exists(
          selectFrom('invoices as i')
            .select('i.id')
            .whereRef('i.membership_id', '=', 'm.id')
            .where('i.period_start', '=', sql<string>`m.term_end + 1`)
            .where('i.status', '<>', 'void'),
        ).as('invoiced'),
      )
      .where('m.id', 'in', ids)
      .where('m.status', '=', 'active')
      .where('m.term_end', '<=', run.horizon)
      .orderBy('m.id')
      .forUpdate('m')
      .execute();
    let skipped = ids.length - rows.length; // no longer active, or renewed meanwhile
    const inputs: IssueInvoiceInput[] = [];
    for (const row of rows) {
      if (row.invoiced || !row.term_end || !row.population) {
        skipped++;
        continue;
      }
      const term = nextTerm(row.term_end);
      const price =
        prepared.quotes.get(quoteKey(row.entity_type, row.population, row.term_end)) ??
        (await quote({ ...deps, db: trx, association: associationThrough(trx) }, row.entity_type, row.population, term.start));
      // No price: no schedule or band that day, or by arrangement (regions). Staff invoice it.
      if (price === 'unpriced' || isContactRequired(price)) {
        skipped++;
        continue;
      }
      const contact = prepared.billTo.get(row.organization_id);
      inputs.push({
        organizationId: row.organization_id,
        membershipId: row.id,
        purpose: 'renewal',
        periodStart: term.start,
        periodEnd: term.end,
        lines: [
          {
            description: `Membership renewal, ${longDay(term.start)} to ${longDay(term.end)} — ${row.name} (population ${row.population.toLocaleString('en-US')})`,
            quantity: 1,
            unitCents: price.amountCents,
          },
        ],
        poNumber: row.po_required ? row.po_number : null,
        billTo: { name: contact?.name || row.name, email: contact?.email ?? '', address: row.billing_address },
        issuedOn: run.today,
      });
    }
    const invoices = await issueInvoices(trx, deps, inputs);
    for (const invoice of invoices) await run.onIssued?.(invoice);
    const issued = invoices.length;
    return { issued, skipped };
  });
}

// ---------------------------------------------------------------------------------------------
// Remind

async function sendReminders(deps: RenewalDeps, run: { today: string; batchSize: number; offsets: number[] }, counts: RenewalCounts): Promise<void> {
  const offsets = [...new Set(run.offsets)].filter((o) => Number.isInteger(o)).sort((a, b) => a - b);
  const first = offsets[0];
  if (first === undefined) return;
  // due_on + offset <= today for the smallest offset  ⇔  due_on <= today - offset
  const latestDue = addDays(run.today, -first);
  let after = FIRST_UUID;
  for (;;) {
    const batch = await deps.db
      .selectFrom('invoices')
      .select(['id', 'due_on'])
      .where('purpose', '=', 'renewal')
      .where('status', 'in', ['issued', 'partially_paid'])
      .where('due_on', '<=', latestDue)
      .where('id', '>', after)
      .orderBy('id')
      .limit(run.batchSize)
      .execute();
    const last = batch[batch.length - 1];
    if (!last) return;
    after = last.id;
    const sent = await deps.db
      .selectFrom('invoice_reminders')
      .select(['invoice_id', 'offset_days'])
      .where(
        'invoice_id',
        'in',
        batch.map((i) => i.id),
      )
      .execute();
    const done = new Set(sent.map((r) => `${r.invoice_id}/${r.offset_days}`));
    for (const invoice of batch) {
      const dueOn = invoice.due_on;
      if (!dueOn) continue;
      const missing = offsets.filter((o) => addDays(dueOn, o) <= run.today && !done.has(`${invoice.id}/${o}`));
      if (missing.length > 0 && (await remindOne(deps, run.today, invoice.id, missing))) counts.reminded++;
    }
  }
}

/** Records the offsets reached and, if this call recorded any, queues one reminder: both in one
 * transaction, so a reminder is sent once per offset however often the run is repeated. */
async function remindOne(deps: RenewalDeps, today: string, invoiceId: string, offsets: number[]): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const invoice = await trx
      .selectFrom('invoices as i')
      .leftJoin('organizations as o', 'o.id', 'i.organization_id')
      .leftJoin('memberships as m', 'm.id', 'i.membership_id')
      .selectAll('i')
      .select(['o.name as organization_name', 'm.term_end'])
      .where('i.id', '=', invoiceId)
      .where('i.status', 'in', ['issued', 'partially_paid'])
      .forShare('i')
      .executeTakeFirst();
    if (!invoice?.due_on) return false;
    const inserted = await trx
      .insertInto('invoice_reminders')
      .values(offsets.map((o) => ({ invoice_id: invoiceId, offset_days: o, sent_at: deps.clock.now() })))
      .onConflict((oc) => oc.columns(['invoice_id', 'offset_days']).doNothing())
      .returning('offset_days')
      .execute();
    if (inserted.length === 0 || !invoice.bill_to_email) return false;
    await deps.mail.queue(trx, {
      to: invoice.bill_to_email,
      template: renewalReminderEmail.name,
      data: {
        name: invoice.bill_to_name,
        organization: invoice.organization_name ?? invoice.bill_to_name,
        number: invoice.number ?? '',
        balance: formatCents(balanceOf(invoice)),
        due: invoice.due_on,
        daysLate: Math.max(0, daysBetween(invoice.due_on, today)),
        termEnd: invoice.term_end ?? invoice.period_start ?? invoice.due_on,
        url: invoiceUrl(deps, invoice),
      },
    });
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Lapse

async function lapseMemberships(deps: RenewalDeps, run: { today: string; batchSize: number; graceDays: number }, counts: RenewalCounts): Promise<void> {
  // term_end + grace < today  ⇔  term_end < today - grace
  const cutoff = addDays(run.today, -run.graceDays);
  let after = FIRST_UUID;
  for (;;) {
    const batch = await deps.db
      .selectFrom('memberships')
      .select(['id', 'term_end'])
      .where('status', '=', 'active')
      .where('term_end', '<', cutoff)
      .where('id', '>', after)
      .orderBy('id')
      .limit(run.batchSize)
      .execute();
    const last = batch[batch.length - 1];
    if (!last) return;
    after = last.id;
    for (const m of batch) if (m.term_end && (await lapseOne(deps, m.id, m.term_end))) counts.lapsed++;
  }
}

/** Lapses one membership whose renewal is not paid, with its audit row and the contacts' email. */
async function lapseOne(deps: RenewalDeps, membershipId: string, termEnd: string): Promise<boolean> {
  const periodStart = addDays(termEnd, 1);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    // A renewal paid already: the payment renewed it (and moved term_end), or is about to.
    const paid = await trx
      .selectFrom('invoices')
      .select('id')
      .where('membership_id', '=', membershipId)
      .where('period_start', '=', periodStart)
      .where('status', '=', 'paid')
      .executeTakeFirst();
    if (paid) return false;
    // Guarded: a payment that renewed it meanwhile moved term_end (it holds the row lock while
    // it does), so this matches nothing and the membership stays active.
    const lapsed = await lapseMembership(trx, { membershipId, termEnd, at: now });
    if (!lapsed) return false;
    const name = lapsed.organizationName;
    const renewal = await trx
      .selectFrom('invoices')
      .select(['number', 'public_token'])
      .where('membership_id', '=', membershipId)
      .where('period_start', '=', periodStart)
      .where('status', 'in', ['issued', 'partially_paid'])
      .executeTakeFirst();
    const contacts = await trx
      .selectFrom('organization_contacts as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select('u.email')
      .where('c.organization_id', '=', lapsed.organizationId)
      .where('u.disabled_at', 'is', null)
      .execute();
    const to = [...new Set(contacts.map((c) => c.email.toLowerCase()))];
    for (const email of to) {
      await deps.mail.queue(trx, {
        to: email,
        template: membershipLapsedEmail.name,
        data: { organization: name, termEnd, number: renewal?.number ?? null, url: renewal ? invoiceUrl(deps, renewal) : null },
      });
    }
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// The daily job

export const RENEWALS_QUEUE = 'renewals-daily';
/** 06:00 UTC every day */
export const RENEWALS_CRON = '0 6 * * *';

/** Registers the job that runs renewals (before jobs.start()). */
export function registerRenewalsJob(deps: RenewalDeps): void {
  deps.jobs.register({ name: RENEWALS_QUEUE, retryLimit: 3, retryDelaySeconds: 300, retryBackoff: true, deadLetter: true }, async () => {
    await runRenewals(deps);
  });
}

/** Creates (or updates) the daily schedule; after jobs.start(), which creates the queue. */
export async function scheduleRenewals(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(RENEWALS_QUEUE, RENEWALS_CRON);
}

// Renewals, step 1: renewal invoices issued ahead of each term's end, a batch of memberships per
// transaction (see renewals.ts for why that is exactly once).
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError } from '../../lib/errors.js';
import { isContactRequired, quoteDues } from '../dues/index.js';
import { nextTerm } from './dates.js';
import { longDay } from './renewals-emails.js';
import { FIRST_UUID, type RenewalCounts, type RenewalDeps, type RunRenewalsOptions } from './renewals-shared.js';
import { type IssueInvoiceInput, issueInvoices, type Trx } from './service.js';

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

export async function issueRenewalInvoices(deps: RenewalDeps, run: RenewalRun & { batchSize: number }, counts: RenewalCounts): Promise<void> {
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

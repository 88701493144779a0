// Renewals, step 1: renewal invoices issued ahead of each term's end, a batch of memberships per
// transaction (see renewals.ts for why that is exactly once).
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { associationThrough, type Deps } from '../../deps.js';
import { type OnVisit, type TermKey, termBatches } from '../../lib/batch-runner.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError } from '../../lib/errors.js';
import { isContactRequired, quoteDues } from '../dues/index.js';
import { billingContactsOf, blockRenewals } from '../organizations/index.js';
import { DUES_PURPOSES, duesAddressee } from './addressee.js';
import { nextTerm } from './dates.js';
import { membershipLine } from './format.js';
import { longDay } from './renewals-emails.js';
import type { RenewalDeps, RenewalFailure, RenewalIssuePlan, RenewalOutcome, RunRenewalsOptions } from './renewals-shared.js';
import { type IssueInvoiceInput, issueInvoices, type Trx } from './service.js';

interface BillTo {
  name: string;
  email: string;
}

/** Who each organization's renewal is billed to: as `duesAddressee` (the contact marked Billing
 * after its latest dues invoice was addressed, else that invoice's addressee, else the one marked
 * Billing), else its first admin contact, else any contact. One query each. */
async function billingContacts(db: Db, organizationIds: string[]): Promise<Map<string, BillTo>> {
  const result = new Map<string, BillTo>();
  if (organizationIds.length === 0) return result;
  const fromInvoices = await db
    .selectFrom('invoices')
    .select(['organization_id', 'bill_to_name', 'bill_to_email', 'created_at'])
    .distinctOn('organization_id')
    .where('organization_id', 'in', organizationIds)
    .where('bill_to_email', '<>', '')
    .where('status', '<>', 'void')
    .where('purpose', 'in', DUES_PURPOSES)
    .orderBy('organization_id')
    .orderBy('issued_on', 'desc')
    .orderBy('created_at', 'desc')
    // invoices of one run or import share the day and created_at: the latest number, then the id
    .orderBy('year', (o) => o.desc().nullsLast())
    .orderBy('seq', (o) => o.desc().nullsLast())
    .orderBy('id', 'desc')
    .execute();
  const latest = new Map(fromInvoices.map((r) => [r.organization_id, { name: r.bill_to_name, email: r.bill_to_email, createdAt: new Date(r.created_at) }]));
  const marked = await billingContactsOf(db, organizationIds);
  for (const id of organizationIds) {
    const addressee = duesAddressee(latest.get(id), marked.get(id));
    if (addressee) result.set(id, addressee);
  }
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
    .orderBy('u.email')
    .execute();
  for (const c of contacts) result.set(c.organization_id, { name: c.name, email: c.email });
  return result;
}

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

/** The selection of candidates, one keyset page by (term_end, id): active memberships not flagged
 * as impossible to price (the partial index memberships_renewable) whose term ends by the horizon,
 * with no live invoice for the next term yet. The run and the preview both walk these; a row the
 * run invoiced or flagged no longer matches, so no run reads it again. */
export function selectIssueCandidates(db: Db, run: { horizon: string }, after: TermKey | null, limit: number) {
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['m.id', 'm.organization_id', 'm.term_end', 'o.entity_type', 'o.population'])
    .where('m.status', '=', 'active')
    .where('m.renewal_blocked_at', 'is', null)
    .where('m.term_end', '<=', run.horizon)
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
    );
  if (after) q = q.where(sql<boolean>`(m.term_end, m.id) > (${after.termEnd}::date, ${after.id}::uuid)`);
  return q.orderBy('m.term_end').orderBy('m.id').limit(limit).execute();
}
type Candidate = Awaited<ReturnType<typeof selectIssueCandidates>>[number];

/** What a page of candidates needs before its transaction: whom each is billed to, and prices. */
async function prepare(deps: RenewalDeps, batch: Candidate[]): Promise<Prepared> {
  const billTo = await billingContacts(deps.db, [...new Set(batch.map((m) => m.organization_id))]);
  const quotes = await quoteBatch(deps, batch);
  return { billTo, quotes };
}

/** The run's walk over the candidates (batch-runner.ts): the preview walks the same. */
const candidates = (deps: Pick<RenewalDeps, 'db'>, run: RenewalRun & { batchSize: number; onVisit?: OnVisit }) =>
  termBatches({
    kind: 'organization',
    stage: 'issue',
    batchSize: run.batchSize,
    select: (after: TermKey | null, limit) => selectIssueCandidates(deps.db, run, after, limit),
    onVisit: run.onVisit,
  });

export async function issueRenewalInvoices(deps: RenewalDeps, run: RenewalRun & { batchSize: number; onVisit?: OnVisit }, counts: RenewalOutcome): Promise<void> {
  for await (const batch of candidates(deps, run)) {
    const prepared = await prepare(deps, batch);
    const ids = batch.map((m) => m.id);
    const done = await retryBatch(() => issueBatch(deps, run, ids, prepared));
    counts.issued += done.issued;
    counts.skipped += done.skipped;
    counts.failures.push(...done.failures);
  }
}

/** What issueRenewalInvoices would issue today, and what it would skip and why: the same
 * candidates, read again as the run's transaction reads them (without its locks), and the same plan. */
export async function previewRenewalInvoices(deps: RenewalDeps, run: RenewalRun & { batchSize: number }): Promise<{ issue: RenewalIssuePlan[]; failures: RenewalFailure[] }> {
  const out = { issue: [] as RenewalIssuePlan[], failures: [] as RenewalFailure[] };
  for await (const batch of candidates(deps, run)) {
    const prepared = await prepare(deps, batch);
    const rows = await readIssueRows(
      deps.db,
      run,
      batch.map((m) => m.id),
      false,
    );
    const plan = await planIssues(deps, run, rows, prepared);
    out.issue.push(...plan.issues.map((i) => i.plan));
    out.failures.push(...plan.failures);
  }
  return out;
}

type Quote = Awaited<ReturnType<typeof quoteDues>> | 'unpriced';
const quoteKey = (entityType: string, population: number | null, termEnd: string | null) => `${entityType}/${population}/${termEnd}`;

/** Prices a batch before its transaction opens, from the dues schedules as they are now: read
 * once for the batch through a new database handle (the dues module caches schedules per handle,
 * so a new one starts empty). Quoting inside the transaction through it would read them again
 * for every membership (three queries each); reading the root handle inside it would wait
 * forever on PGlite. A membership whose population or term changed by the time it is locked is
 * priced again inside the transaction. */
async function quoteBatch(deps: RenewalDeps, batch: Candidate[]): Promise<Map<string, Quote>> {
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

interface Prepared {
  billTo: Map<string, BillTo>;
  quotes: Map<string, Quote>;
}

/** The candidates of a page as the run's transaction reads them: under their row locks (`lock`)
 * in the run, without in the preview. */
function readIssueRows(db: Db | Trx, run: RenewalRun, ids: string[], lock: boolean) {
  const query = db
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
    // one array parameter, not one per id: the plan stays the same for every batch
    .where(sql<boolean>`m.id = any(${ids}::uuid[])`)
    .where('m.status', '=', 'active')
    .where('m.term_end', '<=', run.horizon)
    .orderBy('m.id');
  return lock ? query.forUpdate('m').execute() : query.execute();
}
type IssueRow = Awaited<ReturnType<typeof readIssueRows>>[number];

/** What to do with each row: the invoice to issue, or why not (a failure staff should see). A row
 * invoiced meanwhile (by a run at the same time) is skipped without a failure. */
async function planIssues(
  deps: Pick<Deps, 'db' | 'clock' | 'association'>,
  run: RenewalRun,
  rows: IssueRow[],
  prepared: Prepared,
): Promise<{
  issues: Array<{ input: IssueInvoiceInput; plan: RenewalIssuePlan }>;
  skipped: number;
  failures: RenewalFailure[];
  blocks: Array<{ membershipId: string; reason: string }>;
}> {
  const issues: Array<{ input: IssueInvoiceInput; plan: RenewalIssuePlan }> = [];
  const failures: RenewalFailure[] = [];
  const blocks: Array<{ membershipId: string; reason: string }> = [];
  let skipped = 0;
  /** `block`: the row's own input is missing (population, a price by arrangement), so the run
   * flags it and passes it by until staff enter it; a missing schedule is everyone's, not flagged. */
  const fail = (row: IssueRow, reason: string, block = true) => {
    skipped++;
    failures.push({ stage: 'issue', kind: 'organization', id: row.id, subject: row.name, reason });
    if (block) blocks.push({ membershipId: row.id, reason });
  };
  for (const row of rows) {
    if (row.invoiced) {
      skipped++;
      continue;
    }
    if (!row.term_end) {
      fail(row, 'The membership has no term end date, so its next term is unknown. Invoice it by hand.');
      continue;
    }
    const term = nextTerm(row.term_end);
    if (!row.population) {
      fail(row, 'The organization has no population on record, so its dues cannot be worked out. Enter its population, or invoice it by hand.');
      continue;
    }
    const price = prepared.quotes.get(quoteKey(row.entity_type, row.population, row.term_end)) ?? (await quote(deps, row.entity_type, row.population, term.start));
    // No price: no schedule or band that day, or by arrangement (regions). Staff invoice it.
    if (price === 'unpriced') {
      fail(
        row,
        `No dues schedule in force on ${longDay(term.start)} prices a population of ${row.population.toLocaleString('en-US')}. Publish a schedule that covers it, or invoice it by hand.`,
        false,
      );
      continue;
    }
    if (isContactRequired(price)) {
      fail(row, 'Dues for this organization are set by arrangement (“contact us”). Invoice it by hand.');
      continue;
    }
    const contact = prepared.billTo.get(row.organization_id);
    issues.push({
      plan: {
        kind: 'organization',
        membershipId: row.id,
        subject: row.name,
        termStart: term.start,
        termEnd: term.end,
        amountCents: price.amountCents,
        href: `/staff/organizations/${row.organization_id}`,
      },
      input: {
        organizationId: row.organization_id,
        membershipId: row.id,
        purpose: 'renewal',
        periodStart: term.start,
        periodEnd: term.end,
        lines: [
          {
            description: membershipLine({ renewal: true, start: term.start, end: term.end, organization: row.name, population: row.population }),
            quantity: 1,
            unitCents: price.amountCents,
          },
        ],
        poNumber: row.po_required ? row.po_number : null,
        billTo: { name: contact?.name || row.name, email: contact?.email ?? '', address: row.billing_address },
        issuedOn: run.today,
      },
    });
  }
  return { issues, skipped, failures, blocks };
}

/** One batch, one transaction: lock the memberships, check each still needs this renewal,
 * price it, issue its invoice. A crash or an error rolls back the whole batch. */
async function issueBatch(deps: RenewalDeps, run: RenewalRun, ids: string[], prepared: Prepared): Promise<{ issued: number; skipped: number; failures: RenewalFailure[] }> {
  return deps.db.transaction().execute(async (trx) => {
    await ISSUE_LOCK.execute(trx);
    // Read after the lock, so this sees every invoice another run committed before releasing it.
    const rows = await readIssueRows(trx, run, ids, true);
    // regional quotes read the settings through the transaction
    const plan = await planIssues({ ...deps, db: trx, association: associationThrough(trx) }, run, rows, prepared);
    const invoices = await issueInvoices(
      trx,
      deps,
      plan.issues.map((i) => i.input),
    );
    await blockRenewals(trx, plan.blocks, deps.clock.now());
    for (const invoice of invoices) await run.onIssued?.(invoice);
    // no longer active, or renewed meanwhile
    return { issued: invoices.length, skipped: ids.length - rows.length + plan.skipped, failures: plan.failures };
  });
}

// Renewals of individual memberships, run by billing's daily renewal run (runRenewals, through
// its `renewals` hook, which the composition root fills with `individualRenewals`) with the same
// settings: renewal invoices `renewal_lead_days` ahead of term end, priced by the level's
// rule and the member's stored dues inputs; lapse after `grace_days`, which takes the `member`
// role away unless another active membership holds it. Reminders are billing's (every open
// renewal invoice). Exactly once: a batch per transaction under billing's advisory lock, and the
// unique index invoices_individual_one_per_period makes a second invoice for a term impossible.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { RenewalFailure } from '../../db/types.js';
import type { Deps, RenewalIssuePlan, RenewalLapsePlan, RenewalParticipant } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { type OnVisit, type TermKey, termBatches } from '../../lib/batch-runner.js';
import { revokeRole } from '../accounts/index.js';
import { addDays, billingSettings, ISSUE_LOCK, type IssueInvoiceInput, issueInvoices, nextTerm, retryBatch, type Trx } from '../billing/index.js';
import { expireAbandonedSignups } from './abandoned.js';
import { quoteIndividualDues } from './dues.js';
import { individualLapsedEmail } from './emails.js';
import { formatDay } from './format.js';
import { type Level, listLevels } from './levels.js';
import { blockedIndividualRenewals, blockRenewals } from './renewal-blocks.js';
import { settleIndividualMembership } from './settle.js';

type RenewDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'>;
type IssueCounts = { issued: number; skipped: number; failures: RenewalFailure[] };

/** The selection of candidates, one keyset page by (term_end, id): active individual memberships
 * not flagged as impossible to price (the partial index individual_memberships_renewable) whose
 * term ends by `horizon`, with no live invoice for the next term yet. A row the run invoiced or
 * flagged no longer matches, so no run reads it again. */
function selectIssueCandidates(db: Db, run: { horizon: string }, after: TermKey | null, limit: number) {
  let q = db
    .selectFrom('individual_memberships as m')
    .select(['m.id', 'm.term_end'])
    .where('m.status', '=', 'active')
    .where('m.renewal_blocked_at', 'is', null)
    .where('m.term_end', '<=', run.horizon)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('invoices as i')
            .select('i.id')
            .whereRef('i.individual_membership_id', '=', 'm.id')
            .where('i.period_start', '=', sql<string>`m.term_end + 1`)
            .where('i.status', '<>', 'void'),
        ),
      ),
    );
  if (after) q = q.where(sql<boolean>`(m.term_end, m.id) > (${after.termEnd}::date, ${after.id}::uuid)`);
  return q.orderBy('m.term_end').orderBy('m.id').limit(limit).execute();
}

/** The walk over the candidates (src/lib/batch-runner.ts), shared with organizations' renewals. */
const issueCandidates = (deps: Pick<Deps, 'db'>, run: { horizon: string; batchSize: number; onVisit?: OnVisit }) =>
  termBatches({
    kind: 'person',
    stage: 'issue',
    batchSize: run.batchSize,
    select: (after: TermKey | null, limit) => selectIssueCandidates(deps.db, run, after, limit),
    onVisit: run.onVisit,
  });

/** Every level, archived ones too, read once per run: no level query per membership. */
async function levelsById(db: Db | Trx): Promise<Map<string, Level>> {
  return new Map((await listLevels(db, { includeArchived: true })).map((l) => [l.id, l]));
}

/** Issues the renewal invoices of individual memberships whose term ends by `horizon`. */
export async function issueIndividualRenewals(deps: RenewDeps, run: { today: string; horizon: string; batchSize: number; onVisit?: OnVisit }, counts: IssueCounts): Promise<void> {
  const levels = await levelsById(deps.db);
  for await (const batch of issueCandidates(deps, run)) {
    const done = await retryBatch(() =>
      issueBatch(
        deps,
        { ...run, levels },
        batch.map((b) => b.id),
      ),
    );
    counts.issued += done.issued;
    counts.skipped += done.skipped;
    counts.failures.push(...done.failures);
  }
}

/** The candidates as the run's transaction reads them: under their row locks in the run. */
function readIssueRows(db: Db | Trx, run: { horizon: string }, ids: string[], lock: boolean) {
  const query = db
    .selectFrom('individual_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.user_id', 'm.level_id', 'm.term_end', 'm.salary_cents', 'm.employer_population', 'm.employer_general_fund_cents', 'u.name', 'u.email'])
    .select(({ exists, selectFrom }) =>
      exists(
        selectFrom('invoices as i')
          .select('i.id')
          .whereRef('i.individual_membership_id', '=', 'm.id')
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

/** What to do with each row: the invoice to issue, or why not (a failure staff should see, and a
 * flag on the membership: its own input is missing, so the run passes it by until it is entered). */
function planIssues(run: { today: string; levels: Map<string, Level> }, rows: IssueRow[]) {
  const issues: Array<{ input: IssueInvoiceInput; plan: RenewalIssuePlan }> = [];
  const failures: RenewalFailure[] = [];
  const blocks: Array<{ membershipId: string; reason: string }> = [];
  let skipped = 0;
  for (const row of rows) {
    if (row.invoiced) {
      skipped++; // invoiced meanwhile, by a run at the same time
      continue;
    }
    const fail = (reason: string) => {
      skipped++;
      failures.push({ stage: 'issue', kind: 'person', id: row.id, subject: row.name, reason });
      blocks.push({ membershipId: row.id, reason });
    };
    const level = run.levels.get(row.level_id);
    if (!row.term_end || !level) {
      fail('The membership has no term end or no level, so its renewal cannot be worked out. Invoice it by hand.');
      continue;
    }
    let amount: number;
    try {
      amount = quoteIndividualDues(level, {
        salaryCents: row.salary_cents,
        employerPopulation: row.employer_population,
        employerGeneralFundCents: row.employer_general_fund_cents,
      }).amountCents;
    } catch {
      fail(`The ${level.name} level’s dues need details this member has not given (salary or employer figures). Ask for them, or invoice it by hand.`);
      continue;
    }
    const term = nextTerm(row.term_end);
    issues.push({
      plan: { kind: 'person', membershipId: row.id, subject: row.name, termStart: term.start, termEnd: term.end, amountCents: amount, href: `/staff/individuals/${row.id}` },
      input: {
        userId: row.user_id,
        individualMembershipId: row.id,
        purpose: 'renewal',
        periodStart: term.start,
        periodEnd: term.end,
        lines: [{ description: `Individual membership renewal, ${level.name} level, ${formatDay(term.start)} to ${formatDay(term.end)}`, quantity: 1, unitCents: amount }],
        billTo: { name: row.name, email: row.email, address: '' },
        issuedOn: run.today,
      },
    });
  }
  return { issues, skipped, failures, blocks };
}

type IssueRun = { today: string; horizon: string; levels: Map<string, Level> };

async function issueBatch(deps: RenewDeps, run: IssueRun, ids: string[]): Promise<{ issued: number; skipped: number; failures: RenewalFailure[] }> {
  return deps.db.transaction().execute(async (trx) => {
    await ISSUE_LOCK.execute(trx);
    const rows = await readIssueRows(trx, run, ids, true);
    const plan = planIssues(run, rows);
    const invoices = await issueInvoices(
      trx,
      deps,
      plan.issues.map((i) => i.input),
    );
    await blockRenewals(trx, plan.blocks, deps.clock.now());
    // A free level's renewal is paid on issue: it renews at once.
    const paid = invoices.filter((i) => i.status === 'paid');
    const settings = paid.length > 0 ? await billingSettings(trx) : null;
    for (const invoice of paid) if (settings) await settleIndividualMembership(trx, deps, invoice, run.today, null, settings);
    return { issued: invoices.length, skipped: ids.length - rows.length + plan.skipped, failures: plan.failures };
  });
}

/** The selection of candidates, one keyset page by (term_end, id): active individual memberships
 * past term end and grace, through the partial index individual_memberships_active_term (0043),
 * so a run with none to lapse reads no row. */
function selectLapseCandidates(db: Db, run: { today: string; graceDays: number }, after: TermKey | null, limit: number) {
  let q = db
    .selectFrom('individual_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.term_end', 'u.name'])
    .where('m.status', '=', 'active')
    .where('m.term_end', '<', addDays(run.today, -run.graceDays));
  if (after) q = q.where(sql<boolean>`(m.term_end, m.id) > (${after.termEnd}::date, ${after.id}::uuid)`);
  return q.orderBy('m.term_end').orderBy('m.id').limit(limit).execute();
}
type LapseRun = { today: string; graceDays: number; batchSize: number; onVisit?: OnVisit };
const lapseCandidates = (deps: Pick<Deps, 'db'>, run: LapseRun) =>
  termBatches({
    kind: 'person',
    stage: 'lapse',
    batchSize: run.batchSize,
    select: (after: TermKey | null, limit) => selectLapseCandidates(deps.db, run, after, limit),
    onVisit: run.onVisit,
  });

/** Lapses individual memberships past term end and grace whose renewal is not paid. */
export async function lapseIndividualMemberships(deps: RenewDeps, run: LapseRun, counts: { lapsed: number; failures: RenewalFailure[] }): Promise<void> {
  for await (const batch of lapseCandidates(deps, run)) {
    for (const m of batch) {
      if (!m.term_end) continue;
      try {
        if (await lapseOne(deps, m.id, m.term_end)) counts.lapsed++;
      } catch (err) {
        // One transaction per membership: it rolled back whole, and the next run tries again.
        counts.failures.push({
          stage: 'lapse',
          kind: 'person',
          id: m.id,
          subject: m.name,
          reason: `The membership could not be lapsed (${err instanceof Error ? err.message : String(err)}); the next run tries again.`,
        });
      }
    }
  }
  // Abandoned sign-ups expire on the same daily run (abandoned.ts).
  await expireAbandonedSignups(deps, counts);
}

/** What issueIndividualRenewals and lapseIndividualMemberships would do today: the same
 * candidates, read as the run reads them (without its locks), planned by the same rules. */
export async function previewIndividualRenewals(deps: Pick<Deps, 'db'>, run: { today: string; horizon: string; graceDays: number; batchSize: number }) {
  const out = { issue: [] as RenewalIssuePlan[], lapse: [] as RenewalLapsePlan[], failures: [] as RenewalFailure[] };
  const levels = await levelsById(deps.db);
  for await (const batch of issueCandidates(deps, run)) {
    const rows = await readIssueRows(
      deps.db,
      run,
      batch.map((b) => b.id),
      false,
    );
    const plan = planIssues({ ...run, levels }, rows);
    out.issue.push(...plan.issues.map((i) => i.plan));
    out.failures.push(...plan.failures);
  }
  for await (const batch of lapseCandidates(deps, run)) {
    for (const m of batch) if (m.term_end) out.lapse.push({ kind: 'person', membershipId: m.id, subject: m.name, termEnd: m.term_end, href: `/staff/individuals/${m.id}` });
  }
  return out;
}

async function lapseOne(deps: RenewDeps, id: string, termEnd: string): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    // Guarded: a payment that renewed it meanwhile moved term_end, so this matches nothing.
    const lapsed = await trx
      .updateTable('individual_memberships')
      .set({ status: 'lapsed', lapsed_at: now })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .where('term_end', '=', termEnd)
      .returning(['user_id'])
      .executeTakeFirst();
    if (!lapsed) return false;
    const other = await trx.selectFrom('individual_memberships').select('id').where('user_id', '=', lapsed.user_id).where('status', '=', 'active').executeTakeFirst();
    if (!other) await revokeRole(trx, lapsed.user_id, 'member');
    await writeAudit(trx, {
      at: now,
      actorUserId: null,
      action: 'individuals.membership_lapsed',
      entityType: 'individual_membership',
      entityId: id,
      before: { status: 'active', termEnd },
      after: { status: 'lapsed', memberRoleRemoved: !other },
    });
    const user = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', lapsed.user_id).executeTakeFirstOrThrow();
    await deps.mail.queue(trx, { to: user.email, template: individualLapsedEmail.name, data: { name: user.name, termEnd, url: `${deps.config.publicUrl}/me/membership` } });
    return true;
  });
}

/** This module's part of billing's daily renewal run. */
export const individualRenewals: RenewalParticipant = {
  issue: issueIndividualRenewals,
  lapse: lapseIndividualMemberships,
  preview: previewIndividualRenewals,
  blocked: blockedIndividualRenewals,
};

// Renewals, step 3: memberships past their grace period lapse, one guarded update per membership
// with its audit row and emails.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { type OnVisit, type TermKey, termBatches } from '../../lib/batch-runner.js';
import { lapseMembership } from '../organizations/index.js';
import { publishEvent } from '../webhooks/index.js';
import { addDays } from './dates.js';
import { membershipLapsedEmail } from './renewals-emails.js';
import type { RenewalDeps, RenewalLapsePlan, RenewalOutcome } from './renewals-shared.js';
import { invoiceUrl } from './service.js';

/** The selection of candidates, one keyset page by (term_end, id) (the partial index
 * memberships_active_term, 0043): active memberships past term end and grace
 * (term_end + grace < today ⇔ term_end < today − grace) with no paid invoice for the next term.
 * The run and the preview both walk these. */
export function selectLapseCandidates(db: Db, run: { today: string; graceDays: number }, after: TermKey | null, limit: number) {
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['m.id', 'm.term_end', 'o.name', 'm.organization_id'])
    .where('m.status', '=', 'active')
    .where('m.term_end', '<', addDays(run.today, -run.graceDays))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('invoices as i')
            .select('i.id')
            .whereRef('i.membership_id', '=', 'm.id')
            .where('i.period_start', '=', sql<string>`m.term_end + 1`)
            .where('i.status', '=', 'paid'),
        ),
      ),
    );
  if (after) q = q.where(sql<boolean>`(m.term_end, m.id) > (${after.termEnd}::date, ${after.id}::uuid)`);
  return q.orderBy('m.term_end').orderBy('m.id').limit(limit).execute();
}

/** The run's walk over the candidates (batch-runner.ts); a lapsed row no longer matches. */
const candidates = (deps: Pick<RenewalDeps, 'db'>, run: LapseRun) =>
  termBatches({
    kind: 'organization',
    stage: 'lapse',
    batchSize: run.batchSize,
    select: (after: TermKey | null, limit) => selectLapseCandidates(deps.db, run, after, limit),
    onVisit: run.onVisit,
  });
type LapseRun = { today: string; batchSize: number; graceDays: number; onVisit?: OnVisit };

export async function lapseMemberships(deps: RenewalDeps, run: LapseRun, counts: RenewalOutcome): Promise<void> {
  for await (const batch of candidates(deps, run)) {
    for (const m of batch) {
      if (!m.term_end) continue;
      try {
        if (await lapseOne(deps, m.id, m.term_end)) counts.lapsed++;
      } catch (err) {
        // One transaction per membership: it rolled back whole, and the next run tries again.
        counts.failures.push({
          stage: 'lapse',
          kind: 'organization',
          id: m.id,
          subject: m.name,
          reason: `The membership could not be lapsed (${err instanceof Error ? err.message : String(err)}); the next run tries again.`,
        });
      }
    }
  }
}

/** What lapseMemberships would lapse today. */
export async function previewLapses(deps: Pick<RenewalDeps, 'db'>, run: { today: string; batchSize: number; graceDays: number }): Promise<RenewalLapsePlan[]> {
  const out: RenewalLapsePlan[] = [];
  for await (const batch of candidates(deps, run)) {
    for (const m of batch)
      if (m.term_end) out.push({ kind: 'organization', membershipId: m.id, subject: m.name, termEnd: m.term_end, href: `/staff/organizations/${m.organization_id}` });
  }
  return out;
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
    await publishEvent(trx, deps, 'membership.lapsed', { membershipId, organizationId: lapsed.organizationId, termEnd });
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

// What the ethics case files share: the deps they use, today's date in the association's time
// zone, calendar arithmetic, the timeline step written with its audit row, and who to tell.
import type { Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { DB, EthicsStage } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';

/** Today in the association's time zone (src/lib/today.ts). */
export { today as todayOf } from '../../lib/today.js';

export type CaseDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association' | 'hooks'>;
export type Trx = Transaction<DB>;
export interface Actor {
  userId: string;
  name: string;
  requestId?: string;
}

export const addDays = (day: string, days: number): string => DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate() ?? day;
export const addYears = (day: string, years: number): string => DateTime.fromISO(day, { zone: 'UTC' }).plus({ years }).toISODate() ?? day;
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const noCase = () => new AppError('not_found', { message: 'There is no such case.' });

/** A refusal because the case is not at the stage a step needs (a second click, a stale page). */
export const wrongStage = (what: string) =>
  new AppError('ethics.wrong_stage', { status: 409, message: `The case is not at the stage where ${what}. Reload the page to see where it is.` });

/**
 * Moves a case from one stage to the next, guarded in SQL (a race or a second click loses cleanly),
 * with the other columns the step sets; throws when the case is not at `from`.
 */
export async function moveCase(trx: Trx, caseId: string, from: readonly EthicsStage[], set: Partial<Record<string, unknown>> & { stage?: EthicsStage }, what: string) {
  const row = await trx
    .updateTable('ethics_cases')
    .set(set as never)
    .where('id', '=', caseId)
    .where('stage', 'in', [...from])
    .returning(['id', 'reference', 'respondent_user_id', 'respondent_name', 'complainant_email', 'outcome', 'suspension_until'])
    .executeTakeFirst();
  if (!row) throw wrongStage(what);
  return row;
}

/** One dated step of a case's timeline and its audit row (which never carries what the case says). */
export async function recordStep(
  trx: Trx,
  deps: Pick<Deps, 'clock'>,
  s: { caseId: string; actorUserId: string | null; summary: string; action: string; after?: unknown; requestId?: string },
) {
  const at = deps.clock.now();
  await trx.insertInto('ethics_case_events').values({ case_id: s.caseId, at, actor_user_id: s.actorUserId, summary: s.summary }).execute();
  await writeAudit(trx, { at, actorUserId: s.actorUserId, action: s.action, entityType: 'ethics_case', entityId: s.caseId, after: s.after, requestId: s.requestId });
}

/** Holders of the ethics permission (enabled accounts), whom a case's next step waits for. */
export async function ethicsStaffEmails(db: Trx | Deps['db']): Promise<string[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.email')
    .where('r.role', '=', 'ethics')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.email')
    .execute();
  return rows.map((r) => r.email);
}

/** What a complainant may know of their complaint: its stage in three words. */
export type ComplaintStage = 'received' | 'under review' | 'closed';
export function complaintStage(stage: EthicsStage): ComplaintStage | null {
  if (stage === 'unconfirmed') return null;
  if (stage === 'intake') return 'received';
  if (stage === 'dismissed' || stage === 'final') return 'closed';
  return 'under review';
}

export const STAGE_WORDS: Record<EthicsStage, string> = {
  unconfirmed: 'Waiting for the complainant’s confirmation',
  intake: 'Intake review',
  dismissed: 'Dismissed',
  response: 'Member’s written response',
  fact_finding: 'Fact-finding',
  decision: 'Committee decision',
  appeal_window: 'Appeal window',
  appeal: 'Appeal',
  final: 'Final',
};

export const OUTCOME_WORDS = {
  no_action: 'Closed with no action',
  private_censure: 'Private censure',
  public_censure: 'Public censure',
  suspension: 'Suspension',
  expulsion: 'Expulsion and bar',
  credential_revoked: 'Credential revoked',
} as const;

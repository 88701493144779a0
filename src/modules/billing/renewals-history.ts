// The record of renewal runs (renewal_runs): every run, whoever started it (the daily job,
// `civnet renewals run`, staff with "Run now"), is written when it starts and finished with its
// counts and failures, or with why it stopped. The console's history reads it newest first.
import type { Db } from '../../db/client.js';
import type { RenewalFailure } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError } from '../../lib/errors.js';
import { lookupIds, type RecordNamer } from '../../lib/record-names.js';
import { isUuid } from '../../lib/validators.js';
import type { RenewalOutcome, RenewalTrigger } from './renewals-shared.js';

export interface StartRun {
  today: string;
  trigger: RenewalTrigger;
  actorUserId: string | null;
  actorLabel: string;
  requestKey: string | null;
  startedAt: Date;
}

/** Records a run as started. A console form's key used before: refused (409), nothing runs. */
export async function startRenewalRun(db: Db, run: StartRun): Promise<string> {
  try {
    const row = await db
      .insertInto('renewal_runs')
      .values({
        run_for: run.today,
        trigger: run.trigger,
        actor_user_id: run.actorUserId,
        actor_label: run.actorLabel,
        request_key: run.requestKey,
        started_at: run.startedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new AppError('renewals.already_started', {
      status: 409,
      message: 'This form already started a run, so it was not run again. Its result is in the history.',
    });
  }
}

/** The failures a run's record keeps: the first this many. A first run over a national data set
 * can flag a hundred thousand unpriceable memberships at once; those wait in the console's Blocked
 * list (with the whole count in `skipped`), so the record need not carry every one. */
export const MAX_RECORDED_FAILURES = 1_000;

/** Finishes a run's record with what it did, and its audit row when staff started it. */
export async function finishRenewalRun(
  db: Db,
  run: { id: string; finishedAt: Date; outcome: RenewalOutcome; error: string | null; actorUserId: string | null; requestId?: string },
): Promise<void> {
  const { issued, reminded, lapsed, skipped, failures } = run.outcome;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('renewal_runs')
      .set({ finished_at: run.finishedAt, issued, reminded, lapsed, skipped, failures: JSON.stringify(failures.slice(0, MAX_RECORDED_FAILURES)), error: run.error })
      .where('id', '=', run.id)
      .execute();
    if (run.actorUserId) {
      await writeAudit(trx, {
        at: run.finishedAt,
        actorUserId: run.actorUserId,
        action: 'billing.renewals_run',
        entityType: 'renewal_run',
        entityId: run.id,
        after: { issued, reminded, lapsed, skipped, failures: failures.length, stopped: run.error !== null },
        requestId: run.requestId ?? null,
      });
    }
  });
}

export interface RenewalRunRecord {
  id: string;
  runFor: string;
  trigger: RenewalTrigger;
  /** the staff member's name, the command's user, or '' (the daily job) */
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  issued: number;
  reminded: number;
  lapsed: number;
  skipped: number;
  failures: RenewalFailure[];
  error: string | null;
}

/** where a page of the history starts: after this run (newest first) */
export const runCursor = (r: Pick<RenewalRunRecord, 'startedAt' | 'id'>) => `${r.startedAt.toISOString()}_${r.id}`;
function parseCursor(cursor: string): { at: Date; id: string } | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)_([0-9a-f-]{36})$/.exec(cursor);
  if (!m?.[1] || !m[2] || !isUuid(m[2])) return null;
  const at = new Date(m[1]);
  return Number.isNaN(at.getTime()) ? null : { at, id: m[2] };
}

/** Runs newest first, a page at a time (`after`: the cursor of the last run of the page before). */
export async function listRenewalRuns(db: Db, opts: { after?: string; limit?: number } = {}): Promise<{ runs: RenewalRunRecord[]; nextCursor: string | null }> {
  const limit = opts.limit ?? 20;
  const after = opts.after ? parseCursor(opts.after) : null;
  if (opts.after && !after)
    throw new AppError('validation_failed', {
      message: 'This page of the run history does not exist. Start from the newest runs.',
      fields: { cursor: 'This page of the run history does not exist. Start from the newest runs.' },
    });
  let q = db
    .selectFrom('renewal_runs as r')
    .leftJoin('users as u', 'u.id', 'r.actor_user_id')
    .select([
      'r.id',
      'r.run_for',
      'r.trigger',
      'r.actor_label',
      'u.name as actor_name',
      'r.started_at',
      'r.finished_at',
      'r.issued',
      'r.reminded',
      'r.lapsed',
      'r.skipped',
      'r.failures',
      'r.error',
    ])
    .orderBy('r.started_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit + 1);
  if (after) q = q.where((eb) => eb.or([eb('r.started_at', '<', after.at), eb.and([eb('r.started_at', '=', after.at), eb('r.id', '<', after.id)])]));
  const rows = await q.execute();
  const runs = rows.slice(0, limit).map(
    (r): RenewalRunRecord => ({
      id: r.id,
      runFor: r.run_for,
      trigger: r.trigger,
      startedBy: r.actor_name ?? r.actor_label,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      issued: r.issued,
      reminded: r.reminded,
      lapsed: r.lapsed,
      skipped: r.skipped,
      failures: Array.isArray(r.failures) ? r.failures : [],
      error: r.error,
    }),
  );
  const last = runs[runs.length - 1];
  return { runs, nextCursor: rows.length > limit && last ? runCursor(last) : null };
}

/** The run a console form started, if it did. */
export async function runStartedBy(db: Db, requestKey: string): Promise<{ id: string; finished: boolean } | null> {
  const row = await db.selectFrom('renewal_runs').select(['id', 'finished_at']).where('request_key', '=', requestKey).executeTakeFirst();
  return row ? { id: row.id, finished: row.finished_at !== null } : null;
}

/** renewal runs by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const renewalRunNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('renewal_runs').select(['id', 'run_for']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: `Renewal run for ${r.run_for}`, href: '/staff/renewals' }]));
};

// The employer closes their own posting early (the job is filled, or no longer offered): it leaves
// the search, the API and the alerts at once, and its page stays at its address saying it was
// closed and when (people follow old links and alerts), without the apply button. Like the big job
// boards, a closed posting may be reopened by its employer, as it was approved, until the day its
// listing would have ended anyway; after that, a new posting goes through review. A closed posting
// cannot be edited or renewed. Guarded updates (`where status = …`), a revision and an audit row.
import { SEARCHES_CHANNEL } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { recordRevision } from '../publishing/index.js';
import { type Actor, canReopen, isLivePosting, type JobDeps, ownPostingForUpdate } from './shared.js';

export async function closePosting(deps: JobDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const p = await ownPostingForUpdate(trx, id, actor.userId);
    if (p.status === 'closed') {
      const on = p.closed_at ? `: you closed it on ${formatZonedDay(p.closed_at, await deps.association.timeZone())}` : '';
      throw new AppError('jobs.already_closed', { status: 409, message: `This posting is closed already${on}. Nothing was changed.` });
    }
    if (p.status !== 'published') throw new AppError('jobs.not_published', { status: 409, message: 'Only a published posting can be closed; this one is not published.' });
    const now = deps.clock.now();
    await trx.updateTable('job_postings').set({ status: 'closed', closed_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'published').execute();
    await recordRevision(trx, { kind: 'job', itemId: id, actor: { userId: actor.userId, name: actor.name }, action: 'closed', after: { status: 'closed' } });
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'jobs.closed',
      entityType: 'job_posting',
      entityId: id,
      before: { status: 'published', live: isLivePosting(p, now) },
      after: { status: 'closed' },
      requestId: actor.requestId,
    });
  });
  await deps.changes.notify(SEARCHES_CHANNEL); // kept job searches are forgotten
}

export async function reopenPosting(deps: JobDeps, actor: Actor, id: string): Promise<Date> {
  const expires = await deps.db.transaction().execute(async (trx) => {
    const p = await ownPostingForUpdate(trx, id, actor.userId);
    const now = deps.clock.now();
    if (p.status !== 'closed') throw new AppError('jobs.not_closed', { status: 409, message: 'This posting is not closed, so there is nothing to reopen.' });
    if (!canReopen(p, now) || !p.expires_at)
      throw new AppError('jobs.listing_ended', { status: 409, message: 'Its listing period has ended, so it cannot be reopened: post the job again, and our staff review it.' });
    await trx.updateTable('job_postings').set({ status: 'published', closed_at: null, updated_at: now }).where('id', '=', id).where('status', '=', 'closed').execute();
    await recordRevision(trx, { kind: 'job', itemId: id, actor: { userId: actor.userId, name: actor.name }, action: 'reopened', after: { status: 'published' } });
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'jobs.reopened',
      entityType: 'job_posting',
      entityId: id,
      before: { status: 'closed', closedAt: p.closed_at },
      after: { status: 'published', expiresAt: p.expires_at.toISOString() },
      requestId: actor.requestId,
    });
    return p.expires_at;
  });
  await deps.changes.notify(SEARCHES_CHANNEL);
  return expires;
}

// Staff take down a live posting before it expires (published by mistake, a scam, reported by a
// seeker), or a posting its employer closed (its page stays public until then): it leaves the
// search, its page and the alerts at once, becomes `rejected` (it cannot be
// edited or renewed back), and the employer is emailed the reason. Guarded like the decisions.
import { SEARCHES_CHANNEL } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { replyToHeaders } from '../../lib/email.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { recordRevision } from '../publishing/index.js';
import { takenDownEmail } from './emails.js';
import { type Actor, isLivePosting, type JobDeps, notFound } from './shared.js';

export async function takeDownPosting(deps: JobDeps, actor: Actor, id: string, reason: string): Promise<void> {
  const text = reason.trim();
  if (!text) throw fieldError({ reason: 'Give the reason, for the employer: it is emailed to them.' });
  if (text.length > 2000) throw fieldError({ reason: 'Use at most 2,000 characters.' });
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const p = await trx
      .selectFrom('job_postings as j')
      .innerJoin('users as u', 'u.id', 'j.employer_user_id')
      .select(['j.id', 'j.title', 'j.status', 'j.expires_at', 'u.email'])
      .where('j.id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!p) throw notFound();
    if (!isLivePosting(p, now) && p.status !== 'closed')
      throw new AppError('jobs.not_live', { status: 409, message: 'This posting is not in the job center now, so there is nothing to take down.' });
    await trx
      .updateTable('job_postings')
      .set({ status: 'rejected', review_message: text, expires_at: now, closed_at: null, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', p.status)
      .execute();
    // the email invites a reply: it reaches the staff member who took the posting down
    const staff = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', actor.userId).executeTakeFirst();
    await deps.mail.queue(trx, {
      to: p.email,
      template: takenDownEmail.name,
      data: { title: p.title, reason: text, url: `${deps.config.publicUrl}/jobs/mine`, staff: staff ? { name: staff.name } : undefined },
      headers: replyToHeaders(staff),
    });
    await recordRevision(trx, { kind: 'job', itemId: id, actor: { userId: actor.userId, name: actor.name }, action: 'taken_down', after: { status: 'rejected', message: text } });
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'jobs.taken_down',
      entityType: 'job_posting',
      entityId: id,
      before: { status: p.status, expiresAt: p.expires_at },
      after: { status: 'rejected', reason: text },
      requestId: actor.requestId,
    });
  });
  await deps.changes.notify(SEARCHES_CHANNEL);
}

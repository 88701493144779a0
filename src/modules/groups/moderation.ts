// Moderation: a member reports a post; a group's moderators and community staff approve a held
// post, hide, restore or remove a post, pin, lock or move a thread, with a reason each time, every
// decision audited in the transaction that makes it. Approving a held post notifies as posting does.
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { notifyPost } from './notify.js';
import { postById } from './queries.js';
import { type Actor, type GroupDeps, type GroupRow, postNotFound } from './shared.js';

export async function reportPost(deps: GroupDeps, actor: Actor, postId: string, reason: string): Promise<void> {
  const r = reason.trim();
  if (!r) throw new AppError('validation_failed', { fields: { reason: 'Say what is wrong with the post.' } });
  if (r.length > 1000) throw new AppError('validation_failed', { fields: { reason: 'Use at most 1,000 characters.' } });
  await deps.db
    .insertInto('group_reports')
    .values({ post_id: postId, reporter_id: actor.userId, reason: r, created_at: deps.clock.now() })
    .onConflict((oc) => oc.columns(['post_id', 'reporter_id']).doNothing())
    .execute();
}

export type PostAction = 'approve' | 'hide' | 'restore' | 'remove' | 'dismiss';
const POST_FROM: Record<PostAction, string[]> = {
  approve: ['held'],
  hide: ['visible', 'held'],
  restore: ['hidden'],
  remove: ['visible', 'held', 'hidden'],
  dismiss: ['visible', 'held', 'hidden', 'removed'],
};

/** A moderator's decision on a post of their group. */
export async function moderatePost(deps: GroupDeps, actor: Actor, group: GroupRow, postId: string, action: PostAction, reason: string): Promise<void> {
  if ((action === 'hide' || action === 'remove') && !reason.trim())
    throw new AppError('validation_failed', { fields: { reason: 'Give a reason: it is shown in place of the post and kept in the audit log.' } });
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const p = await postById(trx, postId);
    if (!p || p.group_id !== group.id) throw postNotFound();
    if (!POST_FROM[action].includes(p.status)) throw new AppError('groups.post_state', { message: 'The post changed meanwhile: reload the page.' });
    if (action !== 'dismiss') {
      const status = action === 'approve' || action === 'restore' ? 'visible' : action === 'hide' ? 'hidden' : 'removed';
      await trx
        .updateTable('group_posts')
        .set({ status, moderation_reason: status === 'visible' ? null : reason.trim(), ...(action === 'approve' ? { visible_at: now } : {}) })
        .where('id', '=', p.id)
        .where('status', '=', p.status)
        .execute();
      if (action === 'approve') {
        await trx.updateTable('group_threads').set({ last_post_at: now }).where('id', '=', p.thread_id).execute();
        await notifyPost(trx, deps, p.id);
      }
    }
    await trx.updateTable('group_reports').set({ resolved_at: now, resolved_by: actor.userId }).where('post_id', '=', p.id).where('resolved_at', 'is', null).execute();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: `groups.post_${action === 'approve' ? 'approved' : action === 'hide' ? 'hidden' : action === 'restore' ? 'restored' : action === 'remove' ? 'removed' : 'reports_dismissed'}`,
      entityType: 'group_post',
      entityId: p.id,
      before: { status: p.status },
      after: { action, reason: reason.trim() || null, groupId: group.id },
      requestId: actor.requestId,
      at: now,
    });
  });
}

export type ThreadAction = 'pin' | 'unpin' | 'lock' | 'unlock' | 'move';

/** Pins, locks or moves a thread (to another active group the actor moderates). */
export async function moderateThread(
  deps: GroupDeps,
  actor: Actor,
  group: GroupRow,
  threadId: string,
  action: ThreadAction,
  reason: string,
  target?: GroupRow & { moderates: boolean },
): Promise<void> {
  if (action === 'move') {
    if (target?.status !== 'active' || !target.moderates) throw new AppError('validation_failed', { fields: { to: 'Choose a group you moderate to move the thread to.' } });
    if (target.id === group.id) throw new AppError('validation_failed', { fields: { to: 'The thread is in this group already.' } });
  }
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const set =
      action === 'pin'
        ? { pinned: true }
        : action === 'unpin'
          ? { pinned: false }
          : action === 'lock'
            ? { locked: true }
            : action === 'unlock'
              ? { locked: false }
              : { group_id: target?.id ?? group.id };
    const r = await trx.updateTable('group_threads').set(set).where('id', '=', threadId).where('group_id', '=', group.id).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('not_found', { message: 'There is no such thread in this group.' });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: `groups.thread_${action === 'pin' ? 'pinned' : action === 'unpin' ? 'unpinned' : action === 'lock' ? 'locked' : action === 'unlock' ? 'unlocked' : 'moved'}`,
      entityType: 'group_thread',
      entityId: threadId,
      before: { groupId: group.id },
      after: { action, reason: reason.trim() || null, ...(target ? { groupId: target.id } : {}) },
      requestId: actor.requestId,
      at: now,
    });
  });
}

// Merges: two accounts of one person (accounts' mergeAccounts) and a duplicate organization merged
// into another (records). A person's registrations, orders, PD log and calendar feed move to the
// kept account. One person holds one live seat per event: when both accounts hold one for the same
// event, the merge is refused until one is cancelled (money may hang on either, so nothing is
// chosen for the person). Where both earned PD hours at one event, the larger credit stays.
// Orders placed for a merged organization follow the survivor.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { OrganizationMover } from '../../deps.js';
import { AppError } from '../../lib/errors.js';

export async function moveEventRows(trx: Transaction<DB>, e: { fromUserId: string; intoUserId: string }): Promise<void> {
  const clash = await trx
    .selectFrom('event_registrations as f')
    .innerJoin('event_registrations as k', (j) => j.onRef('k.event_id', '=', 'f.event_id').on('k.user_id', '=', e.intoUserId).on('k.status', '<>', 'cancelled'))
    .innerJoin('events as ev', 'ev.id', 'f.event_id')
    .select('ev.title')
    .where('f.user_id', '=', e.fromUserId)
    .where('f.status', '<>', 'cancelled')
    .executeTakeFirst();
  if (clash) {
    throw new AppError('events.merge_both_registered', {
      status: 409,
      message: `Both accounts are registered for “${clash.title}”. Cancel one of the two registrations first, then merge.`,
    });
  }
  await trx.updateTable('event_registrations').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
  await trx.updateTable('event_orders').set({ buyer_user_id: e.intoUserId }).where('buyer_user_id', '=', e.fromUserId).execute();
  // The PD log: one row per person and event; the larger of two credits for one event stays.
  const credits = await trx.selectFrom('pd_credits').selectAll().where('user_id', 'in', [e.fromUserId, e.intoUserId]).execute();
  for (const from of credits.filter((c) => c.user_id === e.fromUserId)) {
    const kept = credits.find((c) => c.user_id === e.intoUserId && c.source === from.source && c.source_id === from.source_id);
    if (!kept) continue;
    if (from.minutes > kept.minutes) await trx.updateTable('pd_credits').set({ minutes: from.minutes }).where('id', '=', kept.id).execute();
    await trx.deleteFrom('pd_credits').where('id', '=', from.id).execute();
  }
  await trx.updateTable('pd_credits').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
  // The merged account's feed address stops working; the kept account keeps its own.
  await trx.deleteFrom('event_calendar_feeds').where('user_id', '=', e.fromUserId).execute();
  await trx.updateTable('event_attendance').set({ checked_in_by: e.intoUserId }).where('checked_in_by', '=', e.fromUserId).execute();
}

export const eventsMover: OrganizationMover = {
  module: 'events',
  async count(db, organizationId) {
    const n = await db
      .selectFrom('event_orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return { event_orders: Number(n.n) };
  },
  async move(trx, e) {
    const n = await trx.updateTable('event_orders').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
    return { event_orders: Number(n.numUpdatedRows) };
  },
};

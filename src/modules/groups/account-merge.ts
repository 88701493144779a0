// Two accounts of one person merged (accounts' `mergeAccounts`, through `deps.hooks.accountsMerged`):
// the person's threads, posts, reports and group memberships move to the kept account. In a group
// both accounts belong to, one membership stays: the kept account's, with the better standing of
// the two (active over pending or invited, moderator over member); a suspension stays a suspension.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';

const STATUS_RANK: Record<string, number> = { suspended: 4, active: 3, pending: 2, invited: 1 };

export async function moveGroupRows(trx: Transaction<DB>, e: { fromUserId: string; intoUserId: string }): Promise<void> {
  const { fromUserId: from, intoUserId: into } = e;
  await trx.updateTable('group_threads').set({ author_id: into }).where('author_id', '=', from).execute();
  await trx.updateTable('group_posts').set({ author_id: into }).where('author_id', '=', from).execute();
  await trx.updateTable('groups').set({ requested_by: into }).where('requested_by', '=', from).execute();
  await trx.updateTable('groups').set({ created_by: into }).where('created_by', '=', from).execute();
  // a report both made of one post counts once
  await trx
    .deleteFrom('group_reports')
    .where('reporter_id', '=', from)
    .where((eb) => eb.exists(eb.selectFrom('group_reports as k').select('k.id').whereRef('k.post_id', '=', 'group_reports.post_id').where('k.reporter_id', '=', into)))
    .execute();
  await trx.updateTable('group_reports').set({ reporter_id: into }).where('reporter_id', '=', from).execute();
  await trx
    .deleteFrom('group_digests_sent')
    .where('user_id', '=', from)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('group_digests_sent as k')
          .select('k.user_id')
          .whereRef('k.group_id', '=', 'group_digests_sent.group_id')
          .whereRef('k.day', '=', 'group_digests_sent.day')
          .where('k.user_id', '=', into),
      ),
    )
    .execute();
  await trx.updateTable('group_digests_sent').set({ user_id: into }).where('user_id', '=', from).execute();

  const mine = await trx.selectFrom('group_members').select(['id', 'group_id', 'role', 'status']).where('user_id', '=', from).execute();
  for (const m of mine) {
    const kept = await trx.selectFrom('group_members').select(['id', 'role', 'status']).where('group_id', '=', m.group_id).where('user_id', '=', into).executeTakeFirst();
    if (!kept) {
      await trx.updateTable('group_members').set({ user_id: into }).where('id', '=', m.id).execute();
      continue;
    }
    const status = (STATUS_RANK[m.status] ?? 0) > (STATUS_RANK[kept.status] ?? 0) ? m.status : kept.status;
    const role = m.role === 'moderator' || kept.role === 'moderator' ? 'moderator' : 'member';
    await trx.updateTable('group_members').set({ status, role }).where('id', '=', kept.id).execute();
    await trx.deleteFrom('group_members').where('id', '=', m.id).execute();
  }
}

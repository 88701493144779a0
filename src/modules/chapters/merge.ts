// Two accounts of one person merged (accounts' mergeAccounts): the merged account's chapter rows move
// to the kept one. A person belongs to one chapter: when both accounts are members of chapters, the
// kept account's membership stays and the other is dropped.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';

export async function moveChapterRows(trx: Transaction<DB>, e: { fromUserId: string; intoUserId: string }): Promise<void> {
  const kept = await trx.selectFrom('chapter_members').select('chapter_id').where('user_id', '=', e.intoUserId).executeTakeFirst();
  if (kept) await trx.deleteFrom('chapter_members').where('user_id', '=', e.fromUserId).execute();
  else await trx.updateTable('chapter_members').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
  await trx.updateTable('chapter_officers').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
  await trx.updateTable('chapter_officers').set({ invited_by: e.intoUserId }).where('invited_by', '=', e.fromUserId).execute();
  await trx.updateTable('chapters').set({ requested_by: e.intoUserId }).where('requested_by', '=', e.fromUserId).execute();
  await trx.updateTable('chapters').set({ decided_by: e.intoUserId }).where('decided_by', '=', e.fromUserId).execute();
  await trx.updateTable('chapter_events').set({ created_by: e.intoUserId }).where('created_by', '=', e.fromUserId).execute();
  await trx.updateTable('chapter_reports').set({ submitted_by: e.intoUserId }).where('submitted_by', '=', e.fromUserId).execute();
  await trx.updateTable('chapter_reports').set({ accepted_by: e.intoUserId }).where('accepted_by', '=', e.fromUserId).execute();
}

// Two accounts of one person merged (accounts' `mergeAccounts`, through `deps.hooks.accountsMerged`):
// positions move to the kept account, and so does the profile when the kept account has none;
// when both have one, the kept account's profile stays and the other is taken out of Who's Who.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';

export async function moveProfile(trx: Transaction<DB>, e: { fromUserId: string; intoUserId: string }): Promise<void> {
  const kept = await trx.selectFrom('member_profiles').select('user_id').where('user_id', '=', e.intoUserId).executeTakeFirst();
  if (kept) await trx.updateTable('member_profiles').set({ listed: false }).where('user_id', '=', e.fromUserId).execute();
  else await trx.updateTable('member_profiles').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
  await trx.updateTable('member_positions').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
}

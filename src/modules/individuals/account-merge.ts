// Two accounts of one person merged (accounts' `mergeAccounts`, through `deps.hooks.accountsMerged`):
// their individual memberships, transition requests and dues waivers move to the kept account, in
// the merge's transaction. A person has at most one current membership, so the merge is refused
// when both accounts have one.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { moveBars } from './bars.js';

const OPEN = ['pending', 'active', 'lapsed'] as const;

export async function moveIndividualMemberships(trx: Transaction<DB>, e: { fromUserId: string; intoUserId: string }): Promise<void> {
  const open = await trx
    .selectFrom('individual_memberships')
    .select('user_id')
    .where('user_id', 'in', [e.fromUserId, e.intoUserId])
    .where('status', 'in', OPEN)
    .forUpdate()
    .execute();
  if (new Set(open.map((m) => m.user_id)).size === 2)
    throw new AppError('people.merge_both_members', {
      status: 409,
      message: 'Both accounts have a current individual membership (active, awaiting payment or lapsed). End one of them first, then merge.',
    });
  const pending = await trx.selectFrom('transition_requests').select('user_id').where('user_id', 'in', [e.fromUserId, e.intoUserId]).where('status', '=', 'pending').execute();
  if (new Set(pending.map((r) => r.user_id)).size === 2)
    throw new AppError('people.merge_both_transition', { status: 409, message: 'Both accounts have a request waiting for a decision. Decide one of them first, then merge.' });
  await trx.updateTable('individual_memberships').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
  await trx.updateTable('transition_requests').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
  await trx.updateTable('dues_waivers').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
  // An ethics bar follows the person, or merging would be a way round it.
  await moveBars(trx, e);
}

// Two accounts of one person merged (accounts' `mergeAccounts`, through `deps.hooks.accountsMerged`):
// the merged account's seats move to the kept one; where both hold a seat in one organization, the
// kept account keeps one seat with the higher role (administrator over contact).
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';

export async function moveContacts(trx: Transaction<DB>, e: { fromUserId: string; intoUserId: string }): Promise<void> {
  const seats = await trx.selectFrom('organization_contacts').selectAll().where('user_id', 'in', [e.fromUserId, e.intoUserId]).orderBy('organization_id').forUpdate().execute();
  for (const seat of seats.filter((s) => s.user_id === e.fromUserId)) {
    const kept = seats.find((s) => s.user_id === e.intoUserId && s.organization_id === seat.organization_id);
    if (!kept) {
      await trx
        .updateTable('organization_contacts')
        .set({ user_id: e.intoUserId })
        .where('organization_id', '=', seat.organization_id)
        .where('user_id', '=', e.fromUserId)
        .execute();
      continue;
    }
    if (seat.role === 'admin' && kept.role !== 'admin')
      await trx.updateTable('organization_contacts').set({ role: 'admin' }).where('organization_id', '=', seat.organization_id).where('user_id', '=', e.intoUserId).execute();
    await trx.deleteFrom('organization_contacts').where('organization_id', '=', seat.organization_id).where('user_id', '=', e.fromUserId).execute();
  }
}

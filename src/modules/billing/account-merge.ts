// Two accounts of one person merged (accounts' `mergeAccounts`, through `deps.hooks.accountsMerged`):
// the invoices addressed to the merged account belong to the kept one. An invoice's bill-to name
// and address stay as issued.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';

export async function moveInvoices(trx: Transaction<DB>, e: { fromUserId: string; intoUserId: string }): Promise<void> {
  await trx.updateTable('invoices').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
}

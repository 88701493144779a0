// Demo data of settings: the association profile (the only row of `association`).
import type { Insertable, Transaction } from 'kysely';
import type { AssociationTable, DB } from '../../db/types.js';

export async function seedAssociation(trx: Transaction<DB>, values: Insertable<AssociationTable>): Promise<void> {
  await trx.insertInto('association').values(values).execute();
}

/** The demo's default advisor: who takes an organization of a state no advisor covers. */
export async function seedDefaultAdvisor(trx: Transaction<DB>, userId: string): Promise<void> {
  await trx.updateTable('association').set({ default_advisor_user_id: userId }).where('id', '=', 1).execute();
}

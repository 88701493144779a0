// Demo data of settings: the association profile (the only row of `association`).
import type { Insertable, Transaction } from 'kysely';
import type { AssociationTable, DB } from '../../db/types.js';

export async function seedAssociation(trx: Transaction<DB>, values: Insertable<AssociationTable>): Promise<void> {
  await trx.insertInto('association').values(values).execute();
}

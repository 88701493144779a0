// The association's settings as a test needs them (renewal lead days, reminders, address…),
// written to its one row; the settings page saves only the profile, with an audit row.
import type { Updateable } from 'kysely';
import type { AssociationTable } from '../../src/db/types.js';
import type { FactoryContext } from './context.js';

export async function withAssociation(ctx: FactoryContext, set: Updateable<AssociationTable>): Promise<void> {
  await ctx.deps.db.updateTable('association').set(set).where('id', '=', 1).execute();
}

// Dues schedules as another process would leave them: a published schedule with one rule,
// written straight to the tables, so that this process's quote cache is not told.
import type { EntityType } from '../../src/db/types.js';
import type { FactoryContext } from './context.js';

/** A published schedule in force from `day` whose one rule says `entityType` must contact the
 * association, written behind the quote cache's back; its id. */
export async function aScheduleWrittenElsewhere(ctx: FactoryContext, day: string, entityType: EntityType = 'city'): Promise<string> {
  const row = await ctx.deps.db
    .insertInto('dues_schedules')
    .values({ effective_from: day, created_by: null, created_at: new Date(), updated_at: new Date(), published_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.deps.db.insertInto('dues_rules').values({ schedule_id: row.id, entity_type: entityType, mode: 'contact' }).execute();
  return row.id;
}

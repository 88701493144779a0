// Test factories of pathways: a pathway, archived or not, and the pathways an organization chose
// (through the pathways module).
import { setOrganizationPathways } from '../../src/modules/pathways/index.js';
import type { FactoryContext } from './context.js';

let n = 0;
/** A pathway (the pathways module creates one only with an audit row by a staff actor). */
export async function aPathway(ctx: FactoryContext, o: { slug?: string; name?: string } = {}): Promise<string> {
  const i = ++n;
  const row = await ctx.deps.db
    .insertInto('pathways')
    .values({ slug: o.slug ?? `resilient-${i}-${Date.now().toString(36)}`, name: o.name ?? `Resilient ${i}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Archives a pathway now, as staff would. */
export async function archivePathway(ctx: FactoryContext, pathwayId: string): Promise<void> {
  await ctx.deps.db.updateTable('pathways').set({ archived_at: ctx.deps.clock.now() }).where('id', '=', pathwayId).execute();
}

/** The organization chose these pathways (as its profile form saves them). */
export async function withPathways(ctx: FactoryContext, organizationId: string, pathwayIds: string[]): Promise<void> {
  await ctx.deps.db.transaction().execute((trx) => setOrganizationPathways(trx, organizationId, pathwayIds));
}

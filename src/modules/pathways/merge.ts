// Merging a duplicate organization into another: the survivor follows every pathway either chose.
import type { OrganizationMover } from '../../deps.js';

export const pathwaysMover: OrganizationMover = {
  module: 'pathways',
  async count(db, organizationId) {
    const r = await db
      .selectFrom('organization_pathways')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return { organization_pathways: Number(r.n) };
  },
  async move(trx, e) {
    const rows = await trx.selectFrom('organization_pathways').select('pathway_id').where('organization_id', '=', e.from).execute();
    if (rows.length)
      await trx
        .insertInto('organization_pathways')
        .values(rows.map((r) => ({ organization_id: e.to, pathway_id: r.pathway_id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    await trx.deleteFrom('organization_pathways').where('organization_id', '=', e.from).execute();
    return { organization_pathways: rows.length };
  },
};

// Merging a duplicate organization into another: the applications that created or joined it
// now belong to the survivor (an organization may hold several since 0022).
import type { OrganizationMover } from '../../deps.js';

export const applicationsMover: OrganizationMover = {
  module: 'applications',
  async count(db, organizationId) {
    const r = await db
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return { applications: Number(r.n) };
  },
  async move(trx, e) {
    const r = await trx.updateTable('applications').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
    return { applications: Number(r.numUpdatedRows) };
  },
};

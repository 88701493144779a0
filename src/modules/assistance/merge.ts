// Merging a duplicate organization into another: its assistance requests (with their messages,
// attachments and events, which hang on the request) move to the survivor.
import type { OrganizationMover } from '../../deps.js';

export const assistanceMover: OrganizationMover = {
  module: 'assistance',
  async count(db, organizationId) {
    const r = await db
      .selectFrom('assistance_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return { assistance_requests: Number(r.n) };
  },
  async move(trx, e) {
    const r = await trx.updateTable('assistance_requests').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
    return { assistance_requests: Number(r.numUpdatedRows) };
  },
};

// Merging a duplicate organization into another: people's profiles and positions that name it
// as their employer name the survivor instead (the employer name they typed is kept).
import type { OrganizationMover } from '../../deps.js';

export const directoryMover: OrganizationMover = {
  module: 'directory',
  async count(db, organizationId) {
    const [p, q] = await Promise.all([
      db
        .selectFrom('member_profiles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('employer_organization_id', '=', organizationId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('member_positions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('employer_organization_id', '=', organizationId)
        .executeTakeFirstOrThrow(),
    ]);
    return { member_profiles: Number(p.n), member_positions: Number(q.n) };
  },
  async move(trx, e) {
    const p = await trx.updateTable('member_profiles').set({ employer_organization_id: e.to }).where('employer_organization_id', '=', e.from).executeTakeFirst();
    const q = await trx.updateTable('member_positions').set({ employer_organization_id: e.to }).where('employer_organization_id', '=', e.from).executeTakeFirst();
    return { member_profiles: Number(p.numUpdatedRows), member_positions: Number(q.numUpdatedRows) };
  },
};

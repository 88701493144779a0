// Merging a duplicate organization into another: its advisor assignments and meetings move to
// the survivor. When both have a current advisor the survivor's stays and the duplicate's ends
// (kept as history); when both have a booked first meeting the survivor's stays the first and the
// duplicate's stays booked as a follow-up (nobody's calendar changes).
import type { OrganizationMover } from '../../deps.js';

export const advisingMover: OrganizationMover = {
  module: 'advising',
  async count(db, organizationId) {
    const [a, m] = await Promise.all([
      db
        .selectFrom('advisor_assignments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', organizationId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('meetings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', organizationId)
        .executeTakeFirstOrThrow(),
    ]);
    return { advisor_assignments: Number(a.n), meetings: Number(m.n) };
  },
  async move(trx, e) {
    const survivorHasAdvisor = await trx.selectFrom('advisor_assignments').select('id').where('organization_id', '=', e.to).where('ended_at', 'is', null).executeTakeFirst();
    if (survivorHasAdvisor) await trx.updateTable('advisor_assignments').set({ ended_at: e.at }).where('organization_id', '=', e.from).where('ended_at', 'is', null).execute();
    const survivorHasFirst = await trx
      .selectFrom('meetings')
      .select('id')
      .where('organization_id', '=', e.to)
      .where('status', '=', 'booked')
      .where('kind', '=', 'first_meeting')
      .executeTakeFirst();
    if (survivorHasFirst)
      await trx
        .updateTable('meetings')
        .set({ kind: 'follow_up' })
        .where('organization_id', '=', e.from)
        .where('status', '=', 'booked')
        .where('kind', '=', 'first_meeting')
        .execute();
    const a = await trx.updateTable('advisor_assignments').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
    const m = await trx.updateTable('meetings').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
    return { advisor_assignments: Number(a.numUpdatedRows), meetings: Number(m.numUpdatedRows) };
  },
};

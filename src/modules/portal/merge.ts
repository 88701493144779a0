// Merging a duplicate organization into another: its seat invitations and login requests move to
// the survivor. An open invitation to an address that already holds a seat at the survivor, or
// is already invited there, is cancelled (the survivor's stands); a pending login request from
// an address with one pending at the survivor is declined with a note saying why. Runs after
// organizations' move (the seats are the survivor's by then).
import type { OrganizationMover } from '../../deps.js';

export const portalMover: OrganizationMover = {
  module: 'portal',
  async count(db, organizationId) {
    const [i, r] = await Promise.all([
      db
        .selectFrom('seat_invitations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', organizationId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('login_requests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', organizationId)
        .executeTakeFirstOrThrow(),
    ]);
    return { seat_invitations: Number(i.n), login_requests: Number(r.n) };
  },
  async move(trx, e) {
    await trx
      .updateTable('seat_invitations as f')
      .set({ cancelled_at: e.at, cancelled_by: e.actorUserId })
      .where('f.organization_id', '=', e.from)
      .where('f.accepted_at', 'is', null)
      .where('f.cancelled_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('organization_contacts as c')
              .innerJoin('users as u', 'u.id', 'c.user_id')
              .select('c.user_id')
              .where('c.organization_id', '=', e.to)
              .whereRef('u.email', '=', 'f.email'),
          ),
          eb.exists(
            eb
              .selectFrom('seat_invitations as t')
              .select('t.id')
              .where('t.organization_id', '=', e.to)
              .whereRef('t.email', '=', 'f.email')
              .where('t.accepted_at', 'is', null)
              .where('t.cancelled_at', 'is', null),
          ),
        ]),
      )
      .execute();
    await trx
      .updateTable('login_requests as f')
      .set({ status: 'declined', decided_at: e.at, decided_by: e.actorUserId, decision_note: 'The organization was merged into another that has the same request.' })
      .where('f.organization_id', '=', e.from)
      .where('f.status', '=', 'pending')
      .where((eb) =>
        eb.exists(eb.selectFrom('login_requests as t').select('t.id').where('t.organization_id', '=', e.to).whereRef('t.email', '=', 'f.email').where('t.status', '=', 'pending')),
      )
      .execute();
    const i = await trx.updateTable('seat_invitations').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
    const r = await trx.updateTable('login_requests').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
    return { seat_invitations: Number(i.numUpdatedRows), login_requests: Number(r.numUpdatedRows) };
  },
};

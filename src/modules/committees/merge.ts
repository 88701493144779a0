// Merges: two accounts of one person (accounts' mergeAccounts) and a duplicate organization merged
// into another (records). A person's nominations and places move to the kept account; where the
// kept account already has a live nomination for the same seat and election, or a place in the same
// term, the merged account's one is set aside as declined (one person, one place). Organizations
// named on nominations and places follow the survivor.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { OrganizationMover } from '../../deps.js';

export async function moveCommitteeRows(trx: Transaction<DB>, e: { fromUserId: string; intoUserId: string }): Promise<void> {
  await trx
    .updateTable('committee_nominations as n')
    .set({ status: 'declined' })
    .where('n.nominee_user_id', '=', e.fromUserId)
    .where('n.status', '<>', 'declined')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('committee_nominations as k')
          .select('k.id')
          .whereRef('k.election_id', '=', 'n.election_id')
          .whereRef('k.seat_id', '=', 'n.seat_id')
          .where('k.nominee_user_id', '=', e.intoUserId)
          .where('k.status', '<>', 'declined'),
      ),
    )
    .execute();
  await trx.updateTable('committee_nominations').set({ nominee_user_id: e.intoUserId }).where('nominee_user_id', '=', e.fromUserId).execute();
  await trx.updateTable('committee_nominations').set({ nominated_by: e.intoUserId }).where('nominated_by', '=', e.fromUserId).execute();
  await trx
    .updateTable('committee_holders as h')
    .set({ status: 'declined' })
    .where('h.user_id', '=', e.fromUserId)
    .where('h.status', '<>', 'declined')
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('committee_holders as k').select('k.id').whereRef('k.term_id', '=', 'h.term_id').where('k.user_id', '=', e.intoUserId).where('k.status', '<>', 'declined')),
    )
    .execute();
  await trx.updateTable('committee_holders').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
  await trx.updateTable('committee_holders').set({ recorded_by: e.intoUserId }).where('recorded_by', '=', e.fromUserId).execute();
}

export const committeesMover: OrganizationMover = {
  module: 'committees',
  async count(db, organizationId) {
    const [n, h] = await Promise.all([
      db
        .selectFrom('committee_nominations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', organizationId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('committee_holders')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', organizationId)
        .executeTakeFirstOrThrow(),
    ]);
    return { committee_nominations: Number(n.n), committee_seats_held: Number(h.n) };
  },
  async move(trx, e) {
    const n = await trx.updateTable('committee_nominations').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
    const h = await trx.updateTable('committee_holders').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
    return { committee_nominations: Number(n.numUpdatedRows), committee_seats_held: Number(h.numUpdatedRows) };
  },
};

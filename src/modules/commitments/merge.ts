// A duplicate organization merged into another (records decides; organizationMerged runs this in
// the merge's transaction): its signatures follow it to the survivor. Where both had signed one
// commitment, the duplicate's signature is withdrawn (recorded as such), so that one stands.
import type { OrganizationMover } from '../../deps.js';

export const MERGE_REASON = 'Merged into another organization whose signature stands.';

export const commitmentsMover: OrganizationMover = {
  module: 'commitments',
  async count(db, organizationId) {
    const row = await db
      .selectFrom('commitment_signatures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return { commitment_signatures: Number(row.n) };
  },
  async move(trx, e) {
    await trx
      .updateTable('commitment_signatures')
      .set({ withdrawn_at: e.at, withdrawn_by: e.actorUserId, withdrawal_reason: MERGE_REASON })
      .where('organization_id', '=', e.from)
      .where('withdrawn_at', 'is', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('commitment_signatures as kept')
            .select('kept.id')
            .whereRef('kept.commitment_id', '=', 'commitment_signatures.commitment_id')
            .where('kept.organization_id', '=', e.to)
            .where('kept.withdrawn_at', 'is', null),
        ),
      )
      .execute();
    const moved = await trx.updateTable('commitment_signatures').set({ organization_id: e.to }).where('organization_id', '=', e.from).returning('id').execute();
    return { commitment_signatures: moved.length };
  },
};

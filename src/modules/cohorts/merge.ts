// Merges: two accounts of one person (accounts' mergeAccounts) and a duplicate organization merged
// into another (records). A person's applications, notes and files move to the kept account. One
// person applies once to a call: when both accounts applied to the same one, the merge is refused
// until staff decide which stands (an application may be selected, with its answers and scores).
// Applications made from a merged organization's seat follow the survivor.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { OrganizationMover } from '../../deps.js';
import { AppError } from '../../lib/errors.js';

export async function moveCohortRows(trx: Transaction<DB>, e: { fromUserId: string; intoUserId: string }): Promise<void> {
  const clash = await trx
    .selectFrom('cohort_applications as f')
    .innerJoin('cohort_applications as k', (j) => j.onRef('k.cohort_id', '=', 'f.cohort_id').on('k.user_id', '=', e.intoUserId))
    .innerJoin('cohorts as c', 'c.id', 'f.cohort_id')
    .select('c.title')
    .where('f.user_id', '=', e.fromUserId)
    .executeTakeFirst();
  if (clash) {
    throw new AppError('cohorts.merge_both_applied', {
      status: 409,
      message: `Both accounts applied to “${clash.title}”. Ask programs staff to decline one of the two applications, or merge after the call is decided.`,
    });
  }
  await trx.updateTable('cohort_applications').set({ user_id: e.intoUserId }).where('user_id', '=', e.fromUserId).execute();
  await trx.updateTable('cohort_notes').set({ author_user_id: e.intoUserId }).where('author_user_id', '=', e.fromUserId).execute();
  await trx.updateTable('cohort_files').set({ uploaded_by: e.intoUserId }).where('uploaded_by', '=', e.fromUserId).execute();
}

export const cohortsMover: OrganizationMover = {
  module: 'cohorts',
  async count(db, organizationId) {
    const n = await db
      .selectFrom('cohort_applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return { cohort_applications: Number(n.n) };
  },
  async move(trx, e) {
    const n = await trx.updateTable('cohort_applications').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
    return { cohort_applications: Number(n.numUpdatedRows) };
  },
};

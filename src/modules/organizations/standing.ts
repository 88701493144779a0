// Who is an elected official of a member organization in good standing (read-only): the seats a
// person holds with the duty 'elected' at an organization whose status is 'active' (not lapsed,
// suspended, cancelled or merged away). Programs (committees, cohorts) check eligibility with it.
import type { Db } from '../../db/client.js';

export interface ElectedSeat {
  organizationId: string;
  organizationName: string;
  title: string;
}

/** The person's elected seats at active member organizations, by organization name. */
export async function electedSeatsInGoodStanding(db: Db, userId: string): Promise<ElectedSeat[]> {
  const rows = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['o.id', 'o.name', 'c.title'])
    .where('c.user_id', '=', userId)
    .where('o.status', '=', 'active')
    .where('o.merged_into_id', 'is', null)
    .where((eb) => eb(eb.val('elected'), '=', eb.fn.any('c.duties')))
    .orderBy('o.name')
    .limit(50)
    .execute();
  return rows.map((r) => ({ organizationId: r.id, organizationName: r.name, title: r.title }));
}

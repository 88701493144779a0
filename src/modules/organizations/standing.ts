// Elected officials in good standing (O14): the seats a person holds with the duty 'elected' at an
// organization whose status is 'active'. Read-only; leadership cohorts, delegations and committee
// eligibility all ask the same question through this one function.
import type { Db } from '../../db/client.js';
import type { HeldSeat } from './seats.js';

/** The person's elected seats at active (not merged-away) organizations, by organization name. */
export async function electedSeatsInGoodStanding(db: Db, userId: string): Promise<HeldSeat[]> {
  const rows = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['o.id', 'o.name', 'c.role', 'c.title', 'c.duties'])
    .where('c.user_id', '=', userId)
    .where('o.status', '=', 'active')
    .where('o.merged_into_id', 'is', null)
    .where((eb) => eb(eb.val('elected'), '=', eb.fn.any('c.duties')))
    .orderBy('o.name')
    .limit(50)
    .execute();
  return rows.map((r) => ({ organizationId: r.id, organizationName: r.name, role: r.role, title: r.title, duties: r.duties }));
}

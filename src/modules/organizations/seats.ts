// The seats one person holds (read-only): the organizations they act for, with their access role,
// title and duties, for the pages that show a person where their things are (home, /account).
import type { Db } from '../../db/client.js';
import type { ContactDuty, OrgRole } from '../../db/types.js';

export interface HeldSeat {
  organizationId: string;
  organizationName: string;
  role: OrgRole;
  title: string;
  duties: ContactDuty[];
}

/** The person's seats, by organization name (merged-away organizations left out). */
export async function seatsHeldBy(db: Db, userId: string): Promise<HeldSeat[]> {
  const rows = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['o.id', 'o.name', 'c.role', 'c.title', 'c.duties'])
    .where('c.user_id', '=', userId)
    .where('o.merged_into_id', 'is', null)
    .orderBy('o.name')
    .limit(50)
    .execute();
  return rows.map((r) => ({ organizationId: r.id, organizationName: r.name, role: r.role, title: r.title, duties: r.duties }));
}

// What the staff People pages show of a person's individual membership: level, status, term and
// the eligibility check; never the salary, the answers or anything about Members in Transition.
import type { Db } from '../../db/client.js';

export interface PersonMembership {
  id: string;
  levelName: string;
  status: 'pending' | 'active' | 'lapsed' | 'ended';
  termStart: string | null;
  termEnd: string | null;
  verification: 'not_needed' | 'awaiting' | 'confirmed' | 'declined';
  createdAt: Date;
}

export async function personMemberships(db: Db, userId: string): Promise<PersonMembership[]> {
  const rows = await db
    .selectFrom('individual_memberships as m')
    .innerJoin('member_levels as l', 'l.id', 'm.level_id')
    .select(['m.id', 'l.name as levelName', 'm.status', 'm.term_start', 'm.term_end', 'm.verification', 'm.created_at'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    levelName: r.levelName,
    status: r.status,
    termStart: r.term_start,
    termEnd: r.term_end,
    verification: r.verification,
    createdAt: r.created_at,
  }));
}

/** The levels, for the People list's filter (archived ones too: people may still hold them). */
export function levelOptions(db: Db): Promise<Array<{ id: string; name: string }>> {
  return db.selectFrom('member_levels').select(['id', 'name']).orderBy('position').orderBy('name').execute();
}

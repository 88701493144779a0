// Whether a person is, today, a student or a faculty member of the association: an active
// individual membership at a level whose eligibility asks "full-time student" (the Student level)
// or "academic" (faculty). Read by student chapters (issue 17) to let people request and join.

import type { Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB } from '../../db/types.js';
import { seedRole } from '../accounts/index.js';

export interface AcademicStanding {
  /** an active membership at a student level */
  student: boolean;
  /** an active membership at an academic (faculty) level */
  faculty: boolean;
  /** a student-level membership that has not started yet (its invoice or its eligibility check
   * is outstanding), so the person is on their way to being a student member */
  studentPending: boolean;
  /** a lapsed student-level membership (renewing it makes the person a student member again) */
  studentLapsed: boolean;
  /** the name of the level of an active membership that is neither a student nor an academic one
   * (a manager, a retired member), or null */
  otherLevel: string | null;
}

export async function academicStanding(db: Db | Transaction<DB>, userId: string): Promise<AcademicStanding> {
  const rows = await db
    .selectFrom('individual_memberships as m')
    .innerJoin('member_levels as l', 'l.id', 'm.level_id')
    .select(['l.eligibility', 'l.name', 'm.status'])
    .where('m.user_id', '=', userId)
    .where('m.status', 'in', ['active', 'pending', 'lapsed'])
    .orderBy('m.created_at', 'desc')
    .limit(10)
    .execute();
  const isStudent = (r: (typeof rows)[number]) => r.eligibility?.student === true;
  const isAcademic = (r: (typeof rows)[number]) => r.eligibility?.academic === true;
  const active = rows.filter((r) => r.status === 'active');
  return {
    student: active.some(isStudent),
    faculty: active.some(isAcademic),
    studentPending: rows.some((r) => r.status === 'pending' && isStudent(r)),
    studentLapsed: rows.some((r) => r.status === 'lapsed' && isStudent(r)),
    otherLevel: active.find((r) => !isStudent(r) && !isAcademic(r))?.name ?? null,
  };
}

/** Demo data (issue 17's chapters): active Student memberships for these accounts, for a year from
 * `today` less four months, at the demo's Student level (seeded by seedIndividualsDemo first). */
export async function seedDemoStudentMemberships(trx: Transaction<DB>, userIds: string[], today: string): Promise<void> {
  const level = await trx.selectFrom('member_levels').select('id').where('slug', '=', 'student').executeTakeFirst();
  if (!level || userIds.length === 0) return;
  const start = new Date(Date.parse(`${today}T00:00:00Z`) - 120 * 86_400_000);
  const end = new Date(start.getTime() + 364 * 86_400_000);
  await trx
    .insertInto('individual_memberships')
    .values(
      userIds.map((user_id) => ({
        user_id,
        level_id: level.id,
        status: 'active' as const,
        term_start: start.toISOString().slice(0, 10),
        term_end: end.toISOString().slice(0, 10),
        quoted_cents: 0,
        answers: JSON.stringify({ student: true }),
        verification: 'confirmed' as const,
        activated_at: start,
      })),
    )
    .execute();
  // an active membership holds the member role, as one settled through billing does
  for (const userId of userIds) await seedRole(trx, userId, 'member');
}

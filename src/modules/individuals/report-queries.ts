// Counts of individual members for the reports module (issue 21, P4): by level now, and on given
// days. Read-only; the reports module calls them through index.ts.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';

/** Every level in its order, with the people who hold an active membership of it (each once). */
export async function activeMembersByLevel(db: Db): Promise<Array<{ key: string; label: string; count: number }>> {
  const rows = await db
    .selectFrom('member_levels as l')
    .leftJoin('individual_memberships as im', (j) => j.onRef('im.level_id', '=', 'l.id').on('im.status', '=', 'active'))
    .select(['l.slug as key', 'l.name as label', sql<number>`count(distinct im.user_id)::int`.as('count')])
    .groupBy(['l.id', 'l.slug', 'l.name', 'l.position'])
    .orderBy('l.position')
    .orderBy('l.name')
    .execute();
  return rows.map((l) => ({ key: l.key, label: l.label, count: Number(l.count) }));
}

/** People with an active individual membership (each once). */
export async function countActiveIndividualMembers(db: Db): Promise<number> {
  const row = await db.selectFrom('individual_memberships').where('status', '=', 'active').select(sql<number>`count(distinct user_id)::int`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** On each day: the people with an individual membership, not pending, whose term covers it. */
export async function individualMembersOn(db: Db, days: readonly string[]): Promise<Map<string, number>> {
  if (days.length === 0) return new Map();
  const values = sql.join(
    days.map((d) => sql`(cast(${d} as date))`),
    sql`, `,
  );
  const res = await sql<{ day: string; n: number }>`
    select d.day::text as day,
      (select count(distinct im.user_id)::int from individual_memberships im
        where im.status <> 'pending' and im.term_start <= d.day and im.term_end >= d.day) as n
    from (values ${values}) as d(day)`.execute(db);
  return new Map(res.rows.map((r) => [String(r.day), Number(r.n)]));
}

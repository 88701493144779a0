// Counts of individual members for the reports module (issue 21, P4): by level now, and on given
// days. Read-only; the reports module calls them through index.ts.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { type CohortRow, cohortRows } from '../../lib/cohorts.js';
import { billingSettings, periodFormat, type RenewalOutcomeRow } from '../billing/index.js';

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

/** The outcomes of individual memberships' terms that came due from `from` to `to` (days,
 * inclusive), by the month or year of their last day: the same meaning as billing's
 * `organizationRenewalOutcomes` (a term's end is each live renewal invoice's period start less a
 * day, and the membership's current term end; renewed when the term now ends after it, after a
 * lapse when its renewal's first payment came after the grace period). Individual memberships are
 * never suspended or cancelled: `ended` counts the ended ones (an ethics bar, a rejoin). */
export async function individualRenewalOutcomes(db: Db, q: { from: string; to: string; interval: 'year' | 'month' }): Promise<RenewalOutcomeRow[]> {
  const { grace_days } = await billingSettings(db);
  const res = await sql<RenewalOutcomeRow>`
    with ends as (
      select i.individual_membership_id as id, i.period_start - 1 as term_end from invoices i
        where i.individual_membership_id is not null and i.purpose = 'renewal' and i.status not in ('draft', 'void')
          and i.period_start - 1 between cast(${q.from} as date) and cast(${q.to} as date)
      union
      select im.id, im.term_end from individual_memberships im
        where im.status <> 'pending' and im.term_end between cast(${q.from} as date) and cast(${q.to} as date)
    ), terms as (
      select e.term_end, im.status, im.term_end as now_end,
        (select min(p.received_on) from invoices i join payments p on p.invoice_id = i.id
          where i.individual_membership_id = e.id and i.purpose = 'renewal' and i.status not in ('draft', 'void')
            and i.period_start = e.term_end + 1 and p.amount_cents > 0) as renewed_on
      from ends e join individual_memberships im on im.id = e.id
    )
    select to_char(term_end, ${periodFormat(q.interval)}) as period, count(*)::int as due,
      count(*) filter (where now_end > term_end and (renewed_on is null or renewed_on <= term_end + ${grace_days}::int))::int as renewed,
      count(*) filter (where now_end > term_end and renewed_on > term_end + ${grace_days}::int)::int as reinstated,
      count(*) filter (where now_end <= term_end and status = 'lapsed')::int as lapsed,
      count(*) filter (where now_end <= term_end and status = 'active')::int as waiting,
      count(*) filter (where now_end <= term_end and status not in ('lapsed', 'active'))::int as ended
    from terms group by 1 order by 1`.execute(db);
  return res.rows.map((r) => ({
    period: r.period,
    due: Number(r.due),
    renewed: Number(r.renewed),
    reinstated: Number(r.reinstated),
    lapsed: Number(r.lapsed),
    waiting: Number(r.waiting),
    ended: Number(r.ended),
  }));
}

/** Cohorts by join year (the year a person's first term, not pending, began), for the join years
 * of `days`: each cohort's size and, on each of `days` (year-ends, the last maybe the range's end)
 * not before the cohort's year, how many of its people held an individual membership, not
 * pending, whose term covered the day. */
export async function individualCohorts(db: Db, days: readonly string[]): Promise<CohortRow[]> {
  return cohortRows(
    db,
    days,
    sql`select user_id as who, min(term_start) as joined from individual_memberships where status <> 'pending' and term_start is not null group by 1`,
    (day) => sql`exists (select 1 from individual_memberships im where im.user_id = f.who and im.status <> 'pending' and im.term_start <= ${day} and im.term_end >= ${day})`,
  );
}

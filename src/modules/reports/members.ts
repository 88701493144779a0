// The members report's figures: member organizations now (by entity type, state and population
// band), individual members now (by level), and both at each year-end or month-end of a range.
// Reads the shared, read-only tables `organizations` and `memberships` (organizations' README:
// every module may read them); individual members come from the individuals module's counts.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { ENTITY_TYPES } from '../../db/types.js';
import { activeMembersByLevel, countActiveIndividualMembers, individualMembersOn } from '../individuals/index.js';
import { ENTITY_TYPE_LABELS, POPULATION_BANDS } from '../organizations/index.js';

/** The report's bands are organizations' population bands (fixed, so that figures compare from
 * year to year whatever the dues schedule's bands), and this group for the rest. A group's key is
 * its label, as the members API (v1) has always answered. */
export const UNKNOWN_BAND = 'Population not known';

export interface Group {
  key: string;
  label: string;
  count: number;
}

export interface CurrentMembers {
  asOf: string;
  organizations: number;
  individuals: number;
  byEntityType: Group[];
  byState: Group[];
  byPopulationBand: Group[];
  byLevel: Group[];
}

const bandSql = sql<string>`case ${sql.join(
  POPULATION_BANDS.map(({ label, min, max }) =>
    max === null ? sql`when o.population >= ${sql.lit(min)} then ${sql.lit(label)}` : sql`when o.population between ${sql.lit(min)} and ${sql.lit(max)} then ${sql.lit(label)}`,
  ),
  sql` `,
)} else ${sql.lit(UNKNOWN_BAND)} end`;

/** Members now: organizations with an active membership, individuals with an active individual
 * membership (the modules' own meaning of "active": paid for the current term, or in its grace). */
export async function currentMembers(db: Db, asOf: string): Promise<CurrentMembers> {
  const activeOrgs = db
    .selectFrom('organizations as o')
    .where((eb) => eb.exists(eb.selectFrom('memberships as m').select('m.id').whereRef('m.organization_id', '=', 'o.id').where('m.status', '=', 'active')));
  const [types, states, bands, levels] = await Promise.all([
    activeOrgs
      .select(['o.entity_type as key', sql<number>`count(*)::int`.as('count')])
      .groupBy('o.entity_type')
      .execute(),
    activeOrgs
      .select(['o.state as key', sql<number>`count(*)::int`.as('count')])
      .groupBy('o.state')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('o.state')
      .execute(),
    activeOrgs
      .select([bandSql.as('key'), sql<number>`count(*)::int`.as('count')])
      .groupBy(sql`1`)
      .execute(),
    activeMembersByLevel(db),
  ]);
  const typeCount = new Map(types.map((t) => [t.key, Number(t.count)]));
  const bandCount = new Map(bands.map((b) => [b.key, Number(b.count)]));
  const byEntityType = ENTITY_TYPES.map((t) => ({ key: t, label: ENTITY_TYPE_LABELS[t], count: typeCount.get(t) ?? 0 }));
  const byPopulationBand = [...POPULATION_BANDS.map((b) => b.label), UNKNOWN_BAND].map((label) => ({ key: label, label, count: bandCount.get(label) ?? 0 }));
  const byState = states.map((s) => ({ key: s.key, label: s.key, count: Number(s.count) }));
  const byLevel = levels;
  const individuals = await countActiveIndividualMembers(db);
  return {
    asOf,
    organizations: byEntityType.reduce((s, g) => s + g.count, 0),
    individuals,
    byEntityType,
    byState,
    byPopulationBand,
    byLevel,
  };
}

export type Interval = 'year' | 'month';
export const MAX_POINTS = 240;

/** The days of the series: each year-end (31 December) or month-end from `from` to `to`, and
 * `to` itself last when it is not one (the range's figures "as of" its end). */
export function pointsOf(from: string, to: string, interval: Interval): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = interval === 'year' ? 12 : Number(from.slice(5, 7));
  for (;;) {
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    if (last > to) break;
    if (last >= from) out.push(last);
    if (out.length > MAX_POINTS) break;
    if (interval === 'year') y += 1;
    else if (m === 12) {
      y += 1;
      m = 1;
    } else m += 1;
  }
  if (out[out.length - 1] !== to) out.push(to);
  return out;
}

export interface MembersAt {
  on: string;
  organizations: number;
  individuals: number;
}

/**
 * Members on each day: an organization counts when one of its memberships, not pending, has a
 * term that covers the day and had not been suspended or cancelled by then (`status_changed_at`);
 * a person counts when an individual membership, not pending, has a term that covers the day.
 * A renewal extends a membership's term in place, so a membership that lapsed and was reinstated
 * counts through its gap too (the tables keep no history of the gap).
 */
export async function membersOverTime(db: Db, days: readonly string[]): Promise<MembersAt[]> {
  if (days.length === 0) return [];
  const values = sql.join(
    days.map((d) => sql`(cast(${d} as date))`),
    sql`, `,
  );
  const res = await sql<{ day: string; organizations: number }>`
    select d.day::text as day,
      (select count(distinct m.organization_id)::int from memberships m
        where m.status <> 'pending' and m.term_start <= d.day and m.term_end >= d.day
          and not (m.status in ('suspended', 'cancelled') and m.status_changed_at is not null and cast(m.status_changed_at as date) <= d.day)) as organizations
    from (values ${values}) as d(day)
    order by d.day`.execute(db);
  const people = await individualMembersOn(db, days);
  return res.rows.map((r) => ({ on: String(r.day), organizations: Number(r.organizations), individuals: people.get(String(r.day)) ?? 0 }));
}

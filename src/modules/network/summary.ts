// The network's kept summaries (migration 0039): impact figures and current members by state,
// maintained by triggers on memberships and organizations in the transaction of each change, so
// reading them costs a few rows at any scale. `rebuildNetworkSummary` recomputes them from
// scratch (after a bulk load, which sets `civnet.bulk_load = 'on'` so the triggers stand aside).
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { Deps } from '../../deps.js';

export interface ImpactFigures {
  foundedYear: number;
  communitiesServed: number;
  currentMembers: number;
  statesCovered: number;
}

export interface StateCount {
  /** current members, listed or not */
  members: number;
  /** of them, listed by name */
  listed: number;
}

/** Recomputes the summaries from the source tables (a bulk loader calls it after its load). */
export async function rebuildNetworkSummary(db: Db): Promise<void> {
  await sql`select network_summary_rebuild()`.execute(db);
}

/** The kept figures (communities served, current members, states with members). */
export async function keptFigures(db: Db, foundedYear: number): Promise<ImpactFigures> {
  const row = await db
    .selectFrom('network_figures as f')
    .select([
      'f.communities_served',
      'f.current_members',
      (eb) => eb.selectFrom('network_member_counts as c').select(sql<number>`count(*)::int`.as('n')).where('c.members', '>', 0).as('states'),
    ])
    .where('f.id', '=', 1)
    .executeTakeFirst();
  return { foundedYear, communitiesServed: row?.communities_served ?? 0, currentMembers: row?.current_members ?? 0, statesCovered: Number(row?.states ?? 0) };
}

/** The kept current members per state (only states with members), by state. */
export async function keptCountsByState(db: Db): Promise<Map<string, StateCount>> {
  const rows = await db.selectFrom('network_member_counts').select(['state', 'members', 'listed']).where('members', '>', 0).orderBy('state').execute();
  return new Map(rows.map((r) => [r.state, { members: r.members, listed: r.listed }]));
}

/** The impact figures through this process's summary cache (home page, /network, the stats API). */
export async function networkFigures(deps: Pick<Deps, 'db' | 'association' | 'summaries'>): Promise<ImpactFigures> {
  const { founded_year } = await deps.association.get();
  return deps.summaries.get(`network:figures:${founded_year}`, () => keptFigures(deps.db, founded_year));
}

/** The kept counts by state through the summary cache. */
export function networkCountsByState(deps: Pick<Deps, 'db' | 'summaries'>): Promise<Map<string, StateCount>> {
  return deps.summaries.get('network:counts', () => keptCountsByState(deps.db));
}

// The network (O10): impact figures, current members by state, the public listing with its
// filters and keyset pages, one organization's public page, and the change of an organization's
// network profile. Opted-out organizations (`listed = false`) are counted but never named or
// placed. Knows nothing of HTTP.
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB, EntityType } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { foldedContains } from '../../lib/search-text.js';
import { isUuid } from '../../lib/validators.js';
import { type PopulationBandKey, populationBandOf, updateOrganizationListing } from '../organizations/index.js';
import { pathwaysOfOrganizations, setOrganizationPathways } from '../pathways/index.js';

export interface NetworkFilter {
  state?: string;
  type?: EntityType;
  pathway?: string;
  populationMin?: number;
  populationMax?: number;
  q?: string;
}

export interface ListedMember {
  id: string;
  slug: string;
  name: string;
  entityType: EntityType;
  state: string;
  populationBand: PopulationBandKey | null;
  /** the public website, or '' */
  website: string;
  memberSince: string | null;
  latitude: number | null;
  longitude: number | null;
  pathways: Array<{ slug: string; name: string }>;
}

type Eb = ExpressionBuilder<DB & { o: DB['organizations'] }, 'o'>;

/** A current member: an organization with an active membership. */
export const isCurrentMember = (eb: Eb) =>
  eb.exists(eb.selectFrom('memberships as m').select(sql`1`.as('one')).whereRef('m.organization_id', '=', 'o.id').where('m.status', '=', 'active'));

function applyFilter<O>(q: SelectQueryBuilder<DB & { o: DB['organizations'] }, 'o', O>, f: NetworkFilter) {
  let out = q.where(isCurrentMember);
  if (f.state) out = out.where('o.state', '=', f.state);
  if (f.type) out = out.where('o.entity_type', '=', f.type);
  if (f.populationMin !== undefined) out = out.where('o.population', '>=', f.populationMin);
  if (f.populationMax !== undefined) out = out.where('o.population', '<=', f.populationMax);
  if (f.q) out = out.where(foldedContains('o.name', f.q));
  const slug = f.pathway;
  if (slug)
    out = out.where((eb) =>
      eb.exists(
        eb
          .selectFrom('organization_pathways as op')
          .innerJoin('pathways as p', 'p.id', 'op.pathway_id')
          .select(sql`1`.as('one'))
          .whereRef('op.organization_id', '=', 'o.id')
          .where('p.slug', '=', slug)
          .where('p.archived_at', 'is', null),
      ),
    );
  return out;
}

/** Current members per state under the filter, listed or not, counted now (a filtered page; the
 * unfiltered counts are kept: summary.ts). */
export async function countsByState(db: Db, f: NetworkFilter): Promise<Record<string, number>> {
  const rows = await applyFilter(db.selectFrom('organizations as o'), f)
    .select(['o.state', sql<number>`count(*)::int`.as('n')])
    .groupBy('o.state')
    .orderBy('o.state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

export interface Cursor {
  state: string;
  name: string;
  id: string;
}

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.state, c.name, c.id])).toString('base64url');

export function decodeCursor(raw: string): Cursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'string')) return null;
    const [state, name, id] = v as [string, string, string];
    if (!/^[A-Z]{2}$/.test(state) || !isUuid(id)) return null;
    return { state, name, id };
  } catch {
    return null;
  }
}

const memberSince = (eb: Eb) =>
  eb.selectFrom('memberships as m').select(sql<string | null>`min(m.term_start)::text`.as('since')).whereRef('m.organization_id', '=', 'o.id').as('member_since');
const MEMBER_COLUMNS = ['o.id', 'o.slug', 'o.name', 'o.entity_type', 'o.state', 'o.population', 'o.website', 'o.latitude', 'o.longitude'] as const;

interface MemberRow {
  id: string;
  slug: string;
  name: string;
  entity_type: EntityType;
  state: string;
  population: number | null;
  website: string;
  latitude: number | null;
  longitude: number | null;
  member_since: string | null;
}

async function withPathways(db: Db, rows: MemberRow[]): Promise<ListedMember[]> {
  const pathways = await pathwaysOfOrganizations(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    entityType: r.entity_type,
    state: r.state,
    populationBand: populationBandOf(r.population),
    website: r.website,
    memberSince: r.member_since,
    latitude: r.latitude,
    longitude: r.longitude,
    pathways: (pathways.get(r.id) ?? []).map((p) => ({ slug: p.slug, name: p.name })),
  }));
}

/** Listed current members under the filter, in (state, name, id) order, after the cursor. */
export async function listListedMembers(db: Db, f: NetworkFilter, opts: { after?: Cursor | null; limit: number }): Promise<{ members: ListedMember[]; next: Cursor | null }> {
  let q = applyFilter(db.selectFrom('organizations as o'), f)
    .where('o.listed', '=', true)
    .select([...MEMBER_COLUMNS, memberSince]);
  const after = opts.after;
  if (after) q = q.where(sql<boolean>`(o.state, o.name, o.id) > (${after.state}, ${after.name}, ${after.id}::uuid)`);
  const rows = await q
    .orderBy('o.state')
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(opts.limit + 1)
    .execute();
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return { members: await withPathways(db, page), next: rows.length > opts.limit && last ? { state: last.state, name: last.name, id: last.id } : null };
}

/** Listed current members under the filter, counted now (a filtered page's number of pages). */
export async function countListed(db: Db, f: NetworkFilter): Promise<number> {
  const row = await applyFilter(db.selectFrom('organizations as o'), f).where('o.listed', '=', true).select(sql<number>`count(*)::int`.as('n')).executeTakeFirst();
  return row?.n ?? 0;
}

/** One page of listed current members under the filter, in (state, name, id) order. */
export async function listMembersPage(db: Db, f: NetworkFilter, opts: { offset: number; limit: number }): Promise<ListedMember[]> {
  const rows = await applyFilter(db.selectFrom('organizations as o'), f)
    .where('o.listed', '=', true)
    .select([...MEMBER_COLUMNS, memberSince])
    .orderBy('o.state')
    .orderBy('o.name')
    .orderBy('o.id')
    .offset(opts.offset)
    .limit(opts.limit)
    .execute();
  return withPathways(db, rows);
}

/** At most this many points are drawn (the largest members first): at national scale every point
 * would make the page hundreds of kilobytes; the state shading and the table still count everyone. */
export const MAP_POINT_LIMIT = 200;

/** Listed current members with coordinates under the filter: the map's points. */
export async function mapPoints(db: Db, f: NetworkFilter): Promise<Array<{ name: string; latitude: number; longitude: number }>> {
  const rows = await applyFilter(db.selectFrom('organizations as o'), f)
    .where('o.listed', '=', true)
    .where('o.latitude', 'is not', null)
    .where('o.longitude', 'is not', null)
    .select(['o.name', 'o.latitude', 'o.longitude'])
    .orderBy('o.population', 'desc')
    .orderBy('o.id')
    .limit(MAP_POINT_LIMIT)
    .execute();
  return rows.flatMap((r) => (r.latitude !== null && r.longitude !== null ? [{ name: r.name, latitude: r.latitude, longitude: r.longitude }] : []));
}

/** A listed current member by slug, or null (unlisted, not a current member, or unknown). */
export async function publicMember(db: Db, slug: string): Promise<ListedMember | null> {
  const row = await applyFilter(db.selectFrom('organizations as o'), {})
    .where('o.slug', '=', slug)
    .where('o.listed', '=', true)
    .select([...MEMBER_COLUMNS, memberSince])
    .executeTakeFirst();
  if (!row) return null;
  const [member] = await withPathways(db, [row]);
  return member ?? null;
}

/** Changes the organization's network profile (listing, website, time zone, pathways), audited as
 * `network.profile_updated` with the values before and after. */
export async function updateOrganizationProfile(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { organizationId: string; actorUserId: string; requestId?: string; listed: boolean; pathwayIds: string[]; website: string; timeZone?: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    // Locks the organization's row first: concurrent changes of the profile wait for this one.
    const { before, after } = await updateOrganizationListing(trx, {
      organizationId: input.organizationId,
      listed: input.listed,
      website: input.website,
      timeZone: input.timeZone,
    });
    const beforePathways = (await pathwaysOfOrganizations(trx, [input.organizationId])).get(input.organizationId)?.map((p) => p.slug) ?? [];
    await setOrganizationPathways(trx, input.organizationId, input.pathwayIds);
    const afterPathways = (await pathwaysOfOrganizations(trx, [input.organizationId])).get(input.organizationId)?.map((p) => p.slug) ?? [];
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'network.profile_updated',
      entityType: 'organization',
      entityId: input.organizationId,
      before: { ...before, pathways: beforePathways },
      after: { ...after, pathways: afterPathways },
      requestId: input.requestId,
    });
  });
}

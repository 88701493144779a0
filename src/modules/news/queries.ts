// The read SQL of news: live posts a page at a time (optionally of one pathway), one post by its
// web address or id, the staff list, the stories featuring an organization, and the member
// organizations that may be featured. "Live" is publishing's `liveWhere`: published, or scheduled
// and its time has come. Reads of others: `pathways`, `organizations` (shared, read-only).
import type { Db } from '../../db/client.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import { isUuid } from '../../lib/validators.js';
import { liveWhere, type PublishState } from '../publishing/index.js';

export interface PostPathway {
  id: string;
  slug: string;
  name: string;
}

export interface FeaturedOrganization {
  id: string;
  slug: string;
  name: string;
  /** a current member that chose to be listed: only then is it named and linked in public */
  listed: boolean;
}

export interface NewsPost {
  id: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  author_name: string;
  author_user_id: string | null;
  audience: 'everyone' | 'members';
  state: PublishState;
  publish_at: Date | null;
  preview_hash: string | null;
  created_at: Date;
  updated_at: Date;
  featured: FeaturedOrganization | null;
  pathways: PostPathway[];
}

/** A post in a list: everything but its body and preview hash. */
export type ListedPost = Omit<NewsPost, 'body' | 'preview_hash'>;

const LIST_COLUMNS = [
  'p.id',
  'p.slug',
  'p.title',
  'p.summary',
  'p.author_name',
  'p.author_user_id',
  'p.audience',
  'p.state',
  'p.publish_at',
  'p.created_at',
  'p.updated_at',
  'p.featured_organization_id',
] as const;

async function pathwaysOf(db: Db, ids: string[]): Promise<Map<string, PostPathway[]>> {
  const out = new Map<string, PostPathway[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('news_post_pathways as np')
    .innerJoin('pathways as w', 'w.id', 'np.pathway_id')
    .select(['np.post_id', 'w.id', 'w.slug', 'w.name'])
    .where('np.post_id', 'in', ids)
    .orderBy('w.position')
    .orderBy('w.name')
    .execute();
  for (const r of rows) out.set(r.post_id, [...(out.get(r.post_id) ?? []), { id: r.id, slug: r.slug, name: r.name }]);
  return out;
}

async function organizationsOf(db: Db, ids: Array<string | null>): Promise<Map<string, FeaturedOrganization>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('organizations').select(['id', 'slug', 'name', 'listed', 'status', 'merged_into_id']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, slug: r.slug, name: r.name, listed: r.listed && r.status === 'active' && r.merged_into_id === null }]));
}

type Row = { id: string; featured_organization_id: string | null };
async function complete<T extends Row>(
  db: Db,
  rows: T[],
): Promise<Array<Omit<T, 'featured_organization_id'> & { featured: FeaturedOrganization | null; pathways: PostPathway[] }>> {
  const [pathways, orgs] = await Promise.all([
    pathwaysOf(
      db,
      rows.map((r) => r.id),
    ),
    organizationsOf(
      db,
      rows.map((r) => r.featured_organization_id),
    ),
  ]);
  return rows.map(({ featured_organization_id, ...r }) => ({
    ...r,
    featured: featured_organization_id ? (orgs.get(featured_organization_id) ?? null) : null,
    pathways: pathways.get(r.id) ?? [],
  }));
}

/** Live posts, newest first, a page at a time; `total` counts them all. */
export async function listLivePosts(db: Db, f: { now: Date; pathway?: string; page: number; limit: number }): Promise<{ posts: ListedPost[]; total: number }> {
  let q = db.selectFrom('news_posts as p').where(liveWhere(f.now));
  if (f.pathway) {
    const slug = f.pathway;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('news_post_pathways as np')
          .innerJoin('pathways as w', 'w.id', 'np.pathway_id')
          .select('np.post_id')
          .whereRef('np.post_id', '=', 'p.id')
          .where('w.slug', '=', slug),
      ),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .select(LIST_COLUMNS)
      .orderBy('p.publish_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(f.limit)
      .offset((f.page - 1) * f.limit)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { posts: (await complete(db, rows)) as ListedPost[], total: Number(count.n) };
}

/** One post by its web address, whatever its state (the routes decide who sees it). */
export async function postBySlug(db: Db, slug: string): Promise<NewsPost | null> {
  const row = await db
    .selectFrom('news_posts as p')
    .select([...LIST_COLUMNS, 'p.body', 'p.preview_hash'])
    .where('p.slug', '=', slug)
    .executeTakeFirst();
  return row ? (((await complete(db, [row]))[0] as NewsPost | undefined) ?? null) : null;
}

export async function postById(db: Db, id: string): Promise<NewsPost | null> {
  if (!isUuid(id)) return null;
  const row = await db
    .selectFrom('news_posts as p')
    .select([...LIST_COLUMNS, 'p.body', 'p.preview_hash'])
    .where('p.id', '=', id)
    .executeTakeFirst();
  return row ? (((await complete(db, [row]))[0] as NewsPost | undefined) ?? null) : null;
}

/** Every post for communications staff, latest change first, optionally in one state. */
export async function listPostsForStaff(db: Db, f: { state?: PublishState; page: number; limit: number }): Promise<{ posts: ListedPost[]; total: number }> {
  let q = db.selectFrom('news_posts as p');
  if (f.state) q = q.where('p.state', '=', f.state);
  const [rows, count] = await Promise.all([
    q
      .select(LIST_COLUMNS)
      .orderBy('p.updated_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(f.limit)
      .offset((f.page - 1) * f.limit)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { posts: (await complete(db, rows)) as ListedPost[], total: Number(count.n) };
}

/** The live stories featuring an organization, newest first. */
export async function storiesFeaturing(db: Db, organizationId: string, now: Date, limit = 10) {
  return db
    .selectFrom('news_posts')
    .select(['slug', 'title', 'summary', 'audience', 'publish_at'])
    .where('featured_organization_id', '=', organizationId)
    .where(liveWhere(now))
    .orderBy('publish_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** A member organization that may be featured: current (active), listed on the network, by the
 * web address of its network page. */
export async function featurableOrganization(db: Db, slug: string) {
  return db
    .selectFrom('organizations')
    .select(['id', 'slug', 'name'])
    .where('slug', '=', slug)
    .where('status', '=', 'active')
    .where('listed', '=', true)
    .where('merged_into_id', 'is', null)
    .executeTakeFirst();
}

/** The staff account's name (for the revision history and the author field's default). */
export async function userName(db: Db, userId: string | null): Promise<string> {
  if (!userId) return 'System';
  const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return row?.name ?? 'Former staff';
}

/** news posts by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const newsPostNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('news_posts').select(['id', 'title']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('News story', r.title), href: `/staff/news/${r.id}` }]));
};

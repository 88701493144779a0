// The read SQL of resources: one resource (public, by its web address; staff, by id), the staff
// list, topic pages, and a resource's file. Search is search.ts.
import { type Kysely, sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB, ResourcesTable, ResourceTopicsTable } from '../../db/types.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import { isUuid } from '../../lib/validators.js';
import { liveWhere } from '../publishing/index.js';

type Executor = Db | Kysely<DB>;

export interface ResourceRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  type: ResourcesTable['type'];
  audience: 'everyone' | 'members';
  year: number;
  link_url: string | null;
  pathway_ids: string[];
  topic_ids: string[];
  state: ResourcesTable['state'];
  publish_at: Date | null;
  published_at: Date | null;
  preview_hash: string | null;
  download_count: number;
  created_at: Date;
  updated_at: Date;
  file: { filename: string; content_type: string; size_bytes: number } | null;
}

const COLUMNS = [
  'r.id',
  'r.slug',
  'r.title',
  'r.summary',
  'r.body',
  'r.type',
  'r.audience',
  'r.year',
  'r.link_url',
  'r.pathway_ids',
  'r.topic_ids',
  'r.state',
  'r.publish_at',
  'r.published_at',
  'r.preview_hash',
  'r.download_count',
  'r.created_at',
  'r.updated_at',
  'f.filename',
  'f.content_type',
  'f.size_bytes',
] as const;

function base(db: Executor) {
  return db.selectFrom('resources as r').leftJoin('resource_files as f', 'f.resource_id', 'r.id').select(COLUMNS);
}

type Raw = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;
const toRow = (r: Raw): ResourceRow => ({
  ...r,
  file: r.filename && r.content_type && r.size_bytes !== null ? { filename: r.filename, content_type: r.content_type, size_bytes: r.size_bytes } : null,
});

/** A live resource by its web address (drafts, archived and not-yet-due scheduled ones: none). */
export async function liveResourceBySlug(db: Executor, slug: string, now: Date): Promise<ResourceRow | null> {
  const r = await base(db).where('r.slug', '=', slug).where(liveWhere(now)).executeTakeFirst();
  return r ? toRow(r) : null;
}

/** Any resource by its web address, whatever its state (for a preview link, which is checked by the caller). */
export async function resourceBySlug(db: Executor, slug: string): Promise<ResourceRow | null> {
  const r = await base(db).where('r.slug', '=', slug).executeTakeFirst();
  return r ? toRow(r) : null;
}

export async function resourceById(db: Executor, id: string): Promise<ResourceRow | null> {
  if (!isUuid(id)) return null;
  const r = await base(db).where('r.id', '=', id).executeTakeFirst();
  return r ? toRow(r) : null;
}

export async function resourceFile(db: Executor, resourceId: string) {
  return db.selectFrom('resource_files').select(['filename', 'content_type', 'size_bytes', 'content']).where('resource_id', '=', resourceId).executeTakeFirst();
}

export interface StaffListed {
  id: string;
  slug: string;
  title: string;
  type: ResourcesTable['type'];
  audience: 'everyone' | 'members';
  state: ResourcesTable['state'];
  publish_at: Date | null;
  download_count: number;
  updated_at: Date;
}

/** The staff list: newest changes first, a page at a time (one more row says there is a next page). */
export async function listResourcesForStaff(db: Executor, o: { state?: ResourcesTable['state']; page: number; size: number }): Promise<{ items: StaffListed[]; hasNext: boolean }> {
  let q = db.selectFrom('resources').select(['id', 'slug', 'title', 'type', 'audience', 'state', 'publish_at', 'download_count', 'updated_at']);
  if (o.state) q = q.where('state', '=', o.state);
  const rows = await q
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(o.size + 1)
    .offset((o.page - 1) * o.size)
    .execute();
  return { items: rows.slice(0, o.size), hasNext: rows.length > o.size };
}

// ---- topic pages

export type TopicRow = Pick<ResourceTopicsTable, 'slug' | 'name' | 'introduction' | 'state' | 'publish_at' | 'preview_hash'> & { id: string; updated_at: Date };

const TOPIC_COLUMNS = ['id', 'slug', 'name', 'introduction', 'state', 'publish_at', 'preview_hash', 'updated_at'] as const;

/** Topic pages that are live, by name. */
export async function liveTopics(db: Executor, now: Date): Promise<TopicRow[]> {
  return db.selectFrom('resource_topics').select(TOPIC_COLUMNS).where(liveWhere(now)).orderBy('name').execute();
}

export async function allTopics(db: Executor): Promise<TopicRow[]> {
  return db.selectFrom('resource_topics').select(TOPIC_COLUMNS).orderBy('name').execute();
}

export async function topicBySlug(db: Executor, slug: string): Promise<TopicRow | null> {
  return (await db.selectFrom('resource_topics').select(TOPIC_COLUMNS).where('slug', '=', slug).executeTakeFirst()) ?? null;
}

export async function topicById(db: Executor, id: string): Promise<TopicRow | null> {
  if (!isUuid(id)) return null;
  return (await db.selectFrom('resource_topics').select(TOPIC_COLUMNS).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** How many resources (any state) each topic collects. */
export async function topicSizes(db: Executor): Promise<Map<string, number>> {
  const rows = await sql<{ id: string; n: number }>`select unnest(topic_ids) as id, count(*)::int as n from resources group by 1`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r.n]));
}

/** resources by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const resourceNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('resources').select(['id', 'title']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Resource', r.title), href: `/staff/resources/${r.id}` }]));
};

/** resource topics by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const resourceTopicNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('resource_topics').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Topic page', r.name), href: `/staff/resources/topics/${r.id}` }]));
};

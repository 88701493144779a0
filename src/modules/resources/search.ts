// Resource search (C5): PostgreSQL full text (title A, summary B, body C; english stemming, so
// "plans" finds "planning"), filtered by type, topic, pathway and year, with the facets' counts over
// the same matches, a highlighted passage per result and a page of results — all in one statement.
// When the words match nothing, a second statement looks for titles close to them (pg_trgm word
// similarity, for typos): a fuzzy match over every title costs ten times a word match, so it is
// only paid when it is needed.
//
// Audience: a viewer who may not read members-only resources searches `search_open`, where such a
// resource has only its title and summary, and its passage comes from its summary: the words of
// its body never match, rank or show.

import type { Kysely, Transaction } from 'kysely';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB, ResourceType } from '../../db/types.js';

export interface SearchFilter {
  q?: string;
  type?: ResourceType;
  topicId?: string;
  pathwayId?: string;
  year?: number;
  sort: 'relevance' | 'date';
  page: number;
  limit: number;
}

export interface SearchHit {
  id: string;
  slug: string;
  title: string;
  summary: string;
  type: ResourceType;
  year: number;
  audience: 'everyone' | 'members';
  publishedAt: Date | null;
  pathwayIds: string[];
  topicIds: string[];
  /** the passage, with the matched words between MARK_START and MARK_END */
  passage: string;
  teaser: boolean;
}

export interface FacetCounts {
  type: Map<string, number>;
  year: Map<string, number>;
  topic: Map<string, number>;
  pathway: Map<string, number>;
}

export interface SearchResult {
  hits: SearchHit[];
  facets: FacetCounts;
  total: number;
  hasNext: boolean;
}

/** Marks around the matched words in a passage: private-use characters, removed from the text
 * first, so that the HTML escaping that follows cannot be confused by them. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
/** The lowest word similarity of the words typed to a title that counts as a (misspelled) match. */
const TITLE_SIMILARITY = 0.5;

const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "`;

type Executor = Db | Kysely<DB> | Transaction<DB>;

/** Searches live resources (published, or scheduled and due) as `seesAll` (members and staff) or
 * not (visitors and other signed-in people). */
export async function searchResources(db: Db, f: SearchFilter, o: { now: Date; seesAll: boolean }): Promise<SearchResult> {
  // The title similarity threshold is a setting of the statement's transaction.
  return db.transaction().execute(async (trx) => {
    const exact = await run(trx, f, o, 'words');
    if (!f.q || exact.total > 0) return exact;
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TITLE_SIMILARITY)}, true)`.execute(trx);
    return run(trx, f, o, 'typo');
  });
}

async function run(db: Executor, f: SearchFilter, o: { now: Date; seesAll: boolean }, mode: 'words' | 'typo'): Promise<SearchResult> {
  const q = f.q ?? '';
  const words = q.toLowerCase();
  const where: RawBuilder<unknown>[] = [sql`(r.state = 'published' or (r.state = 'scheduled' and r.publish_at <= ${o.now}))`];
  const column = o.seesAll ? sql.ref('r.search_all') : sql.ref('r.search_open');
  if (f.q && mode === 'words') where.push(sql`${column} @@ websearch_to_tsquery('english', ${q})`);
  if (f.q && mode === 'typo') where.push(sql`${words} <% lower(r.title)`);
  if (f.type) where.push(sql`r.type = ${f.type}`);
  if (f.year) where.push(sql`r.year = ${f.year}`);
  if (f.pathwayId) where.push(sql`r.pathway_ids @> array[${f.pathwayId}]::uuid[]`);
  if (f.topicId) where.push(sql`r.topic_ids @> array[${f.topicId}]::uuid[]`);
  // Relevance: a match in the title first, then the newest. (ts_rank over the whole text would read
  // every match's large vector: ten times slower over a broad match.)
  const rank =
    f.q && f.sort === 'relevance'
      ? mode === 'words'
        ? sql`(r.search_title @@ websearch_to_tsquery('english', ${q}))::int`
        : sql`word_similarity(${words}, lower(r.title))`
      : sql`0`;
  const order = f.sort === 'relevance' && f.q ? sql`m.rank desc, m.published_at desc nulls last, m.id desc` : sql`m.published_at desc nulls last, m.id desc`;
  const teaser = o.seesAll ? sql`false` : sql`(r.audience = 'members')`;
  const clean = (col: RawBuilder<unknown>) => sql`translate(${col}, ${MARK_START + MARK_END}, '')`;
  const source = sql`case when ${teaser} then ${clean(sql`r.summary`)} else ${clean(sql`r.summary || ' — ' || left(r.body_text, 4000)`)} end`;
  const passage = f.q ? sql`ts_headline('english', ${source}, websearch_to_tsquery('english', ${q}), ${HEADLINE_OPTIONS})` : clean(sql`r.summary`);
  const offset = (f.page - 1) * f.limit;

  const result = await sql<{ hits: unknown; types: unknown; years: unknown; topics: unknown; pathways: unknown; total: number }>`
    with m as materialized (
      select r.id, r.type, r.year, r.pathway_ids, r.topic_ids, r.published_at, ${rank} as rank
      from resources r
      where ${sql.join(where, sql` and `)}
    ),
    page as (
      select m.id from m order by ${order} limit ${f.limit + 1} offset ${offset}
    )
    select
      (select count(*)::int from m) as total,
      (select coalesce(json_agg(json_build_array(type, n)), '[]') from (select type, count(*)::int as n from m group by type) x) as types,
      (select coalesce(json_agg(json_build_array(year::text, n)), '[]') from (select year, count(*)::int as n from m group by year) x) as years,
      (select coalesce(json_agg(json_build_array(id, n)), '[]') from (select unnest(topic_ids) as id, count(*)::int as n from m group by 1) x) as topics,
      (select coalesce(json_agg(json_build_array(id, n)), '[]') from (select unnest(pathway_ids) as id, count(*)::int as n from m group by 1) x) as pathways,
      (select coalesce(json_agg(json_build_object(
          'id', r.id, 'slug', r.slug, 'title', r.title, 'summary', r.summary, 'type', r.type, 'year', r.year,
          'audience', r.audience, 'published_at', r.published_at, 'pathway_ids', r.pathway_ids, 'topic_ids', r.topic_ids,
          'teaser', ${teaser}, 'passage', ${passage}) order by ${order}), '[]')
        from page p join m on m.id = p.id join resources r on r.id = p.id) as hits
  `.execute(db);
  const row = result.rows[0];
  const pairs = (v: unknown) => new Map((Array.isArray(v) ? (v as Array<[string, number]>) : []).map(([k, n]) => [String(k), Number(n)]));
  const raw = Array.isArray(row?.hits) ? (row.hits as Array<Record<string, unknown>>) : [];
  const hits: SearchHit[] = raw.slice(0, f.limit).map((h) => ({
    id: String(h.id),
    slug: String(h.slug),
    title: String(h.title),
    summary: String(h.summary),
    type: h.type as ResourceType,
    year: Number(h.year),
    audience: h.audience === 'members' ? 'members' : 'everyone',
    publishedAt: h.published_at ? new Date(String(h.published_at)) : null,
    pathwayIds: (h.pathway_ids as string[] | null) ?? [],
    topicIds: (h.topic_ids as string[] | null) ?? [],
    passage: String(h.passage ?? ''),
    teaser: h.teaser === true,
  }));
  return {
    hits,
    facets: { type: pairs(row?.types), year: pairs(row?.years), topic: pairs(row?.topics), pathway: pairs(row?.pathways) },
    total: row?.total ?? 0,
    hasNext: raw.length > f.limit,
  };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** A passage as safe HTML: everything escaped, then the marks turned into <mark>. */
export function passageHtml(passage: string): string {
  return escapeHtml(passage).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

/** A passage as plain text. */
export const passageText = (passage: string): string => passage.replaceAll(MARK_START, '').replaceAll(MARK_END, '');

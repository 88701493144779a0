// Resource search (C5): PostgreSQL full text (title A, summary B, body C; english stemming, so
// "plans" finds "planning"), filtered by type, topic, pathway and year, with the facets' counts over
// the same matches, a highlighted passage per result and a page of results — all in one statement.
// When the words match nothing, a second statement looks for titles close to them (pg_trgm word
// similarity, for typos): a fuzzy match over every title costs ten times a word match, so it is
// only paid when it is needed.
//
// Bounded: a search reads at most MATCH_CAP + 1 matches, the newest first, from the narrow table
// `resource_search` (0064), and ranks, pages and counts facets over those. When there are more, the
// total is MATCH_CAP and `bounded` is true: the total and every facet's count are then lower
// bounds (shown as "1,000+", "143+"), and relevance orders the newest MATCH_CAP matches. Up to
// MATCH_CAP matches, everything is exact. So a word found in most of the catalogue costs what a
// rare one does, whatever the catalogue's size.
//
// Audience: a viewer who may not read members-only resources searches `open_terms`, where such a
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
  /** the number of matches, or MATCH_CAP when there are more (`bounded`) */
  total: number;
  /** more than MATCH_CAP matches: the total and the facets' counts are lower bounds */
  bounded: boolean;
  hasNext: boolean;
  /** the words typed hold none the search can use ("the and of": English full-text search skips
   * them all), so nothing was searched; the page and the API say so beside the keywords */
  noWords?: boolean;
}

/** Keywords made only of words English full-text search skips ("a", "the", "of"): what the search
 * page and the API say beside them (as the job center does), instead of an empty list or titles
 * that merely look like them. */
export const NO_SEARCH_WORDS =
  'These keywords have no word to search by: words like “a”, “the” and “of” are skipped. Use a word of the resource’s title, summary or text, like “budget”.';

/** The most matches a search reads, ranks, pages and counts (the rest: "1,000+"). */
export const MATCH_CAP = 1000;

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
    // only asked when nothing matched: a search with words that count costs nothing more
    const words = await sql<{ n: number }>`select numnode(websearch_to_tsquery('english', ${f.q})) as n`.execute(trx);
    if (Number(words.rows[0]?.n ?? 0) === 0) return { ...exact, noWords: true };
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TITLE_SIMILARITY)}, true)`.execute(trx);
    return run(trx, f, o, 'typo');
  });
}

async function run(db: Executor, f: SearchFilter, o: { now: Date; seesAll: boolean }, mode: 'words' | 'typo'): Promise<SearchResult> {
  const q = f.q ?? '';
  const words = q.toLowerCase();
  const where: RawBuilder<unknown>[] = [sql`(s.state = 'published' or (s.state = 'scheduled' and s.publish_at <= ${o.now}))`];
  const column = o.seesAll ? sql.ref('s.all_terms') : sql.ref('s.open_terms');
  if (f.q && mode === 'words') where.push(sql`${column} @@ websearch_to_tsquery('english', ${q})`);
  if (f.q && mode === 'typo') where.push(sql`${words} <% s.title_lower`);
  if (f.type) where.push(sql`s.type = ${f.type}`);
  if (f.year) where.push(sql`s.year = ${f.year}`);
  if (f.pathwayId) where.push(sql`s.pathway_ids @> array[${f.pathwayId}]::uuid[]`);
  if (f.topicId) where.push(sql`s.topic_ids @> array[${f.topicId}]::uuid[]`);
  // Relevance: a match in the title first, then the newest (over the matches read).
  const rank =
    f.q && f.sort === 'relevance'
      ? mode === 'words'
        ? sql`(m.title_terms @@ websearch_to_tsquery('english', ${q}))::int`
        : sql`word_similarity(${words}, m.title_lower)`
      : sql`0`;
  const order = f.sort === 'relevance' && f.q ? sql`p.rank desc, p.published_at desc nulls last, p.id desc` : sql`p.published_at desc nulls last, p.id desc`;
  const teaser = o.seesAll ? sql`false` : sql`(r.audience = 'members')`;
  const clean = (col: RawBuilder<unknown>) => sql`translate(${col}, ${MARK_START + MARK_END}, '')`;
  const source = sql`case when ${teaser} then ${clean(sql`r.summary`)} else ${clean(sql`r.summary || ' — ' || left(r.body_text, 4000)`)} end`;
  const passage = f.q ? sql`ts_headline('english', ${source}, websearch_to_tsquery('english', ${q}), ${HEADLINE_OPTIONS})` : clean(sql`r.summary`);
  const offset = (f.page - 1) * f.limit;
  // The page: at most `limit + 1` rows (one more says there is a next one), never past the cap.
  const pageRows = Math.max(0, Math.min(f.limit + 1, MATCH_CAP - offset));

  const result = await sql<{ hits: unknown; types: unknown; years: unknown; topics: unknown; pathways: unknown; total: number }>`
    with m as materialized (
      select s.resource_id as id, s.type, s.year, s.pathway_ids, s.topic_ids, s.published_at, s.title_terms, s.title_lower
      from resource_search s
      where ${sql.join(where, sql` and `)}
      order by s.published_at desc nulls last, s.resource_id desc
      limit ${MATCH_CAP + 1}
    ),
    c as (
      select * from m order by m.published_at desc nulls last, m.id desc limit ${MATCH_CAP}
    ),
    p as (
      select m.id, m.published_at, ${rank} as rank from c m
    ),
    page as (
      select p.id, p.rank, p.published_at from p order by ${order} limit ${pageRows} offset ${offset}
    )
    select
      (select count(*)::int from m) as total,
      (select coalesce(json_agg(json_build_array(type, n)), '[]') from (select type, count(*)::int as n from c group by type) x) as types,
      (select coalesce(json_agg(json_build_array(year::text, n)), '[]') from (select year, count(*)::int as n from c group by year) x) as years,
      (select coalesce(json_agg(json_build_array(id, n)), '[]') from (select unnest(topic_ids) as id, count(*)::int as n from c group by 1) x) as topics,
      (select coalesce(json_agg(json_build_array(id, n)), '[]') from (select unnest(pathway_ids) as id, count(*)::int as n from c group by 1) x) as pathways,
      (select coalesce(json_agg(json_build_object(
          'id', r.id, 'slug', r.slug, 'title', r.title, 'summary', r.summary, 'type', r.type, 'year', r.year,
          'audience', r.audience, 'published_at', r.published_at, 'pathway_ids', r.pathway_ids, 'topic_ids', r.topic_ids,
          'teaser', ${teaser}, 'passage', ${passage}) order by ${order}), '[]')
        from page p join resources r on r.id = p.id) as hits
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
  const read = row?.total ?? 0;
  const bounded = read > MATCH_CAP;
  return {
    hits,
    facets: { type: pairs(row?.types), year: pairs(row?.years), topic: pairs(row?.topics), pathway: pairs(row?.pathways) },
    total: Math.min(read, MATCH_CAP),
    bounded,
    hasNext: raw.length > f.limit && offset + f.limit < MATCH_CAP,
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

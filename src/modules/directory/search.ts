// Who's Who (I4): search of listed current members by name (typo tolerant, pg_trgm), with filters,
// facets and pages, in one statement (the staff export is export.ts). Contact fields leave the database
// only when the viewer may see them (the CASE in SQL), and search never matches on them.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { PAGE_SIZE } from './schemas.js';
import { type Viewer, visibleTo } from './visibility.js';

export interface DirectoryFilter {
  q?: string;
  state?: string;
  title?: string;
  jurisdiction?: string;
  expertise?: string;
}

export interface DirectoryEntry {
  id: string;
  name: string;
  title: string;
  employerName: string;
  employerState: string | null;
  employerOrganizationId: string | null;
  expertise: string[];
  workEmail: string | null;
  phone: string | null;
  mailingAddress: string | null;
}

export interface DirectoryResult {
  /** matches, at most COUNT_CAP */
  total: number;
  /** more than `total` match (shown as "1,000+"); ranking, pages and facets cover the first */
  totalCapped: boolean;
  entries: DirectoryEntry[];
  facets: { states: Array<{ state: string; count: number }>; expertise: Array<{ value: string; count: number }> };
}

// Name matching, word by word: every word of the query must match a word of the person's name:
// the same word, one with the same letters (swapped), one it starts, or one similar by trigrams
// (≥ 0.3). The query's words are looked up in the small lexicon of name words, and people are
// read from the derived index `directory_name_index` (one row per listed current member per
// word, in name order) by `directory_candidates`, which stops after COUNT_CAP + 1 rows; see
// 0040_directory_search and the module's README.

/** Words of a query past this many are ignored. */
const MAX_QUERY_WORDS = 4;
const FACET_LIMIT = 30;
/** A search reads at most this many matches (and one more, to know there are more): the count
 * says "1,000+" past it, and ranking, pages and facets work on those. */
export const COUNT_CAP = 1000;
const CAP = COUNT_CAP + 1;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const contains = (s: string | undefined) => (s ? `%${likeEscape(s)}%` : null);

/** The words of a name or a query, split as `directory_name_words` splits them in SQL. */
export const nameWords = (text: string): string[] => [
  ...new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  ),
];

/** At most CAP rows of the index (user_id, name, state, tier) that match the search, in (tier, name, id) order. */
function candidates(f: DirectoryFilter): RawBuilder<unknown> {
  if (f.q) {
    const words = nameWords(f.q).slice(0, MAX_QUERY_WORDS);
    return sql`select * from directory_candidates(${words}::text[], ${f.state ?? null}::text, ${contains(f.title)}::text, ${contains(f.jurisdiction)}::text, ${f.expertise ?? null}::text, ${CAP})`;
  }
  // No name: the person rows (word ''), in name order; the planner chooses between that order
  // and the profile filters' indexes.
  const where: RawBuilder<unknown>[] = [sql`i.word = ''`];
  if (f.state) where.push(sql`i.state = ${f.state}`);
  if (f.title) where.push(sql`p.title ilike ${contains(f.title)}`);
  if (f.jurisdiction) where.push(sql`p.employer_name ilike ${contains(f.jurisdiction)}`);
  if (f.expertise) where.push(sql`i.expertise @> array[${f.expertise}]::text[]`);
  const profile = f.title || f.jurisdiction;
  return sql`select i.user_id, i.name, i.state::text as state, 0 as tier, i.words, i.expertise from directory_name_index i
    ${profile ? sql`join member_profiles p on p.user_id = i.user_id` : sql``}
    where ${sql.join(where, sql` and `)} order by i.name, i.user_id limit ${CAP}`;
}

/** Trigram similarity of the whole name, 0.2 more for each word of the query whose letters a word
 * of the name has (the same word, or one with two letters swapped), and 1 more for a name that
 * starts with the query as typed. */
function rankOf(q: string): RawBuilder<number> {
  const bonuses = nameWords(q)
    .slice(0, MAX_QUERY_WORDS)
    .map((w) => sql`(c.words && (select directory_same_letter_words(${w})))::int * 0.2`);
  return sql<number>`similarity(c.name, ${q}) + ${sql.join([...bonuses, sql`(c.name ilike ${`${likeEscape(q)}%`})::int`], sql` + `)}`;
}

/** The search as one statement; exported for the benchmark's EXPLAIN. */
export function directoryQuerySql(
  f: DirectoryFilter,
  viewer: Viewer,
  page: number,
): RawBuilder<{ found: number; total: number; states: unknown; expertise: unknown; results: unknown }> {
  // One word: the order the candidates were read in (the word itself, then same letters or its
  // start, then similar words, each in name order), so nothing is computed per row. Several
  // words: the similarity of the whole name decides.
  const rank = f.q && nameWords(f.q).length > 1 ? rankOf(f.q) : sql`-c.ord`;
  const vis = visibleTo(viewer.audience);
  const self = viewer.userId ?? '00000000-0000-0000-0000-000000000000';
  const contact = (column: string) =>
    sql`case when p.user_id = ${self}::uuid or ${sql.ref(`p.${column}_visibility`)} = any(${vis}::text[]) then nullif(${sql.ref(`p.${column}`)}::text, '') end`;
  // A person may match through two words of their name: each once, at their best tier.
  return sql`
    with found as materialized (select x.*, row_number() over () as ord from (${candidates(f)}) x),
    matched as materialized (
      select c.user_id as id, c.name, c.state, c.expertise, ${rank} as rank
      from (select distinct on (user_id) user_id, name, state, tier, words, expertise, ord from found order by user_id, ord) c
    )
    select
      (select count(*) from found)::int as found,
      (select count(*) from matched)::int as total,
      coalesce((select json_agg(json_build_object('state', s.state, 'count', s.n) order by s.n desc, s.state)
                from (select state, count(*)::int as n from matched where state is not null group by state) s), '[]') as states,
      coalesce((select json_agg(json_build_object('value', e.value, 'count', e.n) order by e.n desc, e.value)
                from (select x.value, count(*)::int as n from matched m cross join unnest(m.expertise) as x(value)
                      group by x.value order by n desc, x.value limit ${FACET_LIMIT}) e), '[]') as expertise,
      coalesce((select json_agg(r order by r.ord)
                from (select row_number() over (order by m.rank desc, m.name, m.id) as ord,
                             m.id, m.name, coalesce(p.title, '') as title, coalesce(p.employer_name, '') as "employerName",
                             p.employer_state as "employerState", p.employer_organization_id as "employerOrganizationId",
                             coalesce(p.expertise, '{}') as expertise, ${contact('work_email')} as "workEmail", ${contact('phone')} as phone,
                             ${contact('mailing_address')} as "mailingAddress"
                      from (select * from matched order by rank desc, name, id limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}) m
                      join users u on u.id = m.id
                      left join member_profiles p on p.user_id = m.id
                      -- the rows shown are checked against the truth again, not only the index
                      where u.disabled_at is null and coalesce(p.listed, true)
                        and exists (select 1 from individual_memberships im where im.user_id = m.id and im.status = 'active')) r), '[]') as results`;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : typeof v === 'string' ? (JSON.parse(v) as unknown[]) : []);

export async function searchDirectory(db: Db, f: DirectoryFilter, viewer: Viewer, page: number): Promise<DirectoryResult> {
  const row = (await directoryQuerySql(f, viewer, page).execute(db)).rows[0];
  const capped = (row?.found ?? 0) >= CAP;
  return {
    total: capped ? COUNT_CAP : Math.min(row?.total ?? 0, COUNT_CAP),
    totalCapped: capped,
    entries: asArray(row?.results).map((r) => {
      const e = r as DirectoryEntry & { ord?: number };
      return {
        id: e.id,
        name: e.name,
        title: e.title,
        employerName: e.employerName,
        employerState: e.employerState,
        employerOrganizationId: e.employerOrganizationId,
        expertise: e.expertise ?? [],
        workEmail: e.workEmail,
        phone: e.phone,
        mailingAddress: e.mailingAddress,
      };
    }),
    facets: {
      states: asArray(row?.states) as DirectoryResult['facets']['states'],
      expertise: asArray(row?.expertise) as DirectoryResult['facets']['expertise'],
    },
  };
}

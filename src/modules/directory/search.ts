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
  total: number;
  entries: DirectoryEntry[];
  facets: { states: Array<{ state: string; count: number }>; expertise: Array<{ value: string; count: number }> };
}

// Name matching, word by word: every word of the query must match a word of the person's name,
// by trigram similarity (≥ 0.3) or as its start. The query's words are looked up in the small
// lexicon of name words (`directory_similar_words` over `person_name_words`), and people are found
// by the words that matched (`users_name_words`, GIN on `directory_name_words(name)`); see
// 0011_directory and the module's README.

/** Words of a query past this many are ignored. */
const MAX_QUERY_WORDS = 4;
const FACET_LIMIT = 30;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The words of a name or a query, split as `directory_name_words` splits them in SQL. */
export const nameWords = (text: string): string[] => [
  ...new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  ),
];

function conditions(f: DirectoryFilter): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  if (f.q) {
    const words = nameWords(f.q).slice(0, MAX_QUERY_WORDS);
    if (words.length === 0) out.push(sql`false`);
    // Each subquery is uncorrelated (an InitPlan), so its array is an index condition on users.
    for (const w of words) out.push(sql`directory_name_words(u.name) && (select directory_similar_words(${w}))`);
  }
  if (f.state) out.push(sql`p.employer_state = ${f.state}`);
  if (f.title) out.push(sql`p.title ilike ${`%${likeEscape(f.title)}%`}`);
  if (f.jurisdiction) out.push(sql`p.employer_name ilike ${`%${likeEscape(f.jurisdiction)}%`}`);
  if (f.expertise) out.push(sql`p.expertise @> array[${f.expertise}]::text[]`);
  return out;
}

/** Trigram similarity of the whole name, 0.2 more for each word of the query whose letters a word
 * of the name has (the same word, or one with two letters swapped), and 1 more for a name that
 * starts with the query as typed. */
function rankOf(q: string): RawBuilder<number> {
  const bonuses = nameWords(q)
    .slice(0, MAX_QUERY_WORDS)
    .map((w) => sql`(directory_name_words(u.name) && (select directory_same_letter_words(${w})))::int * 0.2`);
  return sql<number>`similarity(u.name, ${q}) + ${sql.join([...bonuses, sql`(u.name ilike ${`${likeEscape(q)}%`})::int`], sql` + `)}`;
}

/** The search as one statement; exported for the benchmark's EXPLAIN. */
export function directoryQuerySql(f: DirectoryFilter, viewer: Viewer, page: number): RawBuilder<{ total: number; states: unknown; expertise: unknown; results: unknown }> {
  const where = [sql`u.disabled_at is null`, sql`coalesce(p.listed, true)`, ...conditions(f)];
  const rank = f.q ? rankOf(f.q) : sql`0`;
  const vis = visibleTo(viewer.audience);
  const self = viewer.userId ?? '00000000-0000-0000-0000-000000000000';
  const contact = (column: string) =>
    sql`case when p.user_id = ${self}::uuid or ${sql.ref(`p.${column}_visibility`)} = any(${vis}::text[]) then nullif(${sql.ref(`p.${column}`)}::text, '') end`;
  return sql`
    with matched as materialized (
      select u.id, u.name, ${rank} as rank, p.employer_state as state, coalesce(p.expertise, '{}') as expertise
      from users u
      join individual_memberships im on im.user_id = u.id and im.status = 'active'
      left join member_profiles p on p.user_id = u.id
      where ${sql.join(where, sql` and `)}
    )
    select
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
                             m.expertise, ${contact('work_email')} as "workEmail", ${contact('phone')} as phone,
                             ${contact('mailing_address')} as "mailingAddress"
                      from (select * from matched order by rank desc, name, id limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}) m
                      left join member_profiles p on p.user_id = m.id) r), '[]') as results`;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : typeof v === 'string' ? (JSON.parse(v) as unknown[]) : []);

export async function searchDirectory(db: Db, f: DirectoryFilter, viewer: Viewer, page: number): Promise<DirectoryResult> {
  const row = (await directoryQuerySql(f, viewer, page).execute(db)).rows[0];
  return {
    total: row?.total ?? 0,
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

// Who's Who (I4): search of listed current members by name (typo tolerant, pg_trgm), with filters,
// facets and pages, in one statement (the staff export is export.ts). Contact fields leave the database
// only when the viewer may see them (the CASE in SQL), and search never matches on them.
import { type RawBuilder, sql } from 'kysely';
import { type Db, PREPARED } from '../../db/client.js';
import { foldedContains, likeEscape, nameWords } from '../../lib/search-text.js';
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
// word, in name order), stopping after COUNT_CAP + 1 people; see 0040_directory_search,
// 0041_directory_search_speed and the module's README.

/** Words of a query past this many are ignored. */
const MAX_QUERY_WORDS = 4;
const FACET_LIMIT = 30;
/** A search reads at most this many matches (and one more, to know there are more): the count
 * says "1,000+" past it, and ranking, pages and facets work on those. */
export const COUNT_CAP = 1000;
const CAP = COUNT_CAP + 1;

/** The state, profile and expertise filters on an index row `i`. */
function rowFilters(f: DirectoryFilter): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (f.state) where.push(sql`i.state = ${f.state}`);
  if (f.title || f.jurisdiction) {
    const profile: RawBuilder<unknown>[] = [sql`p.user_id = i.user_id`];
    if (f.title) profile.push(foldedContains('p.title', f.title));
    if (f.jurisdiction) profile.push(foldedContains('p.employer_name', f.jurisdiction));
    where.push(sql`exists (select 1 from member_profiles p where ${sql.join(profile, sql` and `)})`);
  }
  if (f.expertise) where.push(sql`i.expertise @> array[${f.expertise}]::text[]`);
  return where;
}

/**
 * The common table expressions ending in `found (user_id, name, state, words, expertise)`: at
 * most CAP people, each once, kept in their reading order; for one word or none, also `shown`, the
 * same reading stopped at `shownLimit` people (the page's rows and those before it). One plain
 * statement the planner sees whole (it was a PL/pgSQL loop): the query words' lexicon words
 * (`expanded`), the query word with the fewest people (`drive`, counted up to CAP, only for several
 * words), then the index in name order (within the state when one is chosen) under the filters and
 * the other query words (`words &&`): first for that word itself, then for its other words in tiers
 * (`tiers`: same letters or its start, then the other similar words, most similar first), leaving
 * out people already read through an earlier word of their name. Rows come in (tier, name, id)
 * order, and reading stops at the limit without sorting anything: `union all` reads its parts in
 * turn, and a lateral subquery with a LIMIT can only be the inner side of a nested loop. A common
 * name fills CAP from its own word, so its similar words are never even looked up. Common table
 * expressions are evaluated only when read: a search answered from the kept counts reads `shown`
 * alone.
 */
function candidates(f: DirectoryFilter, shownLimit: number): RawBuilder<unknown> {
  const filters = rowFilters(f);
  const words = f.q ? nameWords(f.q).slice(0, MAX_QUERY_WORDS) : [];
  if (f.q && !words.length) {
    // A name without letters or digits matches nobody.
    const none = (name: string) =>
      sql`${sql.raw(name)} as materialized (select null::uuid as user_id, ''::text as name, null::text as state, '{}'::text[] as words, '{}'::text[] as expertise where false)`;
    return sql`${none('found')}, ${none('shown')}`;
  }
  if (!words.length) {
    // No name: the person rows (word ''), in name order; the planner chooses between that order
    // and the profile filters' indexes.
    const people = (name: string, limit: number) => sql`${sql.raw(name)} as materialized (
      select i.user_id, i.name, i.state::text as state, i.expertise from directory_name_index i
      where ${sql.join([sql`i.word = ''`, ...filters], sql` and `)}
      order by i.name, i.user_id limit ${limit})`;
    return sql`${people('found', CAP)}, ${people('shown', shownLimit)}`;
  }
  const single = words.length === 1;
  const drive = single
    ? sql`select 1 as k, ${words[0]}::text as w`
    : sql`select q.k, q.w from query_words q order by (select count(*) from (select 1 from directory_name_index i
          where i.word = any(array(select e.word from expanded e where e.k = q.k)) limit ${CAP}) n), q.k limit 1`;
  // Each other query word: a word of the name must be one of its lexicon words.
  const others = single ? [] : words.map((_, n) => sql`((select k from drive) = ${n + 1} or i.words && (select array_agg(e.word) from expanded e where e.k = ${n + 1}))`);
  const where = (...first: RawBuilder<unknown>[]) => sql.join([...first, ...others, ...filters], sql` and `);
  // a person's words are read again only to rank several query words (rankOf)
  const read = sql`select i.user_id, i.name, i.state::text as state${single ? sql`` : sql`, i.words`}, i.expertise from directory_name_index i`;
  const reading = (name: string, limit: number) => sql`${sql.raw(name)} as materialized (
      select x.* from (
        (${read} where ${where(single ? sql`i.word = ${words[0]}` : sql`i.word = (select w from drive)`)} order by i.name, i.user_id limit ${limit})
        union all
        (select i.* from (select * from tiers order by pos offset 0) t
         cross join lateral (${read} where ${where(sql`i.word = t.word`, sql`not (i.words && t.before)`)} order by i.name, i.user_id limit ${limit}) i)
        limit ${limit}) x)`;
  return sql`query_words as (select t.w, t.k::int as k from unnest(${words}::text[]) with ordinality as t(w, k)),
    expanded as materialized (
      select q.k, x.word, similarity(x.word, q.w) as sim,
             min(case when x.word = q.w then 0 when x.word = any(s.same) or x.word like q.w || '%' then 1 else 2 end) as tier
      from query_words q
      cross join lateral (select directory_similar_words(q.w) as similar, directory_same_letter_words(q.w) as same) s
      cross join lateral unnest(s.similar || s.same) as x(word)
      group by q.k, q.w, x.word),
    drive as materialized (${drive}),
    tiers as (
      select t.word, t.pos, array[(select w from drive)] || coalesce(array_agg(t.word) over (order by t.pos rows between unbounded preceding and 1 preceding), '{}') as before
      from (select e.word, row_number() over (order by e.tier, e.sim desc, e.word) as pos from expanded e
            where e.k = (select k from drive) and e.word <> (select w from drive)) t),
    ${reading('found', CAP)}${single ? sql`, ${reading('shown', shownLimit)}` : sql``}`;
}

/**
 * The kept counts (`directory_facets`, 0087) can answer a search of one name word or none, with no
 * filter but the state, when the first word read that has people there has CAP or more: the word
 * itself, or for a word nobody has (a typo) the first of its other words in reading order that
 * someone has. The people read are then that word's first CAP, and the count and the facets are
 * the word's, all of them (every person with the name, not the first thousand in name order).
 * Otherwise, or with other filters or several words, the search counts what it read (`found`).
 */
function keptWord(f: DirectoryFilter): string | null {
  if (f.title || f.jurisdiction || f.expertise) return null;
  if (!f.q) return f.state ? '' : null;
  const words = nameWords(f.q);
  return words.length === 1 ? (words[0] ?? null) : null;
}

/** Trigram similarity of the whole name, 0.2 more for each word of the query whose letters a word
 * of the name has (the same word, or one with two letters swapped), and 1 more for a name that
 * starts with the query as typed; name and query compared folded (accents off: `civnet_fold`). */
function rankOf(q: string): RawBuilder<number> {
  const bonuses = nameWords(q)
    .slice(0, MAX_QUERY_WORDS)
    .map((w) => sql`(c.words && (select directory_same_letter_words(${w})))::int * 0.2`);
  return sql<number>`similarity(civnet_fold(c.name), civnet_fold(${q})) + ${sql.join([...bonuses, sql`(civnet_fold(c.name) like civnet_fold(${likeEscape(q)}) || '%')::int`], sql` + `)}`;
}

/** The search as one statement; exported for the benchmark's EXPLAIN. */
export function directoryQuerySql(f: DirectoryFilter, viewer: Viewer, page: number): RawBuilder<{ found: number; states: unknown; expertise: unknown; results: unknown }> {
  // One word (or none): the order the candidates were read in (the word itself, then same letters
  // or its start, then similar words, each in name order), so the page is a slice of the found
  // set, numbered as it is read (a window over the page's rows only: numbering all the found rows
  // was a fifth of the statement), and nothing is sorted. Several words: the similarity of the
  // whole name decides.
  const offset = (page - 1) * PAGE_SIZE;
  const several = f.q !== undefined && nameWords(f.q).length > 1;
  const pageRows = several
    ? sql`select c.user_id, c.name, row_number() over (order by ${rankOf(f.q ?? '')} desc, c.name, c.user_id) as ord
          from found c order by ord limit ${PAGE_SIZE} offset ${offset}`
    : sql`select c.user_id, c.name, row_number() over () as ord from shown c offset ${offset} limit ${sql.lit(PAGE_SIZE)}`;
  // What the search read: its count and facets.
  const counted = {
    found: sql`(select count(*) from found)::int`,
    states: sql`(select json_agg(json_build_object('state', s.state, 'count', s.n) order by s.n desc, s.state)
                 from (select state, count(*)::int as n from found where state is not null group by state) s)`,
    expertise: sql`(select json_agg(json_build_object('value', e.value, 'count', e.n) order by e.n desc, e.value)
                    from (select x.value, count(*)::int as n from (select unnest(expertise) as value from found) x
                          group by x.value order by n desc, x.value limit ${FACET_LIMIT}) e)`,
  };
  const word = keptWord(f);
  const where = f.state ?? '*';
  const kept =
    word === null
      ? null
      : {
          // The first word read that has people there: the word itself, else (a typo) the first of
          // its other words in reading order that has any, so nobody read before it is left out.
          // `union all` reads its parts in turn and stops at the first such word: a common name
          // never looks up its similar words.
          cte: sql`kept as materialized (
            select w.word, c.n from (
              (select 0::bigint as pos, ${word}::text as word)${word === '' ? sql`` : sql` union all (select t.pos, t.word from tiers t order by t.pos offset 0)`}) w
            cross join lateral (select coalesce(sum(k.n), 0)::int as n from directory_facets k where k.word = w.word and k.state = ${where} and k.value = '') c
            where c.n > 0 limit 1)`,
          found: sql`(select n from kept)`,
          states: f.state
            ? sql`json_build_array(json_build_object('state', ${f.state}::text, 'count', (select n from kept)))`
            : sql`(select json_agg(json_build_object('state', k.state, 'count', k.n) order by k.n desc, k.state)
                   from directory_facets k where k.word = (select word from kept) and k.value = '' and k.state not in ('', '*') and k.n > 0)`,
          expertise: sql`(select json_agg(json_build_object('value', e.value, 'count', e.n) order by e.n desc, e.value)
                          from (select k.value, k.n from directory_facets k where k.word = (select word from kept) and k.state = ${where} and k.value <> '' and k.n > 0
                                order by k.n desc, k.value limit ${FACET_LIMIT}) e)`,
        };
  // The kept counts when the word has CAP people or more there; otherwise what the search read
  // (a CASE evaluates only the branch taken, and `found` only when it is read).
  const either = (part: 'found' | 'states' | 'expertise') =>
    kept ? sql`case when coalesce((select n from kept), 0) >= ${CAP} then ${kept[part]} else ${counted[part]} end` : counted[part];
  const vis = visibleTo(viewer.audience);
  const self = viewer.userId ?? '00000000-0000-0000-0000-000000000000';
  const contact = (column: string) =>
    sql`case when p.user_id = ${self}::uuid or ${sql.ref(`p.${column}_visibility`)} = any(${vis}::text[]) then nullif(${sql.ref(`p.${column}`)}::text, '') end`;
  // prepared: planning this statement cost about as much as running it
  return sql`${sql.raw(PREPARED)}
    with ${candidates(f, offset + PAGE_SIZE)}${kept ? sql`, ${kept.cte}` : sql``}
    select
      ${either('found')} as found,
      coalesce(${either('states')}, '[]') as states,
      coalesce(${either('expertise')}, '[]') as expertise,
      coalesce((select json_agg(r order by r.ord)
                from (select m.ord, m.user_id as id, m.name, coalesce(p.title, '') as title, coalesce(p.employer_name, '') as "employerName",
                             p.employer_state as "employerState", p.employer_organization_id as "employerOrganizationId",
                             coalesce(p.expertise, '{}') as expertise, ${contact('work_email')} as "workEmail", ${contact('phone')} as phone,
                             ${contact('mailing_address')} as "mailingAddress"
                      from (${pageRows}) m
                      join users u on u.id = m.user_id
                      left join member_profiles p on p.user_id = m.user_id
                      -- the rows shown are checked against the truth again, not only the index
                      where u.disabled_at is null and coalesce(p.listed, true)
                        and exists (select 1 from individual_memberships im where im.user_id = m.user_id and im.status = 'active')) r), '[]') as results`;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : typeof v === 'string' ? (JSON.parse(v) as unknown[]) : []);

export async function searchDirectory(db: Db, f: DirectoryFilter, viewer: Viewer, page: number): Promise<DirectoryResult> {
  const row = (await directoryQuerySql(f, viewer, page).execute(db)).rows[0];
  const capped = (row?.found ?? 0) >= CAP;
  return {
    total: capped ? COUNT_CAP : (row?.found ?? 0),
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

// Names with accents: the name searches' words were split on everything but ASCII letters and
// digits, so "Zänzibarro" had the words "z" and "nzibarro", "José Muñoz" "jos", "mu" and "oz", and
// "Española" "espa" and "ola": a search for "Jose Munoz" or "Espanola", as most people type them,
// found them only as typos, ranked low, or not at all. Now a name is folded first (`civnet_fold`):
// accents come off (Unicode's canonical decomposition, the combining marks dropped), the letters
// that do not decompose are written as English writes them (ß ss, æ ae, œ oe, þ th, ø o, ł l,
// đ/ð d, ħ h, ı i, ŧ t), and it is lower-cased. Searches fold the query the same way
// (`foldText` in src/lib/search-text.ts; a test holds the two to the same words), so "José",
// "Jose" and "JOSÉ" are one word.
//
// The word functions of people's names (`directory_name_words`, Who's Who) and of organizations'
// (`organization_name_words`) fold; the organization search's row tests compare folded names; and
// everything derived from the words is built again: Who's Who's name index, its lexicon and kept
// counts, and the organizations' word index and lexicon (at national scale
// about a minute, once). A name of plain ASCII skips the folding (a regular expression's test):
// 1,000,000 names split in 1.1–1.9 s before and 2.1 s after with 40% of them accented, where a
// `translate` of every accented letter took 40 s.
//
// `normalize` needs a UTF-8 database; on another encoding names are lower-cased only, as before.
import { type Kysely, sql } from 'kysely';

/** The letters without a canonical decomposition, and how they are written instead. */
const REPLACE: Array<[string, string]> = [
  ['ß', 'ss'],
  ['Æ', 'ae'],
  ['æ', 'ae'],
  ['Œ', 'oe'],
  ['œ', 'oe'],
  ['Þ', 'th'],
  ['þ', 'th'],
];
const TRANSLATE_FROM = 'ØøŁłĐđÐðĦħıŦŧ';
const TRANSLATE_TO = 'oollddddhhitt';

const folded = (t: string) => {
  let e = `regexp_replace(normalize(${t}, NFD), '[\\u0300-\\u036f]+', '', 'g')`;
  for (const [from, to] of REPLACE) e = `replace(${e}, '${from}', '${to}')`;
  return `translate(${e}, '${TRANSLATE_FROM}', '${TRANSLATE_TO}')`;
};

const ESCAPED = (q: string) => `replace(replace(replace(${q}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;

/** The organization search's test of a row `w` of the word index (0042's, on folded names). */
const rowTest = `(case when p_typo then civnet_fold(p_q) <% civnet_fold(w.name) else civnet_fold(w.name) like '%' || ${ESCAPED('civnet_fold(p_q)')} || '%' end)`;

async function searchFunctions(db: Kysely<unknown>, test: string): Promise<void> {
  await sql
    .raw(`
    create or replace function organization_search_count(p_q text, p_drive text, p_typo boolean, p_state text, p_cap int)
    returns table (n int, read int) language plpgsql stable as $$
    begin
      return query select count(distinct x.organization_id)::int, count(*)::int from (
        select w.organization_id from organization_name_words w
        where w.word in (select organization_search_words(p_drive, p_typo))
          and (p_state is null or w.state = p_state)
          and ${test}
        limit p_cap) x;
    end $$`)
    .execute(db);
  await sql
    .raw(`
    create or replace function organization_search_page(p_q text, p_drive text, p_typo boolean, p_state text, p_name text, p_id uuid, p_limit int)
    returns table (name text, organization_id uuid) language plpgsql stable as $$
    #variable_conflict use_column
    begin
      return query select distinct p.name, p.organization_id from organization_search_words(p_drive, p_typo) as lw(word)
        cross join lateral (
          select w.name, w.organization_id from organization_name_words w
          where w.word = lw.word and (w.name, w.organization_id) > (p_name, p_id)
            and (p_state is null or w.state = p_state)
            and ${test}
          order by w.name, w.organization_id limit p_limit) p
        order by p.name, p.organization_id limit p_limit;
    end $$`)
    .execute(db);
}

/** Everything derived from the word functions, built again. */
async function rebuild(db: Kysely<unknown>): Promise<void> {
  await sql`truncate person_name_words`.execute(db);
  await sql`select directory_search_rebuild()`.execute(db);
  await sql`select organization_name_words_rebuild()`.execute(db);
  await sql`analyze directory_name_index, directory_facets, person_name_words, organization_name_words, organization_name_lexicon`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ utf8: boolean }>`select current_setting('server_encoding') = 'UTF8' as utf8`.execute(db);
  const fold = rows[0]?.utf8 ? `case when t ~ '[^\\x01-\\x7f]' then ${folded('t')} else t end` : 't';
  await sql.raw(`create function civnet_fold(t text) returns text language sql immutable parallel safe as $$ select lower(${fold}) $$`).execute(db);
  await sql`
    create or replace function directory_name_words(name text) returns text[] language sql immutable parallel safe
    as $$ select regexp_split_to_array(civnet_fold(name), '[^a-z0-9]+') $$`.execute(db);
  await sql`
    create or replace function organization_name_words(name text) returns text[] language sql immutable parallel safe as $$
      select array(select distinct w from regexp_split_to_table(civnet_fold(name), '[^a-z0-9]+') as w where w <> '')
    $$`.execute(db);
  await searchFunctions(db, rowTest);
  await rebuild(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function directory_name_words(name text) returns text[] language sql immutable parallel safe
    as $$ select regexp_split_to_array(lower(name), '[^a-z0-9]+') $$`.execute(db);
  await sql`
    create or replace function organization_name_words(name text) returns text[] language sql immutable parallel safe as $$
      select array(select distinct w from regexp_split_to_table(lower(name), '[^a-z0-9]+') as w where w <> '')
    $$`.execute(db);
  await searchFunctions(db, `(case when p_typo then p_q <% w.name else w.name ilike '%' || ${ESCAPED('p_q')} || '%' end)`);
  await sql`drop function civnet_fold(text)`.execute(db);
  await rebuild(db);
}

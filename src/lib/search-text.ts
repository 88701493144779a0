// Text helpers the name searches share (Who's Who, organizations, people).
import { type RawBuilder, type SqlBool, sql } from 'kysely';

/** A value for LIKE/ILIKE taken literally: its wildcards and the escape character escaped. */
export const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Letters without a canonical decomposition, written as English writes them (as `civnet_fold`
 * in the database, migration 0090). */
const UNDECOMPOSED: Record<string, string> = {
  ß: 'ss',
  Æ: 'ae',
  æ: 'ae',
  Œ: 'oe',
  œ: 'oe',
  Þ: 'th',
  þ: 'th',
  Ø: 'o',
  ø: 'o',
  Ł: 'l',
  ł: 'l',
  Đ: 'd',
  đ: 'd',
  Ð: 'd',
  ð: 'd',
  Ħ: 'h',
  ħ: 'h',
  ı: 'i',
  Ŧ: 't',
  ŧ: 't',
};
const UNDECOMPOSED_RE = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'g');
const NOT_ASCII = /[\u0080-\uffff]/;
const COMBINING_MARKS = /[\u0300-\u036f]+/g;

/** A name or a query as the searches compare them: accents off ("José Muñoz" "jose munoz"), the
 * letters above written out ("Ørsted" "orsted", "Straße" "strasse"), lower-cased. The database's
 * `civnet_fold` (0090) does the same; a test holds the two to the same words. */
export const foldText = (text: string): string =>
  (NOT_ASCII.test(text)
    ? text
        .normalize('NFD')
        .replace(COMBINING_MARKS, '')
        .replace(UNDECOMPOSED_RE, (c) => UNDECOMPOSED[c] ?? c)
    : text
  ).toLowerCase();

/** The distinct words of a name or a query, folded (foldText) and split on everything but ASCII
 * letters and digits: as the SQL word functions split them (`directory_name_words`,
 * `organization_name_words`). */
export const nameWords = (text: string): string[] => [
  ...new Set(
    foldText(text)
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  ),
];

/** A column (`'u.name'`) or any SQL text expression. */
type TextSql = string | RawBuilder<unknown>;
const textSql = (text: TextSql) => (typeof text === 'string' ? sql.ref(text) : text);

/** SQL: `text` holds `q` anywhere, accents and case aside ("espanola" finds "Española", "JOSE"
 * "José"): both folded by `civnet_fold` (0090), `q`'s wildcards taken literally. An index on
 * `civnet_fold(column) gin_trgm_ops` serves it (0091: organizations' and people's names). */
export const foldedContains = (text: TextSql, q: string): RawBuilder<SqlBool> => sql<SqlBool>`civnet_fold(${textSql(text)}) like civnet_fold(${`%${likeEscape(q)}%`})`;

/** SQL: a word of `text` is like `q` with a typo (pg_trgm's `<%`, word similarity ≥ 0.6), both
 * folded: served by the same index as `foldedContains`. */
export const foldedSimilar = (text: TextSql, q: string): RawBuilder<SqlBool> => sql<SqlBool>`civnet_fold(${q}::text) <% civnet_fold(${textSql(text)})`;

// Text helpers the name searches share (Who's Who, organizations, people).

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

// Text helpers the name searches share (Who's Who, organizations, people).

/** A value for LIKE/ILIKE taken literally: its wildcards and the escape character escaped. */
export const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The distinct words of a name or a query, lower-cased and split on everything but ASCII letters
 * and digits: as the SQL word functions split them (`directory_name_words`, `organization_name_words`). */
export const nameWords = (text: string): string[] => [
  ...new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  ),
];

// Name normalization for the place index: what a person types and what the data holds meet
// in one form. Lowercase, accents dropped, punctuation to spaces; "St."/"Saint", "Ft."/"Fort",
// "Mt."/"Mount" compare equal because both the expanded and the abbreviated form are kept.

const ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ['st', 'saint'],
  ['ste', 'sainte'],
  ['ft', 'fort'],
  ['mt', 'mount'],
];
const EXPAND = new Map(ABBREVIATIONS.map(([short, long]) => [short, long]));
const ABBREVIATE = new Map(ABBREVIATIONS.map(([short, long]) => [long, short]));

/** Lowercase ASCII letters, digits and single spaces: "Cañon City" → "canon city", "O'Brien" → "obrien". */
export function normalizeName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘ʻ`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const mapWords = (s: string, table: ReadonlyMap<string, string>) =>
  s
    .split(' ')
    .map((w) => table.get(w) ?? w)
    .join(' ');

/** The two forms a normalized name is compared in: abbreviations spelled out, and abbreviated. */
export function nameForms(normalized: string): { long: string; short: string } {
  return { long: mapWords(normalized, EXPAND), short: mapWords(normalized, ABBREVIATE) };
}

// Names with accents (0090): the searches fold a query in JavaScript (foldText, nameWords) and the
// database folds names (civnet_fold and the word functions built on it); the two must give the
// same words for every letter, or a name would be indexed under words no query makes.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/helpers.js';
import { foldText, nameWords } from './search-text.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

/** Every code point of Latin-1 Supplement, Latin Extended-A and -B and Latin Extended Additional,
 * and a few outside them whose decomposition or case is a trap (Kelvin and Ångström signs, the
 * capital sharp s, the ʻokina, Greek, Cyrillic, CJK, an emoji). */
const LETTERS = [
  ...Array.from({ length: 0x24f - 0xa0 + 1 }, (_, i) => String.fromCodePoint(0xa0 + i)),
  ...Array.from({ length: 0x1eff - 0x1e00 + 1 }, (_, i) => String.fromCodePoint(0x1e00 + i)),
  '\u212a',
  '\u212b',
  'ẞ',
  'ʻ',
  'Σσς',
  'Жж',
  '東京',
  '🙂',
];

const NAMES = [
  'José Muñoz',
  'Zänzibarro',
  'ØRSTED Łukasz-Đorđević',
  'Straße Æsir Œuvre Þór',
  'Nguyễn Thị Minh Khai',
  'Kaʻahumanu Pāhoa',
  "O'Brien–Smith",
  'İstanbul ıgdır',
  'Ciudad de Española',
  'plain ascii name 42',
  '',
];

/** The words `fn` makes of each text, in the texts' order (one statement for all). */
const sqlWords = async (fn: 'directory_name_words' | 'organization_name_words', texts: string[]): Promise<string[][]> => {
  const r = await sql<{ w: string[] }>`select array(select distinct t from unnest(${sql.raw(fn)}(x.text)) t where t <> '' order by 1) as w
    from unnest(${texts}::text[]) with ordinality as x(text, n) order by x.n`.execute(ctx.deps.db);
  return r.rows.map((row) => row.w);
};
const sorted = (words: string[]) => [...words].sort();

describe('folding names for search', () => {
  it('takes accents off, writes out the letters that do not decompose, and lower-cases', () => {
    expect(foldText('José Muñoz')).toBe('jose munoz');
    expect(foldText('ÉCOLE Zänzibarro')).toBe('ecole zanzibarro');
    expect(foldText('Ørsted Łódź Straße Æsir Œuvre Þór')).toBe('orsted lodz strasse aesir oeuvre thor');
    expect(foldText('Nguyễn Thị')).toBe('nguyen thi');
    expect(nameWords('José  MUÑOZ-jose')).toEqual(['jose', 'munoz']);
    expect(nameWords('Ciudad de Española')).toEqual(['ciudad', 'de', 'espanola']);
    // What is not a letter of a Latin alphabet still separates words, as before.
    expect(nameWords('Kaʻahumanu 東京 Σίσυφος')).toEqual(['ka', 'ahumanu']);
  });

  it('gives the same words in the database as in JavaScript, letter by letter and name by name', async () => {
    const r = await sql<{ f: string }>`select civnet_fold('José Muñoz') as f`.execute(ctx.deps.db);
    expect(r.rows[0]?.f).toBe('jose munoz');
    const differ: string[] = [];
    // Each letter between two ASCII words, so that a letter folded to nothing or to a separator
    // shows as well as one folded to letters.
    const texts = [...LETTERS.map((l) => `ab${l}cd x${l}`), ...NAMES];
    for (const fn of ['directory_name_words', 'organization_name_words'] as const) {
      const db = await sqlWords(fn, texts);
      texts.forEach((text, i) => {
        const js = sorted(nameWords(text));
        if (JSON.stringify(db[i]) !== JSON.stringify(js)) differ.push(`${fn}(${JSON.stringify(text)}): ${JSON.stringify(db[i])} against ${JSON.stringify(js)}`);
      });
    }
    expect(differ).toEqual([]);
  });
});

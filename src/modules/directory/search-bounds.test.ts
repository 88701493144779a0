// Who's Who search that does not grow with the data (issue 15): the count stops past 1,000
// ("1,000+", `totalCapped`), a typo still finds the name, the state and the name together, the
// derived index (directory_name_index) follows every change that lists or hides someone, a bulk
// load with the triggers off is found after a rebuild, and a hidden member or field is never found.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMember, aMemberLevel } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { bulkLoadWithoutDirectoryTriggers, directoryRebuildSteps, rebuildDirectoryNameIndex } from './index.js';

let ctx: TestContext;
let member: TestClient;
let staff: TestClient;

interface Answer {
  results: Array<{ id: string; name: string; employer: { state: string | null } }>;
  total: number;
  totalCapped: boolean;
  facets: { states: Array<{ state: string; count: number }> };
}

const search = async (query: Record<string, string>, client = member): Promise<Answer> => {
  const res = await client.getJson(`/api/v1/directory?${new URLSearchParams(query)}`);
  expect(res.statusCode).toBe(200);
  return res.json() as Answer;
};
const byState = (a: Answer) => a.facets.states.map(({ state, count }) => ({ state, count }));
const ids = async (query: Record<string, string>, client = member) => (await search(query, client)).results.map((r) => r.id);

/** `count` active members named "<First n> <surname>", loaded in one statement each (the triggers
 * see whole statements), spread over CO, WA and TX. */
async function loadMembers(surname: string, count: number, opts: { bulk?: boolean } = {}) {
  const levelId = await aMemberLevel(ctx, { slug: 'bounds-test', name: 'Bounds test', rule: 'free' });
  await ctx.deps.db.transaction().execute(async (trx) => {
    if (opts.bulk) await bulkLoadWithoutDirectoryTriggers(trx);
    await sql`insert into users (email, name) select ${surname.toLowerCase()} || '-' || g || '@bounds.example', 'Person' || g || ' ' || ${surname} from generate_series(1, ${count}) g`.execute(
      trx,
    );
    await sql`insert into individual_memberships (user_id, level_id, status, term_start, term_end, quoted_cents, answers)
      select id, ${levelId}::uuid, 'active', '2026-01-01', '2026-12-31', 0, '{}' from users where email like ${`${surname.toLowerCase()}-%@bounds.example`}`.execute(trx);
    await sql`insert into member_profiles (user_id, employer_state)
      select id, (array['CO','WA','TX'])[1 + substring(email from '-([0-9]+)@')::int % 3] from users where email like ${`${surname.toLowerCase()}-%@bounds.example`}`.execute(trx);
  });
}

/** Rows of `directory_facets` (other than 0) that differ from the counts of the index itself. */
async function keptCountsDrift(): Promise<number> {
  const counts = sql`select i.word, st, v, count(*)::int from directory_name_index i
    cross join lateral unnest(array[coalesce(i.state::text, ''), '*']) st cross join lateral unnest(array_prepend('', i.expertise)) v group by 1, 2, 3`;
  const kept = sql`select word, state, value, n from directory_facets where n <> 0`;
  const r = await sql<{ n: number }>`select count(*)::int as n from ((${kept} except ${counts}) union all (${counts} except ${kept})) x`.execute(ctx.deps.db);
  return r.rows[0]?.n ?? -1;
}

beforeAll(async () => {
  ctx = await createTestContext();
  member = ctx.client();
  await member.signIn((await aMember(ctx, { name: 'Bounds Searcher' })).email);
  staff = ctx.client();
  await staff.signIn((await createAccount(ctx, { roles: ['membership'] })).email);
}, 60_000);
afterAll(() => ctx?.close());

describe("Who's Who search bounds", () => {
  it('counts at most 1,000 matches: more show as "1,000+" (totalCapped) with the facets of every match, from the kept counts; fewer are counted exactly', async () => {
    await loadMembers('Manyfold', 1_050);
    const many = await search({ q: 'Manyfold' });
    expect(many.total).toBe(1_000);
    expect(many.totalCapped).toBe(true);
    expect(many.results).toHaveLength(20);
    // every one of the 1,050, by state (n % 3: 350 each), not only the first thousand read
    expect(byState(many)).toEqual([
      { state: 'CO', count: 350 },
      { state: 'TX', count: 350 },
      { state: 'WA', count: 350 },
    ]);
    // a typo nobody has reads the name it meant first, and counts all of it
    const typo = await search({ q: 'Mnayfold' });
    expect(typo).toMatchObject({ total: 1_000, totalCapped: true });
    expect(byState(typo)).toEqual(byState(many));
    expect(typo.results.map((r) => r.id)).toEqual(many.results.map((r) => r.id));
    // the pages read the people themselves, in name order
    const second = await search({ q: 'Manyfold', page: '2' });
    expect(second.results.map((r) => r.name)).toEqual(
      Array.from({ length: 1_050 }, (_, i) => `Person${i + 1} Manyfold`)
        .sort()
        .slice(20, 40),
    );
    // The API's OpenAPI schema declares it.
    const doc = (await member.getJson('/api/openapi.json')).json() as { paths: Record<string, { get: { responses: Record<string, unknown> } }> };
    const answer = JSON.stringify(doc.paths['/api/v1/directory']?.get.responses['200']);
    expect(answer).toContain('"totalCapped":{"type":"boolean"');
    const page = await member.get('/directory?q=Manyfold');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1,000+ members match.');

    await loadMembers('Fewfold', 30);
    const few = await search({ q: 'Fewfold' });
    expect(few).toMatchObject({ total: 30, totalCapped: false });
    expect((await member.get('/directory?q=Fewfold')).body).toContain('30 members match.');
    // A state alone is bounded the same way, and counts exactly below the bound.
    expect(await search({ state: 'WA', q: 'Fewfold' })).toMatchObject({ total: 10, totalCapped: false });
  });

  it('finds a name from a typo, and the state and the name together', async () => {
    const harriet = await aMember(ctx, { name: 'Harriet Johnson', state: 'WA' });
    const other = await aMember(ctx, { name: 'Harold Johnson', state: 'OR' });
    expect(await ids({ q: 'Jonhson' })).toEqual(expect.arrayContaining([harriet.id, other.id]));
    expect((await ids({ q: 'Hariet Jonhson' }))[0]).toBe(harriet.id);
    expect(await ids({ q: 'Johnson', state: 'WA' })).toEqual([harriet.id]);
    expect(await ids({ q: 'Jonhson', state: 'OR' })).toEqual([other.id]);
    expect(await ids({ q: 'Johnson', state: 'TX' })).toEqual([]);
  });

  it('reads the word itself, then its start and similar words, each person once even through two words of the name', async () => {
    const both = await aMember(ctx, { name: 'Zebulon Zebrowski Zebrowsky' });
    const prefix = await aMember(ctx, { name: 'Aaron Zebrowskiewicz' });
    const exact = await aMember(ctx, { name: 'Yolanda Zebrowski' });
    const answer = await search({ q: 'Zebrowski' });
    // The word itself first (by name), then the names it starts or like it; nobody twice.
    expect(answer.results.map((r) => r.id)).toEqual([exact.id, both.id, prefix.id]);
    expect(answer).toMatchObject({ total: 3, totalCapped: false });
    // The lexicon's trigram index takes new words at once (no pending list to read on every search).
    const index = await sql<{ options: string[] | null }>`select reloptions as options from pg_class where relname = 'person_name_words_trgm'`.execute(ctx.deps.db);
    expect(index.rows[0]?.options).toContain('fastupdate=off');
  });

  it("adds a new name's words to the lexicon (what a typo is matched against) on a rename, and an update that leaves names as they were derives none", async () => {
    const db = ctx.deps.db;
    const inLexicon = async (word: string) => (await sql<{ n: number }>`select count(*)::int as n from person_name_words where word = ${word}`.execute(db)).rows[0]?.n ?? 0;
    const { rows } = await sql<{ id: string }>`insert into users (email, name) values ('lexicon@bounds.example', 'Person Zanzibarro') returning id`.execute(db);
    const id = rows[0]?.id ?? '';
    expect(await inLexicon('zanzibarro')).toBe(1);
    // An update of something else (here what adding a contact does to every account it names):
    // the words are not derived again, so one taken out stays out.
    await sql`delete from person_name_words where word = 'zanzibarro'`.execute(db);
    await sql`update users set privileges_version = privileges_version + 1 where id = ${id}`.execute(db);
    expect(await inLexicon('zanzibarro')).toBe(0);
    // A rename adds the new name's words, in the statement that renames.
    await sql`update users set name = 'Person Quorvantis Zanzibarro' where id = ${id}`.execute(db);
    expect(await inLexicon('quorvantis')).toBe(1);
    expect(await inLexicon('zanzibarro')).toBe(1);
  });

  it('keeps the counts of every name as people are listed, moved, given expertise, hidden and loaded in bulk (directory_facets)', async () => {
    await loadMembers('Countwell', 1_020);
    const db = ctx.deps.db;
    const people = sql`select id from users where email like 'countwell-%@bounds.example'`;
    await sql`update member_profiles set expertise = '{stormwater,budgeting}' where user_id in (${people}) and employer_state = 'CO'`.execute(db);
    await sql`update member_profiles set employer_state = 'NM' where user_id in (${people}) and employer_state = 'TX'`.execute(db);
    const counted = await search({ q: 'Countwell' });
    expect(counted.totalCapped).toBe(true);
    expect(byState(counted)).toEqual([
      { state: 'CO', count: 340 },
      { state: 'NM', count: 340 },
      { state: 'WA', count: 340 },
    ]);
    const expertise = ((await member.getJson('/api/v1/directory?q=Countwell')).json() as { facets: { expertise: unknown } }).facets.expertise;
    expect(expertise).toEqual([
      { value: 'budgeting', count: 340 },
      { value: 'stormwater', count: 340 },
    ]);
    // a state alone, from the kept counts once it has 1,000 people or more
    expect(byState(await search({ state: 'NM', q: 'Countwell' }))).toEqual([{ state: 'NM', count: 340 }]);
    // 34 hidden (WA, numbers ending in 0): 986 left, counted from what the search reads, the same numbers
    await sql`update member_profiles set listed = false where user_id in (${people}) and employer_state = 'WA' and user_id in (select id from users where email ~ '-[0-9]*0@')`.execute(
      db,
    );
    const fewer = await search({ q: 'Countwell' });
    expect(fewer).toMatchObject({ total: 986, totalCapped: false });
    expect(byState(fewer)).toEqual([
      { state: 'CO', count: 340 },
      { state: 'NM', count: 340 },
      { state: 'WA', count: 306 },
    ]);
    // the kept counts are the index's, row for row; after a bulk load with the triggers off, again
    // once the loader has rebuilt the index
    expect(await keptCountsDrift()).toBe(0);
    await loadMembers('Bulkcount', 1_010, { bulk: true });
    await rebuildDirectoryNameIndex(db);
    expect((await search({ q: 'Bulkcount' })).facets.states.reduce((n, x) => n + x.count, 0)).toBe(1_010);
    expect(await keptCountsDrift()).toBe(0);
  });

  it('rebuilds in parts side by side (the national seed) to the same index, search orders, lexicon and counts', async () => {
    const db = ctx.deps.db;
    const indexes = async () =>
      (await sql<{ d: string }>`select indexdef as d from pg_indexes where tablename in ('directory_name_index', 'person_name_words') order by indexname`.execute(db)).rows.map(
        (r) => r.d,
      );
    const before = await indexes();
    await loadMembers('Partwise', 1_004, { bulk: true });
    const parts = directoryRebuildSteps(db);
    await parts.rows();
    // the rows and the primary key are in, the two search orders not yet: a loader stopping here makes them
    expect((await indexes()).filter((d) => d.includes('directory_name_index_order') || d.includes('directory_name_index_state'))).toEqual([]);
    await parts.indexes();
    expect(await indexes()).toEqual(before);
    await parts.rows();
    await Promise.all(parts.after.map((part) => part()));
    expect(await indexes()).toEqual(before);
    expect(await keptCountsDrift()).toBe(0);
    const found = await search({ q: 'Partwise' });
    expect(found.totalCapped).toBe(true);
    expect(found.facets.states.reduce((n, x) => n + x.count, 0)).toBe(1_004);
    // the lexicon has the new name: a typo finds it
    expect((await search({ q: 'Partwsie' })).totalCapped).toBe(true);
  });

  it('follows every change that lists or hides someone or that it filters on: name, state, expertise, listing, membership, disabled, deleted', async () => {
    const m = await aMember(ctx, { name: 'Ottoline Quarrington', state: 'CO' });
    expect(await ids({ q: 'Quarrington' })).toEqual([m.id]);
    const db = ctx.deps.db;
    await db.updateTable('users').set({ name: 'Ottoline Brackenbury' }).where('id', '=', m.id).execute();
    expect(await ids({ q: 'Quarrington' })).toEqual([]);
    expect(await ids({ q: 'Brackenbury' })).toEqual([m.id]);
    await db.updateTable('member_profiles').set({ employer_state: 'NM' }).where('user_id', '=', m.id).execute();
    expect(await ids({ q: 'Brackenbury', state: 'CO' })).toEqual([]);
    expect(await ids({ q: 'Brackenbury', state: 'NM' })).toEqual([m.id]);
    await db
      .updateTable('member_profiles')
      .set({ expertise: ['stormwater'] })
      .where('user_id', '=', m.id)
      .execute();
    expect(await ids({ q: 'Brackenbury', expertise: 'stormwater' })).toEqual([m.id]);
    expect(await ids({ q: 'Brackenbury', expertise: 'budgeting' })).toEqual([]);
    await db.updateTable('member_profiles').set({ listed: false }).where('user_id', '=', m.id).execute();
    expect(await ids({ q: 'Brackenbury' }, staff)).toEqual([]);
    await db.updateTable('member_profiles').set({ listed: true }).where('user_id', '=', m.id).execute();
    expect(await ids({ q: 'Brackenbury' })).toEqual([m.id]);
    await db.updateTable('individual_memberships').set({ status: 'lapsed' }).where('user_id', '=', m.id).execute();
    expect(await ids({ q: 'Brackenbury' }, staff)).toEqual([]);
    await db.updateTable('individual_memberships').set({ status: 'active' }).where('user_id', '=', m.id).execute();
    expect(await ids({ q: 'Brackenbury' })).toEqual([m.id]);
    await db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', m.id).execute();
    expect(await ids({ q: 'Brackenbury' }, staff)).toEqual([]);
    await db.updateTable('users').set({ disabled_at: null }).where('id', '=', m.id).execute();
    expect(await ids({ q: 'Brackenbury' })).toEqual([m.id]);
    await db.deleteFrom('users').where('id', '=', m.id).execute();
    expect(await ids({ q: 'Brackenbury' })).toEqual([]);
    const left = await sql<{ n: number }>`select count(*)::int as n from directory_name_index where user_id = ${m.id}::uuid`.execute(db);
    expect(left.rows[0]?.n).toBe(0);
  });

  it('never finds a hidden member or by a private field, for members or staff', async () => {
    const unlisted = await aMember(ctx, { name: 'Wilhelmina Hiddenfield', listed: false });
    const lapsed = await aMember(ctx, { name: 'Wilbur Hiddenfield', status: 'lapsed' });
    const pending = await aMember(ctx, { name: 'Winifred Hiddenfield', status: 'pending' });
    const shown = await aMember(ctx, { name: 'Walter Hiddenfield', visibility: 'staff' });
    for (const client of [member, staff]) {
      const found = await ids({ q: 'Hiddenfield' }, client);
      expect(found).toEqual([shown.id]);
      expect(found).not.toEqual(expect.arrayContaining([unlisted.id, lapsed.id, pending.id]));
      // Contact fields are never matched, whoever may see them.
      for (const text of [shown.workEmail.split('@')[0] ?? '', shown.mailingAddress.split(' ')[1] ?? '', 'Civic']) {
        expect(await ids({ q: text }, client)).not.toContain(shown.id);
      }
    }
    // The index holds no row of a hidden person, and no contact field of anyone.
    const rows = await sql<{
      user_id: string;
      word: string;
    }>`select user_id, word from directory_name_index where user_id = any(${[unlisted.id, lapsed.id, pending.id, shown.id]}::uuid[])`.execute(ctx.deps.db);
    expect(rows.rows.every((r) => r.user_id === shown.id)).toBe(true);
    expect(rows.rows.map((r) => r.word).sort()).toEqual(['', 'hiddenfield', 'walter']);
  });

  it('skips the triggers under civnet.bulk_load, and the rebuild lists the people loaded', async () => {
    await loadMembers('Bulkloaded', 12, { bulk: true });
    expect((await search({ q: 'Bulkloaded' })).total).toBe(0);
    await rebuildDirectoryNameIndex(ctx.deps.db);
    expect(await search({ q: 'Bulkloaded' })).toMatchObject({ total: 12, totalCapped: false });
    // Everyone listed before is still found after the rebuild, no one hidden is.
    expect((await search({ q: 'Manyfold' })).totalCapped).toBe(true);
    expect(await ids({ q: 'Hiddenfield' })).toHaveLength(1);
  });
});

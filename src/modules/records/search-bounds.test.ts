// The staff organization search that does not grow with the data (issue 15): the count stops past
// 1,000 ("1,000+", `totalCapped`), a typo still finds the organization, the state and the name
// together, pages in name order across the words of the name, and the word index follows renames,
// merges and deletes (triggers on organizations, 0042_organization_search).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrganization, signedInAs } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { rowsOf } from '../../../test/html.js';

let ctx: TestContext;
let membership: TestClient;

interface Answer {
  organizations: Array<{ id: string; name: string; state: string }>;
  nextCursor: string | null;
  total: number | null;
  totalCapped: boolean;
}
const search = async (query: Record<string, string>): Promise<Answer> => {
  const res = await membership.getJson(`/api/v1/organizations?${new URLSearchParams(query)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Answer;
};

/** `count` organizations named "<word> <kind> n", in one statement, spread over CO, WA and TX. */
async function loadOrganizations(word: string, count: number) {
  await sql`insert into organizations (slug, name, entity_type, state, population, status)
    select ${word.toLowerCase()} || '-' || g, ${word} || (array[' Springs', ' Valley', ' Water District'])[1 + g % 3] || ' ' || g, 'city',
      (array['CO','WA','TX'])[1 + g % 3], 1000 + g, 'active'
    from generate_series(1, ${count}) g`.execute(ctx.deps.db);
}

beforeAll(async () => {
  ctx = await createTestContext();
  membership = await signedInAs(ctx, ['membership']);
}, 180_000);
afterAll(() => ctx?.close());

describe('organization search bounds', () => {
  it('counts at most 1,000 matches: more show as "1,000+" (totalCapped); fewer are counted exactly; pages keep going in name order', { timeout: 180_000 }, async () => {
    await loadOrganizations('Manyford', 1_050);
    const many = await search({ q: 'manyford' });
    expect(many).toMatchObject({ total: 1_000, totalCapped: true });
    expect(many.organizations).toHaveLength(50);
    const names = many.organizations.map((o) => o.name);
    expect(names).toEqual([...names].sort());
    // The next pages go on past the count's bound, never repeating a row.
    const seen = new Set(many.organizations.map((o) => o.id));
    let cursor = many.nextCursor;
    let pages = 1;
    while (cursor) {
      const next = await search({ q: 'manyford', limit: '200', cursor });
      for (const o of next.organizations) seen.add(o.id);
      cursor = next.nextCursor;
      pages += 1;
    }
    expect(seen.size).toBe(1_050);
    expect(pages).toBe(6);
    // The API's OpenAPI schema declares it; the page says "1,000+".
    const doc = (await membership.getJson('/api/openapi.json')).json() as { paths: Record<string, { get: { responses: Record<string, unknown> } }> };
    expect(JSON.stringify(doc.paths['/api/v1/organizations']?.get.responses['200'])).toContain('"totalCapped":{"type":"boolean"');
    const page = await membership.get('/staff/organizations?q=manyford');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1,000+ organizations match.');

    await loadOrganizations('Fewford', 30);
    expect(await search({ q: 'Fewford' })).toMatchObject({ total: 30, totalCapped: false });
    expect((await membership.get('/staff/organizations?q=Fewford')).body).toContain('30 organizations match.');
    // Without a name there is no count.
    expect((await search({ state: 'WY' })).total).toBeNull();
  });

  it('finds an organization from a typo, and the state and the name together', async () => {
    const springfield = await anOrganization(ctx, { name: 'City of Brightwaterfield', state: 'IL' });
    await anOrganization(ctx, { name: 'Brightwaterfield Library District', state: 'OH' });
    const typo = await search({ q: 'Brigthwaterfield' });
    expect(typo.organizations.map((o) => o.name).sort()).toEqual(['Brightwaterfield Library District', 'City of Brightwaterfield']);
    expect(typo).toMatchObject({ total: 2, totalCapped: false });
    expect((await search({ q: 'Brigthwaterfield', state: 'IL' })).organizations.map((o) => o.id)).toEqual([springfield.id]);
    expect((await search({ q: 'brightwater', state: 'OH' })).organizations.map((o) => o.name)).toEqual(['Brightwaterfield Library District']);
    // A part of the name, a state and another filter together.
    await loadOrganizations('Stateford', 60);
    const tx = await search({ q: 'Stateford Water', state: 'TX' });
    expect(tx.organizations.length).toBeGreaterThan(0);
    expect(tx.organizations.every((o) => o.state === 'TX' && o.name.startsWith('Stateford Water District'))).toBe(true);
    expect(tx.total).toBe(20);
    expect((await search({ q: 'Stateford', state: 'TX', status: 'lapsed' })).organizations).toEqual([]);
    const page = await membership.get('/staff/organizations?q=Brigthwaterfield&state=IL');
    expect(rowsOf(page.body, 'Organizations').map((r) => r[0])).toEqual(['City of Brightwaterfield']);
  });

  it('finds a name with accents typed without them, and the other way round, a typo too', async () => {
    const espanola = await anOrganization(ctx, { name: 'City of Española', state: 'NM' });
    const canon = await anOrganization(ctx, { name: 'Canon Water District', state: 'CO' });
    const ids = async (q: string, state?: string) => (await search(state ? { q, state } : { q })).organizations.map((o) => o.id);
    expect(await ids('Espanola')).toEqual([espanola.id]);
    expect(await ids('of espanola', 'NM')).toEqual([espanola.id]);
    expect(await ids('ESPAÑOLA')).toEqual([espanola.id]);
    expect(await ids('Espanolla')).toEqual([espanola.id]);
    expect(await ids('Cañon Water')).toEqual([canon.id]);
    const page = await membership.get('/staff/organizations?q=espanola');
    expect(rowsOf(page.body, 'Organizations').map((r) => r[0])).toEqual(['City of Española']);
  });

  it('follows renames, merges and deletes of organizations', async () => {
    const org = await anOrganization(ctx, { name: 'Town of Oldquillby', state: 'CO' });
    expect((await search({ q: 'Oldquillby' })).organizations.map((o) => o.id)).toEqual([org.id]);
    await sql`update organizations set name = 'Town of Newquillby' where id = ${org.id}`.execute(ctx.deps.db);
    expect((await search({ q: 'Oldquillby' })).organizations).toEqual([]);
    expect((await search({ q: 'Newquillby' })).organizations.map((o) => o.id)).toEqual([org.id]);
    const survivor = await anOrganization(ctx, { name: 'Town of Newquillby Junction', state: 'CO' });
    await sql`update organizations set merged_into_id = ${survivor.id}, merged_at = now() where id = ${org.id}`.execute(ctx.deps.db);
    expect((await search({ q: 'Newquillby' })).organizations.map((o) => o.id)).toEqual([survivor.id]);
    const gone = await anOrganization(ctx, { name: 'Town of Gonequillby', state: 'CO' });
    expect((await search({ q: 'Gonequillby' })).organizations.map((o) => o.id)).toEqual([gone.id]);
    await sql`delete from organizations where id = ${gone.id}`.execute(ctx.deps.db);
    expect((await search({ q: 'Gonequillby' })).organizations).toEqual([]);
  });
});

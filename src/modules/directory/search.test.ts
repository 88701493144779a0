// Who's Who search: typo-tolerant names, filters and facets together, pages, bad parameters,
// and who may search at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMember } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';

let ctx: TestContext;
let member: TestClient;

interface ApiEntry {
  id: string;
  name: string;
  employer: { name: string; state: string | null };
  expertise: string[];
}
interface ApiAnswer {
  results: ApiEntry[];
  total: number;
  page: number;
  pageSize: number;
  facets: { states: Array<{ state: string; name: string; count: number }>; expertise: Array<{ value: string; count: number }> };
}

const search = async (query: Record<string, string>) => {
  const res = await member.getJson(`/api/v1/directory?${new URLSearchParams(query)}`);
  expect(res.statusCode).toBe(200);
  return res.json() as ApiAnswer;
};

beforeAll(async () => {
  ctx = await createTestContext();
  member = ctx.client();
  await member.signIn((await aMember(ctx, { name: 'Searching Member' })).email);
}, 60_000);
afterAll(() => ctx?.close());

describe("Who's Who search", () => {
  it("finds 'Katherine Johnson' for 'Kathrine Jonson', ranks the exact name and swapped letters first, and matches a misspelled surname or the start of a name", async () => {
    const katherine = await aMember(ctx, { name: 'Katherine Johnson' });
    await aMember(ctx, { name: 'Katharine Johnston' });
    const mark = await aMember(ctx, { name: 'Mark Jones' });
    await aMember(ctx, { name: 'Zebulon Pike' });

    const typo = await search({ q: 'Kathrine Jonson' });
    expect(typo.results[0]?.id).toBe(katherine.id);
    expect(typo.results.map((r) => r.name)).not.toContain('Zebulon Pike');

    const exact = await search({ q: 'Katherine Johnson' });
    expect(exact.results[0]?.id).toBe(katherine.id);
    expect(exact.results.map((r) => r.name)).toContain('Katharine Johnston');

    expect((await search({ q: 'Jonson' })).results.map((r) => r.id)).toContain(katherine.id);
    expect((await search({ q: 'Kath' })).results.map((r) => r.id)).toContain(katherine.id);
    expect((await search({ q: 'Zebulon' })).results.map((r) => r.name)).toEqual(['Zebulon Pike']);
    expect((await search({ q: 'Mark Jones' })).results[0]?.id).toBe(mark.id);
    // Swapped letters (trigrams alone would put Michelle first).
    const michael = await aMember(ctx, { name: 'Michael Johnson' });
    await aMember(ctx, { name: 'Michelle Johnson' });
    expect((await search({ q: 'Micheal Jonson' })).results.map((r) => r.name).slice(0, 2)).toEqual(['Michael Johnson', 'Michelle Johnson']);
    expect((await search({ q: 'Micheal Jonson' })).results[0]?.id).toBe(michael.id);

    const page = await member.get(`/directory?q=${encodeURIComponent('Kathrine Jonson')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/people/${katherine.id}"`);
    expect(page.body).not.toContain('Zebulon Pike');
  });

  it('finds a name with accents typed with or without them (José Muñoz for "Jose Munoz"), and ranks it first', async () => {
    const jose = await aMember(ctx, { name: 'José Muñoz Quintanilla' });
    await aMember(ctx, { name: 'Joseph Munro' });
    const olsen = await aMember(ctx, { name: 'Zänzibarro Ølsen' });
    expect((await search({ q: 'Jose Munoz' })).results[0]?.id).toBe(jose.id);
    expect((await search({ q: 'JOSÉ MUÑOZ' })).results[0]?.id).toBe(jose.id);
    // the same word first, then names like it (Munro)
    expect((await search({ q: 'munoz' })).results[0]?.id).toBe(jose.id);
    expect((await search({ q: 'Muñoz' })).results[0]?.id).toBe(jose.id);
    expect((await search({ q: 'zanzibarro' })).results[0]?.id).toBe(olsen.id);
    expect((await search({ q: 'Olsen Zanzibaro' })).results[0]?.id).toBe(olsen.id);
    const page = await member.get(`/directory?${new URLSearchParams({ q: 'jose munoz' })}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body, 'main')).toContain('José Muñoz Quintanilla');
  });

  it('combines the name, jurisdiction, state, title and expertise filters, with facets counted for the current search', async () => {
    await aMember(ctx, { name: 'Ada Facet', employer: 'City of Facetton', state: 'CO', title: 'City Manager', expertise: ['budgeting', 'transit'] });
    await aMember(ctx, { name: 'Ben Facet', employer: 'Facetton County', state: 'CO', title: 'Planning Director', expertise: ['transit'] });
    await aMember(ctx, { name: 'Cy Facet', employer: 'Port of Facetton', state: 'WA', title: 'Assistant City Manager', expertise: ['budgeting'] });
    await aMember(ctx, { name: 'Dee Elsewhere', employer: 'City of Otherton', state: 'CO', title: 'City Manager', expertise: ['budgeting'] });

    const all = await search({ jurisdiction: 'facetton' });
    expect(all.total).toBe(3);
    expect(all.facets.states).toEqual([
      { state: 'CO', name: 'Colorado', count: 2 },
      { state: 'WA', name: 'Washington', count: 1 },
    ]);
    expect(all.facets.expertise).toEqual([
      { value: 'budgeting', count: 2 },
      { value: 'transit', count: 2 },
    ]);

    const colorado = await search({ jurisdiction: 'Facetton', state: 'CO' });
    expect(colorado.results.map((r) => r.name).sort()).toEqual(['Ada Facet', 'Ben Facet']);
    expect(colorado.facets.states).toEqual([{ state: 'CO', name: 'Colorado', count: 2 }]);
    expect(colorado.facets.expertise).toEqual([
      { value: 'transit', count: 2 },
      { value: 'budgeting', count: 1 },
    ]);

    expect((await search({ jurisdiction: 'Facetton', title: 'city manager' })).results.map((r) => r.name).sort()).toEqual(['Ada Facet', 'Cy Facet']);
    expect((await search({ jurisdiction: 'Facetton', expertise: 'Budgeting' })).results.map((r) => r.name).sort()).toEqual(['Ada Facet', 'Cy Facet']);
    expect((await search({ jurisdiction: 'Facetton', expertise: 'budgeting', state: 'WA' })).results.map((r) => r.name)).toEqual(['Cy Facet']);
    expect((await search({ q: 'Ada Facet', state: 'CO' })).results[0]?.name).toBe('Ada Facet');
    expect((await search({ q: 'Ada Facet', state: 'WA' })).results.map((r) => r.name)).not.toContain('Ada Facet');
    // A filter that looks like a pattern is taken literally.
    expect((await search({ jurisdiction: '%' })).total).toBe(0);

    const page = await member.get('/directory?jurisdiction=Facetton&state=CO');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2 members match.');
    expect(page.body).toContain('href="/directory?jurisdiction=Facetton&amp;state=CO&amp;expertise=transit"');
  });

  it('pages through the results, 20 at a time', async () => {
    for (let i = 0; i < 25; i++) await aMember(ctx, { name: `Pager ${String(i).padStart(2, '0')} Person`, employer: 'Town of Pageburg' });
    const first = await search({ jurisdiction: 'Pageburg' });
    const second = await search({ jurisdiction: 'Pageburg', page: '2' });
    const third = await search({ jurisdiction: 'Pageburg', page: '3' });
    expect(first).toMatchObject({ total: 25, page: 1, pageSize: 20 });
    expect(first.results).toHaveLength(20);
    expect(second.results).toHaveLength(5);
    expect(third).toMatchObject({ total: 25, page: 3, results: [] });
    const ids = [...first.results, ...second.results].map((r) => r.id);
    expect(new Set(ids).size).toBe(25);
    expect(first.results[0]?.name).toBe('Pager 00 Person');

    const page = await member.get('/directory?jurisdiction=Pageburg');
    expect(page.body).toContain('Page 1 of 2');
    expect(page.body).toContain('href="/directory?jurisdiction=Pageburg&amp;page=2"');
    const page2 = await member.get('/directory?jurisdiction=Pageburg&page=2');
    expect(page2.body).toContain('Pager 24 Person');
    expect(page2.body).not.toContain('Pager 00 Person');

    // by name: the pages are slices of the matches in name order
    const byName = [await search({ q: 'pager' }), await search({ q: 'pager', page: '2' })];
    expect(byName.map((p) => p.total)).toEqual([25, 25]);
    expect(byName.flatMap((p) => p.results.map((r) => r.name))).toEqual(Array.from({ length: 25 }, (_, i) => `Pager ${String(i).padStart(2, '0')} Person`));
  });

  it('answers bad parameters with 400 naming the field (API) or a message beside the field (page)', async () => {
    for (const [query, field] of [
      ['state=ZZ', 'state'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['page=11', 'page'],
      ['q=a', 'q'],
      [`q=${'x'.repeat(101)}`, 'q'],
      [`title=${'x'.repeat(101)}`, 'title'],
    ] as const) {
      const api = await member.getJson(`/api/v1/directory?${query}`);
      expect(api.statusCode, query).toBe(400);
      expect(api.json().error.code).toBe('validation_failed');
      expect(Object.keys(api.json().error.fields), query).toContain(field);
    }
    const page = await member.get('/directory?state=ZZ&q=Ada');
    expect(page.statusCode).toBe(400);
    expect(textOf(page.body, 'p.error-message#f-state-error')).toContain('Choose a state by its two-letter postal code');
    expect(page.body).toContain('aria-invalid="true"');
    expect(page.body).toContain('There is a problem');
    const badPage = await member.get('/directory?page=0');
    expect(badPage.statusCode).toBe(400);
    expect(badPage.body).toContain('Enter a page number, like 2.');
  });

  it('sends a visitor who is not signed in to sign in, answers the API with 401, and keeps organization contacts out', async () => {
    const visitor = ctx.client();
    const page = await visitor.get('/directory?q=Ada');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Fdirectory%3Fq%3DAda&for=members');
    const api = await visitor.getJson('/api/v1/directory?q=Ada');
    expect(api.statusCode).toBe(401);
    expect(api.json().error.code).toBe('unauthenticated');

    const contact = ctx.client();
    await contact.signIn((await createAccount(ctx, { org: { role: 'contact' } })).email);
    expect((await contact.get('/directory')).statusCode).toBe(403);
    expect((await contact.getJson('/api/v1/directory')).statusCode).toBe(403);

    const staff = ctx.client();
    await staff.signIn((await createAccount(ctx, { roles: ['advisor'] })).email);
    expect((await staff.get('/directory?q=Ada')).statusCode).toBe(200);
  });
});

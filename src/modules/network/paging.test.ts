// /network pages its list (50 members a page, page links named and marking the current page),
// draws at most MAP_POINT_LIMIT points, stays within its size budget, and answers a bad page
// number with a 400 and a message, a page past the last with the last page and a sentence.
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';
import { PAGE_SIZE } from './routes.js';
import { MAP_POINT_LIMIT } from './service.js';

const LISTED_CO = 130;
const LISTED_UT = 140;
const UNLISTED_UT = 7;

/** The names of the listed members on a page, in order. */
const listed = (html: string) =>
  dom(html)
    .querySelectorAll('.member-list a')
    .map((a) => a.text);

function pager(html: string) {
  const nav = dom(html).querySelector('nav.pager[aria-label="Pages of members"]');
  if (!nav) return null;
  return {
    links: nav
      .querySelectorAll('a')
      .map((a) => ({ text: a.text.replace(/\s+/g, ' ').trim(), href: a.getAttribute('href') ?? '', current: a.getAttribute('aria-current') ?? null })),
  };
}

describe('the /network list, a page at a time', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
    const orgs = [
      ...Array.from({ length: LISTED_CO }, (_, i) => ({ state: 'CO', name: `Paging Colorado ${String(i).padStart(3, '0')}`, listed: true })),
      ...Array.from({ length: LISTED_UT }, (_, i) => ({ state: 'UT', name: `Paging Utah ${String(i).padStart(3, '0')}`, listed: true })),
      ...Array.from({ length: UNLISTED_UT }, (_, i) => ({ state: 'UT', name: `Paging Hidden ${i}`, listed: false })),
    ];
    const rows = await ctx.deps.db
      .insertInto('organizations')
      .values(
        orgs.map((o, i) => ({
          slug: `paging-${i}`,
          name: o.name,
          entity_type: 'city' as const,
          state: o.state,
          population: 10_000 + i,
          status: 'active' as const,
          listed: o.listed,
          latitude: 39 + (i % 50) / 100,
          longitude: -105 - (i % 70) / 100,
        })),
      )
      .returning('id')
      .execute();
    await ctx.deps.db
      .insertInto('memberships')
      .values(rows.map((r) => ({ organization_id: r.id, status: 'active' as const, term_start: '2026-01-01', term_end: '2026-12-31', activated_at: new Date('2026-01-01') })))
      .execute();
  });
  afterAll(() => ctx?.close());

  it('lists 50 members a page; every listed member is on exactly one page; page 2 exists', async () => {
    const c = ctx.client();
    const first = await c.get('/network');
    expect(first.statusCode).toBe(200);
    const total = LISTED_CO + LISTED_UT;
    const pages = Math.ceil(total / PAGE_SIZE);
    expect(listed(first.body)).toHaveLength(PAGE_SIZE);
    expect(textOf(first.body, 'main')).toContain(`Members 1 to 50 of ${total}, by state and name (page 1 of ${pages})`);
    expect(textOf(first.body, '[role=status]')).toContain(`${UNLISTED_UT} of them chose not to be listed by name.`);
    const nav = pager(first.body);
    expect(nav?.links.find((l) => l.current === 'page')?.text).toBe('Page 1');
    expect(nav?.links.find((l) => l.text === 'Next page')?.href).toBe('/network?page=2');
    expect(nav?.links.some((l) => l.text === 'Previous page')).toBe(false);
    expect(nav?.links.find((l) => l.text === `Page ${pages}`)?.href).toBe(`/network?page=${pages}`);

    const seen: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const res = await c.get(page === 1 ? '/network' : `/network?page=${page}`);
      expect(res.statusCode).toBe(200);
      const names = listed(res.body);
      expect(names.length).toBe(page < pages ? PAGE_SIZE : total - PAGE_SIZE * (pages - 1));
      expect(pager(res.body)?.links.find((l) => l.current === 'page')?.text).toBe(`Page ${page}`);
      seen.push(...names);
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen.some((n) => n.startsWith('Paging Hidden'))).toBe(false);
    // by state, then name
    expect(seen).toEqual([...seen].sort());
  });

  it('page links keep the filters', async () => {
    const res = await ctx.client().get('/network?state=UT&page=2');
    expect(res.statusCode).toBe(200);
    expect(listed(res.body)).toEqual(Array.from({ length: PAGE_SIZE }, (_, i) => `Paging Utah ${String(PAGE_SIZE + i).padStart(3, '0')}`));
    const nav = pager(res.body);
    expect(nav?.links.find((l) => l.text === 'Previous page')?.href).toBe('/network?state=UT');
    expect(nav?.links.find((l) => l.text === 'Next page')?.href).toBe('/network?state=UT&page=3');
  });

  it('the page stays small: at most MAP_POINT_LIMIT points, bounded bytes', async () => {
    const res = await ctx.client().get('/network');
    const points = (res.body.match(/<circle /g) ?? []).length;
    // the legend draws one circle of its own
    expect(points - 1).toBe(MAP_POINT_LIMIT);
    expect(Buffer.byteLength(res.body)).toBeLessThan(100_000);
  });

  it('a page number that is not one is a 400 with a message; a page past the last shows the last', async () => {
    const c = ctx.client();
    for (const bad of ['abc', '0', '-1', '1.5', '9999999']) {
      const res = await c.get(`/network?page=${encodeURIComponent(bad)}`);
      expect(res.statusCode, bad).toBe(400);
      expect(textOf(res.body, '.error-summary')).toContain('Enter a page number, like 2.');
    }
    const last = Math.ceil((LISTED_CO + LISTED_UT) / PAGE_SIZE);
    const past = await c.get('/network?page=500');
    expect(past.statusCode).toBe(200);
    expect(textOf(past.body, 'main')).toContain(`There is no page 500: the list has ${last} pages, and this is the last.`);
    expect(pager(past.body)?.links.find((l) => l.current === 'page')?.text).toBe(`Page ${last}`);
    expect(listed(past.body)).toHaveLength(LISTED_CO + LISTED_UT - PAGE_SIZE * (last - 1));
  });
});

describe('the whole /network page kept for visitors who are not signed in', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { SUMMARY_CACHE_MS: '600000' } });
  });
  afterAll(() => ctx?.close());

  it("serves the same page to every visitor, never one with a signed-in person's header, and compresses it once", async () => {
    const first = await ctx.client().request('GET', '/network');
    const again = await ctx.client().request('GET', '/network');
    expect(first.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(first.body).toContain('Sign in');

    const person = await createAccount(ctx, {});
    const signedIn = ctx.client();
    await signedIn.signIn(person.email);
    const theirs = await signedIn.request('GET', '/network');
    expect(theirs.body).toContain('Sign out');
    expect(theirs.body).toContain('name="_csrf"');

    const after = await ctx.client().request('GET', '/network', { headers: { 'accept-encoding': 'br' } });
    expect(after.headers['content-encoding']).toBe('br');
    const plain = brotliDecompressSync(after.rawPayload).toString('utf8');
    expect(plain).toBe(first.body);
    expect(plain).not.toContain('Sign out');
    expect(plain).not.toContain('_csrf');
  });

  it('a single unlisted member is "it", not "1 of them"; with a state chosen the caption offers another', async () => {
    const [org] = await ctx.deps.db
      .insertInto('organizations')
      .values({
        slug: 'paging-wy-unlisted',
        name: 'Town of Unlisted',
        entity_type: 'town',
        state: 'WY',
        population: 2_000,
        status: 'active',
        listed: false,
        latitude: 42.8,
        longitude: -106.3,
      })
      .returning('id')
      .execute();
    await ctx.deps.db
      .insertInto('memberships')
      .values({ organization_id: org?.id ?? '', status: 'active', term_start: '2026-01-01', term_end: '2026-12-31', activated_at: new Date('2026-01-01') })
      .execute();
    const page = await ctx.client().get('/network?state=WY');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body, '[role=status]')).toBe('1 current member matches. It chose not to be listed by name.');
    expect(textOf(page.body, 'figcaption p')).toBe('Choose another state on the map or in the table to see its members instead.');
    expect(textOf((await ctx.client().get('/network')).body, 'figcaption p')).toBe('Choose a state on the map or in the table to see its members.');
  });
});

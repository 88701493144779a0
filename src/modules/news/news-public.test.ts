// News as readers get it: members-only bodies never reach visitors (page, API, feed, JSON-LD and
// Open Graph), the Atom feed parses as XML (PostgreSQL's libxml2 parser) with the right entries,
// each story's Open Graph tags and Schema.org `Article` data are there and escaped, and HTML in a
// story is shown as text.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsPost, anAccount, signedIn } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const SECRET = 'MEMBERS-ONLY-BODY-5521';

describe('members-only stories', () => {
  it('visitors and non-members get a teaser; members and staff the whole story, on the page and in the API', async () => {
    const post = await aNewsPost(ctx, { title: 'Inside the resilience hubs', summary: 'How the hubs were staffed.', body: `The plan: ${SECRET}.`, audience: 'members' });
    const member = await signedIn(ctx, (await anAccount(ctx, { roles: ['member'] })).email);
    const stranger = await signedIn(ctx, (await anAccount(ctx)).email);
    const staff = await signedIn(ctx, (await anAccount(ctx, { roles: ['communications'] })).email);
    for (const [who, client, full] of [
      ['visitor', ctx.client(), false],
      ['non-member', stranger, false],
      ['member', member, true],
      ['staff', staff, true],
    ] as const) {
      const page = await client.get(`/news/${post.slug}`);
      expect(page.statusCode, who).toBe(200);
      expect(page.body.includes(SECRET), who).toBe(full);
      expect(textOf(page.body, 'main'), who).toContain('How the hubs were staffed.');
      const api = await client.getJson(`/api/v1/news/${post.slug}`);
      expect(api.body.includes(SECRET), who).toBe(full);
      expect(api.json(), who).toMatchObject({ membersOnly: true, teaser: !full });
    }
    const teaser = await ctx.client().get(`/news/${post.slug}`);
    expect(textOf(teaser.body, '#members-only')).toBe('Members only');
    const ld = JSON.parse(dom(teaser.body).querySelector('script[type="application/ld+json"]')?.text ?? '{}') as Record<string, unknown>;
    expect(ld).toMatchObject({ '@type': 'Article', isAccessibleForFree: false });
    for (const url of ['/news', '/news/feed.atom', '/api/v1/news?limit=100']) expect((await ctx.client().get(url)).body.includes(SECRET), url).toBe(false);
  });
});

describe('the Atom feed', () => {
  it('is well-formed Atom with the live stories, newest first, and members-only ones as teasers', async () => {
    const now = ctx.clock.now().getTime();
    const older = await aNewsPost(ctx, { title: 'Older & wiser <story>', publishAt: new Date(now - 3 * 3_600_000) });
    const teaser = await aNewsPost(ctx, { title: 'For members', summary: 'Teaser text.', body: SECRET, audience: 'members', publishAt: new Date(now - 2 * 3_600_000) });
    const draft = await aNewsPost(ctx, { title: 'A draft', state: 'draft' });
    const res = await ctx.client().get('/news/feed.atom');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const ns = sql`array[array['a', 'http://www.w3.org/2005/Atom']]`;
    const doc = sql`xmlparse(document ${res.body})`;
    const texts = async (path: string) => {
      const row = await sql<{ v: string[] }>`select xpath(${path}, ${doc}, ${ns})::text[] as v`.execute(ctx.deps.db);
      return row.rows[0]?.v ?? [];
    };
    const wellFormed = await sql<{ ok: boolean }>`select xml_is_well_formed_document(${res.body}) as ok`.execute(ctx.deps.db);
    expect(wellFormed.rows[0]?.ok).toBe(true);
    expect(await texts('/a:feed/a:id/text()')).toEqual(['http://civnet.test/news']);
    expect((await texts('/a:feed/a:updated/text()'))[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await texts('/a:feed/a:author/a:name/text()')).toEqual(['Test Association']);
    expect(await texts('/a:feed/a:link[@rel="alternate"]/@href')).toEqual(['http://civnet.test/news']);
    const titles = (await texts('/a:feed/a:entry/a:title/text()')).map((t) => t.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    expect(titles.indexOf('For members')).toBeLessThan(titles.indexOf('Older & wiser <story>'));
    expect(titles).not.toContain('A draft');
    const entry = (slug: string, part: string) => texts(`/a:feed/a:entry[a:link/@href="http://civnet.test/news/${slug}"]/${part}`);
    expect(await entry(teaser.slug, 'a:summary/text()')).toEqual(['Members only: Teaser text.']);
    expect(await entry(teaser.slug, 'a:category/@term')).toEqual(['members-only']);
    expect(await entry(older.slug, 'a:author/a:name/text()')).toEqual(['Maya Okafor']);
    expect((await entry(older.slug, 'a:id/text()'))[0]).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(await entry(draft.slug, 'a:title/text()')).toEqual([]);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('<content');
  });

  it('is linked from the list as the alternate version', async () => {
    const link = dom((await ctx.client().get('/news')).body).querySelector('head link[rel="alternate"]');
    expect([link?.getAttribute('type'), link?.getAttribute('href')]).toEqual(['application/atom+xml', '/news/feed.atom']);
  });
});

describe('a story’s page', () => {
  it('carries Open Graph tags and Schema.org Article data, escaped against closing the script', async () => {
    const title = 'Flood </script><script>alert("x")</script> & recovery';
    const post = await aNewsPost(ctx, { title, summary: 'Summary with "quotes" & <tags>.', authorName: 'Daniel Reyes' });
    const res = await ctx.client().get(`/news/${post.slug}`);
    expect(res.statusCode).toBe(200);
    const page = dom(res.body);
    const og = (p: string) => page.querySelector(`head meta[property="${p}"]`)?.getAttribute('content');
    expect([og('og:type'), og('og:title'), og('og:description'), og('og:url'), og('article:author')]).toEqual([
      'article',
      title,
      'Summary with "quotes" & <tags>.',
      `http://civnet.test/news/${post.slug}`,
      'Daniel Reyes',
    ]);
    // One script element in the whole page: the JSON-LD data block, which the title could not close.
    expect(res.body.match(/<script/g)).toHaveLength(1);
    expect(res.body.match(/<\/script>/g)).toHaveLength(1);
    const ld = JSON.parse(page.querySelector('script[type="application/ld+json"]')?.text ?? '{}') as Record<string, unknown>;
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Article',
      headline: title,
      author: { '@type': 'Person', name: 'Daniel Reyes' },
      publisher: { '@type': 'Organization', name: 'Test Association' },
      isAccessibleForFree: true,
      url: `http://civnet.test/news/${post.slug}`,
    });
    expect(ld.datePublished).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('shows HTML in a story as text, and links only safe addresses', async () => {
    const post = await aNewsPost(ctx, { body: '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) and [our events](/events)' });
    const res = await ctx.client().get(`/news/${post.slug}`);
    const prose = dom(res.body).querySelector('.prose');
    expect(prose?.querySelectorAll('script, img')).toHaveLength(0);
    expect(prose?.text).toContain('<script>alert(1)</script>');
    expect(prose?.querySelectorAll('a').map((a) => a.getAttribute('href'))).toEqual(['/events']);
  });

  it('is in the OpenAPI document, with the list', async () => {
    const doc = (await ctx.client().getJson('/api/openapi.json')).json() as { paths: Record<string, { get?: unknown }> };
    expect(doc.paths['/api/v1/news']?.get).toBeTruthy();
    expect(doc.paths['/api/v1/news/{slug}']?.get).toBeTruthy();
  });
});

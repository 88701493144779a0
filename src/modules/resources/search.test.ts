// Resource search through the public surface (the page and GET /api/v1/resources): english
// stemming, a typo in a title, facets whose counts equal the results of adding each filter,
// sorting and pages, escaped passages, and bad query input answered with a 400 naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPathway, aResource, aTopic } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { errorOf } from '../../../test/html.js';
import { bulkLoadResources } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

interface Answer {
  results: Array<{ slug: string; title: string; snippet: string; snippetHtml: string; teaser: boolean }>;
  facets: Record<'type' | 'topic' | 'pathway' | 'year', Array<{ value: string; label: string; count: number }>>;
  total: number;
  bounded: boolean;
  page: number;
  next: number | null;
}

const api = async (query: string): Promise<Answer> => {
  const res = await ctx.client().getJson(`/api/v1/resources?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Answer;
};
const titles = (a: Answer) => a.results.map((r) => r.title);

describe('full-text search', () => {
  it('stems english words: "plans" finds "planning", "budgets" finds "budgeting" in the text', async () => {
    const topic = await aTopic(ctx);
    await aResource(ctx, { title: 'Capital Planning for Small Towns', summary: 'Long-range planning of roads.', body: 'Nothing about money here.', topicIds: [topic.id] });
    await aResource(ctx, { title: 'Street Tree Guide', body: 'Budgeting for maintenance crews.', topicIds: [topic.id] });
    await aResource(ctx, { title: 'Snow Removal Routes', body: 'Plows and salt.', topicIds: [topic.id] });
    expect(titles(await api(`topic=${topic.slug}&q=plans`))).toEqual(['Capital Planning for Small Towns']);
    expect(titles(await api(`topic=${topic.slug}&q=budgets`))).toEqual(['Street Tree Guide']);
    // the page says the same, with the matched word highlighted
    const page = await ctx.client().get(`/resources?topic=${topic.slug}&q=plans`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Capital Planning for Small Towns');
    expect(page.body).not.toContain('Snow Removal Routes');
    expect(page.body).toContain('<mark>planning</mark>');
  });

  it('tolerates a typo in a title, and a word that is nowhere finds nothing', async () => {
    const topic = await aTopic(ctx);
    await aResource(ctx, { title: 'Stormwater Resilience Handbook', summary: 'Rain gardens.', body: 'Bioswales.', topicIds: [topic.id] });
    await aResource(ctx, { title: 'Library Hours Template', topicIds: [topic.id] });
    expect(titles(await api(`topic=${topic.slug}&q=stormwatr`))).toEqual(['Stormwater Resilience Handbook']);
    expect(titles(await api(`topic=${topic.slug}&q=resilence`))).toEqual(['Stormwater Resilience Handbook']);
    expect(titles(await api(`topic=${topic.slug}&q=xylophone`))).toEqual([]);
  });

  it('ranks a title match above a text match, and sorts by date when asked', async () => {
    const topic = await aTopic(ctx);
    await aResource(ctx, { title: 'Wildfire Smoke Guide', body: 'Air filters.', topicIds: [topic.id] });
    ctx.clock.advance(60_000);
    await aResource(ctx, { title: 'Air Quality Basics', summary: 'Ozone and particles.', body: 'Wildfire season brings smoke.', topicIds: [topic.id] });
    expect(titles(await api(`topic=${topic.slug}&q=wildfire`))).toEqual(['Wildfire Smoke Guide', 'Air Quality Basics']);
    expect(titles(await api(`topic=${topic.slug}&q=wildfire&sort=date`))).toEqual(['Air Quality Basics', 'Wildfire Smoke Guide']);
  });
});

describe('facets', () => {
  it('each facet count equals the number of results when that filter is added, on the API and the page', async () => {
    const topic = await aTopic(ctx);
    const [p1, p2] = [await aPathway(ctx), await aPathway(ctx)];
    const rows: Array<[string, 'guide' | 'toolkit' | 'template', number, string[]]> = [
      ['Heat Plan One', 'guide', 2024, [p1]],
      ['Heat Plan Two', 'guide', 2023, [p1, p2]],
      ['Heat Toolkit', 'toolkit', 2024, [p2]],
      ['Heat Template', 'template', 2022, []],
      ['Heat Template Two', 'template', 2024, [p1]],
    ];
    for (const [title, type, year, pathwayIds] of rows) await aResource(ctx, { title, type, year, pathwayIds, topicIds: [topic.id] });
    await aResource(ctx, { title: 'Unrelated Bridge Guide', topicIds: [topic.id] });
    const base = `topic=${topic.slug}&q=heat`;
    const all = await api(`${base}&limit=50`);
    expect(all.total).toBe(5);
    expect(all.facets.type).toEqual([
      { value: 'guide', label: 'Guide', count: 2 },
      { value: 'toolkit', label: 'Toolkit', count: 1 },
      { value: 'template', label: 'Template', count: 2 },
    ]);
    expect(all.facets.year.map((f) => [f.value, f.count])).toEqual([
      ['2024', 3],
      ['2023', 1],
      ['2022', 1],
    ]);
    let checked = 0;
    for (const name of ['type', 'pathway', 'year', 'topic'] as const) {
      for (const f of all.facets[name]) {
        const params = new URLSearchParams({ topic: topic.slug, q: 'heat', limit: '50' });
        params.set(name, f.value);
        const narrowed = await api(params.toString());
        expect(narrowed.total, `${name}=${f.value}`).toBe(f.count);
        expect(narrowed.results).toHaveLength(f.count);
        checked++;
      }
    }
    expect(checked).toBe(3 + 2 + 3 + 1);
    // combined filters: the counts follow the narrowed results
    const guides = await api(`${base}&type=guide`);
    expect(guides.facets.year.map((f) => [f.value, f.count])).toEqual([
      ['2024', 1],
      ['2023', 1],
    ]);
    // the page shows the same counts in its facet links
    const page = await ctx.client().get(`/resources?${base}`);
    expect(page.body).toMatch(/Guide <span class="count">\(2/);
    expect(page.body).toContain('5 resources');
  });

  it('pages without losing or repeating a result; the last page has no next', async () => {
    const topic = await aTopic(ctx);
    for (let i = 1; i <= 12; i++) {
      ctx.clock.advance(1000);
      await aResource(ctx, { title: `Paging Guide ${i}`, topicIds: [topic.id] });
    }
    const first = await api(`topic=${topic.slug}&sort=date`);
    expect(first.results).toHaveLength(10);
    expect(first.next).toBe(2);
    const second = await api(`topic=${topic.slug}&sort=date&page=2`);
    expect(second.next).toBeNull();
    expect([...titles(first), ...titles(second)]).toEqual(Array.from({ length: 12 }, (_, i) => `Paging Guide ${12 - i}`));
  });
});

describe('hostile and bad input', () => {
  it('HTML in a title, summary or text is escaped on the page, in search passages and in the API snippet', async () => {
    const topic = await aTopic(ctx);
    const r = await aResource(ctx, {
      title: 'Evacuation <img src=x onerror=alert(1)> Guide',
      summary: 'Routes <script>alert("s")</script> and shelters.',
      body: 'Evacuation <script>alert("b")</script> routes.\n\n[click](javascript:alert(1))',
      topicIds: [topic.id],
    });
    const page = await ctx.client().get(`/resources/${r.slug}`);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).not.toContain('href="javascript:');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;b&quot;)&lt;/script&gt;');
    const search = await ctx.client().get(`/resources?topic=${topic.slug}&q=evacuation`);
    expect(search.body).not.toContain('<script>alert');
    expect(search.body).not.toContain('<img src=x');
    const a = await api(`topic=${topic.slug}&q=evacuation`);
    expect(a.results[0]?.snippetHtml).not.toMatch(/<(?!\/?mark>)/);
    expect(a.results[0]?.snippet).not.toContain('<script');
  });

  it('bad query fields are a 400 naming the field, on the API and the page; odd characters in words are searched, not an error', async () => {
    const c = ctx.client();
    for (const [q, field] of [
      [`q=${'a'.repeat(201)}`, 'q'],
      ['type=party', 'type'],
      ['year=abc', 'year'],
      ['year=1200', 'year'],
      ['page=0', 'page'],
      ['page=100000', 'page'],
      ['sort=random', 'sort'],
      ['pathway=no-such-pathway', 'pathway'],
      ['topic=Bad_Slug', 'topic'],
      ['topic=no-such-topic', 'topic'],
    ] as const) {
      const res = await c.getJson(`/api/v1/resources?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.fields ?? {}, q).toHaveProperty(field);
      const page = await c.get(`/resources?${q}`);
      expect(page.statusCode, q).toBe(400);
      expect(page.body).toContain('There is a problem');
    }
    expect((await c.getJson('/api/v1/resources?color=blue')).statusCode).toBe(400);
    for (const q of ['plan & | !', '%00', 'a:* | b', 'teh']) {
      expect((await c.getJson(`/api/v1/resources?q=${encodeURIComponent(q)}`)).statusCode, q).toBe(200);
      expect((await c.get(`/resources?q=${encodeURIComponent(q)}`)).statusCode, q).toBe(200);
    }
    expect((await c.getJson('/api/v1/resources/Not_A_Slug')).statusCode).toBe(404);
  });

  it('keywords with no word to search by are a 400 with the reason beside them, on the API and the page, as on the job board', async () => {
    const topic = await aTopic(ctx);
    // a title a fuzzy match would offer for "the and of"
    await aResource(ctx, { title: 'Theand Offices', body: 'Budget of the town.', topicIds: [topic.id] });
    const c = ctx.client();
    const message = 'These keywords have no word to search by: words like “a”, “the” and “of” are skipped. Use a word of the resource’s title, summary or text, like “budget”.';
    for (const q of ['the and of', 'the', '\'"&|!():*<>', '\\', '((', '-']) {
      const res = await c.getJson(`/api/v1/resources?topic=${topic.slug}&q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.fields, q).toEqual({ q: message });
      const page = await c.get(`/resources?topic=${topic.slug}&q=${encodeURIComponent(q)}`);
      expect(page.statusCode, q).toBe(400);
      expect(errorOf(page.body, 'q').message, q).toBe(message);
      expect(page.body, q).not.toContain('Theand Offices');
    }
    // a word that counts among skipped ones is searched as before
    expect(titles(await api(`topic=${topic.slug}&q=${encodeURIComponent('the budget of')}`))).toEqual(['Theand Offices']);
  });

  it('a query parameter given twice is a 400 naming it on the API (the page takes the first value), and the OpenAPI says so', async () => {
    const c = ctx.client();
    const res = await c.getJson('/api/v1/resources?q=flood&q=drought');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: { code: 'validation_failed', message: 'Give each query parameter once: q was given more than once.', fields: { q: 'Give q once; it was given 2 times.' } },
    });
    expect((await c.get('/resources?q=flood&q=drought')).statusCode).toBe(200);
    const doc = (await c.getJson('/api/openapi.json')).json();
    expect(doc.paths['/api/v1/resources'].get.description).toContain('a repeated one (`?q=a&q=b`) is refused with 400');
  });

  it('is documented in OpenAPI with its query fields and answers', async () => {
    const doc = (await ctx.client().getJson('/api/openapi.json')).json();
    const list = doc.paths['/api/v1/resources'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'type', 'topic', 'pathway', 'year', 'sort', 'page', 'limit']));
    expect(doc.paths['/api/v1/resources/{slug}'].get.responses['200']).toBeTruthy();
  });
});

describe('bounded: more than 1,000 matches', () => {
  it('reads the newest 1,000: the total and the facet counts are lower bounds ("1,000+"); narrowed below the cap, exact again', async () => {
    const topic = await aTopic(ctx);
    const types = ['guide', 'toolkit', 'template'] as const;
    const now = ctx.clock.now().getTime();
    const rows = Array.from({ length: 1010 }, (_, i) => ({
      slug: `bounded-${topic.slug}-${i}`,
      title: `Quillwort Survey ${i}`,
      summary: 'Counting quillworts.',
      body: 'A survey of ponds.',
      type: types[i % 3] as (typeof types)[number],
      audience: 'everyone' as const,
      year: 2020 + (i % 2),
      pathway_ids: [],
      topic_ids: [topic.id],
      published_at: new Date(now - i * 60_000),
    }));
    await ctx.deps.db.transaction().execute((trx) => bulkLoadResources(trx, rows));
    const all = await api(`topic=${topic.slug}&q=quillwort`);
    expect(all.total).toBe(1000);
    expect(all.bounded).toBe(true);
    // the newest first; the facets count the 1,000 read, each a lower bound of its filtered results
    expect(all.results[0]?.title).toBe('Quillwort Survey 0');
    expect(all.facets.type.reduce((n, f) => n + f.count, 0)).toBe(1000);
    for (const f of all.facets.type) {
      const narrowed = await api(`topic=${topic.slug}&q=quillwort&type=${f.value}`);
      expect(narrowed.bounded).toBe(false);
      expect(narrowed.total).toBeGreaterThanOrEqual(f.count);
      expect(narrowed.total).toBe(rows.filter((r) => r.type === f.value).length);
      // below the cap, every facet count equals its filtered results again
      for (const y of narrowed.facets.year) expect((await api(`topic=${topic.slug}&q=quillwort&type=${f.value}&year=${y.value}`)).total).toBe(y.count);
    }
    // pages stop at the cap
    const last = await api(`topic=${topic.slug}&q=quillwort&page=100`);
    expect(last.results).toHaveLength(10);
    expect(last.next).toBeNull();
    const page = await ctx.client().get(`/resources?topic=${topic.slug}&q=quillwort`);
    expect(page.body).toContain('1,000+ resources');
    expect(page.body).toMatch(/Guide <span class="count">\(3\d\d\+/);
  });
});

// Kept searches (deps.searches): the same resource or job search within SEARCH_CACHE_MS is answered
// from memory (what lets /api/v1/resources and /api/v1/jobs keep up under load, bench/resources.ts
// and bench/jobs.ts), kept apart per audience, and a change saved through the pages forgets every
// kept answer at once (the `searches` change: this process at once, the others by NOTIFY).
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aJobPosting, aResource, signedIn } from './factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from './helpers.js';
import { dom } from './html.js';

let ctx: TestContext;
let staff: TestClient;
beforeAll(async () => {
  ctx = await createTestContext({ env: { SEARCH_CACHE_MS: '600000' } });
  ctx.clock.set('2027-03-01T12:00:00Z');
  const s = await createAccount(ctx, { roles: ['communications'] });
  staff = await signedIn(ctx, s.email);
});
afterAll(() => ctx?.close());

interface Found {
  title: string;
  teaser: boolean;
}
const resources = async (c: TestClient, q: string): Promise<Found[]> => {
  const res = await c.getJson(`/api/v1/resources?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { results: Found[] }).results.map((r) => ({ title: r.title, teaser: r.teaser })).sort((a, b) => a.title.localeCompare(b.title));
};

describe('kept resource searches', () => {
  it('are kept per query; saving through the staff form forgets them; members and visitors are kept apart', async () => {
    const visitor = ctx.client();
    expect(await resources(visitor, 'drought')).toEqual([]);
    // written behind the module's back (no change notified): the kept answer stands
    await aResource(ctx, { title: 'Drought Staging Plan', slug: 'drought-staging-plan' });
    expect(await resources(visitor, 'drought')).toEqual([]);

    // saved through the form: every kept search is forgotten at once
    const saved = await staff.postMultipart(
      '/staff/resources',
      {
        title: 'Drought Response Guide',
        slug: '',
        summary: 'Water restrictions that residents follow.',
        body: 'Stage one asks for voluntary cuts.',
        type: 'guide',
        year: '2025',
        link_url: '',
        state: 'published',
        publish_at: '',
        audience: 'members',
      },
      [],
    );
    expect(saved.statusCode, saved.body).toBe(303);
    // staff first (seeing everything), then a visitor: the visitor's answer is not staff's copy
    expect(await resources(staff, 'drought')).toEqual([
      { title: 'Drought Response Guide', teaser: false },
      { title: 'Drought Staging Plan', teaser: false },
    ]);
    expect(await resources(visitor, 'drought')).toEqual([
      { title: 'Drought Response Guide', teaser: true },
      { title: 'Drought Staging Plan', teaser: false },
    ]);
    // the page reads the same kept answer
    const page = dom((await visitor.get('/resources?q=drought')).body);
    expect(
      page
        .querySelectorAll('ol.cards h3')
        .map((h) => h.text.trim())
        .sort(),
    ).toEqual(['Drought Response Guide', 'Drought Staging Plan']);
  });
});

describe('kept answers, compressed once', () => {
  it('answer brotli or gzip as the client accepts, with the same JSON as without', async () => {
    for (const url of ['/api/v1/resources?q=drought', '/api/v1/jobs?state=CO']) {
      const plain = await ctx.app.inject({ method: 'GET', url });
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(String(plain.headers['content-type'])).toMatch(/^application\/json/);
      for (const [encoding, decode] of [
        ['br', brotliDecompressSync],
        ['gzip', gunzipSync],
      ] as const) {
        const packed = await ctx.app.inject({ method: 'GET', url, headers: { 'accept-encoding': encoding } });
        expect(packed.headers['content-encoding']).toBe(encoding);
        expect(packed.headers.vary).toMatch(/accept-encoding/i);
        expect(JSON.parse(decode(packed.rawPayload).toString('utf8'))).toEqual(plain.json());
      }
    }
  });
});

describe('kept job searches', () => {
  const titles = async (q: string) => ((await ctx.client().getJson(`/api/v1/jobs?q=${q}`)).json() as { jobs: Array<{ title: string }> }).jobs.map((j) => j.title);

  it('show a posting approved through the review queue at once, and drop one withdrawn from search by an edit', async () => {
    expect(await titles('hydrologist')).toEqual([]);
    const { id, employerUserId } = await aJobPosting(ctx, { fields: { title: 'Staff Hydrologist' }, approved: false });
    expect((await staff.postForm(`/staff/jobs/${id}/approve`, {})).statusCode).toBe(303);
    expect(await titles('hydrologist')).toEqual(['Staff Hydrologist']);
    expect(
      dom((await ctx.client().get('/jobs?q=hydrologist')).body)
        .querySelectorAll('ol.results h3')
        .map((h) => h.text.trim()),
    ).toEqual(['Staff Hydrologist']);

    // the employer edits it: back to review, so out of search, at once
    const employer = ctx.client();
    const email = (await ctx.deps.db.selectFrom('users').select('email').where('id', '=', employerUserId).executeTakeFirstOrThrow()).email;
    await employer.signIn(email);
    const form = dom((await employer.get(`/jobs/${id}/edit`)).body);
    const values: Record<string, string> = {};
    for (const el of form.querySelectorAll('form input[name], form textarea[name], form select[name]')) {
      const name = el.getAttribute('name') ?? '';
      if (el.tagName === 'SELECT') values[name] = el.querySelector('option[selected]')?.getAttribute('value') ?? '';
      else if (el.tagName === 'TEXTAREA') values[name] = el.text;
      else if (el.getAttribute('type') === 'radio') {
        if (el.hasAttribute('checked')) values[name] = el.getAttribute('value') ?? '';
      } else values[name] = el.getAttribute('value') ?? '';
    }
    const edited = await employer.postForm(`/jobs/${id}/edit`, { ...values, title: 'Senior Hydrologist' });
    expect(edited.statusCode, edited.body.slice(0, 500)).toBe(303);
    expect(await titles('hydrologist')).toEqual([]);
  });
});

// A bad ?page= on the news lists (the public /news and communications staff's /staff/news): said
// beside a Page field that the error summary links to, the other filter kept (in the form and the
// list), a 400 and never a 500; the API keeps its documented validation error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsPost, aPathway, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, optionsOf, summaryTargets, textOf } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;
const slug = `paging-way-${Date.now().toString(36)}`;
beforeAll(async () => {
  ctx = await createTestContext();
  staff = (await signedInStaff(ctx, 'communications')).client;
  const way = await aPathway(ctx, { slug, name: 'Paging way' });
  await aNewsPost(ctx, { title: 'On the paging way', pathwayIds: [way] });
  await aNewsPost(ctx, { title: 'Off the paging way' });
  await aNewsPost(ctx, { title: 'A paging draft', state: 'draft' });
});
afterAll(() => ctx?.close());

const HOSTILE = ['abc', '-1', '1e9', '<script>', '99999999999', '0', '10000'];
const selected = (html: string, name: string) => optionsOf(html, name).find((o) => o.selected)?.value;
const pageValue = (html: string) => dom(html).querySelector('main form input[name="page"]')?.getAttribute('value');

describe('/news with a page number that is not one', () => {
  it('keeps the pathway chosen and its stories, and the summary links to the Page field', async () => {
    for (const bad of HOSTILE) {
      const res = await ctx.client().get(`/news?pathway=${slug}&page=${encodeURIComponent(bad)}`);
      expect(res.statusCode, bad).toBe(400);
      expect(textOf(res.body, '.error-summary'), bad).toContain('Enter a page number, like 2.');
      expect(summaryTargets(res.body), bad).toEqual([{ href: '#f-page', exists: true }]);
      expect(errorOf(res.body, 'page').message, bad).toBe('Enter a page number, like 2.');
      expect(pageValue(res.body), bad).toBe(bad);
      expect(selected(res.body, 'pathway'), bad).toBe(slug);
      expect(res.body, bad).toContain('On the paging way');
      expect(res.body, bad).not.toContain('Off the paging way');
      expect(res.body, bad).not.toContain('<script>');
    }
    const badWay = await ctx.client().get('/news?pathway=no-such-way');
    expect(badWay.statusCode).toBe(400);
    expect(summaryTargets(badWay.body)).toEqual([{ href: '#f-pathway', exists: true }]);
    expect(pageValue(badWay.body)).toBeUndefined();
    expect(badWay.body).not.toContain('On the paging way');
    expect((await ctx.client().get(`/news?pathway=${slug}&page=1`)).statusCode).toBe(200);
  });

  it('the API answers a bad page with its validation error', async () => {
    for (const bad of HOSTILE) {
      const res = await ctx.client().getJson(`/api/v1/news?page=${encodeURIComponent(bad)}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code, bad).toBe('validation_failed');
      expect(res.json().error.fields?.page, bad).toBe('Enter a page number, like 2.');
    }
  });
});

describe('/staff/news with a page number that is not one', () => {
  it('keeps the state chosen and its stories, and the summary links to the Page field', async () => {
    for (const bad of HOSTILE) {
      const res = await staff.get(`/staff/news?state=draft&page=${encodeURIComponent(bad)}`);
      expect(res.statusCode, bad).toBe(400);
      expect(textOf(res.body, '.error-summary'), bad).toContain('Enter a page number, like 2.');
      expect(summaryTargets(res.body), bad).toEqual([{ href: '#f-page', exists: true }]);
      expect(pageValue(res.body), bad).toBe(bad);
      expect(selected(res.body, 'state'), bad).toBe('draft');
      expect(res.body, bad).toContain('A paging draft');
      expect(res.body, bad).not.toContain('Off the paging way');
      expect(res.body, bad).not.toContain('<script>');
    }
    const badState = await staff.get('/staff/news?state=bogus');
    expect(badState.statusCode).toBe(400);
    expect(summaryTargets(badState.body)).toEqual([{ href: '#f-state', exists: true }]);
    expect((await staff.get('/staff/news?state=draft&page=1')).statusCode).toBe(200);
  });

  it('is refused to other staff and visitors, bad page or not', async () => {
    const finance = (await signedInStaff(ctx, 'finance')).client;
    expect((await finance.get('/staff/news?page=abc')).statusCode).toBe(403);
    expect((await ctx.client().get('/staff/news?page=abc')).statusCode).toBe(303);
  });
});

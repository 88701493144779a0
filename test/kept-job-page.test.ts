// The job center's search page, kept (bench/jobs.ts): its results' items are rendered once per
// search and time zone and kept with the search, and a visitor who is not signed in and has no
// message waiting gets the whole page kept (compressed once). What each visitor sees stays theirs:
// the values they typed, a signed-in person's own form and token, a message waiting for them, the
// association's time zone; and a posting approved shows at once, as with the API.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aJobPosting, signedIn } from './factories/index.js';
import { createAccount, createTestContext, type TestContext } from './helpers.js';
import { dom } from './html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ env: { SEARCH_CACHE_MS: '600000' } });
  // 03:30 UTC on March 1st is still February 28th in New York
  ctx.clock.set('2027-03-01T03:30:00Z');
  await ctx.deps.db.updateTable('association').set({ time_zone: 'America/New_York' }).where('id', '=', 1).execute();
  ctx.deps.association.invalidate();
  await aJobPosting(ctx, { fields: { title: 'Stormwater Planner', description: 'Plan the **stormwater** program.' } });
});
afterAll(() => ctx?.close());

const titles = (html: string) =>
  dom(html)
    .querySelectorAll('ol.results h3')
    .map((h) => h.text.trim());
const keywordsBox = (html: string) => dom(html).querySelector('input[name="q"]')?.getAttribute('value');
const posted = (html: string) => dom(html).querySelector('ol.results p.hint')?.text.trim();

describe('the kept search page', () => {
  it('answers a visitor in brotli, gzip or plain, the same page, with the jobs and the summary of each', async () => {
    const plain = await ctx.app.inject({ method: 'GET', url: '/jobs?q=stormwater' });
    expect(plain.statusCode).toBe(200);
    expect(String(plain.headers['content-type'])).toMatch(/^text\/html/);
    expect(titles(plain.body)).toEqual(['Stormwater Planner']);
    expect(dom(plain.body).querySelector('ol.results')?.text).toContain('Plan the stormwater program.');
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const packed = await ctx.app.inject({ method: 'GET', url: '/jobs?q=stormwater', headers: { 'accept-encoding': encoding } });
      expect(packed.statusCode).toBe(200);
      expect(packed.headers['content-encoding']).toBe(encoding);
      expect(packed.headers.vary).toMatch(/accept-encoding/i);
      expect(packed.headers['cache-control']).toBe('no-store');
      expect(decode(packed.rawPayload).toString('utf8')).toBe(plain.body);
    }
  });

  it('shows each visitor the keywords as they typed them, though the search is the same', async () => {
    const a = await ctx.client().get('/jobs?q=stormwater');
    const b = await ctx.client().get('/jobs?q=stormwater%20%20');
    expect(titles(b.body)).toEqual(['Stormwater Planner']);
    expect(keywordsBox(a.body)).toBe('stormwater');
    expect(keywordsBox(b.body)).toBe('stormwater  ');
  });

  it('gives a signed-in person their own page (their form to save the search, their token), not a visitor’s', async () => {
    const visitor = await ctx.client().get('/jobs?state=CO');
    expect(dom(visitor.body).querySelector('form[action="/jobs/saved-searches"]')).toBeNull();
    const member = await signedIn(ctx, (await createAccount(ctx, { roles: ['member'] })).email);
    const page = await member.get('/jobs?state=CO');
    expect(page.statusCode).toBe(200);
    const form = dom(page.body).querySelector('form[action="/jobs/saved-searches"]');
    expect(form).not.toBeNull();
    // the token in it is theirs: the search is saved with it
    const token = form?.querySelector('input[name="_csrf"]')?.getAttribute('value') ?? '';
    const saved = await member.request('POST', '/jobs/saved-searches', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ _csrf: token, state: 'CO' }).toString(),
    });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    expect(dom(page.body).querySelector('a[href="/jobs/mine"]')).not.toBeNull();
    // and the visitor after them still gets a visitor's page
    expect(dom((await ctx.client().get('/jobs?state=CO')).body).querySelector('form[action="/jobs/saved-searches"]')).toBeNull();
  });

  it('shows a visitor the message waiting for them', async () => {
    await ctx.client().get('/jobs?type=contract');
    const res = await ctx.client().get('/jobs?type=contract', { cookie: `flash=${encodeURIComponent('You are unsubscribed.')}` });
    expect(dom(res.body).querySelector('.flash')?.text.trim()).toBe('You are unsubscribed.');
    expect(dom((await ctx.client().get('/jobs?type=contract')).body).querySelector('.flash')).toBeNull();
  });

  it('dates the jobs in the association’s time zone, a change of it at once', async () => {
    const before = await ctx.client().get('/jobs?q=planner');
    const member = await signedIn(ctx, (await createAccount(ctx, { roles: ['member'] })).email);
    expect(posted(before.body)).toBe('Posted Feb 28, 2027');
    expect(posted((await member.get('/jobs?q=planner')).body)).toBe('Posted Feb 28, 2027');
    await ctx.deps.db.updateTable('association').set({ time_zone: 'Europe/Berlin' }).where('id', '=', 1).execute();
    ctx.deps.association.invalidate();
    expect(posted((await ctx.client().get('/jobs?q=planner')).body)).toBe('Posted Mar 1, 2027');
    expect(posted((await member.get('/jobs?q=planner')).body)).toBe('Posted Mar 1, 2027');
    await ctx.deps.db.updateTable('association').set({ time_zone: 'America/New_York' }).where('id', '=', 1).execute();
    ctx.deps.association.invalidate();
  });

  it('shows a posting approved after the page was kept, at once', async () => {
    expect(titles((await ctx.client().get('/jobs?q=hydrologist')).body)).toEqual([]);
    const staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['communications'] })).email);
    const { id } = await aJobPosting(ctx, { fields: { title: 'Staff Hydrologist' }, approved: false });
    expect((await staff.postForm(`/staff/jobs/${id}/approve`, {})).statusCode).toBe(303);
    expect(titles((await ctx.client().get('/jobs?q=hydrologist')).body)).toEqual(['Staff Hydrologist']);
  });
});

// The home page: a visitor who is not signed in gets the page kept for every such visitor (issue
// 15: it is rendered once, not per request), never a signed-in person's page; a waiting message
// and a change of the association's settings are shown at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';

describe('the home page kept for visitors', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { SUMMARY_CACHE_MS: '600000' } });
  });
  afterAll(() => ctx?.close());

  const heading = (html: string) => textOf(html, 'h1');

  it("serves visitors one page, never a signed-in person's, and shows a settings change at once", async () => {
    const first = await ctx.client().request('GET', '/');
    const again = await ctx.client().request('GET', '/');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(again.body).toBe(first.body);
    expect(first.body).toContain('Already a member?');
    expect(first.body).not.toContain('name="_csrf"');

    const person = await createAccount(ctx, { name: 'Rosa Kept' });
    const signedIn = ctx.client();
    await signedIn.signIn(person.email);
    const theirs = await signedIn.request('GET', '/');
    expect(theirs.body).toContain('Welcome back, Rosa Kept');
    const visitor = await ctx.client().request('GET', '/');
    expect(visitor.body).toBe(first.body);
    expect(visitor.body).not.toContain('Rosa Kept');

    // a message waiting for this visitor: their page, not the kept one
    const flashed = await ctx.client().request('GET', '/', { headers: { cookie: 'flash=Your%20request%20was%20sent.' } });
    expect(flashed.body).toContain('Your request was sent.');
    expect((await ctx.client().request('GET', '/')).body).not.toContain('Your request was sent.');

    // A signed-in person's own places come first; an individual member is not asked to join as one.
    const cards = (html: string) => [...html.matchAll(/<li class="card"><h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(cards(first.body)).toEqual(['For local governments', 'For professionals', 'Already a member?']);
    expect(cards(theirs.body)).toEqual(['Welcome back, Rosa Kept', 'For local governments', 'For professionals']);
    const member = await createAccount(ctx, { name: 'Mo Member', roles: ['member'] });
    const memberClient = ctx.client();
    await memberClient.signIn(member.email);
    const memberHome = (await memberClient.request('GET', '/')).body;
    expect(cards(memberHome)).toEqual(['Welcome back, Mo Member', 'For local governments']);
    expect(memberHome).not.toContain('href="/join/individual"');
    expect(memberHome).toContain('href="/me/membership"');

    await ctx.deps.db.updateTable('association').set({ name: 'Kept Cities League' }).where('id', '=', 1).execute();
    ctx.deps.association.invalidate();
    const renamed = await ctx.client().request('GET', '/');
    expect(heading(renamed.body)).toBe('Kept Cities League');
  });
});

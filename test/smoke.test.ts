import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers.js';

describe('smoke', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('healthz answers ok once the database answers', async () => {
    const res = await ctx.client().getJson('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it("gives browsers Civnet's mark as the pages' icon when the association has no logo: the link in each page, and /favicon.ico", async () => {
    const home = await ctx.client().get('/');
    expect(home.body).toContain('<link rel="icon" href="/assets/favicon.svg"/>');
    const ico = await ctx.client().get('/favicon.ico');
    expect(ico.statusCode).toBe(302);
    expect(ico.headers.location).toBe('/assets/favicon.svg');
    const svg = await ctx.client().get('/assets/favicon.svg');
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toContain('<svg');
  });
});

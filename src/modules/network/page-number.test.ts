// A bad ?page= on /network: said beside a Page field that the error summary links to, the other
// filters kept (in the form and in the list), a 400 and never a 500, whatever the value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anActiveMembership, anOrganization } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, optionsOf, summaryTargets, textOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  for (const [name, state] of [
    ['Pagewood', 'CA'],
    ['Pagefield', 'OR'],
  ] as const) {
    const org = await anOrganization(ctx, { name, state, listed: true, status: 'active' });
    await anActiveMembership(ctx, org.id);
  }
});
afterAll(() => ctx?.close());

const listed = (html: string) =>
  dom(html)
    .querySelectorAll('.member-list a')
    .map((a) => a.text);
const selected = (html: string, name: string) => optionsOf(html, name).find((o) => o.selected)?.value;
const pageValue = (html: string) => dom(html).querySelector('main form input[name="page"]')?.getAttribute('value');

describe('/network with a page number that is not one', () => {
  it('keeps the state chosen, lists its members, and the summary links to the Page field', async () => {
    const res = await ctx.client().get('/network?page=abc&state=CA');
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body, '.error-summary')).toContain('Enter a page number, like 2.');
    expect(summaryTargets(res.body)).toEqual([{ href: '#f-page', exists: true }]);
    expect(errorOf(res.body, 'page').message).toBe('Enter a page number, like 2.');
    expect(pageValue(res.body)).toBe('abc');
    expect(selected(res.body, 'state')).toBe('CA');
    expect(listed(res.body)).toEqual(['Pagewood']);
  });

  it('a bad state keeps the page field away, links to the state and lists nobody', async () => {
    const res = await ctx.client().get('/network?state=ZZ&type=city');
    expect(res.statusCode).toBe(400);
    expect(summaryTargets(res.body)).toEqual([{ href: '#f-state', exists: true }]);
    expect(selected(res.body, 'type')).toBe('city');
    expect(pageValue(res.body)).toBeUndefined();
    // a refused filter lists nobody (bands.test.ts says the same of a band)
    expect(listed(res.body)).toEqual([]);
  });

  it('answers hostile page values with a 400 and the message, never a 500', async () => {
    const c = ctx.client();
    for (const bad of ['-1', '1e9', '<script>', '99999999999', '0', '2.5', ' ']) {
      const res = await c.get(`/network?state=OR&page=${encodeURIComponent(bad)}`);
      if (bad === ' ') {
        expect(res.statusCode, bad).toBe(200);
        continue;
      }
      expect(res.statusCode, bad).toBe(400);
      expect(textOf(res.body, '.error-summary'), bad).toContain('Enter a page number, like 2.');
      expect(summaryTargets(res.body), bad).toEqual([{ href: '#f-page', exists: true }]);
      expect(pageValue(res.body), bad).toBe(bad);
      expect(listed(res.body), bad).toEqual(['Pagefield']);
      expect(res.body, bad).not.toContain('<script>');
    }
    expect((await c.get('/network?state=OR&page=1')).statusCode).toBe(200);
  });
});

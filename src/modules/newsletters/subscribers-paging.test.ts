// A bad ?page= on a list's subscribers page: said beside a Page field that the error summary links
// to, the search kept (in the form, the rows, the CSV link and the pager), a 400 and never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsletterList, confirmedSubscribers, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, summaryTargets, tableOf, textOf } from '../../../test/html.js';

let ctx: TestContext;
let comms: TestClient;
let listId = '';
const tag = Date.now().toString(36);
beforeAll(async () => {
  ctx = await createTestContext();
  const list = await aNewsletterList(ctx);
  listId = list.id;
  await confirmedSubscribers(ctx, list.id, [`alpha-${tag}@example.com`, `beta-${tag}@example.com`, `alpha2-${tag}@example.com`]);
  comms = (await signedInStaff(ctx, 'communications')).client;
});
afterAll(() => ctx?.close());

const path = (query: string) => `/staff/newsletters/lists/${listId}/subscribers${query}`;
const addresses = (html: string) =>
  tableOf(html, 'Subscribers, by address')
    .querySelectorAll('tbody th[scope="row"]')
    .map((th) => th.text.trim());
const inputValue = (html: string, name: string) => dom(html).querySelector(`main form input[name="${name}"]`)?.getAttribute('value');
const csvLink = (html: string) =>
  dom(html)
    .querySelectorAll('a')
    .map((a) => a.getAttribute('href') ?? '')
    .find((h) => h.includes('subscribers.csv'));

describe('a list’s subscribers with a page number that is not one', () => {
  it('keeps the search in the form, the rows and the CSV link, and the summary links to the Page field', async () => {
    const res = await comms.get(path('?q=alpha&page=abc'));
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body, '.error-summary')).toContain('Enter a page number, like 2.');
    expect(summaryTargets(res.body)).toEqual([{ href: '#f-page', exists: true }]);
    expect(errorOf(res.body, 'page').message).toBe('Enter a page number, like 2.');
    expect(inputValue(res.body, 'page')).toBe('abc');
    expect(inputValue(res.body, 'q')).toBe('alpha');
    expect(addresses(res.body)).toEqual([`alpha-${tag}@example.com`, `alpha2-${tag}@example.com`]);
    expect(csvLink(res.body)).toBe(`/staff/newsletters/lists/${listId}/subscribers.csv?q=alpha`);
  });

  it('a search that is too long keeps the page field away and links to the search', async () => {
    const res = await comms.get(path(`?q=${'x'.repeat(101)}`));
    expect(res.statusCode).toBe(400);
    expect(summaryTargets(res.body)).toEqual([{ href: '#f-q', exists: true }]);
    expect(inputValue(res.body, 'page')).toBeUndefined();
  });

  it('answers hostile page values with a 400 and the message, never a 500', async () => {
    for (const bad of ['-1', '1e9', '<script>', '99999999999', '0', '10000']) {
      const res = await comms.get(path(`?q=beta&page=${encodeURIComponent(bad)}`));
      expect(res.statusCode, bad).toBe(400);
      expect(textOf(res.body, '.error-summary'), bad).toContain('Enter a page number, like 2.');
      expect(summaryTargets(res.body), bad).toEqual([{ href: '#f-page', exists: true }]);
      expect(inputValue(res.body, 'page'), bad).toBe(bad);
      expect(addresses(res.body), bad).toEqual([`beta-${tag}@example.com`]);
      expect(res.body, bad).not.toContain('<script>');
    }
    expect((await comms.get(path('?q=beta&page=1'))).statusCode).toBe(200);
    expect((await comms.get(path('?q=beta&page=9999'))).statusCode).toBe(200);
  });

  it('is refused to other staff and visitors, bad page or not', async () => {
    const finance = (await signedInStaff(ctx, 'finance')).client;
    expect((await finance.get(path('?page=abc'))).statusCode).toBe(403);
    expect((await ctx.client().get(path('?page=abc'))).statusCode).toBe(303);
  });
});

// A bad ?page= on Who's Who (/directory): said beside a Page field that the error summary links
// to, the search kept (in the form and the results), a 400 and never a 500; past page 10 it says
// why the list stops; the API keeps its documented validation error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMember } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, summaryTargets, textOf } from '../../../test/html.js';
import { TOO_DEEP } from './schemas.js';

let ctx: TestContext;
let member: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  member = ctx.client();
  await member.signIn((await aMember(ctx, { name: 'Paging Searcher' })).email);
  await aMember(ctx, { name: 'Quentin Pagewright', employer: 'City of Pagetown' });
  await aMember(ctx, { name: 'Rosalind Otherly', employer: 'City of Elsewhere' });
});
afterAll(() => ctx?.close());

const inputValue = (html: string, name: string) => dom(html).querySelector(`main form input[name="${name}"]`)?.getAttribute('value');
const names = (html: string) => textOf(html, 'main');

describe('Who’s Who with a page number that is not one', () => {
  it('keeps the search in the form and the results, and the summary links to the Page field', async () => {
    for (const bad of ['abc', '-1', '1e9', '<script>', '99999999999', '0']) {
      const res = await member.get(`/directory?q=Pagewright&page=${encodeURIComponent(bad)}`);
      expect(res.statusCode, bad).toBe(400);
      expect(textOf(res.body, '.error-summary'), bad).toContain('Enter a page number, like 2.');
      expect(summaryTargets(res.body), bad).toEqual([{ href: '#f-page', exists: true }]);
      expect(errorOf(res.body, 'page').message, bad).toBe('Enter a page number, like 2.');
      expect(inputValue(res.body, 'page'), bad).toBe(bad);
      expect(inputValue(res.body, 'q'), bad).toBe('Pagewright');
      expect(names(res.body), bad).toContain('Quentin Pagewright');
      expect(names(res.body), bad).not.toContain('Rosalind Otherly');
      expect(res.body, bad).not.toContain('<script>');
    }
  });

  it('past page 10 says why the list stops, beside the Page field', async () => {
    const res = await member.get('/directory?q=Pagewright&page=11');
    expect(res.statusCode).toBe(400);
    expect(summaryTargets(res.body)).toEqual([{ href: '#f-page', exists: true }]);
    expect(errorOf(res.body, 'page').message).toBe(TOO_DEEP);
    expect(names(res.body)).toContain('Quentin Pagewright');
  });

  it('a bad state keeps the page field away, links to the state and lists nobody', async () => {
    const res = await member.get('/directory?q=Pagewright&state=ZZ');
    expect(res.statusCode).toBe(400);
    expect(summaryTargets(res.body)).toEqual([{ href: '#f-state', exists: true }]);
    expect(inputValue(res.body, 'page')).toBeUndefined();
    expect(inputValue(res.body, 'q')).toBe('Pagewright');
    expect(names(res.body)).not.toContain('Quentin Pagewright');
  });

  it('the API answers a bad page with its validation error', async () => {
    for (const bad of ['abc', '-1', '1e9', '<script>', '99999999999', '0', '11']) {
      const res = await member.getJson(`/api/v1/directory?q=Pagewright&page=${encodeURIComponent(bad)}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code, bad).toBe('validation_failed');
      expect(Object.keys(res.json().error.fields ?? {}), bad).toEqual(['page']);
    }
  });
});

// Resources (issue 18): a visitor searches the catalogue, narrows it by a topic facet, opens a
// members-only resource and gets its teaser (its file's address answers 404); a member signs in and
// reads it in full and downloads its file. axe runs on every page reached, at 1280 px and at 390 px.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

const TITLE = 'Continuity of Operations Plan Template';
const SLUG = 'continuity-of-operations-plan-template';
const fits = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

describe('resources: search, facets and the members-only teaser', () => {
  const app = useBrowserApp();

  for (const width of [1280, 390]) {
    it(`a visitor searches, narrows by topic and meets a members-only teaser whose file is refused (${width} px)`, async () => {
      const visitor = await app.newPage({ width });
      await visit(visitor, '/');
      await submit(visitor, () => visitor.getByRole('link', { name: 'Tools and resources' }).click());
      expect(new URL(visitor.url()).pathname).toBe('/resources');
      await visitor.getByLabel('Search resources').fill('plans');
      await submit(visitor, () => visitor.getByRole('button', { name: 'Search' }).click());
      expect(visitor.url()).toContain('q=plans');
      // stemming: "plans" finds the planning guide and the plan template
      expect(await visitor.getByRole('link', { name: 'Hazard Mitigation Planning Guide for Small Communities' }).count()).toBe(1);
      const facets = visitor.getByRole('complementary', { name: 'Narrow the results' });
      // On a wide screen the facets are a column beside the results, which start at the top; on a
      // phone they come first, above the results.
      const [facetsBox, resultsBox] = await Promise.all([facets.boundingBox(), visitor.locator('section.results').boundingBox()]);
      if (!facetsBox || !resultsBox) throw new Error('no facets or results on the page');
      if (width === 1280) expect(resultsBox.y).toBeLessThan(facetsBox.y + facetsBox.height / 2);
      else expect(resultsBox.y).toBeGreaterThanOrEqual(facetsBox.y + facetsBox.height);
      const topic = facets.getByRole('link', { name: /^Emergency and disaster resources \(/ });
      const count = Number(/\((\d+)/.exec((await topic.textContent()) ?? '')?.[1]);
      await submit(visitor, () => topic.click());
      expect(visitor.url()).toContain('topic=emergency-and-disaster');
      expect(await visitor.locator('.results article').count()).toBe(count);
      expect(await visitor.getByRole('heading', { level: 2, name: new RegExp(`^${count} resources?`) }).count()).toBe(1);
      if (width === 390) await fits(visitor);
      const card = visitor.getByRole('article').filter({ hasText: TITLE });
      expect(await card.textContent()).toContain('Members only');
      await submit(visitor, () => card.getByRole('link', { name: TITLE }).click());
      expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
      expect(await visitor.getByRole('heading', { name: 'Members only' }).count()).toBe(1);
      expect(await visitor.getByRole('link', { name: 'Sign in', exact: true }).last().getAttribute('href')).toBe(`/login?next=%2Fresources%2F${SLUG}`);
      expect(await visitor.getByRole('link', { name: /^Download/ }).count()).toBe(0);
      expect(await visitor.locator('main').textContent()).not.toContain('orders of succession');
      if (width === 390) await fits(visitor);
      const file = await visitor.request.get(`/resources/${SLUG}/download`);
      expect(file.status()).toBe(404);
      const api = await (await visitor.request.get(`/api/v1/resources/${SLUG}`)).json();
      expect(api).toMatchObject({ teaser: true, body: null, file: null });
    });
  }

  it('a member sees the resource in full and downloads its file (390 px too)', async () => {
    for (const width of [1280, 390]) {
      const member = await app.newPage({ width });
      await signIn(member, 'member@example.org');
      await visit(member, `/resources/${SLUG}`);
      expect(await member.locator('main').textContent()).toContain('orders of succession');
      expect(await member.getByRole('heading', { name: 'Members only' }).count()).toBe(0);
      const download = member.getByRole('link', { name: /^Download continuity-of-operations-template\.pdf/ });
      expect(await download.count()).toBe(1);
      const file = await member.request.get(`/resources/${SLUG}/download`);
      expect(file.status()).toBe(200);
      expect(file.headers()['content-type']).toBe('application/pdf');
      if (width === 390) await fits(member);
    }
  });
});

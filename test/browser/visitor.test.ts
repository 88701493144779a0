// A visitor on a phone (390 px) and on a desktop (1280 px) finds their way from the home page with
// the top navigation alone: to joining as a professional, to the network, to a state by clicking it
// on the map, to the invitation of a state without members, and to a member's public page (website,
// population band, pathways). axe-core on every page; no page scrolls sideways; on a short page the
// footer sits at the bottom of the window.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { submit, visit } from './harness.js';

/** States whose shape contains the middle of its bounding box (a click there lands on the state). */
const SOLID_STATES = [
  'Alabama',
  'Arkansas',
  'Colorado',
  'Georgia',
  'Indiana',
  'Iowa',
  'Kansas',
  'Mississippi',
  'Missouri',
  'Montana',
  'Nebraska',
  'Nevada',
  'New Mexico',
  'North Dakota',
  'Ohio',
  'Oregon',
  'South Dakota',
  'Utah',
  'Wyoming',
];

async function noSidewaysScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${page.url()} at ${width} px`).toBeLessThanOrEqual(width);
}

describe('a visitor finds their way', () => {
  const app = useBrowserApp();

  for (const width of [390, 1280]) {
    it(`at ${width} px: from the home page to joining, the network, a state on the map, an empty state and a member’s page`, async () => {
      const page = await app.newPage({ width, height: 900 });
      const nav = page.getByRole('navigation', { name: 'Main' });

      await visit(page, '/');
      expect(await nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBe('page');
      for (const name of ['Network', 'Join as a government', 'Join as a professional', 'Dues', 'Sign in']) {
        expect(await nav.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
      }
      expect(await nav.getByRole('link', { name: 'Dues' }).getAttribute('href')).toBe('/dues');
      expect(await nav.getByRole('link', { name: 'Join as a government' }).getAttribute('href')).toBe('/join');
      // Every card of the home page leads somewhere.
      for (const card of await page.locator('main > ul.cards > li.card').all()) expect(await card.getByRole('link').count()).toBeGreaterThan(0);
      await noSidewaysScroll(page, width);

      await submit(page, () => nav.getByRole('link', { name: 'Join as a professional' }).click());
      expect(new URL(page.url()).pathname).toBe('/join/individual');
      expect(await nav.getByRole('link', { name: 'Join as a professional' }).getAttribute('aria-current')).toBe('page');
      expect(await nav.getByRole('link', { name: 'Join as a government' }).getAttribute('aria-current')).toBeNull();
      await noSidewaysScroll(page, width);

      await submit(page, () => nav.getByRole('link', { name: 'Network' }).click());
      expect(new URL(page.url()).pathname).toBe('/network');
      expect(await nav.getByRole('link', { name: 'Network' }).getAttribute('aria-current')).toBe('page');
      await noSidewaysScroll(page, width);
      // The legend is page text, as large as the page's own.
      const legendItem = page.locator('.map-legend li', { hasText: 'Member organization' });
      expect(await legendItem.isVisible()).toBe(true);
      expect(Number.parseFloat(await legendItem.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);

      const map = page.locator('svg.network-map');
      await submit(page, () => map.getByRole('link', { name: /^Illinois: \d+ members?$/ }).click());
      expect(new URL(page.url()).searchParams.get('state')).toBe('IL');
      expect(await page.getByRole('combobox', { name: 'State (optional)' }).inputValue()).toBe('IL');
      expect(await page.getByRole('heading', { name: 'Illinois', exact: true }).count()).toBe(1);

      const emptyLabels = await map.locator('a[aria-label$=": 0 members"]').evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') ?? ''));
      const empty = SOLID_STATES.find((s) => emptyLabels.includes(`${s}: 0 members`));
      if (!empty) throw new Error(`no state without members among ${SOLID_STATES.join(', ')}`);
      await submit(page, () => map.getByRole('link', { name: `${empty}: 0 members` }).click());
      expect(await page.getByRole('heading', { level: 2, name: `No members in ${empty} yet` }).count()).toBe(1);
      expect(await page.getByRole('heading', { name: 'Members by state' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Find out how your government can join' }).getAttribute('href')).toBe('/join');

      await submit(page, () => map.getByRole('link', { name: /^Illinois:/ }).click());
      await submit(page, () => page.getByRole('link', { name: 'City of Springfield' }).click());
      expect(new URL(page.url()).pathname).toBe('/network/city-of-springfield-il');
      expect(await nav.getByRole('link', { name: 'Network' }).getAttribute('aria-current')).toBe('true');
      const terms = page.locator('main dl');
      const value = (term: string) => terms.locator(`dt:text-is("${term}") + dd`).textContent();
      expect(await value('Website')).toBe('www.springfield.il.us');
      expect(await terms.getByRole('link', { name: 'www.springfield.il.us' }).getAttribute('href')).toBe('https://www.springfield.il.us/');
      expect(await value('Population')).toBe('100,000 to 249,999');
      expect(await value('Priority pathways')).toMatch(/Zero emission/);
      await noSidewaysScroll(page, width);

      // A short page: the footer sits at the bottom of the window, not in the middle.
      const footer = await page.locator('footer').boundingBox();
      expect(footer && footer.y + footer.height).toBeGreaterThanOrEqual(899);
    });
  }
});

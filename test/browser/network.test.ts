// The network map as a visitor uses it: open /network, filter by state and pathway with the
// labelled fields, follow a member to its public page; filter by population band, and open a link
// from when the filter had five bands. axe-core on every page; the page's whole
// transfer (HTML, CSS, JS) stays under 300 KB.
import type { Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { submit, visit } from './harness.js';

describe('network', () => {
  const app = useBrowserApp();

  it('a visitor filters the network by state and pathway and opens a member’s page', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    const responses: Response[] = [];
    page.on('response', (r) => responses.push(r));
    await visit(page, '/network');
    await page.waitForLoadState('load');
    const sizes = await Promise.all(responses.map(async (r) => (await r.body().catch(() => Buffer.alloc(0))).length));
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(responses.some((r) => r.url().endsWith('/assets/site.css'))).toBe(true);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(300 * 1024);

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Our network');
    expect(await page.locator('svg title').first().textContent()).toBeTruthy();
    expect(
      await page
        .getByRole('table', { name: 'Current members by state' })
        .getByRole('row', { name: /Alaska/ })
        .count(),
    ).toBe(1);
    // The demo's opted-out member is counted but never named.
    expect(await page.getByText('Town of Brookline').count()).toBe(0);
    expect(
      await page
        .getByRole('table', { name: 'Current members by state' })
        .getByRole('row', { name: /Massachusetts/ })
        .count(),
    ).toBe(1);

    await page.getByRole('combobox', { name: 'State (optional)' }).selectOption({ label: 'Alaska' });
    await page.getByRole('combobox', { name: 'Pathway (optional)' }).selectOption({ label: 'Equitable' });
    await submit(page, () => page.getByRole('button', { name: 'Show members' }).click());
    const url = new URL(page.url());
    expect(url.searchParams.get('state')).toBe('AK');
    expect(url.searchParams.get('pathway')).toBe('equitable');
    expect(await page.getByRole('status').textContent()).toContain('1 current member matches.');
    expect(await page.getByRole('link', { name: 'City of Fairbanks' }).count()).toBe(0);

    await submit(page, () => page.getByRole('link', { name: 'Municipality of Anchorage' }).click());
    expect(new URL(page.url()).pathname).toBe('/network/municipality-of-anchorage-ak');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Municipality of Anchorage');
    expect(await page.locator('dl').textContent()).toContain('Equitable, Resilient');
    await context.close();
  });

  for (const width of [1280, 390]) {
    it(`a visitor filters by population band, and an old link's band still shows as chosen (${width} px)`, async () => {
      const page = await app.newPage({ width, height: 900 });
      await visit(page, '/network');
      const population = page.getByRole('combobox', { name: 'Population (optional)' });
      expect((await population.locator('option').allTextContents()).map((t) => t.trim())).toEqual([
        'Any population',
        'Under 10,000',
        '10,000 to 49,999',
        '50,000 to 99,999',
        '100,000 to 249,999',
        '250,000 to 999,999',
        '1,000,000 and over',
      ]);
      await population.selectOption({ label: '100,000 to 249,999' });
      await submit(page, () => page.getByRole('button', { name: 'Show members' }).click());
      expect(new URL(page.url()).searchParams.get('band')).toBe('100k-250k');
      expect(await page.getByRole('link', { name: 'City of Springfield' }).count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Municipality of Anchorage' }).count()).toBe(0);

      // a link from when the filter had five bands
      await visit(page, '/network?band=under-50k');
      expect(await population.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent?.trim())).toBe('Under 50,000');
      expect(await page.getByRole('link', { name: 'City of Springfield' }).count()).toBe(0);
      await page.close();
    });
  }
});

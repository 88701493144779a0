// The network map as a visitor uses it: open /network, filter by state and pathway with the
// labelled fields, follow a member to its public page. axe-core on every page; the page's whole
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
});

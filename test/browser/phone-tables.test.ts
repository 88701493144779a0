// Tables on a phone (390 px): the organization home's invoices and contacts, its invoices page and
// an invoice's own page, a challenge's leaderboard, and finance staff's receivables, invoices and payments read without
// scrolling sideways — not the page, not a table in its box — because each row becomes a block
// whose cells are named by their column. The tables stay tables for screen readers (roles, column
// headers), and at 1280 px each row is still one line of cells under its column headers.
// axe-core runs on every page visited.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_DOMAIN } from '../../src/seed/demo.js';
import { useBrowserApp } from './app.js';
import { signIn, visit } from './harness.js';

/** How far the page, and each table's box, scroll sideways (0 when everything fits). */
const sideways = (page: Page) =>
  page.evaluate(() => ({
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    tables: [...document.querySelectorAll('main table')].map((t) => {
      const box = t.closest('.table-wrap') ?? t;
      return { caption: t.querySelector('caption')?.textContent ?? '', overflow: box.scrollWidth - box.clientWidth };
    }),
  }));

async function expectNoSideways(page: Page) {
  const s = await sideways(page);
  expect(s.page, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
  expect(s.tables.length, `${page.url()} has no table`).toBeGreaterThan(0);
  for (const t of s.tables) expect(t.overflow, `“${t.caption}” on ${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** The tops of a row's cells, rounded: one value when the cells sit side by side. */
const cellTops = async (row: Locator) => new Set((await row.getByRole('cell').evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().top)))) as number[]);

describe('tables on a phone', () => {
  const app = useBrowserApp();

  it('an organization’s administrator reads invoices and contacts at 390 px without scrolling sideways', async () => {
    const page = await app.newPage({ width: 390, height: 800 });
    await signIn(page, `orgadmin@${DEMO_DOMAIN}`);
    await visit(page, '/org');
    await expectNoSideways(page);
    // Still a table with its headers, for screen readers: the row is named by its cells, and a cell
    // on the page shows its column's name beside the value.
    const contacts = page.getByRole('table', { name: 'Contacts of City of Springfield' });
    const sam = contacts.getByRole('row', { name: /Sam Whitaker.*Finance Manager.*Staff, Billing/ });
    expect(await sam.count()).toBe(1);
    expect(await contacts.getByRole('columnheader', { name: 'Email' }).count()).toBe(1);
    const email = sam.getByRole('cell', { name: /orgcontact@/ });
    expect(await email.getAttribute('data-label')).toBe('Email');
    expect(await email.evaluate((td) => getComputedStyle(td, '::before').content)).toContain('Email');
    // The row reads down the phone, one cell under another.
    expect((await cellTops(sam)).size).toBeGreaterThan(1);

    await visit(page, '/org/invoices');
    await expectNoSideways(page);
    // An invoice's own page (its link from the list), whose lines and totals are a table too.
    await visit(page, (await page.locator('main a[href^="/invoices/"]').first().getAttribute('href')) ?? '');
    await expectNoSideways(page);
  });

  it('finance staff read receivables, invoices and payments at 390 px without scrolling sideways, and sort them', async () => {
    const page = await app.newPage({ width: 390, height: 800 });
    await signIn(page, 'finance@example.org');
    for (const path of ['/staff/receivables', '/staff/invoices', '/staff/payments']) {
      await visit(page, path);
      await expectNoSideways(page);
      if (path === '/staff/receivables') {
        // A debtor's block is titled by its name and shows the ages that hold money and its total;
        // the ages at $0.00 are out of sight but still cells of the table.
        const row = page.getByRole('table', { name: 'By organization or person' }).getByRole('row').nth(1);
        expect(await row.getByRole('rowheader').count()).toBe(1);
        const shown = await row
          .getByRole('cell')
          .evaluateAll((cells) => cells.map((c) => [c.getAttribute('data-label'), c.textContent?.trim(), c.getBoundingClientRect().height > 1]));
        expect(shown.length).toBe(6);
        for (const [label, value, visible] of shown) expect(visible, `${label}: ${value}`).toBe(label === 'Total' || value !== '$0.00');
      }
    }
    // The sort links stay on view and work by keyboard.
    const sort = page.getByRole('link', { name: /^Amount\W+sortable/ });
    expect(await sort.isVisible()).toBe(true);
    await sort.focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('amount');
    await expectNoSideways(page);
  });

  it('a column name is never broken inside a word, and the values of a block start at one place (the leaderboard’s categories at 390 px)', async () => {
    const page = await app.newPage({ width: 390, height: 800 });
    await visit(page, '/challenges/springfield-green-business');
    await expectNoSideways(page);
    // Each cell is its column name beside its value: a one-word name (“Transportation”) beside a
    // one-word value (“35”) is one line, so the cell is one line high.
    const blocks = await page.locator('main table.stack > tbody > tr').evaluateAll((rows) =>
      rows.map((tr) =>
        [...tr.querySelectorAll(':scope > td[data-label]')].map((td) => {
          const style = getComputedStyle(td);
          const inner = td.getBoundingClientRect().height - Number.parseFloat(style.paddingTop) - Number.parseFloat(style.paddingBottom);
          const value = td.querySelector('.cell-value');
          return {
            label: td.getAttribute('data-label') ?? '',
            oneWord: !/\s/.test((td.getAttribute('data-label') ?? '') + (value?.textContent?.trim() ?? '')),
            lines: inner / Number.parseFloat(style.lineHeight),
            left: Math.round(value?.getBoundingClientRect().left ?? 0),
          };
        }),
      ),
    );
    expect(blocks.length).toBeGreaterThan(0);
    for (const cells of blocks) {
      expect(cells.map((c) => c.label)).toContain('Transportation');
      for (const c of cells.filter((c) => c.oneWord)) expect(c.lines, `“${c.label}” is one line`).toBeLessThan(1.5);
      expect(new Set(cells.map((c) => c.left)).size, 'the values of a block start at one place').toBe(1);
    }
  });

  it('at 1280 px the same tables keep their columns: a row is one line of cells', async () => {
    const page = await app.newPage({ width: 1280, height: 800 });
    await signIn(page, 'finance@example.org');
    await visit(page, '/staff/receivables');
    const table = page.getByRole('table', { name: 'By organization or person' });
    expect(await table.getByRole('columnheader', { name: /Total/ }).isVisible()).toBe(true);
    const row = table.getByRole('row').nth(1);
    expect((await cellTops(row)).size).toBe(1);
    expect(
      await row
        .getByRole('cell')
        .first()
        .evaluate((td) => getComputedStyle(td, '::before').content),
    ).toBe('none');
  });
});

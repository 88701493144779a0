// Reports (issue 21, P4): finance staff open the reports from the staff area, read the members
// report (SVG charts with a table beside each), choose a range, get a clear error for a
// backwards one, read the dues revenue, renewals and retention and the application funnel, and
// reach the receivables ageing; axe runs on every page at 1280 px and again
// at 390 px, where nothing may be wider than the screen.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { check, signIn, submit, visit } from './harness.js';

const fits = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

describe('reports', () => {
  const app = useBrowserApp();

  it('finance staff read the members report, choose a range and reach the receivables', async () => {
    const page = await app.newPage();
    await signIn(page, 'finance@example.org');
    await visit(page, '/staff');
    await submit(page, () => page.getByRole('link', { name: 'Reports', exact: true }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Reports');
    await submit(page, () => page.getByRole('link', { name: 'Members', exact: true }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Members');
    // each chart is an image named by its title, with its table beside it
    expect(await page.getByRole('img', { name: 'Member organizations by entity type' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Member organizations by entity type' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /^Members from / }).count()).toBe(1);

    await page.getByLabel('From', { exact: true }).fill('2026-01-01');
    await page.getByLabel('To', { exact: true }).fill('2025-01-01');
    await submit(page, () => page.getByRole('button', { name: 'Show' }).click(), { status: 400 });
    expect(await page.locator('#f-to-error').textContent()).toContain('The end date must be on or after the start date.');
    await page.getByLabel('To', { exact: true }).fill('2026-06-30');
    await page.getByLabel('Points', { exact: true }).selectOption('month');
    await submit(page, () => page.getByRole('button', { name: 'Show' }).click());
    const rows = page.getByRole('table', { name: 'Members over time' }).locator('tbody tr');
    expect(await rows.count()).toBe(6);

    await visit(page, '/staff/reports');
    await submit(page, () => page.getByRole('link', { name: 'Dues revenue' }).click());
    expect(await page.getByRole('img', { name: 'Dues invoiced and collected by month' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Dues by type' }).count()).toBe(1);

    await visit(page, '/staff/reports');
    await submit(page, () => page.getByRole('link', { name: 'Receivables aging' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Receivables aging');

    // at 390 px
    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, 'finance@example.org');
    await visit(phone, '/staff/reports');
    await fits(phone);
    await visit(phone, '/staff/reports/members?interval=month&from=2025-01-01');
    await check(phone);
    await fits(phone);
    await visit(phone, '/staff/reports/revenue');
    await fits(phone);
  });

  it('finance staff read renewals and retention, the application funnel and events, at 1280 and 390 px', async () => {
    const page = await app.newPage();
    await signIn(page, 'finance@example.org');
    await visit(page, '/staff/reports');
    await submit(page, () => page.getByRole('link', { name: 'Renewals and retention' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Renewals and retention');
    // each chart is an image named by its title, with its table after it
    expect(await page.getByRole('img', { name: 'Renewal rate of organizations by when the term ended' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Renewals of organizations' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Retention of individual members by join year' }).count()).toBe(1);
    await page.getByLabel('From', { exact: true }).fill('2026-01-01');
    await page.getByLabel('To', { exact: true }).fill('2025-01-01');
    await submit(page, () => page.getByRole('button', { name: 'Show' }).click(), { status: 400 });
    expect(await page.locator('#f-to-error').textContent()).toContain('The end date must be on or after the start date.');
    await page.getByLabel('To', { exact: true }).fill('2026-06-30');
    await page.getByLabel('Group terms by', { exact: true }).selectOption('month');
    await submit(page, () => page.getByRole('button', { name: 'Show' }).click());
    // six months and the row of totals
    expect(await page.getByRole('table', { name: 'Renewals of organizations' }).locator('tbody tr').count()).toBe(7);

    await visit(page, '/staff/reports');
    await submit(page, () => page.getByRole('link', { name: 'Application funnel' }).click());
    expect(await page.getByRole('img', { name: 'Applications at each step' }).count()).toBe(1);
    await page.getByLabel('Entity type', { exact: true }).selectOption('city');
    await submit(page, () => page.getByRole('button', { name: 'Show' }).click());
    expect(await page.getByRole('table', { name: 'Application funnel' }).locator('tbody tr').count()).toBe(4);

    await visit(page, '/staff/reports');
    await submit(page, () => page.getByRole('link', { name: 'Events revenue and attendance' }).click());
    expect(await page.getByRole('img', { name: 'People checked in per event' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Events revenue and attendance' }).count()).toBe(1);

    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, 'finance@example.org');
    await visit(phone, '/staff/reports/renewals?interval=month&from=2025-01-01');
    await fits(phone);
    await visit(phone, '/staff/reports/applications');
    await fits(phone);
    await visit(phone, '/staff/reports/events');
    await fits(phone);
  });
});

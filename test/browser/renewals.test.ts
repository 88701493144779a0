// Finance staff open the renewals console from the staff area, read the preview, are stopped when
// they forget to confirm, run renewals now and find the run at the top of the history; the console
// on a phone (390 px) too: the preview, the form's error, a run and the history. axe runs on every page reached.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe('renewals console', () => {
  const app = useBrowserApp();

  it('previews the next run, runs it now and shows it in the history, every page accessible', async () => {
    const page = await app.newPage();
    await signIn(page, 'finance@example.org');
    await visit(page, '/staff');
    await submit(page, () => page.getByRole('link', { name: 'Renewals', exact: true }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Renewals');
    for (const caption of ['Invoices to issue', 'Reminders to send', 'Memberships to lapse', 'Rows the run will skip']) {
      expect(await page.getByRole('table', { name: caption }).count()).toBe(1);
    }
    expect(await page.getByText('a run never reinstates', { exact: false }).count()).toBe(1);
    // How many invoices the preview says the run will issue ("3 ($1,800.00 in all)").
    const toIssue = Number.parseInt((await page.locator('dt:text-is("Invoices to issue") + dd').textContent()) ?? '', 10);
    expect(toIssue).toBeGreaterThanOrEqual(0);

    // Forgetting to confirm runs nothing and says so, tied to the box.
    await submit(page, () => page.getByRole('button', { name: 'Run renewals now' }).click(), { status: 400 });
    expect(await page.getByRole('alert').textContent()).toContain('Tick the box to confirm');
    expect(await page.getByRole('table', { name: 'Runs, newest first' }).getByText('with Run now').count()).toBe(0);

    await page.getByLabel('I have checked the preview', { exact: false }).check();
    await submit(page, () => page.getByRole('button', { name: 'Run renewals now' }).click());
    expect(await page.getByRole('status').textContent()).toMatch(/^Renewals ran for .*: \d+ invoices? issued/);
    const history = page.getByRole('table', { name: 'Runs, newest first' });
    const newest = history.locator('tbody tr').first();
    expect(await newest.textContent()).toContain('Frank Delgado, with Run now');
    // The run issued what the preview listed.
    expect(await newest.locator('th, td').nth(1).textContent()).toMatch(new RegExp(`^${toIssue.toLocaleString('en-US')} issued, `));
    // Nothing of what it did is left for the next run.
    expect(await page.getByRole('table', { name: 'Invoices to issue' }).getByText('No renewal invoice is due.').count()).toBe(1);
  }, 120_000);

  it('works on a phone', async () => {
    const page = await app.newPage({ width: 390, height: 844 });
    await signIn(page, 'membership@example.org');
    await visit(page, '/staff/renewals');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Renewals');
    // Tables scroll inside their frame; the page itself does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The form's error and a run's result, at this width too.
    await submit(page, () => page.getByRole('button', { name: 'Run renewals now' }).click(), { status: 400 });
    await page.getByLabel('I have checked the preview', { exact: false }).check();
    await submit(page, () => page.getByRole('button', { name: 'Run renewals now' }).click());
    expect(await page.getByRole('table', { name: 'Runs, newest first' }).locator('tbody tr').first().textContent()).toContain('with Run now');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }, 60_000);
});

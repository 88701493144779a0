// The staff front page's "Needs attention" and the audit log in words, for a staff admin and for
// membership staff, at desktop width and at 390 px; axe runs on every page visited.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, signInAndEnrollTotp, submit, visit } from './harness.js';

describe('staff desk and audit log', () => {
  const app = useBrowserApp();

  it('shows what needs attention and a readable audit log, at desktop and phone widths', async () => {
    const page = await app.newPage();
    await signInAndEnrollTotp(page, 'admin@example.org');
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await visit(page, '/staff');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Staff area');
      expect(await page.getByRole('heading', { name: 'Needs attention' }).count()).toBe(1);
      expect(await page.getByText(/^Your roles: Staff admin\.$/).count()).toBe(1);

      await visit(page, '/staff/audit');
      const entries = page.getByRole('table', { name: 'Audit entries' });
      const enrolled = entries.locator('tbody tr').filter({ has: page.getByRole('cell', { name: 'Turned on two-factor sign-in', exact: true }) });
      expect(await enrolled.count()).toBe(1);
      // Filters by name and dates with a date picker.
      expect(await page.getByLabel('From', { exact: true }).getAttribute('type')).toBe('date');
      await page.getByLabel('Who (name or email)').fill('admin@example.org');
      await submit(page, () => page.getByRole('button', { name: 'Filter' }).click());
      expect(await enrolled.count()).toBe(1);
    }

    // Membership staff at 390 px: their part of the desk, each count a link to its list.
    const membership = await app.newPage({ width: 390, height: 844 });
    await signIn(membership, 'membership@example.org');
    await visit(membership, '/staff');
    const desk = membership.getByRole('region', { name: 'Needs attention' });
    expect(await desk.count()).toBe(1);
    const first = desk.getByRole('link').first();
    if ((await first.count()) > 0) {
      await submit(membership, () => first.click());
      expect(new URL(membership.url()).pathname).toMatch(/^\/staff\//);
    }
  }, 120_000);
});

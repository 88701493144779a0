// A renewal the run cannot price (a salary-based level with no salary) is flagged once: finance
// staff find it under "Blocked" on the renewals console, follow it to the member's page, are told
// plainly when the salary they type is not one, enter it, and the flag is gone; the console and
// the member's page work on a phone (390 px) too. Nobody else gets the console or the form. axe
// runs on every page reached.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe('blocked renewals', () => {
  const app = useBrowserApp();

  it('finance staff clear a flagged renewal by entering the salary; at 390 px too; others are refused', async () => {
    const { db } = app.server.deps;
    // The demo manager's salary-based membership loses its salary and comes up for renewal.
    const manager = await db
      .selectFrom('individual_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.id', 'u.name'])
      .where('u.email', '=', 'manager@example.org')
      .executeTakeFirstOrThrow();
    await db.updateTable('individual_memberships').set({ salary_cents: null, term_end: sql<string>`current_date + 10` }).where('id', '=', manager.id).execute();

    const page = await app.newPage();
    await signIn(page, 'finance@example.org');
    await visit(page, '/staff/renewals');
    const blocked = page.getByRole('table', { name: 'Blocked renewals' });
    expect(await blocked.getByText('No renewal is blocked.').count()).toBe(1);
    await page.getByLabel('I have checked the preview', { exact: false }).check();
    await submit(page, () => page.getByRole('button', { name: 'Run renewals now' }).click());
    const row = page.getByRole('table', { name: 'Blocked renewals' }).getByRole('row', { name: new RegExp(manager.name) });
    expect(await row.textContent()).toMatch(/salary/i);
    if (process.env.WALK_SHOTS)
      await page
        .locator('#blocked')
        .screenshot({ path: `${process.env.WALK_SHOTS}/blocked-console.png` })
        .catch(() => page.screenshot({ path: `${process.env.WALK_SHOTS}/blocked-console.png` }));

    // On a phone: the console's blocked list and the member's page, without sideways scrolling.
    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, 'finance@example.org');
    await visit(phone, '/staff/renewals#blocked');
    expect(await phone.getByRole('table', { name: 'Blocked renewals' }).getByRole('link', { name: manager.name }).count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (process.env.WALK_SHOTS) await phone.screenshot({ path: `${process.env.WALK_SHOTS}/blocked-console-phone.png` });
    await submit(phone, () => phone.getByRole('table', { name: 'Blocked renewals' }).getByRole('link', { name: manager.name }).click());
    expect(await phone.getByText('Renewal waiting:').count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await submit(page, () => page.getByRole('table', { name: 'Blocked renewals' }).getByRole('link', { name: manager.name }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Membership of ${manager.name}`);
    // Not a salary: a 400 that names the field, and nothing saved.
    await page.getByRole('textbox', { name: 'Annual salary' }).fill('<b>lots</b>');
    await submit(page, () => page.getByRole('button', { name: 'Save the salary' }).click(), { status: 400 });
    expect(await page.getByRole('alert').first().textContent()).toMatch(/salary/i);
    if (process.env.WALK_SHOTS) await page.screenshot({ path: `${process.env.WALK_SHOTS}/blocked-salary-error.png`, fullPage: true });
    expect(await page.getByRole('textbox', { name: 'Annual salary' }).getAttribute('aria-invalid')).toBe('true');
    const still = await db.selectFrom('individual_memberships').select(['salary_cents', 'renewal_blocked_at']).where('id', '=', manager.id).executeTakeFirstOrThrow();
    expect(still.salary_cents).toBeNull();
    expect(still.renewal_blocked_at).not.toBeNull();

    await page.getByRole('textbox', { name: 'Annual salary' }).fill('95,000');
    await submit(page, () => page.getByRole('button', { name: 'Save the salary' }).click());
    expect(await page.getByRole('status').textContent()).toContain('The next renewal run will invoice this membership.');
    expect(await page.getByText('Renewal waiting:').count()).toBe(0);
    await visit(page, '/staff/renewals');
    expect(await page.getByRole('table', { name: 'Blocked renewals' }).getByText('No renewal is blocked.').count()).toBe(1);

    // A member gets neither the console nor the member's page; membership staff (no finance role)
    // read the membership but not its salary, and have no form to enter one.
    const member = await app.newPage();
    await signIn(member, 'member@example.org');
    await visit(member, '/staff/renewals', { status: 403 });
    await visit(member, `/staff/individuals/${manager.id}`, { status: 403 });
    const membership = await app.newPage();
    await signIn(membership, 'membership@example.org');
    await visit(membership, `/staff/individuals/${manager.id}`);
    expect(await membership.getByLabel(/salary/i).count()).toBe(0);
    // and a forged post, with a valid CSRF token from the page they may see, changes nothing
    await visit(membership, '/staff');
    const refused = await membership.evaluate(async (id) => {
      const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement | null)?.value ?? '';
      const res = await fetch(`/staff/individuals/${id}/salary`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, salary: '1' }),
        redirect: 'manual',
      });
      return res.status;
    }, manager.id);
    expect(refused).toBe(403);
    const after = await db.selectFrom('individual_memberships').select('salary_cents').where('id', '=', manager.id).executeTakeFirstOrThrow();
    expect(after.salary_cents).toBe(9_500_000);
    if (process.env.WALK_SHOTS) {
      await page.screenshot({ path: `${process.env.WALK_SHOTS}/blocked-desktop.png`, fullPage: true });
      await phone.screenshot({ path: `${process.env.WALK_SHOTS}/blocked-phone.png`, fullPage: true });
    }
  }, 180_000);
});

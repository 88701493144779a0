// A staff admin's first sign-in: two-factor enrollment is required before any staff tool,
// then the association settings and the audit log, which records the enrollment.
import { describe, expect, it } from 'vitest';
import { createStaffAdmin } from '../../src/modules/accounts/index.js';
import { useBrowserApp } from './app.js';
import { DEMO_PASSWORD, signInAndEnrollTotp, submit, totpCode, visit } from './harness.js';

describe('staff admin', () => {
  const app = useBrowserApp();

  it('enrolls two-factor sign-in at first sign-in, then opens settings and the audit log', async () => {
    const context = await app.newContext();
    const page = await context.newPage();

    const recoveryCodes = await signInAndEnrollTotp(page, 'admin@example.org');
    expect(recoveryCodes.length).toBeGreaterThan(0);
    for (const code of recoveryCodes) expect(code).not.toBe('');
    expect(await page.getByText('Save these recovery codes somewhere safe.').count()).toBe(1);

    await visit(page, '/staff');
    await submit(page, () => page.getByRole('link', { name: 'Association settings' }).click());
    expect(new URL(page.url()).pathname).toBe('/staff/settings');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Association settings');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Local Governments for Sustainability Network');
    // A form error, then a change that is saved.
    await page.getByLabel('Name', { exact: true }).fill('');
    await submit(page, () => page.getByRole('button', { name: 'Save settings' }).click(), { status: 400 });
    expect(await page.getByRole('alert').count()).toBe(1);
    await page.getByLabel('Name', { exact: true }).fill('Local Governments for Sustainability Network');
    await page.getByLabel('Phone').fill('(202) 555-0199');
    await submit(page, () => page.getByRole('button', { name: 'Save settings' }).click());
    expect(await page.getByRole('status').textContent()).toContain('Settings saved.');

    await visit(page, '/staff/audit');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit log');
    const entries = page.getByRole('table', { name: 'Audit entries' });
    const enrolled = entries.locator('tbody tr').filter({ has: page.getByRole('cell', { name: 'Turned on two-factor sign-in', exact: true }) });
    expect(await enrolled.count()).toBe(1);
    expect(await enrolled.getByRole('link').first().getAttribute('title')).toBe('admin@example.org');

    // The filter form narrows the log to one area (the action's module).
    await page.getByLabel('Area').selectOption({ label: 'Accounts and staff' });
    await submit(page, () => page.getByRole('button', { name: 'Filter' }).click());
    expect(new URL(page.url()).searchParams.get('action')).toBe('account.');
    expect(await enrolled.count()).toBe(1);

    // Signing in again asks for the second factor; a wrong code is refused, a recovery code works.
    await submit(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click());
    await visit(page, '/login?next=%2Fstaff');
    await page.getByLabel('Email', { exact: true }).fill('admin@example.org');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await submit(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(new URL(page.url()).pathname).toBe('/login/2fa');
    await page.getByLabel('Code', { exact: true }).fill('12345');
    await submit(page, () => page.getByRole('button', { name: 'Continue' }).click(), { status: 400 });
    expect(await page.getByRole('alert').count()).toBe(1);
    await page.getByLabel('Code', { exact: true }).fill(recoveryCodes[0] ?? '');
    await submit(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    await visit(page, '/staff');
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(1);

    await context.close();
  });

  it('membership staff are not admins: the admin tools answer 403', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await visit(page, '/login?next=%2Fstaff%2Faudit');
    await page.getByLabel('Email', { exact: true }).fill('membership@example.org');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await submit(page, () => page.getByRole('button', { name: 'Sign in' }).click(), { status: 403 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You do not have access to this page');
    await visit(page, '/staff/settings', { status: 403 });
    await context.close();
  });
  it('a staff admin made with `civnet admin create` sets a password at the one-time link, then two-factor sign-in, on a phone', async () => {
    const admin = await createStaffAdmin(app.server.deps, { email: 'ada.first@city.example', name: 'Ada First' });
    const link = new URL(admin.url);
    const context = await app.newContext({ width: 390, height: 844 });
    const page = await context.newPage();
    await visit(page, `${link.pathname}${link.search}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Set up your staff admin account');
    await page.getByLabel('Password', { exact: true }).fill('too short');
    await submit(page, () => page.getByRole('button', { name: 'Save and continue' }).click(), { status: 400 });
    expect(await page.getByRole('alert').textContent()).toContain('Use at least 12 characters.');
    await page.getByLabel('Password', { exact: true }).fill('quiet harbour copper lantern');
    await submit(page, () => page.getByRole('button', { name: 'Save and continue' }).click());
    expect(new URL(page.url()).pathname).toBe('/account/2fa');
    expect(await page.getByRole('status').textContent()).toContain('Now turn on two-factor sign-in.');
    const secret = (await page.locator('code.secret').textContent())?.trim() ?? '';
    await page.getByLabel('Code from your app').fill(totpCode(secret));
    await submit(page, () => page.getByRole('button', { name: 'Turn on' }).click());
    await page.getByRole('heading', { level: 1, name: 'Two-factor sign-in is on' }).waitFor();
    await visit(page, '/staff');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Staff area');
    // The link worked once.
    const again = await app.newPage();
    await visit(again, `${link.pathname}${link.search}`, { status: 400 });
    expect(await again.getByRole('heading', { level: 1 }).textContent()).toBe('This link is not valid any more');
    expect(await again.locator('main').textContent()).toContain('civnet admin create');
    await context.close();
  });
});

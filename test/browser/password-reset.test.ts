// Password reset through the development mailbox: a visitor asks for a link, the staff admin
// reads it in the mailbox (in a second browser context), and the visitor uses it.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { DEMO_PASSWORD, signInAndEnrollTotp, submit, visit } from './harness.js';

describe('password reset', () => {
  const app = useBrowserApp();

  it('a member resets a forgotten password with the link from the development mailbox', async () => {
    const newPassword = 'copper kettle under a quiet harbour';

    // The visitor asks for a reset link.
    const visitorContext = await app.newContext();
    const visitor = await visitorContext.newPage();
    await visit(visitor, '/login');
    await submit(visitor, () => visitor.getByRole('link', { name: 'Choose a password, or reset a forgotten one' }).click());
    expect(new URL(visitor.url()).pathname).toBe('/password/forgot');
    await visitor.getByLabel('Email', { exact: true }).fill('member@example.org');
    await submit(visitor, () => visitor.getByRole('button', { name: 'Send reset link' }).click());
    expect(await visitor.getByRole('status').textContent()).toContain('we have sent it a link');
    // The link is written by a queued job (so that the answer is the same for any address).
    await expect
      .poll(
        async () =>
          (await app.server.deps.db.selectFrom('outbox').select('id').where('to_address', '=', 'member@example.org').where('template', '=', 'accounts.password_reset').execute())
            .length,
        { timeout: 15_000 },
      )
      .toBe(1);

    // The staff admin (who must turn on two-factor sign-in first) opens the newest message to the
    // member in the development mailbox, the only staff role that may read it.
    const staffContext = await app.newContext();
    const staff = await staffContext.newPage();
    await signInAndEnrollTotp(staff, 'admin@example.org');
    await submit(staff, () => staff.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox' }).click());
    await staff.getByLabel('Recipient').fill('member@example.org');
    await submit(staff, () => staff.getByRole('button', { name: 'Filter' }).click());
    const newest = staff.getByRole('table', { name: 'Latest messages' }).locator('tbody tr').first();
    expect(await newest.getByRole('cell').nth(1).textContent()).toBe('member@example.org');
    await submit(staff, () => newest.getByRole('link').click());
    expect(await staff.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Reset your .* password$/);
    const href = await staff.locator('a.mail-link').first().getAttribute('href');
    expect(href).toBeTruthy();
    // The link is built on PUBLIC_URL (here http://localhost:0, as the app listens on a free port):
    // keep its path and token, and follow it on the running server.
    const link = new URL(href ?? '');
    expect(link.pathname).toBe('/password/reset');
    expect(link.searchParams.get('token')).toBeTruthy();
    const resetPath = `${link.pathname}${link.search}`;
    await staffContext.close();

    // Back as the visitor: follow the link, choose a new password, sign in with it.
    await visit(visitor, resetPath);
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Choose a new password');
    await visitor.getByLabel('New password', { exact: true }).fill('too short');
    await submit(visitor, () => visitor.getByRole('button', { name: 'Save new password' }).click(), { status: 400 });
    expect(await visitor.getByRole('alert').textContent()).toContain('Use at least 12 characters.');
    await visitor.getByLabel('New password', { exact: true }).fill(newPassword);
    await submit(visitor, () => visitor.getByRole('button', { name: 'Save new password' }).click());
    expect(new URL(visitor.url()).pathname).toBe('/login');
    expect(await visitor.getByRole('status').textContent()).toContain('Your password has been changed.');

    await visitor.getByLabel('Email', { exact: true }).fill('member@example.org');
    await visitor.getByLabel('Password', { exact: true }).fill(newPassword);
    await submit(visitor, () => visitor.getByRole('button', { name: 'Sign in' }).click());
    expect(new URL(visitor.url()).pathname).toBe('/');
    expect(await visitor.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    expect(await visitor.getByRole('heading', { name: 'Welcome back, Dana Morales' }).count()).toBe(1);

    // The link worked once; the old password no longer does.
    await visit(visitor, resetPath, { status: 400 });
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('This link is not valid any more');
    await visitorContext.close();

    const againContext = await app.newContext();
    const again = await againContext.newPage();
    await visit(again, '/login');
    await again.getByLabel('Email', { exact: true }).fill('member@example.org');
    await again.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await submit(again, () => again.getByRole('button', { name: 'Sign in' }).click(), { status: 401 });
    expect(await again.getByRole('alert').count()).toBe(1);
    await againContext.close();
  });
});

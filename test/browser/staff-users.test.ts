// Staff accounts in a browser: a staff admin invites a staff member with roles, who accepts on a
// phone by choosing a password and gets exactly those roles; the admin then changes the roles and
// deactivates the account. axe runs on every page, at desktop width and at 390 px.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { latestEmail, signInAndEnrollTotp, submit, visit } from './harness.js';

describe('staff accounts', () => {
  const app = useBrowserApp();

  it('invite, accept on a phone, change roles, deactivate', async () => {
    const adminContext = await app.newContext();
    const page = await adminContext.newPage();
    await signInAndEnrollTotp(page, 'admin@example.org');

    await visit(page, '/staff');
    await submit(page, () => page.getByRole('link', { name: 'Staff accounts' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Staff accounts');
    await submit(page, () => page.getByRole('link', { name: 'Invite a staff member' }).click());

    // Nothing filled in: the errors, linked to their fields.
    await submit(page, () => page.getByRole('button', { name: 'Send the invitation' }).click(), { status: 400 });
    expect(await page.getByRole('alert').textContent()).toContain('Choose at least one role.');

    await page.getByLabel('Name', { exact: true }).fill('Noor Newhire');
    await page.getByLabel('Email address').fill('noor.newhire@example.org');
    await page.getByLabel('Membership', { exact: true }).check();
    await page.getByLabel('Members in Transition').check();
    await submit(page, () => page.getByRole('button', { name: 'Send the invitation' }).click());
    expect(await page.getByRole('status').textContent()).toContain('We emailed an invitation to noor.newhire@example.org');
    const waiting = page.getByRole('table', { name: 'Invitations waiting to be accepted' });
    expect(await waiting.getByRole('cell', { name: 'Membership and Members in Transition' }).count()).toBe(1);

    // The invitee, on a phone.
    const email = await latestEmail(app.server, 'noor.newhire@example.org', /invited to join the staff/);
    const link = email.paths.find((p) => p.startsWith('/invitation/staff')) ?? '';
    const phone = await app.newPage({ width: 390, height: 844 });
    await visit(phone, link);
    expect(await phone.getByRole('heading', { level: 1 }).textContent()).toContain('Invitation to the staff of');
    await phone.getByLabel('Choose a password').fill('short');
    await submit(phone, () => phone.getByRole('button', { name: 'Accept the invitation' }).click(), { status: 400 });
    await phone.getByLabel('Choose a password').fill('steady river lantern autumn');
    await submit(phone, () => phone.getByRole('button', { name: 'Accept the invitation' }).click());
    expect(new URL(phone.url()).pathname).toBe('/staff');
    expect(await phone.getByRole('link', { name: 'Members in Transition' }).count()).toBe(1);
    expect(await phone.getByRole('link', { name: 'Staff accounts' }).count()).toBe(0);

    // The admin changes the roles, then deactivates the account; the list and the page at 390 px too.
    await visit(page, '/staff/users');
    await submit(page, () => page.getByRole('link', { name: 'Noor Newhire' }).click());
    await page.getByLabel('Members in Transition').uncheck();
    await page.getByLabel('Finance', { exact: true }).check();
    await submit(page, () => page.getByRole('button', { name: 'Save the roles' }).click());
    expect(await page.getByRole('status').textContent()).toContain('Saved the roles of Noor Newhire');
    await visit(phone, '/staff/transition', { status: 403 });

    await submit(page, () => page.getByRole('link', { name: 'Deactivate the account' }).click());
    await submit(page, () => page.getByRole('button', { name: 'Deactivate the account' }).click());
    expect(await page.getByRole('status').textContent()).toContain('Deactivated the account of Noor Newhire');
    await visit(phone, '/staff', { status: 200 });
    expect(new URL(phone.url()).pathname).toBe('/login');

    const narrow = await app.newContext({ width: 390, height: 844 });
    await narrow.addCookies(await adminContext.cookies());
    const small = await narrow.newPage();
    await visit(small, '/staff/users');
    await visit(small, '/staff/users/invite');
    const [noor] = await app.server.deps.db.selectFrom('users').select('id').where('email', '=', 'noor.newhire@example.org').execute();
    await visit(small, `/staff/users/${noor?.id ?? ''}`);
    expect(await small.getByRole('button', { name: 'Reactivate the account' }).count()).toBe(1);
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

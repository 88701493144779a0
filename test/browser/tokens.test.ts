// API tokens (issue 21, P7) in the browser: a member opens "API tokens" from My account, makes a
// token with a scope (by keyboard-reachable checkboxes), copies it from the page that shows it once,
// calls the API with it, and revokes it. axe runs on every page reached, at 1280 px and 390 px.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe('API tokens', () => {
  const app = useBrowserApp();

  it('a member makes a personal token, uses it, and revokes it', async () => {
    const page = await app.newPage();
    await signIn(page, 'member@example.org');
    await visit(page, '/account');
    await submit(page, () => page.getByRole('link', { name: 'API tokens' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your API tokens');
    // Nothing chosen: the form says what to fix.
    await page.getByLabel('Name').fill('Calendar sync');
    await submit(page, () => page.getByRole('button', { name: 'Make the token' }).click(), { status: 400 });
    expect(await page.getByRole('alert').textContent()).toContain('Choose at least one scope');
    await page.getByLabel('account:read').check();
    await page.getByLabel('Expires after').selectOption('30');
    await submit(page, () => page.getByRole('button', { name: 'Make the token' }).click());
    const token = ((await page.locator('#new-token-value').textContent()) ?? '').trim();
    expect(token).toMatch(/^civnet_[A-Za-z0-9_-]{43}$/);

    const me = await fetch(`${app.server.baseURL}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe('member@example.org');

    await visit(page, '/account/tokens');
    expect(await page.getByRole('main').textContent()).not.toContain(token.slice(12));
    await submit(page, () => page.getByRole('button', { name: 'Revoke Calendar sync' }).click());
    expect(await page.getByRole('status').textContent()).toContain('is revoked');
    expect((await fetch(`${app.server.baseURL}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);

    await page.setViewportSize({ width: 390, height: 844 });
    await visit(page, '/account/tokens');
  }, 120_000);
});

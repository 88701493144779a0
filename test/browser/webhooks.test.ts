// Webhooks (issue 21, P7): a staff admin adds an endpoint (a private address is refused with its
// message), sees its secret once, and its page with the delivery log. axe runs on every page.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signInAndEnrollTotp, submit, visit } from './harness.js';

describe('webhooks', () => {
  const app = useBrowserApp();

  it('a staff admin adds an endpoint and sees its secret once', async () => {
    const page = await app.newPage();
    await signInAndEnrollTotp(page, 'admin@example.org');
    await visit(page, '/staff/webhooks');
    await submit(page, () => page.getByRole('link', { name: 'Add an endpoint' }).click());
    await page.getByLabel('Address (URL)').fill('https://10.1.2.3/hooks');
    await page.getByLabel(/An invoice is paid in full/).check();
    await submit(page, () => page.getByRole('button', { name: 'Add the endpoint' }).click(), { status: 400 });
    expect(await page.locator('#f-url-error').textContent()).toContain('private');
    await page.getByLabel('Address (URL)').fill('https://hooks.example.org/civnet');
    await submit(page, () => page.getByRole('button', { name: 'Add the endpoint' }).click(), { status: 201 });
    expect(await page.locator('#webhook-secret').textContent()).toMatch(/^whsec_/);
    await visit(page, '/staff/webhooks');
    await submit(page, () => page.getByRole('link', { name: 'https://hooks.example.org/civnet' }).click());
    expect(await page.locator('#webhook-secret').count()).toBe(0);
    expect(await page.getByRole('main').textContent()).toContain('Nothing was sent to this endpoint yet.');
  });
});

// Webhooks (issue 21, P7): a staff admin adds an endpoint (a private address is refused with its
// message), sees its secret once, and its page with the delivery log; then, with an endpoint on a
// receiver on this machine, sends a test event (it arrives signed) and rotates the secret (the
// next request verifies with the new and the old one). axe runs on every page, at 1280 and 390 px.
import { afterAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { useBrowserApp } from './app.js';
import { signInAndEnrollTotp, submit, visit } from './harness.js';

describe('webhooks', () => {
  const app = useBrowserApp();
  let receiver: WebhookReceiver | undefined;
  afterAll(async () => {
    await receiver?.close();
  });

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

    // An endpoint on a receiver here (plain http to loopback: allowed outside production)
    receiver = await startWebhookReceiver();
    await visit(page, '/staff/webhooks/new');
    await page.getByLabel('Address (URL)').fill(receiver.url);
    await page.getByLabel(/An invoice is paid in full/).check();
    await submit(page, () => page.getByRole('button', { name: 'Add the endpoint' }).click(), { status: 201 });
    const secret = (await page.locator('#webhook-secret').textContent()) ?? '';
    await visit(page, '/staff/webhooks');
    await submit(page, () => page.getByRole('link', { name: receiver?.url ?? '' }).click());
    const endpointPath = new URL(page.url()).pathname;

    await submit(page, () => page.getByRole('button', { name: 'Send a test event' }).click());
    expect(await page.getByRole('status').textContent()).toContain('the receiver answered 200');
    expect(receiver.received).toHaveLength(1);
    const ping = receiver.received[0];
    if (!ping) throw new Error('the test event did not arrive');
    expect(verifyWebhook(secret, ping, new Date()).type).toBe('webhook.test');
    expect(await page.getByRole('link', { name: 'A test event (the “Send a test event” button)' }).count()).toBe(1);

    await submit(page, () => page.getByRole('button', { name: 'Rotate the secret' }).click());
    expect(await page.getByRole('heading', { name: 'Its new signing secret' }).count()).toBe(1);
    const rotated = (await page.locator('#webhook-secret').textContent()) ?? '';
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await submit(page, () => page.getByRole('button', { name: 'Send a test event' }).click());
    const second = receiver.received[1];
    if (!second) throw new Error('the second test event did not arrive');
    expect(verifyWebhook(rotated, second, new Date()).type).toBe('webhook.test');
    expect(verifyWebhook(secret, second, new Date()).type).toBe('webhook.test'); // the old one still, for 24 hours

    await page.setViewportSize({ width: 390, height: 844 });
    await visit(page, endpointPath);
    await submit(page, () => page.getByRole('link', { name: 'A test event (the “Send a test event” button)' }).first().click());
    expect(await page.getByRole('main').textContent()).toContain('The “Send a test event” button, pressed by ');
    // its payload wraps on a phone instead of widening the page
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  }, 120_000);
});

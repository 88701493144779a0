// Without Stripe configured, card payment is neither offered nor mentioned (issue 14): the join
// pages for organizations and individuals, the application form and an invoice's public page say
// nothing of cards. (Before: /join/individual offered "Pay now by card", which led to an invoice
// page with no card option.) axe-core runs on every page visited.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { visit } from './harness.js';

describe('no card payment configured', () => {
  const app = useBrowserApp();

  it('the join, apply and invoice pages never mention cards', async () => {
    expect(app.server.deps.config.STRIPE_SECRET_KEY ?? '').toBe('');
    const page = await app.newPage();
    const invoice = await app.server.deps.db
      .selectFrom('invoices')
      .select('public_token')
      .where('status', 'in', ['issued', 'partially_paid'])
      .orderBy('number')
      .executeTakeFirstOrThrow();
    for (const url of ['/join', '/join/individual', '/apply', `/invoices/${invoice.public_token}`]) {
      await visit(page, url);
      expect(((await page.locator('body').innerText()) ?? '').toLowerCase(), url).not.toContain('card');
    }
    // At 390 px too.
    const phone = await app.newPage({ width: 390, height: 844 });
    await visit(phone, '/join/individual');
    expect((await phone.locator('body').innerText()).toLowerCase()).not.toContain('card');
  });
});

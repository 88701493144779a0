// Sponsorship's journey (issue 20, R3): a company finds the packages, applies for the year-round
// partner package with its logo and billing address, follows its confirmation email and sends the application;
// partnerships staff accept it (the invoice goes to the company through billing), and the company
// appears with its logo on the public sponsors page. axe runs on every page reached.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { latestEmail, signIn, submit, visit } from './harness.js';

const COMPANY = 'Cedar Ridge Engineering';
const EMAIL = 'ines.cedar@cedarridge.example';

describe('sponsorship', () => {
  const app = useBrowserApp();

  it('a company applies, confirms, staff accept, and the sponsor appears on the public list', async () => {
    // 1. The packages (the demo's), and the application with a logo, confirmed from its email.
    const visitor = await app.newPage();
    await visit(visitor, '/partners/sponsorship');
    expect(await visitor.getByRole('main').textContent()).toContain('Year-round Silver partner');
    await submit(visitor, () => visitor.getByRole('link', { name: 'Apply for Year-round Silver partner' }).click());
    expect(await visitor.getByLabel('Package').inputValue()).not.toBe('');
    await visitor.getByLabel('Company name').fill(COMPANY);
    await visitor.getByLabel('Your name').fill('Ines Cedar');
    await visitor.getByLabel('Your email address').fill(EMAIL);
    await visitor.getByLabel('Company website').fill('https://cedarridge.example');
    await visitor.getByLabel('Street address').fill('410 Ridge Road');
    await visitor.getByLabel('City').fill('Asheville');
    await visitor.getByLabel('State').selectOption('NC');
    await visitor.getByLabel('ZIP code').fill('28801');
    // first without the logo: the form says what is missing and keeps the rest
    await submit(visitor, () => visitor.getByRole('button', { name: 'Send the application' }).click(), { status: 400 });
    expect(await visitor.locator('#f-logo-error').textContent()).toContain('Upload your logo');
    const logo = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#2d6a4f' } })
      .png()
      .toBuffer();
    await visitor.getByLabel('Logo').setInputFiles({ name: 'cedar-ridge.png', mimeType: 'image/png', buffer: logo });
    await submit(visitor, () => visitor.getByRole('button', { name: 'Send the application' }).click());
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    const confirm = await latestEmail(app.server, EMAIL, /Confirm your sponsorship application/);
    const link = confirm.paths.find((p) => p.startsWith('/partners/sponsorship/confirm'));
    expect(link).toBeTruthy();
    await visit(visitor, link ?? '');
    await submit(visitor, () => visitor.getByRole('button', { name: 'Send the application' }).click());
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you for your application');

    // 2. Partnerships staff accept it; the company gets the decision and the invoice.
    const staff = await app.newPage();
    await signIn(staff, 'partnerships@example.org');
    expect((await latestEmail(app.server, 'partnerships@example.org', /New sponsorship application/)).subject).toContain(COMPANY);
    await visit(staff, '/staff/sponsorship');
    await submit(staff, () => staff.getByRole('link', { name: COMPANY }).click());
    expect(await staff.getByRole('main').textContent()).toContain(EMAIL);
    await submit(staff, () => staff.getByRole('button', { name: 'Accept and invoice' }).click());
    expect(await staff.getByRole('status').textContent()).toContain('Accepted');
    expect((await latestEmail(app.server, EMAIL, /accepted/)).subject).toBe('Your sponsorship is accepted');
    const invoice = await latestEmail(app.server, EMAIL, /[Ii]nvoice/);
    const invoicePath = invoice.paths.find((p) => p.startsWith('/invoices/'));
    expect(invoicePath).toBeTruthy();
    await visit(visitor, invoicePath ?? '');
    expect(await visitor.getByRole('main').textContent()).toContain(COMPANY);
    expect(await visitor.getByRole('main').textContent()).toContain('Asheville, NC 28801');

    // 3. The sponsor on the public list, by tier, with its logo; its contact is not there.
    await visit(visitor, '/partners/sponsors');
    const silver = visitor.getByRole('region', { name: 'Silver sponsors' });
    expect(await silver.textContent()).toContain(COMPANY);
    const img = silver.getByRole('img', { name: `${COMPANY} logo` });
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await visitor.getByRole('main').textContent()).not.toContain(EMAIL);
  });
});

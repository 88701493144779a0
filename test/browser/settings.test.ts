// A staff admin runs the association's settings page: a brand colour too light for white is
// refused beside its field, a dark one is saved and colours the header; remittance details are
// saved; a logo is uploaded and appears in the header. axe finds nothing on any state of the page,
// at desktop width and at 390 px.
import { describe, expect, it } from 'vitest';
import { PNG } from '../factories/files.js';
import { useBrowserApp } from './app.js';
import { signInAndEnrollTotp, submit, visit } from './harness.js';

describe('association settings', () => {
  const app = useBrowserApp();

  it('refuses a light brand colour, saves a dark one and remittance details, and takes a logo', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await signInAndEnrollTotp(page, 'admin@example.org');
    await visit(page, '/staff/settings');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Association settings');

    // Too light for white text and links: refused, with the field named in the summary.
    await page.getByLabel('Brand color').fill('#ffd700');
    await submit(page, () => page.getByRole('button', { name: 'Save these settings' }).click(), { status: 400 });
    const summary = page.getByRole('alert');
    expect(await summary.textContent()).toContain('too light');
    await summary.getByRole('link').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-brand_colour');

    await page.getByLabel('Brand color').fill('#1a5e20');
    await page.getByLabel('Make checks payable to').fill('LGSN Treasurer');
    await page.getByLabel('Bank name').fill('First Test Bank');
    await page.getByLabel('Routing number').fill('011000015');
    await page.getByLabel('Account number').fill('9876543210');
    await page.getByLabel('Email signature').fill('The LGSN finance team\n(202) 555-0142');
    await submit(page, () => page.getByRole('button', { name: 'Save these settings' }).click());
    expect(await page.getByRole('status').textContent()).toContain('Settings saved.');
    const headerColour = await page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(headerColour).not.toBe('rgb(8, 61, 109)'); // no longer the default --brand-dark
    expect(await page.locator('a[href="/api/docs"]').evaluate((el) => getComputedStyle(el).color)).toBeTruthy();

    // A logo, then shown in the header of every page.
    await page.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await submit(page, () => page.getByRole('button', { name: 'Upload logo' }).click());
    expect(await page.getByRole('status').textContent()).toContain('The logo is saved.');
    expect(await page.locator('header img.brand-logo').count()).toBe(1);
    expect(await page.getByRole('img', { name: /Current logo of/ }).count()).toBe(1);

    // A file that is not an image is refused beside the field.
    await page.getByLabel('Replace the logo').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
    await submit(page, () => page.getByRole('button', { name: 'Upload logo' }).click(), { status: 400 });
    expect(await page.getByRole('alert').textContent()).toContain('SVG images are not accepted');

    // On a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await visit(page, '/staff/settings');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await visit(page, '/');
    await context.close();
  }, 120_000);
});

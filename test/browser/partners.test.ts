// Partners' journey (issue 20, R1–R2): an outside organization finds /partners, inquires, follows
// its confirmation email and sends the inquiry; partnerships staff find it among the inquiries and
// move it through discussion and a drafted agreement to active, and it appears on the public list.
// axe runs on every page reached, at 1280 px, and the public pages again at 390 px.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { check, latestEmail, signIn, submit, visit } from './harness.js';

const ORG = 'Riverbend Planning Institute';
const EMAIL = 'lena.ortiz@riverbend.example';
const fits = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

describe('partners', () => {
  const app = useBrowserApp();

  it('an outside organization inquires and staff move it to active', async () => {
    // 1. The inquiry, confirmed from its email.
    const visitor = await app.newPage();
    await visit(visitor, '/partners');
    expect(await visitor.getByRole('main').textContent()).toContain('Rocky Mountain Local Government Managers');
    await submit(visitor, () => visitor.getByRole('link', { name: 'Tell us about your organization' }).click());
    await visitor.getByLabel('Organization').fill(ORG);
    await visitor.getByLabel(/^Partnership:/).check();
    await visitor.getByLabel('What you hope to do together').fill('A two-year research partnership on flood planning for river towns.');
    await visitor.getByLabel('Your name').fill('Lena Ortiz');
    await visitor.getByLabel('Your email address').fill('not an address');
    await submit(visitor, () => visitor.getByRole('button', { name: 'Send the inquiry' }).click(), { status: 400 });
    expect(await visitor.locator('#f-email-error').textContent()).toContain('Enter an email address');
    await visitor.getByLabel('Your email address').fill(EMAIL);
    await submit(visitor, () => visitor.getByRole('button', { name: 'Send the inquiry' }).click());
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    const confirm = await latestEmail(app.server, EMAIL, /Confirm your inquiry/);
    const link = confirm.paths.find((p) => p.startsWith('/partners/inquire/confirm'));
    expect(link).toBeTruthy();
    await visit(visitor, link ?? '');
    await submit(visitor, () => visitor.getByRole('button', { name: 'Send the inquiry' }).click());
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you for your inquiry');
    expect((await latestEmail(app.server, EMAIL)).subject).toBe('We received your inquiry');

    // 2. Partnerships staff move it along to active.
    const staff = await app.newPage();
    await signIn(staff, 'partnerships@example.org');
    expect((await latestEmail(app.server, 'partnerships@example.org', /New partnership inquiry/)).subject).toContain(ORG);
    await visit(staff, '/staff/partners?status=inquiry');
    await submit(staff, () => staff.getByRole('link', { name: ORG }).click());
    const moveTo = async (label: string, reason = '') => {
      await staff.getByLabel('Move to').selectOption({ label });
      if (reason) await staff.getByLabel('Reason').fill(reason);
      await submit(staff, () => staff.getByRole('button', { name: 'Move the relationship' }).click());
      expect(await staff.getByRole('status').textContent()).toContain(label);
    };
    await moveTo('In discussion', 'We would like to talk about the research plan.');
    expect((await latestEmail(app.server, EMAIL)).subject).toBe('Your inquiry: let us talk');
    await moveTo('Agreement drafted');
    await staff.getByLabel('Start date').fill('2027-01-01');
    await staff.getByLabel('End date').fill('2028-12-31');
    await staff.getByLabel('Scope').fill('Joint research on flood planning.');
    await staff.getByLabel('Project or grant').fill('Flood planning study');
    await staff.getByLabel('Amount (dollars)').fill('40,000');
    await submit(staff, () => staff.getByRole('button', { name: 'Save the agreement' }).click());
    await moveTo('Active');
    expect(await staff.locator('dl.props').first().textContent()).toContain('Active');

    // 3. It is on the public list, with its kind; the amount is not.
    await visit(visitor, '/partners');
    const partnerships = visitor.getByRole('region', { name: 'Partnerships' });
    expect(await partnerships.textContent()).toContain(ORG);
    expect(await visitor.getByRole('main').textContent()).not.toContain('40,000');

    // 4. The demo's chapter in Denver is an affiliate (a diamond) on the network map.
    await visit(visitor, '/network');
    expect(await visitor.locator('svg.network-map title').allTextContents()).toContain('Rocky Mountain Local Government Managers (chapter)');

    // 5. The public pages at 390 px.
    const phone = await app.newPage({ width: 390, height: 844 });
    await visit(phone, '/partners');
    await fits(phone);
    await visit(phone, '/partners/inquire');
    await fits(phone);
    await check(phone);
  });
});

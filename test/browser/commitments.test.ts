// Commitments' journey (issue 20, O15): a visitor finds the demo's Resilient Communities for
// America Agreement and its signatories; City of Springfield's organization administrator signs it
// for the city (a missing title first, answered beside the field), and the city appears on the
// list of signatories, under Illinois, on the map and on its network page; staff see the signature.
// axe runs on every page reached, at 1280 px, and the commitment's page again at 390 px.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { check, signIn, submit, visit } from './harness.js';

const SLUG = 'resilient-communities-for-america';
const TITLE = 'Resilient Communities for America Agreement';
const fits = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

describe('commitments', () => {
  const app = useBrowserApp();

  it('a city signs a commitment and appears on the list', async () => {
    // 1. The public list and the commitment's page, with the demo's signatories.
    const visitor = await app.newPage();
    await visit(visitor, '/commitments');
    await submit(visitor, () => visitor.getByRole('link', { name: TITLE }).click());
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    expect(await visitor.locator('#signatory-count').textContent()).toBe('3 governments signed.');
    expect(await visitor.getByRole('main').textContent()).toContain('King County');
    expect(await visitor.getByRole('main').textContent()).not.toContain('City of Springfield');

    // 2. Springfield's administrator signs for the city.
    const admin = await app.newPage();
    await signIn(admin, 'orgadmin@example.org');
    await visit(admin, `/commitments/${SLUG}`);
    await submit(admin, () => admin.getByRole('link', { name: 'Sign for your government' }).click());
    expect(await admin.getByLabel('Government you sign for').inputValue()).not.toBe('');
    await admin.getByLabel('Your name').fill('Jordan Ellis');
    await admin.getByLabel('Your title').fill('');
    await submit(admin, () => admin.getByRole('button', { name: 'Sign for this government' }).click(), { status: 400 });
    expect(await admin.locator('#f-signerTitle-error').textContent()).toContain('Enter your title');
    await admin.getByLabel('Your title').fill('City Manager');
    await submit(admin, () => admin.getByRole('button', { name: 'Sign for this government' }).click());
    expect(await admin.getByRole('status').textContent()).toContain('City of Springfield signed the Resilient Communities for America Agreement');

    // 3. It is on the public list: counted, under Illinois, on the map and its network page.
    await visit(visitor, `/commitments/${SLUG}`);
    expect(await visitor.locator('#signatory-count').textContent()).toBe('4 governments signed.');
    const illinois = visitor.getByRole('region', { name: 'Illinois (1)' });
    expect(await illinois.textContent()).toContain('City of Springfield: Jordan Ellis, City Manager');
    expect(await visitor.locator('svg.network-map circle title').allTextContents()).toContain('City of Springfield, IL');
    await submit(visitor, () => visitor.getByRole('link', { name: 'Illinois: 1 signatory' }).click());
    expect(await visitor.locator('#signatory-count').textContent()).toBe('1 government in Illinois signed (of 4 in all).');
    await visit(visitor, '/commitments');
    expect(await visitor.getByRole('listitem').filter({ hasText: TITLE }).textContent()).toContain('4 governments signed');
    await visit(visitor, '/network/city-of-springfield-il');
    expect(await visitor.getByRole('region', { name: 'Commitments City of Springfield signed' }).textContent()).toContain(TITLE);

    // 4. Staff see the signature with who signed it.
    const staff = await app.newPage();
    await signIn(staff, 'communications@example.org');
    await visit(staff, '/staff/commitments');
    await submit(staff, () => staff.getByRole('link', { name: TITLE }).click());
    expect(await staff.getByRole('region', { name: 'Every signature, withdrawn ones included' }).textContent()).toContain('City of Springfield');

    // 5. The commitment's page at 390 px.
    const phone = await app.newPage({ width: 390, height: 844 });
    await visit(phone, `/commitments/${SLUG}`);
    await fits(phone);
    await check(phone);
  });
});

// Destructive actions in the browser: voiding an invoice and removing a contact look different from
// the other actions (red), and go through a confirmation page that says what will happen, with the
// red button and a Cancel link. Walked with the keyboard only; axe at 1280 and at 390 px.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { anInvoice } from '../factories/index.js';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

/** Presses Tab until the focused element is the link or button with this name (at most 200 times). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? (el.textContent ?? '').replace(/\s+/g, ' ').trim() : '';
    });
    if (focused === name || focused.startsWith(`${name} `)) return;
  }
  throw new Error(`Tab never reached "${name}" on ${page.url()}`);
}

const background = (page: Page, selector: string) => page.locator(selector).evaluate((el) => getComputedStyle(el).backgroundColor);

describe('destructive actions', () => {
  const app = useBrowserApp();

  it('finance staff void an invoice by keyboard through its confirmation page; Cancel changes nothing', async () => {
    const org = await app.server.deps.db.selectFrom('organizations').select('id').where('slug', '=', 'town-of-brookline-ma').executeTakeFirstOrThrow();
    const invoice = await anInvoice(app.server, { organizationId: org.id, cents: 42_000, description: 'Conference sponsorship' });
    const page = await app.newPage();
    await signIn(page, 'finance@example.org');
    await visit(page, `/staff/invoices/${invoice.id}`);

    // The sub-navigation is a list of links without bullets.
    const finance = page.getByRole('navigation', { name: 'Finance' });
    expect(
      await finance
        .locator('li')
        .first()
        .evaluate((el) => getComputedStyle(el).listStyleType),
    ).toBe('none');

    // The link to void is red, not the blue of the other actions.
    const voidLink = page.getByRole('link', { name: 'Void this invoice' });
    expect(await voidLink.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(164, 22, 26)');

    // Keyboard: Tab to the link, Enter; the confirmation page says what will happen.
    await tabTo(page, 'Void this invoice');
    await submit(page, () => page.keyboard.press('Enter'));
    expect(new URL(page.url()).pathname).toBe(`/staff/invoices/${invoice.id}/void`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Void invoice ${invoice.number}?`);
    expect(await page.locator('main').textContent()).toContain('can no longer be paid');
    const danger = await background(page, 'main button.button-danger');
    expect(danger).toBe('rgb(164, 22, 26)');

    // Cancel goes back to the invoice, still issued.
    await tabTo(page, 'Cancel');
    await submit(page, () => page.keyboard.press('Enter'));
    expect(new URL(page.url()).pathname).toBe(`/staff/invoices/${invoice.id}`);
    expect((await app.server.deps.db.selectFrom('invoices').select('status').where('id', '=', invoice.id).executeTakeFirstOrThrow()).status).toBe('issued');

    // Again, without a reason: the error is shown and focus can reach it; then with one.
    await visit(page, `/staff/invoices/${invoice.id}/void`);
    await tabTo(page, 'Void the invoice');
    await submit(page, () => page.keyboard.press('Enter'), { status: 400 });
    expect(await page.title()).toMatch(/^Error: /);
    await page.getByLabel('Reason for voiding').focus();
    await page.keyboard.type('Sponsorship cancelled by the town');
    await tabTo(page, 'Void the invoice');
    await submit(page, () => page.keyboard.press('Enter'));
    expect(await page.getByRole('status').textContent()).toContain(`Invoice ${invoice.number} is void`);
    expect((await app.server.deps.db.selectFrom('invoices').select('status').where('id', '=', invoice.id).executeTakeFirstOrThrow()).status).toBe('void');

    // The confirmation pages at 390 px: no sideways scrolling, axe clean.
    const other = await anInvoice(app.server, { organizationId: org.id, cents: 1_000 });
    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, 'finance@example.org');
    await visit(phone, `/staff/invoices/${other.id}`);
    await visit(phone, `/staff/invoices/${other.id}/void`);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });

  it('an organization admin removes a contact on a phone only after confirming; the row actions are apart', async () => {
    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, 'orgadmin@example.org');
    await visit(phone, '/org');
    const table = phone.getByRole('table', { name: /^Contacts of / });
    // On a phone the table reads as one block a contact: nothing is hidden sideways in its box.
    const hidden = await table.evaluate((t) => {
      const wrap = t.closest('.table-wrap') as HTMLElement;
      return wrap.scrollWidth - wrap.clientWidth;
    });
    expect(hidden).toBeLessThanOrEqual(0);
    const row = table.getByRole('row').filter({ hasText: 'Sam Whitaker' });
    const edit = row.getByRole('link', { name: 'Edit Sam Whitaker' });
    const remove = row.getByRole('link', { name: 'Remove Sam Whitaker' });
    // "Edit" and "Remove" do not run together.
    const [a, b] = [await edit.boundingBox(), await remove.boundingBox()];
    expect(a && b && (b.x >= a.x + a.width + 8 || b.y >= a.y + a.height)).toBe(true);

    await remove.focus();
    await submit(phone, () => phone.keyboard.press('Enter'));
    expect(await phone.getByRole('heading', { level: 1 }).textContent()).toBe('Remove Sam Whitaker from City of Springfield?');
    expect(await phone.locator('main').textContent()).toContain('will lose access to');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await tabTo(phone, 'Remove the contact');
    await submit(phone, () => phone.keyboard.press('Enter'));
    expect(await phone.getByRole('status').textContent()).toContain('Removed Sam Whitaker');
    expect(
      await phone
        .getByRole('table', { name: /^Contacts of / })
        .getByText('Sam Whitaker')
        .count(),
    ).toBe(0);

    // The same page at desktop width, axe clean.
    const desk = await app.newPage();
    await signIn(desk, 'orgadmin@example.org');
    const [jordan] = await app.server.deps.db.selectFrom('users').select('id').where('email', '=', 'orgadmin@example.org').execute();
    await visit(desk, `/org/contacts/${jordan?.id ?? ''}/remove`);
    // Jordan is Springfield's only administrator: the page says so, with nothing to confirm.
    expect(await desk.getByRole('heading', { level: 1 }).textContent()).toBe('You cannot be removed yet');
    expect(await desk.getByRole('button', { name: 'Remove the contact' }).count()).toBe(0);
  });
});

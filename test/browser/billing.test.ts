// Billing in the browser: an invoice for City of Springfield's pending membership (as approval
// issues it) is opened by its public link, finance staff record the check that pays it, the
// membership becomes active, and the organization's contact sees the paid invoice and its PDF;
// then finance records part of it refunded.
// axe-core runs on every page visited.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Invoice } from '../../src/db/types.js';
import { anInvoice, rejoining } from '../factories/index.js';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe('billing', () => {
  const app = useBrowserApp();
  const newPage = () => app.newPage();
  let invoice: Invoice;

  beforeAll(async () => {
    const org = await app.server.deps.db.selectFrom('organizations').select(['id']).where('slug', '=', 'city-of-springfield-il').executeTakeFirstOrThrow();
    // The demo's Springfield is a member already: its earlier membership ended, and it rejoins.
    invoice = await anInvoice(app.server, {
      organizationId: org.id,
      membershipId: await rejoining(app.server, org.id),
      lines: [{ description: 'Annual membership dues — City of Springfield (population 114,394)', quantity: 1, unitCents: 175_000 }],
      poNumber: 'PO-SPR-2026-17',
      billToName: 'Finance Department',
      billToEmail: 'ap@springfield.example.gov',
      billToAddress: '800 E Monroe St\nSpringfield, IL 62701',
    });
  });
  const main = (page: Page) => page.locator('main');

  it('a finance office opens the invoice by its link without an account; an unknown link is a plain 404', async () => {
    const visitor = await newPage();
    await visit(visitor, `/invoices/${invoice.public_token}`);
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(`Invoice ${invoice.number}`);
    const text = (await main(visitor).textContent()) ?? '';
    for (const fact of ['City of Springfield', 'PO-SPR-2026-17', '$1,750.00', 'Awaiting payment', 'By check', 'By ACH or wire transfer']) expect(text).toContain(fact);
    const pdf = await visitor.request.get(`/invoices/${invoice.public_token}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(await visitor.getByRole('link', { name: 'Download PDF' }).getAttribute('href')).toBe(`/invoices/${invoice.public_token}/pdf`);

    await visit(visitor, '/invoices/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { status: 404 });
    expect(await main(visitor).textContent()).not.toMatch(/invoice/i);
  });

  it('finance staff record a check; the membership becomes active and the member sees the paid invoice', async () => {
    const finance = await newPage();
    await signIn(finance, 'finance@example.org');
    await visit(finance, `/staff/invoices/${invoice.id}`);
    const form = finance.getByRole('form', { name: 'Record a payment' });
    await form.getByLabel('Amount').fill('1,750.00');
    await form.getByLabel('Method').selectOption('check');
    await form.getByLabel('Reference').fill('10442');
    await submit(finance, () => form.getByRole('button', { name: 'Record payment' }).click());
    expect(new URL(finance.url()).pathname).toBe(`/staff/invoices/${invoice.id}`);
    expect(await finance.getByRole('status').textContent()).toContain('The membership is now active');
    const staffView = (await main(finance).textContent()) ?? '';
    expect(staffView).toContain('membership active');
    expect(staffView).toContain('10442');
    const membership = await app.server.deps.db
      .selectFrom('invoices')
      .innerJoin('memberships', 'memberships.id', 'invoices.membership_id')
      .select(['invoices.status as invoiceStatus', 'memberships.status as membershipStatus'])
      .where('invoices.id', '=', invoice.id)
      .executeTakeFirstOrThrow();
    expect(membership).toEqual({ invoiceStatus: 'paid', membershipStatus: 'active' });

    // The organization's contact: the home page shows the active membership, the list the paid invoice.
    const member = await newPage();
    await signIn(member, 'orgadmin@example.org');
    await submit(member, () => member.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My organization' }).click());
    expect(new URL(member.url()).pathname).toBe('/org');
    expect(await member.getByRole('heading', { level: 1 }).textContent()).toBe('City of Springfield');
    expect(await main(member).textContent()).toContain('Active');
    await submit(member, () => member.getByRole('link', { name: 'See your invoices' }).click());
    expect(new URL(member.url()).pathname).toBe('/org/invoices');
    const row = member.getByRole('row').filter({ has: member.getByRole('link', { name: String(invoice.number), exact: true }) });
    expect(await row.count()).toBe(1);
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells).toContain('$1,750.00');
    expect(cells).toContain('$0.00');
    expect(cells).toContain('Paid');
    expect(await row.getByRole('link', { name: `Download PDF of invoice ${invoice.number}` }).getAttribute('href')).toBe(`/org/invoices/${invoice.id}/pdf`);
    const pdf = await member.request.get(`/org/invoices/${invoice.id}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    // The invoice's page: paid in full, with the check in its payments.
    await submit(member, () => row.getByRole('link', { name: String(invoice.number), exact: true }).click());
    const paid = (await main(member).textContent()) ?? '';
    expect(paid).toContain('Paid');
    expect(paid).toContain('this invoice is paid in full');
    const payment = member.getByRole('table', { name: 'Payments received' }).getByRole('row').filter({ hasText: '10442' });
    expect(await payment.getByRole('cell').allTextContents()).toEqual([expect.any(String), 'Check', '10442', '$1,750.00']);
  });

  it('finance staff record a refund paid back by check; the invoice owes nothing more and the payer sees the refund', async () => {
    const finance = await newPage();
    await signIn(finance, 'finance@example.org');
    await visit(finance, `/staff/invoices/${invoice.id}`);
    const form = finance.getByRole('form', { name: 'Record a refund' });
    await form.getByLabel('Amount refunded').fill('250.00');
    await form.getByLabel('Refunded by').selectOption('check');
    await form.getByLabel('Refund reference').fill('CHK-5521');
    await form.getByLabel('Reason for the refund').fill('Population band corrected after payment');
    await submit(finance, () => form.getByRole('button', { name: 'Record refund' }).click());
    expect(await finance.getByRole('status').textContent()).toContain('Refund of $250.00 recorded, with a credit note of $250.00. ap@springfield.example.gov is told by email.');
    const staffView = (await main(finance).textContent()) ?? '';
    expect(staffView).toContain('Refund: Population band corrected after payment');
    expect(staffView).toContain('Refund: Population band corrected after payment');
    const row = await app.server.deps.db.selectFrom('invoices').select(['status', 'paid_cents', 'credited_cents']).where('id', '=', invoice.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'paid', paid_cents: 150_000, credited_cents: 25_000 });

    const visitor = await newPage();
    await visit(visitor, `/invoices/${invoice.public_token}`);
    const refund = visitor.getByRole('row').filter({ hasText: 'CHK-5521' });
    expect(await refund.getByRole('cell').allTextContents()).toEqual([expect.any(String), 'Refunded to you (check)', 'CHK-5521', '-$250.00']);
  });
  it('finance staff filter overdue invoices with one control, and record a check that arrived before its invoice by ticking the box', async () => {
    const org = await app.server.deps.db.selectFrom('organizations').select(['id']).where('slug', '=', 'city-of-springfield-il').executeTakeFirstOrThrow();
    const early = await anInvoice(app.server, { organizationId: org.id, purpose: 'other', cents: 20_000, description: 'Workshop seats' });
    const finance = await newPage();
    await signIn(finance, 'finance@example.org');
    await visit(finance, '/staff/invoices?pastDue=30');
    expect(await finance.getByLabel('Overdue').inputValue()).toBe('30');
    await visit(finance, `/staff/invoices/${early.id}`);
    const form = finance.getByRole('form', { name: 'Record a payment' });
    await form.getByLabel('Amount').fill('200');
    const issued = early.issued_on ?? '';
    const day = new Date(`${issued}T12:00:00Z`);
    day.setUTCDate(day.getUTCDate() - 10);
    await form.getByLabel('Date received').fill(day.toISOString().slice(0, 10));
    await submit(finance, () => form.getByRole('button', { name: 'Record payment' }).click(), { status: 400 });
    const again = finance.getByRole('form', { name: 'Record a payment' });
    await again.getByLabel('This payment really arrived before the invoice was issued').check();
    await submit(finance, () => again.getByRole('button', { name: 'Record payment' }).click());
    expect(await finance.getByRole('status').textContent()).toContain('payment of $200.00 recorded');
  });
});

// Voiding an invoice through HTTP (JSON API and the staff pages): a void invoice cannot be paid and
// keeps its number; the form needs a reason; an invoice with money on it is neither voided nor
// offered a void that can only be refused.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, apiPay, signedInAs } from '../../../test/factories/index.js';
import { createOrganization, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textsOf } from '../../../test/html.js';

let ctx: TestContext;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await signedInAs(ctx, ['finance']);
});
afterAll(() => ctx?.close());

const invoiceRow = (id: string) => ctx.deps.db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const paymentsOf = (id: string) => ctx.deps.db.selectFrom('payments').selectAll().where('invoice_id', '=', id).execute();
const postJson = (c: TestClient, url: string, body: unknown) => c.sendJson('POST', url, body);

describe('void', () => {
  it('a voided invoice cannot be paid (409) and keeps its number', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 75_000 });
    const voided = await postJson(finance, `/api/v1/invoices/${invoice.id}/void`, { reason: 'Issued to the wrong department' });
    expect(voided.statusCode).toBe(200);
    expect(voided.json()).toMatchObject({ status: 'void', number: invoice.number, voidReason: 'Issued to the wrong department', balanceCents: 0 });

    const res = await apiPay(finance, invoice.id, { amountCents: 75_000, method: 'check' }, randomUUID());
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('billing.invoice_void');
    const form = await finance.postForm(`/staff/invoices/${invoice.id}/payments`, { amount: '750', method: 'check', idempotency_key: randomUUID() });
    expect(form.statusCode).toBe(409);
    expect(form.body).toContain(`Invoice ${invoice.number} is void and cannot be paid.`);
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
    const row = await invoiceRow(invoice.id);
    expect(row.number).toBe(invoice.number);
    expect(row.seq).toBe(invoice.seq);
    const page = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(textsOf(page.body, 'h1')).toContain(`Invoice ${invoice.number}`);
    expect(textsOf(page.body, 'button')).not.toContain('Record payment');
  });

  it('the void form needs a reason, and an invoice with money on it is refused with a clear message', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 20_000 });
    const page = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(page.body).toContain(`href="/staff/invoices/${invoice.id}/void"`);
    const confirm = await finance.get(`/staff/invoices/${invoice.id}/void`);
    expect(confirm.statusCode).toBe(200);
    expect(textsOf(confirm.body, 'h1')).toEqual([`Void invoice ${invoice.number}?`]);
    expect(textsOf(confirm.body, 'main button')).toEqual(['Void the invoice']);
    expect(confirm.body).toContain('can no longer be paid');
    const blank = await finance.postForm(`/staff/invoices/${invoice.id}/void`, { void_reason: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toMatch(/id="f-void_reason-error">/);
    expect(textsOf(blank.body, 'h1')).toEqual([`Void invoice ${invoice.number}?`]);
    await apiPay(finance, invoice.id, { amountCents: 5_000, method: 'check' }, randomUUID());
    const refused = await finance.postForm(`/staff/invoices/${invoice.id}/void`, { void_reason: 'Duplicate invoice' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Reverse or refund the payments on this invoice before voiding it.');
    expect((await invoiceRow(invoice.id)).status).toBe('partially_paid');
  });
});

describe('voiding an invoice with money on it', () => {
  it('is not offered: the invoice page and the confirmation say to reverse or refund the payments first, with no button that can only fail', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 20_000 });
    await apiPay(finance, invoice.id, { amountCents: 5_000, method: 'check' }, randomUUID());
    const page = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(page.body).not.toContain(`href="/staff/invoices/${invoice.id}/void"`);
    expect(textsOf(page.body, '#void p').join(' ')).toContain('$50.00 is paid on this invoice: reverse or refund those payments, then void it.');
    const confirm = await finance.get(`/staff/invoices/${invoice.id}/void`);
    expect(confirm.statusCode).toBe(200);
    expect(textsOf(confirm.body, 'main button')).toEqual([]);
    expect(confirm.body).not.toContain('name="void_reason"');
    expect(confirm.body).toContain(`href="/staff/invoices/${invoice.id}#payments-title"`);
  });
});

// The largest amount finance staff may type or send: $10,000,000.00 for an invoice (a line and the
// total), a payment, a refund and a credit note, on the forms and the API, with an error beside
// the field; nothing changes. Odd amounts ("1e9", "-0", "0.001") are refused the same way.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, aPayment, apiPay, signedInAs } from '../../../test/factories/index.js';
import { createOrganization, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';

let ctx: TestContext;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await signedInAs(ctx, ['finance']);
});
afterAll(() => ctx?.close());

const invoiceCount = async () =>
  Number(
    (
      await ctx.deps.db
        .selectFrom('invoices')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const fieldError = (body: string, field: string) => body.match(new RegExp(`id="f-${field}-error">[\\s\\S]*?</span>([^<]*)`))?.[1] ?? '';

describe('the largest amount', () => {
  it('a new invoice by hand over $10,000,000.00 is refused beside Amount; exactly that is issued', async () => {
    const orgId = await createOrganization(ctx);
    const before = await invoiceCount();
    for (const amount of ['99,999,999,999', '10,000,000.01', '$99999999999.99']) {
      const res = await finance.postForm('/staff/invoices', { organizationId: orgId, purpose: 'other', description: 'Workshop seats', amount });
      expect(res.statusCode, amount).toBe(400);
      expect(fieldError(res.body, 'amount'), amount).toContain('at most $10,000,000.00');
    }
    for (const amount of ['1e9', '-0', '0.001', '<script>alert(1)</script>', '0x10']) {
      const res = await finance.postForm('/staff/invoices', { organizationId: orgId, purpose: 'other', description: 'Workshop seats', amount });
      expect(res.statusCode, amount).toBe(400);
      expect(fieldError(res.body, 'amount'), amount).not.toBe('');
      expect(res.body).not.toContain('<script>alert(1)</script>');
    }
    expect(await invoiceCount()).toBe(before);
    const ok = await finance.postForm('/staff/invoices', { organizationId: orgId, purpose: 'other', description: 'Workshop seats', amount: '10,000,000.00' });
    expect(ok.statusCode).toBe(303);
  });

  it('the API refuses a line, or a total, over $10,000,000.00 and names the field', async () => {
    const orgId = await createOrganization(ctx);
    const before = await invoiceCount();
    const line = (unitCents: number, quantity = 1) => ({ description: 'Seats', quantity, unitCents });
    const cases: Array<[unknown[], string]> = [
      [[line(9_999_999_999_900)], 'lines'],
      [[line(1_000_000_001)], 'lines'],
      [[line(100_000_000, 11)], 'lines'],
      [[line(600_000_000), line(600_000_000)], 'lines'],
    ];
    for (const [lines, field] of cases) {
      const res = await finance.sendJson('POST', '/api/v1/invoices', { organizationId: orgId, purpose: 'other', lines });
      expect(res.statusCode, JSON.stringify(lines)).toBe(400);
      const fields = Object.keys(res.json().error.fields ?? {});
      expect(
        fields.some((f) => f.startsWith(field)),
        JSON.stringify(fields),
      ).toBe(true);
      expect(JSON.stringify(res.json().error.fields)).toContain('10,000,000.00');
    }
    expect(await invoiceCount()).toBe(before);
    const ok = await finance.sendJson('POST', '/api/v1/invoices', { organizationId: orgId, purpose: 'other', lines: [line(500_000_000), line(500_000_000)] });
    expect(ok.statusCode).toBe(201);
  });

  it('a payment, a refund and a credit note over $10,000,000.00 are refused beside their field, on the forms and the API', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 10_000, purpose: 'other' });
    await aPayment(ctx, { invoiceId: invoice.id, amountCents: 5_000 });
    const huge = '99,999,999,999';
    const pay = await finance.postForm(`/staff/invoices/${invoice.id}/payments`, { amount: huge, method: 'check', idempotency_key: randomUUID() });
    expect(fieldError(pay.body, 'amount')).toContain('at most $10,000,000.00');
    const refund = await finance.postForm(`/staff/invoices/${invoice.id}/refunds`, {
      refund_amount: huge,
      refund_method: 'check',
      refund_reason: 'Duplicate payment',
      refund_key: randomUUID(),
    });
    expect(fieldError(refund.body, 'refund_amount')).toContain('at most $10,000,000.00');
    const credit = await finance.postForm(`/staff/invoices/${invoice.id}/credit-notes`, { credit_amount: huge, credit_reason: 'Goodwill' });
    expect(fieldError(credit.body, 'credit_amount')).toContain('at most $10,000,000.00');

    const apiPayment = await apiPay(finance, invoice.id, { amountCents: 9_999_999_999_900, method: 'check' }, randomUUID());
    expect(apiPayment.statusCode).toBe(400);
    expect(apiPayment.json().error.fields.amountCents).toContain('10,000,000.00');
    const headers = { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': await finance.csrf(), 'idempotency-key': randomUUID() };
    const apiRefund = await finance.request('POST', `/api/v1/invoices/${invoice.id}/refunds`, {
      headers,
      payload: JSON.stringify({ amountCents: 9_999_999_999_900, method: 'check', reason: 'Duplicate payment' }),
    });
    expect(apiRefund.statusCode).toBe(400);
    expect(apiRefund.json().error.fields.amountCents).toContain('10,000,000.00');
    expect(await ctx.deps.db.selectFrom('invoices').select(['paid_cents', 'credited_cents']).where('id', '=', invoice.id).executeTakeFirstOrThrow()).toEqual({
      paid_cents: 5_000,
      credited_cents: 0,
    });
  });
});

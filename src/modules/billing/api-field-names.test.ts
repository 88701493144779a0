// The finance API's errors name the API's own fields (camelCase: `amountCents`, `receivedOn`,
// `refundedOn`), never the staff forms' names the billing core uses (`amount`, `refunded_on`).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, aPayment, apiPay, signedInAs } from '../../../test/factories/index.js';
import { createOrganization, createTestContext, type TestClient, type TestContext, todayThere } from '../../../test/helpers.js';
import { addDays } from './dates.js';

let ctx: TestContext;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await signedInAs(ctx, ['finance']);
});
afterAll(() => ctx?.close());

const today = () => todayThere(ctx);

async function apiRefund(invoiceId: string, body: Record<string, unknown>) {
  const headers = { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': await finance.csrf(), 'idempotency-key': randomUUID() };
  return finance.request('POST', `/api/v1/invoices/${invoiceId}/refunds`, { headers, payload: JSON.stringify(body) });
}

async function paidInvoice(cents: number, receivedOn?: string) {
  const orgId = await createOrganization(ctx);
  const invoice = await anInvoice(ctx, { organizationId: orgId, cents, purpose: 'event', issuedOn: addDays(today(), -30) });
  await aPayment(ctx, { invoiceId: invoice.id, amountCents: cents, reference: 'CHK-1', ...(receivedOn ? { receivedOn } : {}) });
  return invoice;
}

describe('the finance API names its own fields in errors', () => {
  it('a refund dated in the future, or before the money came in, is an error on refundedOn; too much is one on amountCents', async () => {
    const invoice = await paidInvoice(5_000, addDays(today(), -10));
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ refundedOn: addDays(today(), 3) }, 'refundedOn', 'cannot be in the future'],
      [{ refundedOn: addDays(today(), -20) }, 'refundedOn', 'before the first payment on this invoice was received'],
      [{ amountCents: 5_001 }, 'amountCents', 'what is paid on this invoice'],
    ];
    for (const [change, field, says] of cases) {
      const res = await apiRefund(invoice.id, { amountCents: 1_000, method: 'check', reason: 'Duplicate payment', ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      const fields = res.json().error.fields;
      expect(Object.keys(fields), JSON.stringify(change)).toEqual([field]);
      expect(fields[field]).toContain(says);
    }
    expect((await ctx.deps.db.selectFrom('payments').select('id').where('invoice_id', '=', invoice.id).execute()).length).toBe(1);
  });

  it('a payment beyond the balance, or dated before the issue day, is an error on amountCents or receivedOn', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 3_000, purpose: 'other' });
    const over = await apiPay(finance, invoice.id, { amountCents: 3_001, method: 'check' }, randomUUID());
    expect(over.statusCode).toBe(400);
    expect(Object.keys(over.json().error.fields)).toEqual(['amountCents']);
    const early = await apiPay(finance, invoice.id, { amountCents: 1_000, method: 'check', receivedOn: addDays(today(), -2) }, randomUUID());
    expect(early.statusCode).toBe(400);
    expect(Object.keys(early.json().error.fields)).toEqual(['receivedOn']);
  });
});

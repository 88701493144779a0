// Refunds through HTTP (the finance staff page and the JSON API): money paid back is recorded as a
// negative payment, what the invoice was not in credit for is credited first (so it never owes
// more than before), at most what is paid, exactly once per key, and the payer is told. An invoice
// in credit (a paid seat credited beyond what was owed) is refunded from that credit.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, aPayment, signedInAs } from '../../../test/factories/index.js';
import { createOrganization, createTestContext, type TestClient, type TestContext, todayThere } from '../../../test/helpers.js';
import { hiddenValue } from '../../../test/html.js';
import { addCreditNote } from './payments.js';

let ctx: TestContext;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await signedInAs(ctx, ['finance']);
});
afterAll(() => ctx?.close());

const invoiceRow = (id: string) => ctx.deps.db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const paymentsOf = (id: string) => ctx.deps.db.selectFrom('payments').selectAll().where('invoice_id', '=', id).orderBy('created_at').execute();
const creditsOf = (id: string) => ctx.deps.db.selectFrom('credit_notes').selectAll().where('invoice_id', '=', id).execute();
const today = () => todayThere(ctx);

async function paidInvoice(cents: number, email = `ap-${randomUUID().slice(0, 8)}@city.example.gov`) {
  const orgId = await createOrganization(ctx);
  const invoice = await anInvoice(ctx, { organizationId: orgId, cents, purpose: 'event', description: 'Workshop seats', billToEmail: email });
  await aPayment(ctx, { invoiceId: invoice.id, amountCents: cents, reference: 'CHK-1' });
  return { invoice, email };
}

async function apiRefund(c: TestClient, invoiceId: string, body: Record<string, unknown>, key: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': await c.csrf() };
  if (key !== null) headers['idempotency-key'] = key;
  return c.request('POST', `/api/v1/invoices/${invoiceId}/refunds`, { headers, payload: JSON.stringify(body) });
}

describe('recording a refund on the staff page', () => {
  it('a refund of part of a paid invoice credits that part and pays it back: nothing more is owed, and the payer is emailed', async () => {
    const { invoice, email } = await paidInvoice(30_000);
    const page = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(page.body).toContain('Record a refund');
    const res = await finance.postForm(`/staff/invoices/${invoice.id}/refunds`, {
      refund_amount: '100.00',
      refund_method: 'check',
      refund_reference: 'CHK-9001',
      refunded_on: today(),
      refund_reason: 'One seat cancelled',
      refund_key: hiddenValue(page.body, 'refund_key'),
    });
    expect(res.statusCode).toBe(303);
    const after = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(after.body).toContain('Refund of $100.00 recorded, with a credit note of $100.00.');
    expect(after.body).toContain('Refund: One seat cancelled');
    const row = await invoiceRow(invoice.id);
    expect(row).toMatchObject({ paid_cents: 20_000, credited_cents: 10_000, status: 'paid' });
    expect(row.total_cents - row.credited_cents - row.paid_cents).toBe(0);
    const refund = (await paymentsOf(invoice.id)).find((p) => p.refund);
    expect(refund).toMatchObject({ amount_cents: -10_000, method: 'check', reference: 'CHK-9001', reverses_payment_id: null, reason: 'One seat cancelled' });
    expect((await creditsOf(invoice.id)).map((c) => c.amount_cents)).toEqual([10_000]);
    const mail = await ctx.deps.db
      .selectFrom('outbox')
      .select(['subject', 'body_text'])
      .where('to_address', '=', email)
      .where('template', '=', 'billing.refund_recorded')
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe(`Refund of $100.00 on invoice ${invoice.number}`);
    expect(mail[0]?.body_text).toContain('by check (reference CHK-9001)');
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity_id', '=', invoice.id)
      .where('action', '=', 'billing.refund_recorded')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('the same form sent twice records one refund', async () => {
    const { invoice } = await paidInvoice(5_000);
    const page = await finance.get(`/staff/invoices/${invoice.id}`);
    const form = {
      refund_amount: '50.00',
      refund_method: 'ach',
      refund_reference: 'ACH-1',
      refunded_on: today(),
      refund_reason: 'Duplicate payment',
      refund_key: hiddenValue(page.body, 'refund_key'),
    };
    expect((await finance.postForm(`/staff/invoices/${invoice.id}/refunds`, form)).statusCode).toBe(303);
    expect((await finance.postForm(`/staff/invoices/${invoice.id}/refunds`, form)).statusCode).toBe(303);
    const after = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(after.body).toContain('That refund was already recorded (the form was sent twice). Nothing changed.');
    expect((await paymentsOf(invoice.id)).filter((p) => p.refund)).toHaveLength(1);
    expect(await invoiceRow(invoice.id)).toMatchObject({ paid_cents: 0, credited_cents: 5_000 });
  });

  it('bad input is refused beside its field and changes nothing: more than is paid, zero, no reason, a future date, a day before the money came in, an unknown method', async () => {
    const { invoice } = await paidInvoice(8_000);
    const before = await invoiceRow(invoice.id);
    const base = { refund_amount: '10.00', refund_method: 'check', refund_reference: '', refunded_on: today(), refund_reason: 'Goodwill', refund_key: randomUUID() };
    const cases: Array<[Record<string, string>, string]> = [
      [{ refund_amount: '80.01' }, 'Enter at most $80.00, what is paid on this invoice.'],
      [{ refund_amount: '0' }, 'refund_amount'],
      [{ refund_reason: '   ' }, 'refund_reason'],
      [{ refunded_on: '2999-01-01' }, 'The date of the refund cannot be in the future.'],
      [{ refunded_on: '2020-01-06' }, 'before the first payment on this invoice was received'],
      [{ refund_method: 'bitcoin' }, 'Choose how the money went back'],
    ];
    for (const [change, says] of cases) {
      const res = await finance.postForm(`/staff/invoices/${invoice.id}/refunds`, { ...base, ...change, refund_key: randomUUID() });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(res.body, JSON.stringify(change)).toContain(says);
    }
    expect(await invoiceRow(invoice.id)).toEqual(before);
    expect((await paymentsOf(invoice.id)).filter((p) => p.refund)).toHaveLength(0);
  });

  it('an invoice with nothing paid has no refund form and refuses one', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 4_000, purpose: 'other' });
    const page = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(page.body).not.toContain('Record a refund');
    const res = await finance.postForm(`/staff/invoices/${invoice.id}/refunds`, {
      refund_amount: '10.00',
      refund_method: 'check',
      refunded_on: today(),
      refund_reason: 'Goodwill gesture',
      refund_key: randomUUID(),
    });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('there is nothing to refund');
  });

  it('only finance staff (and admins) may record a refund', async () => {
    const { invoice } = await paidInvoice(2_000);
    const membership = await signedInAs(ctx, ['membership']);
    const res = await membership.postForm(`/staff/invoices/${invoice.id}/refunds`, {
      refund_amount: '10.00',
      refund_method: 'check',
      refunded_on: today(),
      refund_reason: 'Goodwill gesture',
      refund_key: randomUUID(),
    });
    expect(res.statusCode).toBe(403);
    expect((await paymentsOf(invoice.id)).filter((p) => p.refund)).toHaveLength(0);
  });
});

describe('an invoice in credit', () => {
  it('a paid seat credited beyond the balance leaves the invoice in credit; its refund needs no new credit note', async () => {
    const { invoice } = await paidInvoice(12_000);
    const finUser = await ctx.deps.db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow();
    // what events does when a paid seat is cancelled
    await ctx.deps.db
      .transaction()
      .execute((trx) => addCreditNote(trx, ctx.deps, { invoiceId: invoice.id, amountCents: 4_000, reason: 'Seat cancelled', actorUserId: finUser.id, beyondBalance: true }));
    const page = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(page.body).toContain('In credit');
    expect(page.body).toContain('$40.00 paid beyond what is owed');
    // the refund form offers the credit
    expect(page.body).toMatch(/name="refund_amount"[^>]*value="40.00"/);
    const res = await apiRefund(finance, invoice.id, { amountCents: 4_000, method: 'card', reference: 're_123', reason: 'Seat cancelled' }, 'refund-key-1');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ creditedCents: 0, replayed: false, refund: { amountCents: -4_000, refund: true, method: 'card' } });
    expect(await invoiceRow(invoice.id)).toMatchObject({ paid_cents: 8_000, credited_cents: 4_000, status: 'paid' });
    expect(await creditsOf(invoice.id)).toHaveLength(1);
    // the same key again replays; with another amount it is a conflict
    const again = await apiRefund(finance, invoice.id, { amountCents: 4_000, method: 'card', reference: 're_123', reason: 'Seat cancelled' }, 'refund-key-1');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ replayed: true });
    const other = await apiRefund(finance, invoice.id, { amountCents: 1_000, method: 'card', reason: 'Seat cancelled' }, 'refund-key-1');
    expect(other.statusCode).toBe(409);
    expect((await paymentsOf(invoice.id)).filter((p) => p.refund)).toHaveLength(1);
  });

  it('a credit beyond the balance is capped at what is not credited yet', async () => {
    const { invoice } = await paidInvoice(3_000);
    const finUser = await ctx.deps.db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow();
    await expect(
      ctx.deps.db
        .transaction()
        .execute((trx) => addCreditNote(trx, ctx.deps, { invoiceId: invoice.id, amountCents: 3_001, reason: 'x', actorUserId: finUser.id, beyondBalance: true })),
    ).rejects.toMatchObject({ fields: { amount: 'Enter an amount greater than zero and at most $30.00, what is not credited yet.' } });
  });

  it('the API needs an Idempotency-Key, and a refunded payment can no longer be reversed past what is paid', async () => {
    const { invoice } = await paidInvoice(6_000);
    const noKey = await apiRefund(finance, invoice.id, { amountCents: 1_000, method: 'check', reason: 'x' }, null);
    expect(noKey.statusCode).toBe(400);
    expect((await apiRefund(finance, invoice.id, { amountCents: 6_000, method: 'check', reason: 'Full refund' }, 'k-full')).statusCode).toBe(201);
    const original = (await paymentsOf(invoice.id)).find((p) => p.amount_cents > 0);
    const reverse = await finance.postForm(`/staff/payments/${original?.id}/reverse`, { reason: 'bounced' });
    expect(reverse.statusCode).toBe(409);
    expect(reverse.body).toContain('Part of this payment was refunded already');
    expect(await invoiceRow(invoice.id)).toMatchObject({ paid_cents: 0, credited_cents: 6_000 });
    const csv = await finance.get('/staff/payments.csv');
    expect(csv.body).toMatch(/-60\.00,,yes,Full refund/);
  });
});

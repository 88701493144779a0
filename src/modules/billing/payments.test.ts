// Offline payments through HTTP (JSON API and the staff pages): partial payments and activation,
// overpayment, reversal, credit notes, idempotency, and a new invoice by hand (void: payments-void.test.ts).
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, aPendingOrganization, apiPay, changeOrganization, signedInAs } from '../../../test/factories/index.js';
import { createOrganization, createTestContext, type TestClient, type TestContext, todayThere } from '../../../test/helpers.js';
import { hiddenValue, textsOf } from '../../../test/html.js';
import { addDays, addYears } from './dates.js';

let ctx: TestContext;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await signedInAs(ctx, ['finance']);
});
afterAll(() => ctx?.close());

const invoiceRow = (id: string) => ctx.deps.db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const paymentsOf = (id: string) => ctx.deps.db.selectFrom('payments').selectAll().where('invoice_id', '=', id).orderBy('created_at').orderBy('amount_cents', 'desc').execute();
const today = () => todayThere(ctx);

async function postJson(c: TestClient, url: string, body: unknown) {
  return c.sendJson('POST', url, body);
}

describe('partial payments and activation', () => {
  it('partial payments summing to the total mark the invoice paid and activate the pending membership', async () => {
    const org = await aPendingOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: org.organizationId, membershipId: org.membershipId, cents: 120_000 });

    const first = await apiPay(finance, invoice.id, { amountCents: 50_000, method: 'check', reference: '1001' }, randomUUID());
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ replayed: false, membershipActivated: false, invoice: { status: 'partially_paid', balanceCents: 70_000 } });
    expect((await ctx.deps.db.selectFrom('memberships').select('status').where('id', '=', org.membershipId).executeTakeFirstOrThrow()).status).toBe('pending');

    const second = await apiPay(finance, invoice.id, { amountCents: 70_000, method: 'ach', reference: 'ACH-778' }, randomUUID());
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ membershipActivated: true, invoice: { status: 'paid', paidCents: 120_000, balanceCents: 0 } });

    const m = await ctx.deps.db.selectFrom('memberships').selectAll().where('id', '=', org.membershipId).executeTakeFirstOrThrow();
    expect(m.status).toBe('active');
    expect(m.term_start).toBe(today());
    expect(m.term_end).toBe(addDays(addYears(today(), 1), -1));
    const o = await ctx.deps.db.selectFrom('organizations').select('status').where('id', '=', org.organizationId).executeTakeFirstOrThrow();
    expect(o.status).toBe('active');
    const welcome = await ctx.deps.db.selectFrom('outbox').select('subject').where('to_address', '=', org.contactEmail).where('template', '=', 'billing.welcome').execute();
    expect(welcome).toHaveLength(1);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', org.membershipId).execute();
    expect(audit.map((a) => a.action)).toContain('memberships.activated');
  });

  it('the staff form records a check with its labelled fields and says so after the redirect', async () => {
    const org = await aPendingOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: org.organizationId, membershipId: org.membershipId, cents: 60_000 });
    const page = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(page.statusCode).toBe(200);
    for (const label of ['Amount', 'Method', 'Reference', 'Date received']) expect(page.body).toMatch(new RegExp(`<label for="f-[a-z_]+">${label}(<span|</label>)`));
    expect(textsOf(page.body, 'button')).toContain('Record payment');
    expect(page.body).toContain(`name="received_on" type="date" value="${today()}"`);
    const key = hiddenValue(page.body, 'idempotency_key');

    const res = await finance.postForm(`/staff/invoices/${invoice.id}/payments`, {
      amount: '$600.00',
      method: 'check',
      reference: '2002',
      received_on: today(),
      idempotency_key: key,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/staff/invoices/${invoice.id}`);
    const after = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(after.body).toContain('Check payment of $600.00 recorded. The invoice is paid in full. The membership is now active');
    expect((await invoiceRow(invoice.id)).status).toBe('paid');
    const [p] = await paymentsOf(invoice.id);
    expect(p).toMatchObject({ amount_cents: 60_000, method: 'check', reference: '2002', received_on: today() });
  });

  it('form field errors re-render the page with 400 beside the field', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 10_000 });
    const key = randomUUID();
    const res = await finance.postForm(`/staff/invoices/${invoice.id}/payments`, { amount: '12.345', method: 'cash', reference: '', received_on: '2020-13', idempotency_key: key });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toMatch(/id="f-amount-error">[\s\S]*?two digits after the decimal point/);
    expect(res.body).toMatch(/id="f-method-error">[\s\S]*?Choose check, ACH or wire/);
    expect(res.body).toMatch(/id="f-received_on-error">/);
    expect(res.body).toContain(`value="${key}"`);
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
    const future = await finance.postForm(`/staff/invoices/${invoice.id}/payments`, { amount: '10', method: 'wire', received_on: addDays(today(), 2), idempotency_key: key });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('cannot be in the future');
  });
});

describe('the day a payment was received', () => {
  it('cannot be before the invoice was issued (a mistyped year), on the form or the API, and the membership stays pending', async () => {
    const org = await aPendingOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: org.organizationId, membershipId: org.membershipId, cents: 60_000 });
    const form = await finance.postForm(`/staff/invoices/${invoice.id}/payments`, { amount: '600', method: 'check', received_on: '1926-12-01', idempotency_key: randomUUID() });
    expect(form.statusCode).toBe(400);
    expect(form.body).toMatch(/id="f-received_on-error">[\s\S]*?before the invoice was issued/);
    const api = await apiPay(finance, invoice.id, { amountCents: 60_000, method: 'check', receivedOn: '1926-12-01' }, randomUUID());
    expect(api.statusCode).toBe(400);
    expect(api.json().error.fields.receivedOn).toContain('before the invoice was issued');
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
    expect((await ctx.deps.db.selectFrom('memberships').select('status').where('id', '=', org.membershipId).executeTakeFirstOrThrow()).status).toBe('pending');
    const onTheDay = await apiPay(finance, invoice.id, { amountCents: 60_000, method: 'check', receivedOn: today() }, randomUUID());
    expect(onTheDay.statusCode).toBe(201);
  });
});

describe('overpayment', () => {
  it('is refused with a clear error naming the balance, and nothing changes', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 100_000 });
    expect((await apiPay(finance, invoice.id, { amountCents: 60_000, method: 'wire' }, randomUUID())).statusCode).toBe(201);
    const before = await invoiceRow(invoice.id);
    const outboxBefore = (await ctx.deps.db.selectFrom('outbox').select('id').execute()).length;

    const res = await apiPay(finance, invoice.id, { amountCents: 50_000, method: 'wire' }, randomUUID());
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('billing.overpayment');
    expect(body.error.message).toContain('$400.00');
    expect(body.error.fields.amountCents).toContain('$400.00');

    const form = await finance.postForm(`/staff/invoices/${invoice.id}/payments`, { amount: '500', method: 'check', reference: '9', idempotency_key: randomUUID() });
    expect(form.statusCode).toBe(400);
    expect(form.body).toMatch(/id="f-amount-error">[\s\S]*?The balance due is \$400\.00/);

    expect(await invoiceRow(invoice.id)).toEqual(before);
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
    expect((await ctx.deps.db.selectFrom('outbox').select('id').execute()).length).toBe(outboxBefore);
  });
});

describe('reversal', () => {
  it('is a new negative row; the invoice goes back to issued or partially paid; the original is unchanged', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 90_000 });
    const a = (await apiPay(finance, invoice.id, { amountCents: 30_000, method: 'check', reference: '501' }, randomUUID())).json().payment;
    const b = (await apiPay(finance, invoice.id, { amountCents: 60_000, method: 'check', reference: '502' }, randomUUID())).json().payment;
    expect((await invoiceRow(invoice.id)).status).toBe('paid');
    const originalBefore = await ctx.deps.db.selectFrom('payments').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow();

    const res = await postJson(finance, `/api/v1/payments/${b.id}/reversal`, { reason: 'Check 502 returned unpaid' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.reversal).toMatchObject({ amountCents: -60_000, reversesPaymentId: b.id, reason: 'Check 502 returned unpaid', method: 'check' });
    expect(body.invoice).toMatchObject({ status: 'partially_paid', paidCents: 30_000, balanceCents: 60_000 });
    expect(await ctx.deps.db.selectFrom('payments').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow()).toEqual(originalBefore);
    expect(await paymentsOf(invoice.id)).toHaveLength(3);

    const again = await postJson(finance, `/api/v1/payments/${b.id}/reversal`, { reason: 'Twice' });
    expect(again.statusCode).toBe(409);
    const ofReversal = await postJson(finance, `/api/v1/payments/${body.reversal.id}/reversal`, { reason: 'Undo' });
    expect(ofReversal.statusCode).toBe(409);

    // The staff form: a reason is required; then the last payment is reversed and the invoice is issued again.
    const before = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(before.body).toContain(`href="/staff/payments/${a.id}/reverse"`);
    const confirm = await finance.get(`/staff/payments/${a.id}/reverse`);
    expect(confirm.statusCode).toBe(200);
    expect(textsOf(confirm.body, 'h1')).toEqual(['Reverse this payment?']);
    expect(textsOf(confirm.body, '.lead')[0]).toContain('Check payment of $300.00 received');
    expect(textsOf(confirm.body, 'main button')).toEqual(['Reverse the payment']);
    expect((await finance.get(`/staff/payments/${randomUUID()}/reverse`)).statusCode).toBe(404);
    const blank = await finance.postForm(`/staff/payments/${a.id}/reverse`, { reason: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('id="f-reason-error"');
    const ok = await finance.postForm(`/staff/payments/${a.id}/reverse`, { reason: 'Bounced check' });
    expect(ok.statusCode).toBe(303);
    const row = await invoiceRow(invoice.id);
    expect(row).toMatchObject({ status: 'issued', paid_cents: 0 });
    const page = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(page.body).toContain('Payment reversed: $300.00 is owed again.');
    expect(page.body).toContain('Reversal: Bounced check');
    expect(page.body).toContain('#history');
    expect(page.body).toContain('payment reversed by');
  });
});

describe('credit notes', () => {
  it('lower what is owed, at most to the balance; an exact credit marks the invoice paid', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 50_000 });
    const tooMuch = await finance.postForm(`/staff/invoices/${invoice.id}/credit-notes`, { credit_amount: '600', credit_reason: 'Population corrected' });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.body).toMatch(/id="f-credit_amount-error">[\s\S]*?\$500\.00/);
    const ok = await finance.postForm(`/staff/invoices/${invoice.id}/credit-notes`, { credit_amount: '100.50', credit_reason: 'Population corrected' });
    expect(ok.statusCode).toBe(303);
    expect(await invoiceRow(invoice.id)).toMatchObject({ credited_cents: 10_050, status: 'issued' });
    const api = await postJson(finance, `/api/v1/invoices/${invoice.id}/credit-notes`, { amountCents: 39_950, reason: 'Waived' });
    expect(api.statusCode).toBe(201);
    expect(api.json()).toMatchObject({ status: 'paid', balanceCents: 0, creditNotes: [{ amountCents: 10_050 }, { amountCents: 39_950 }] });
  });
});

describe('membership staff', () => {
  it('read an invoice (issued from an organization’s record) without its forms; every change stays finance’s', async () => {
    const membership = await signedInAs(ctx, ['membership']);
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 80_000 });
    expect((await apiPay(finance, invoice.id, { amountCents: 30_000, method: 'check', reference: '2001' }, randomUUID())).statusCode).toBe(201);
    // the organization's record links to it, and the link opens
    const record = await membership.get(`/staff/organizations/${orgId}`);
    expect(record.body).toContain(`href="/staff/invoices/${invoice.id}"`);
    const page = await membership.get(`/staff/invoices/${invoice.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Finance staff record its payments, refunds and credit notes, and void it.');
    expect(textsOf(page.body, 'table caption')).toContain('Payments, reversals and refunds, oldest first');
    for (const form of ['/payments', '/refunds', '/credit-notes', '/public-link', '/void']) expect(page.body).not.toContain(`/staff/invoices/${invoice.id}${form}`);
    expect(page.body).not.toContain('/reverse');
    // finance sees the forms (not voiding: money is paid on it)
    const financePage = await finance.get(`/staff/invoices/${invoice.id}`);
    for (const form of ['/payments', '/refunds', '/credit-notes', '/public-link']) expect(financePage.body).toContain(`/staff/invoices/${invoice.id}${form}`);
    // card payment is not set up here: the public link is not said to take cards
    expect(financePage.body).toContain('Anyone with the public link can see this invoice.');
    // and a change by membership staff is refused, with a way on that fits a staff member
    const paid = await membership.postForm(`/staff/invoices/${invoice.id}/payments`, { idempotency_key: randomUUID(), amount: '10', method: 'check', received_on: '2026-01-05' });
    expect(paid.statusCode).toBe(403);
    expect(paid.body).toContain('ask a staff admin of your association for the role it needs');
    expect(await invoiceRow(invoice.id)).toMatchObject({ paid_cents: 30_000 });
  });
});

describe('idempotency', () => {
  it('the same Idempotency-Key twice records one payment and replays the first answer with 200', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 40_000 });
    const key = randomUUID();
    const body = { amountCents: 10_000, method: 'check', reference: '77' };
    const first = await apiPay(finance, invoice.id, body, key);
    const second = await apiPay(finance, invoice.id, body, key);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().replayed).toBe(true);
    expect(second.json().payment.id).toBe(first.json().payment.id);
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
    expect((await invoiceRow(invoice.id)).paid_cents).toBe(10_000);

    for (const other of [
      { ...body, amountCents: 20_000 },
      { ...body, method: 'wire' },
      { ...body, reference: '78' },
    ]) {
      const conflict = await apiPay(finance, invoice.id, other, key);
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json().error.code).toBe('billing.idempotency_conflict');
    }
    const elsewhere = await anInvoice(ctx, { organizationId: orgId, cents: 40_000 });
    expect((await apiPay(finance, elsewhere.id, body, key)).statusCode).toBe(409);
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
    expect(await paymentsOf(elsewhere.id)).toHaveLength(0);
  });

  it('a payment without an Idempotency-Key is refused with 400 naming the header', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 40_000 });
    const res = await apiPay(finance, invoice.id, { amountCents: 10_000, method: 'check' }, null);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('Idempotency-Key');
    expect(res.json().error.fields).toHaveProperty('Idempotency-Key');
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
  });

  it('two concurrent API calls with the same key record one payment', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 40_000 });
    const key = randomUUID();
    const results = await Promise.all([1, 2, 3].map(() => apiPay(finance, invoice.id, { amountCents: 15_000, method: 'ach' }, key)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
    expect((await invoiceRow(invoice.id)).paid_cents).toBe(15_000);
  });

  it('a double submit of the staff form (same hidden key, at the same time) records one payment', async () => {
    const orgId = await createOrganization(ctx);
    const invoice = await anInvoice(ctx, { organizationId: orgId, cents: 40_000 });
    const page = await finance.get(`/staff/invoices/${invoice.id}`);
    const key = hiddenValue(page.body, 'idempotency_key');
    const form = { amount: '250.00', method: 'check', reference: '3003', received_on: today(), idempotency_key: key };
    const [a, b] = await Promise.all([finance.postForm(`/staff/invoices/${invoice.id}/payments`, form), finance.postForm(`/staff/invoices/${invoice.id}/payments`, form)]);
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    const payments = await paymentsOf(invoice.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]?.amount_cents).toBe(25_000);
    expect((await invoiceRow(invoice.id)).paid_cents).toBe(25_000);
    // A fresh page carries a fresh key, so the next payment is a new one.
    expect(hiddenValue((await finance.get(`/staff/invoices/${invoice.id}`)).body, 'idempotency_key')).not.toBe(key);
    // The old form sent again with another amount (after Back) is refused, and the page offers a fresh key.
    const stale = await finance.postForm(`/staff/invoices/${invoice.id}/payments`, { ...form, amount: '100' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('This form was already used to record a different payment.');
    expect(hiddenValue(stale.body, 'idempotency_key')).not.toBe(key);
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
  });
});

describe('issuing by hand', () => {
  it('the new-invoice form defaults the bill-to from the organization and ties dues to its pending membership', async () => {
    const org = await aPendingOrganization(ctx, { name: 'Regional Council of Testland' });
    await changeOrganization(ctx, org.organizationId, { billing_address: '9 Region Way', po_number: 'PO-55', po_required: true });
    const form = await finance.get(`/staff/invoices/new?organizationId=${org.organizationId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('9 Region Way');
    expect(form.body).toContain(`value="${org.contactEmail}"`);

    const missing = await finance.postForm('/staff/invoices', { organizationId: '', purpose: 'membership', description: '', amount: 'lots' });
    expect(missing.statusCode).toBe(400);
    for (const f of ['organizationId', 'description', 'amount']) expect(missing.body).toContain(`id="f-${f}-error"`);

    const res = await finance.postForm('/staff/invoices', {
      organizationId: org.organizationId,
      purpose: 'membership',
      description: 'Annual membership dues (regional)',
      amount: '4,250',
    });
    expect(res.statusCode).toBe(303);
    const id = String(res.headers.location).split('/').pop() ?? '';
    const invoice = await invoiceRow(id);
    expect(invoice).toMatchObject({
      organization_id: org.organizationId,
      membership_id: org.membershipId,
      total_cents: 425_000,
      po_number: 'PO-55',
      bill_to_name: 'Regional Council of Testland',
      bill_to_email: org.contactEmail,
      bill_to_address: '9 Region Way',
      status: 'issued',
    });
    const mail = await ctx.deps.db.selectFrom('outbox').select('subject').where('to_address', '=', org.contactEmail).where('template', '=', 'billing.invoice_issued').execute();
    expect(mail).toHaveLength(1);

    const dup = await finance.postForm('/staff/invoices', { organizationId: org.organizationId, purpose: 'membership', description: 'Again', amount: '1' });
    expect(dup.statusCode).toBe(409);
    expect(dup.body).toContain(`Invoice ${invoice.number} already bills`);

    const paid = await apiPay(finance, id, { amountCents: 425_000, method: 'wire', reference: 'FED-1' }, randomUUID());
    expect(paid.json().membershipActivated).toBe(true);
  });

  it('POST /api/v1/invoices issues an invoice with lines in cents and answers 201 with its number', async () => {
    const orgId = await createOrganization(ctx, { name: 'Api City' });
    const res = await postJson(finance, '/api/v1/invoices', {
      organizationId: orgId,
      purpose: 'event',
      lines: [
        { description: 'Workshop seat', quantity: 3, unitCents: 12_500 },
        { description: 'Materials', unitCents: 1_999 },
      ],
      billTo: { email: 'clerk@apicity.example.gov' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'issued',
      totalCents: 39_499,
      balanceCents: 39_499,
      organizationName: 'Api City',
      billToName: 'Api City',
      billToEmail: 'clerk@apicity.example.gov',
    });
    expect(body.number).toMatch(/^\d{4}-\d{6}$/);
    expect(body.lines).toHaveLength(2);
    const got = await finance.getJson(`/api/v1/invoices/${body.id}`);
    expect(got.json().publicUrl).toMatch(/^http:\/\/civnet\.test\/invoices\//);
    const bad = await postJson(finance, '/api/v1/invoices', { organizationId: orgId, lines: [{ description: 'x', unitCents: 1.5 }] });
    expect(bad.statusCode).toBe(400);
    const unknown = await postJson(finance, '/api/v1/invoices', { organizationId: randomUUID(), lines: [{ description: 'x', unitCents: 100 }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields).toHaveProperty('organizationId');
  });
});

describe('the association’s day', () => {
  it('an invoice due today is not overdue in the evening in New York, and a payment that evening is received that day', async () => {
    const was = ctx.clock.now();
    try {
      const org = await aPendingOrganization(ctx);
      const invoice = await anInvoice(ctx, { organizationId: org.organizationId, cents: 10_000, issuedOn: '2026-11-02' });
      const due = (await invoiceRow(invoice.id)).due_on ?? '';
      expect(due).not.toBe('');
      // 21:00 in New York on the day it is due is already the next day in UTC
      const evening = DateTime.fromISO(`${due}T21:00`, { zone: 'America/New_York' }).toJSDate();
      expect(evening.toISOString().slice(0, 10)).toBe(addDays(due, 1));
      ctx.clock.set(evening);
      expect((await finance.get(`/api/v1/invoices/${invoice.id}`)).json()).toMatchObject({ overdue: false });
      expect((await finance.get(`/staff/invoices/${invoice.id}`)).body).toContain(`name="received_on" type="date" value="${due}"`);
      const paid = await apiPay(finance, invoice.id, { amountCents: 4_000, method: 'check', reference: 'EVE-1' }, randomUUID());
      expect(paid.statusCode).toBe(201);
      expect(paid.json().payment).toMatchObject({ receivedOn: due });
      expect(paid.json().invoice).toMatchObject({ overdue: false });
      // after midnight there, it is overdue
      ctx.clock.set(DateTime.fromISO(`${addDays(due, 1)}T00:30`, { zone: 'America/New_York' }).toJSDate());
      expect((await finance.get(`/api/v1/invoices/${invoice.id}`)).json()).toMatchObject({ overdue: true });
    } finally {
      ctx.clock.set(was);
    }
  });
});

// A payment that arrived before its invoice was issued (an early check for a renewal, a check sent
// with the application): finance records its true day once they confirm it; a day more than 180
// days before the issue day stays refused (a mistyped year), and the term it starts begins no
// earlier than the invoice.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, aPendingOrganization, apiPay, signedInAs } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext, todayThere } from '../../../test/helpers.js';
import { dom, textsOf } from '../../../test/html.js';
import { addDays, addYears } from './dates.js';

let ctx: TestContext;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await signedInAs(ctx, ['finance']);
});
afterAll(() => ctx?.close());

const today = () => todayThere(ctx);
const paymentsOf = (id: string) => ctx.deps.db.selectFrom('payments').selectAll().where('invoice_id', '=', id).execute();
const membershipOf = (id: string) => ctx.deps.db.selectFrom('memberships').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const CONFIRM = 'This payment really arrived before the invoice was issued';

async function anInvoiceIssuedDaysAgo(days: number) {
  const org = await aPendingOrganization(ctx);
  const issuedOn = addDays(today(), -days);
  const invoice = await anInvoice(ctx, { organizationId: org.organizationId, membershipId: org.membershipId, cents: 60_000, issuedOn });
  return { org, invoice, issuedOn };
}

describe('a payment received before its invoice was issued', () => {
  it('on the form: refused with a box to confirm it, then recorded on its true day; the term starts on the issue day', async () => {
    const { org, invoice, issuedOn } = await anInvoiceIssuedDaysAgo(3);
    const early = addDays(issuedOn, -20);
    const key = randomUUID();
    const first = await finance.postForm(`/staff/invoices/${invoice.id}/payments`, { amount: '600', method: 'check', reference: '5001', received_on: early, idempotency_key: key });
    expect(first.statusCode).toBe(400);
    expect(first.body).toMatch(/id="f-received_on-error">[\s\S]*?before the invoice was issued/);
    expect(textsOf(first.body, 'label')).toContain(CONFIRM);
    expect(await paymentsOf(invoice.id)).toHaveLength(0);

    const confirmed = await finance.postForm(`/staff/invoices/${invoice.id}/payments`, {
      amount: '600',
      method: 'check',
      reference: '5001',
      received_on: early,
      received_before_issue: 'yes',
      idempotency_key: key,
    });
    expect(confirmed.statusCode).toBe(303);
    expect(await paymentsOf(invoice.id)).toMatchObject([{ amount_cents: 60_000, received_on: early }]);
    const m = await membershipOf(org.membershipId);
    expect(m).toMatchObject({ status: 'active', term_start: issuedOn, term_end: addDays(addYears(issuedOn, 1), -1) });
    // the audit says finance confirmed the early day
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'billing.payment_recorded')
      .where('entity_id', '=', invoice.id)
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ receivedOn: early, receivedBeforeIssue: true });
  });

  it('a day on or after the issue day needs no box, and a ticked box does not change it', async () => {
    const { invoice, issuedOn } = await anInvoiceIssuedDaysAgo(3);
    const page = await finance.get(`/staff/invoices/${invoice.id}`);
    expect(textsOf(page.body, 'label')).not.toContain(CONFIRM);
    const res = await finance.postForm(`/staff/invoices/${invoice.id}/payments`, {
      amount: '100',
      method: 'check',
      received_on: issuedOn,
      received_before_issue: 'yes',
      idempotency_key: randomUUID(),
    });
    expect(res.statusCode).toBe(303);
    expect(await paymentsOf(invoice.id)).toMatchObject([{ received_on: issuedOn }]);
  });

  it('more than 180 days before the issue day stays refused, ticked or not, on the form and the API', async () => {
    const { org, invoice, issuedOn } = await anInvoiceIssuedDaysAgo(0);
    for (const day of [addDays(issuedOn, -181), '1926-12-01']) {
      const form = await finance.postForm(`/staff/invoices/${invoice.id}/payments`, {
        amount: '600',
        method: 'check',
        received_on: day,
        received_before_issue: 'yes',
        idempotency_key: randomUUID(),
      });
      expect(form.statusCode).toBe(400);
      expect(form.body).toMatch(/id="f-received_on-error">[\s\S]*?more than 180 days before the invoice was issued/);
      expect(textsOf(form.body, 'label')).not.toContain(CONFIRM);
      const api = await apiPay(finance, invoice.id, { amountCents: 60_000, method: 'check', receivedOn: day, receivedBeforeIssue: true }, randomUUID());
      expect(api.statusCode).toBe(400);
      expect(api.json().error.fields.receivedOn).toContain('more than 180 days before the invoice was issued');
    }
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
    expect((await membershipOf(org.membershipId)).status).toBe('pending');
  });

  it('through the API: refused without receivedBeforeIssue, recorded with it; exactly 180 days is accepted', async () => {
    const { org, invoice, issuedOn } = await anInvoiceIssuedDaysAgo(1);
    const early = addDays(issuedOn, -180);
    const without = await apiPay(finance, invoice.id, { amountCents: 60_000, method: 'wire', receivedOn: early }, randomUUID());
    expect(without.statusCode).toBe(400);
    expect(without.json().error.fields.receivedOn).toContain('before the invoice was issued');
    expect(without.json().error.fields.receivedOn).toContain('receivedBeforeIssue');
    const notBoolean = await apiPay(finance, invoice.id, { amountCents: 60_000, method: 'wire', receivedOn: early, receivedBeforeIssue: 'yes' }, randomUUID());
    expect(notBoolean.statusCode).toBe(400);
    const ok = await apiPay(finance, invoice.id, { amountCents: 60_000, method: 'wire', receivedOn: early, receivedBeforeIssue: true }, randomUUID());
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ payment: { receivedOn: early }, membershipActivated: true });
    expect((await membershipOf(org.membershipId)).term_start).toBe(issuedOn);
  });
});

/** Where the page says each error: the summary's links (field → text) and the errors beside fields. */
function errorsOf(html: string) {
  const d = dom(html);
  return {
    summary: d.querySelectorAll('main a[href^="#f-"]').map((a) => a.getAttribute('href')?.slice(3) ?? ''),
    beside: Object.fromEntries(d.querySelectorAll('[id^="f-"][id$="-error"]').map((e) => [e.id.slice(2, -6), e.text.replace(/^Error:\s*/, '').trim()])),
    box: textsOf(html, 'label').includes(CONFIRM),
  };
}

describe('the early-payment box’s errors are said beside a field, not in the summary alone', () => {
  const post = (invoiceId: string, fields: Record<string, string>) =>
    finance.postForm(`/staff/invoices/${invoiceId}/payments`, { amount: '600', method: 'check', idempotency_key: randomUUID(), ...fields });

  it('a box sent with a day that needs none (a forged post): the error is beside the date, and nothing is recorded', async () => {
    const { invoice, issuedOn } = await anInvoiceIssuedDaysAgo(3);
    const res = await post(invoice.id, { received_on: issuedOn, received_before_issue: 'on' });
    expect(res.statusCode).toBe(400);
    const e = errorsOf(res.body);
    expect(e.box).toBe(false);
    expect(e.summary).toEqual(['received_on']);
    expect(e.beside.received_on).toContain('is not before the invoice was issued');
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
  });

  it('a box sent with a day far too early: the date’s own error, beside it', async () => {
    const { invoice, issuedOn } = await anInvoiceIssuedDaysAgo(3);
    const res = await post(invoice.id, { received_on: addDays(issuedOn, -200), received_before_issue: 'on' });
    expect(res.statusCode).toBe(400);
    const e = errorsOf(res.body);
    expect(e.box).toBe(false);
    expect(e.summary).toEqual(['received_on']);
    expect(e.beside.received_on).toContain('more than 180 days before the invoice was issued');
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
  });

  it('a date that is not one (31 February), with the box or without: the date’s error alone, not a 500', async () => {
    const { invoice } = await anInvoiceIssuedDaysAgo(3);
    const boxes: Array<Record<string, string>> = [{ received_before_issue: 'on' }, {}];
    for (const box of boxes) {
      const res = await post(invoice.id, { received_on: '2026-02-31', ...box });
      expect(res.statusCode).toBe(400);
      const e = errorsOf(res.body);
      expect(e.summary).toEqual(['received_on']);
      expect(e.beside).toEqual({ received_on: 'Enter a real date, such as 2026-03-15.' });
    }
  });

  it('a day that needs the box: a bad box value is beside the box, shown; no box is beside the date, with the box shown', async () => {
    const { invoice, issuedOn } = await anInvoiceIssuedDaysAgo(3);
    const bad = errorsOf((await post(invoice.id, { received_on: addDays(issuedOn, -5), received_before_issue: 'on' })).body);
    expect(bad).toMatchObject({ box: true, summary: ['received_before_issue'], beside: { received_before_issue: 'Tick the box, or leave it empty.' } });
    const none = errorsOf((await post(invoice.id, { received_on: addDays(issuedOn, -5) })).body);
    expect(none.box).toBe(true);
    expect(none.summary).toEqual(['received_on']);
    expect(none.beside.received_on).toContain('before the invoice was issued');
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
  });
});

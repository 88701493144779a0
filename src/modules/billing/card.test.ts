// Card payments through HTTP, against a fake Stripe server on localhost that the real SDK talks
// to: checkout sessions for the balance (one per form, however often it is sent), signed webhooks
// applied exactly once, refusals that change nothing, and no card payment at all without keys.
import { spawnSync } from 'node:child_process';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, anOrganization, aPendingMembership } from '../../../test/factories/index.js';
import { FAKE_STRIPE_KEY, FAKE_WEBHOOK_SECRET, type FakeSession, type FakeStripe, signedWebhook, startFakeStripe } from '../../../test/fakes/stripe-server.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { ConfigError, loadConfig } from '../../config.js';
import { access } from '../../lib/access.js';
import { stripeAddress } from '../../lib/stripe.js';
import { allowCheckoutRedirect, applyPayment, CardReturnNotice, voidInvoice } from './index.js';

const stripeEnv = (fake: FakeStripe, key = FAKE_STRIPE_KEY) => ({ STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET, STRIPE_API_BASE: fake.url });

/** An organization with a pending membership and its first invoice, as approval leaves them. */
async function pendingInvoice(ctx: TestContext, totalCents = 250_000) {
  const { id: organizationId } = await anOrganization(ctx, { status: 'pending' });
  const membershipId = await aPendingMembership(ctx, organizationId);
  const invoice = await anInvoice(ctx, { organizationId, membershipId, cents: totalCents, billToEmail: 'ap@testville.example.gov' });
  return { invoice, membershipId, organizationId };
}

const invoiceRow = (ctx: TestContext, id: string) => ctx.deps.db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const paymentsOf = (ctx: TestContext, id: string) => ctx.deps.db.selectFrom('payments').selectAll().where('invoice_id', '=', id).execute();
const eventCount = async (ctx: TestContext) =>
  Number(
    (
      await ctx.deps.db
        .selectFrom('stripe_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

function deliver(c: TestClient, hook: { payload: string; header?: string }, contentType = 'application/json; charset=utf-8') {
  return c.request('POST', '/webhooks/stripe', {
    headers: { 'content-type': contentType, accept: '*/*', ...(hook.header ? { 'stripe-signature': hook.header } : {}) },
    payload: hook.payload,
  });
}

describe('without Stripe keys', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('the invoice page offers no card payment and the checkout route says card payment is not offered', async () => {
    const { invoice } = await pendingInvoice(ctx);
    const c = ctx.client();
    const page = await c.get(`/invoices/${invoice.public_token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('by card');
    expect(page.body).not.toContain('/checkout');
    const res = await c.postForm(`/invoices/${invoice.public_token}/checkout`, { nonce: 'abcdefghijkl' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Card payment is not offered');
    const api = await c.sendJson('POST', `/api/v1/invoices/${invoice.public_token}/checkout`, {}, { csrf: false });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('billing.card_unavailable');
    const hook = await deliver(c, { payload: '{}', header: 't=1,v1=x' });
    expect(hook.statusCode).toBe(404);
  });
});

describe('card payments through Stripe Checkout', () => {
  let fake: FakeStripe;
  let ctx: TestContext;
  beforeAll(async () => {
    fake = await startFakeStripe();
    ctx = await createTestContext({
      env: stripeEnv(fake),
      extraRoutes: (app) => {
        app.get('/test/card-csp', { config: { access: access.public() } }, async (_req, reply) => {
          allowCheckoutRedirect(reply, app.deps.config);
          return 'ok';
        });
      },
    });
  });
  afterAll(async () => {
    await ctx?.close();
    await fake?.close();
  });

  /** Opens the invoice page as a payer would and presses "Pay by card" (nonce from the form). */
  async function payByCard(c: TestClient, token: string, nonce?: string) {
    const page = await c.get(`/invoices/${token}`);
    expect(page.statusCode).toBe(200);
    const formNonce = /name="nonce" value="([^"]+)"/.exec(page.body)?.[1];
    expect(formNonce).toBeTruthy();
    return c.postForm(`/invoices/${token}/checkout`, { nonce: nonce ?? formNonce });
  }

  /** Checks out, has the payer pay on the hosted page, and returns the paid session. */
  async function paidSession(token: string): Promise<FakeSession> {
    const res = await payByCard(ctx.client(), token);
    expect(res.statusCode).toBe(303);
    const id = String(res.headers.location).split('/').pop() ?? '';
    return structuredClone(fake.completeSession(id));
  }

  it('"Pay by card" creates a session at Stripe for the balance due and sends the payer to it', async () => {
    const { invoice } = await pendingInvoice(ctx, 250_000);
    await ctx.deps.db.transaction().execute((trx) => applyPayment(trx, ctx.deps, { invoiceId: invoice.id, amountCents: 50_000, method: 'check', reference: '1001' }));
    const c = ctx.client();
    const page = await c.get(`/invoices/${invoice.public_token}`);
    expect(page.body).toContain('Pay $2,000.00 by card');
    expect(page.body).toContain(`action="/invoices/${invoice.public_token}/checkout"`);

    const before = fake.sessions.size;
    const res = await payByCard(c, invoice.public_token);
    expect(res.statusCode).toBe(303);
    expect(fake.sessions.size).toBe(before + 1);
    const session = [...fake.sessions.values()].at(-1);
    expect(res.headers.location).toBe(session?.url);
    expect(String(res.headers.location)).toMatch(new RegExp(`^${fake.url}/c/pay/cs_test_`));
    expect(session).toMatchObject({
      mode: 'payment',
      amount_total: 200_000,
      currency: 'usd',
      client_reference_id: invoice.id,
      metadata: { invoiceId: invoice.id, invoiceNumber: invoice.number },
      success_url: `http://civnet.test/invoices/${invoice.public_token}?paid=1`,
      cancel_url: `http://civnet.test/invoices/${invoice.public_token}?cancelled=1`,
      payment_status: 'unpaid',
    });
    const request = fake.requests.at(-1);
    expect(request?.idempotencyKey).toContain(invoice.id);
    expect(request?.params.line_items).toMatchObject({ 0: { quantity: '1', price_data: { unit_amount: '200000', product_data: { name: `Invoice ${invoice.number}` } } } });
    // Nothing is recorded until Stripe says the money came in.
    expect(await paymentsOf(ctx, invoice.id)).toHaveLength(1);
  });

  it('a double click (the same form sent twice) makes one session; a fresh form makes another', async () => {
    const { invoice } = await pendingInvoice(ctx);
    const c = ctx.client();
    const before = fake.sessions.size;
    const first = await payByCard(c, invoice.public_token, 'same-nonce-123456');
    const second = await payByCard(c, invoice.public_token, 'same-nonce-123456');
    expect(first.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(fake.sessions.size).toBe(before + 1);
    const third = await payByCard(c, invoice.public_token);
    expect(third.headers.location).not.toBe(first.headers.location);
    expect(fake.sessions.size).toBe(before + 2);
  });

  it('the JSON API returns the checkout URL, once per nonce', async () => {
    const { invoice } = await pendingInvoice(ctx, 99_900);
    const c = ctx.client();
    const a = await c.sendJson('POST', `/api/v1/invoices/${invoice.public_token}/checkout`, { nonce: 'api-nonce-0001' }, { csrf: false });
    const b = await c.sendJson('POST', `/api/v1/invoices/${invoice.public_token}/checkout`, { nonce: 'api-nonce-0001' }, { csrf: false });
    expect(a.statusCode).toBe(200);
    expect(Object.keys(a.json())).toEqual(['url']);
    expect(b.json().url).toBe(a.json().url);
    expect(fake.sessions.get(String(a.json().url).split('/').pop() ?? '')?.amount_total).toBe(99_900);
    expect((await c.sendJson('POST', '/api/v1/invoices/unknown-token-000000000/checkout', {}, { csrf: false })).statusCode).toBe(404);
    const bad = await c.sendJson('POST', `/api/v1/invoices/${invoice.public_token}/checkout`, { nonce: 'no spaces allowed!' }, { csrf: false });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('nonce');
  });

  it('the checkout form is CSRF-checked like every form', async () => {
    const { invoice } = await pendingInvoice(ctx);
    const before = fake.sessions.size;
    const res = await ctx.client().postForm(`/invoices/${invoice.public_token}/checkout`, { nonce: 'abcdefghijkl' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(fake.sessions.size).toBe(before);
  });

  it('a signed webhook applies the payment once and activates the pending membership', async () => {
    const { invoice, membershipId, organizationId } = await pendingInvoice(ctx);
    const session = await paidSession(invoice.public_token);
    const hook = signedWebhook(session);
    const res = await deliver(ctx.client(), hook);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true, applied: true });

    const after = await invoiceRow(ctx, invoice.id);
    expect(after.status).toBe('paid');
    expect(after.paid_cents).toBe(250_000);
    const payments = await paymentsOf(ctx, invoice.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ amount_cents: 250_000, method: 'card', reference: session.payment_intent, stripe_event_id: hook.id, stripe_session_id: session.id });
    const m = await ctx.deps.db.selectFrom('memberships').selectAll().where('id', '=', membershipId).executeTakeFirstOrThrow();
    expect(m.status).toBe('active');
    expect(m.activated_at).not.toBeNull();
    const org = await ctx.deps.db.selectFrom('organizations').select('status').where('id', '=', organizationId).executeTakeFirstOrThrow();
    expect(org.status).toBe('active');
    const event = await ctx.deps.db.selectFrom('stripe_events').selectAll().where('id', '=', hook.id).executeTakeFirst();
    expect(event?.type).toBe('checkout.session.completed');

    // The payer comes back to a paid invoice with no button.
    const page = await ctx.client().get(`/invoices/${invoice.public_token}?paid=1`);
    expect(page.body).not.toContain('by card');
  });

  it('a duplicate delivery (same event id) applies one payment; another event for the same session too', async () => {
    const { invoice } = await pendingInvoice(ctx);
    const session = await paidSession(invoice.public_token);
    const hook = signedWebhook(session);
    const c = ctx.client();
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await deliver(c, hook));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(results[0]?.json()).toEqual({ received: true, applied: true });
    expect(results[1]?.json()).toEqual({ received: true, duplicate: true });
    const again = await deliver(c, signedWebhook(session, { type: 'checkout.session.async_payment_succeeded' }));
    expect(again.json()).toEqual({ received: true, applied: false, duplicate: true });
    expect(await paymentsOf(ctx, invoice.id)).toHaveLength(1);
    expect((await invoiceRow(ctx, invoice.id)).paid_cents).toBe(250_000);
  });

  it('a webhook with a bad or missing signature gets 400 and changes nothing', async () => {
    const { invoice } = await pendingInvoice(ctx);
    const session = await paidSession(invoice.public_token);
    const events = await eventCount(ctx);
    const c = ctx.client();
    const forged = signedWebhook(session, { secret: 'whsec_not_the_right_secret' });
    const genuine = signedWebhook(session);
    const tampered = { payload: genuine.payload.replace('"amount_total":250000', '"amount_total":1'), header: genuine.header };
    const stale = signedWebhook(session, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    for (const hook of [forged, tampered, stale, { payload: genuine.payload }, { payload: genuine.payload, header: 'garbage' }]) {
      const res = await deliver(c, hook);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('billing.bad_signature');
    }
    // Stripe sends JSON; anything else is turned away before it is read.
    expect((await deliver(c, genuine, 'application/x-www-form-urlencoded')).statusCode).toBe(415);
    expect(await paymentsOf(ctx, invoice.id)).toHaveLength(0);
    expect((await invoiceRow(ctx, invoice.id)).status).toBe('issued');
    expect(await eventCount(ctx)).toBe(events);
  });

  it('a webhook for a void invoice changes nothing and is logged for a refund', async () => {
    const { invoice } = await pendingInvoice(ctx);
    const session = await paidSession(invoice.public_token);
    const staffId = (await createAccount(ctx, { roles: ['finance'] })).id;
    await ctx.deps.db.transaction().execute((trx) => voidInvoice(trx, ctx.deps, { invoiceId: invoice.id, reason: 'Issued twice', actorUserId: staffId }));
    const res = await deliver(ctx.client(), signedWebhook(session));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true, applied: false, reason: 'billing.invoice_void' });
    expect(await paymentsOf(ctx, invoice.id)).toHaveLength(0);
    const after = await invoiceRow(ctx, invoice.id);
    expect(after).toMatchObject({ status: 'void', paid_cents: 0 });
    const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', invoice.id).where('action', '=', 'billing.card_payment_unapplied').execute();
    expect(audit).toHaveLength(1);
  });

  it('paying one invoice twice through two sessions records the first and refuses the second', async () => {
    const { invoice } = await pendingInvoice(ctx);
    const one = await paidSession(invoice.public_token);
    const two = await paidSession(invoice.public_token);
    expect(two.id).not.toBe(one.id);
    const c = ctx.client();
    expect((await deliver(c, signedWebhook(one))).json()).toEqual({ received: true, applied: true });
    const res = await deliver(c, signedWebhook(two));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true, applied: false, reason: 'billing.overpayment' });
    expect(await paymentsOf(ctx, invoice.id)).toHaveLength(1);
    expect((await invoiceRow(ctx, invoice.id)).paid_cents).toBe(250_000);
  });

  it('other event types, and sessions that are not ours or not paid, are answered 200 and ignored', async () => {
    const { invoice } = await pendingInvoice(ctx);
    const c = ctx.client();
    const res = await payByCard(c, invoice.public_token);
    const open = structuredClone(fake.sessions.get(String(res.headers.location).split('/').pop() ?? ''));
    if (!open) throw new Error('no session');
    expect((await deliver(c, signedWebhook(open, { type: 'payment_intent.created' }))).json()).toEqual({ received: true, ignored: true });
    expect((await deliver(c, signedWebhook(open))).json()).toEqual({ received: true, ignored: true });
    const foreign = { ...open, payment_status: 'paid' as const, metadata: {} };
    expect((await deliver(c, signedWebhook(foreign))).json()).toEqual({ received: true, ignored: true });
    expect(await paymentsOf(ctx, invoice.id)).toHaveLength(0);
  });

  it('a void or fully paid invoice cannot be checked out: a 409 page, and nothing is created at Stripe', async () => {
    const { invoice } = await pendingInvoice(ctx);
    const c = ctx.client();
    // The page was open before the invoice was voided; its button is pressed afterwards.
    const page = await c.get(`/invoices/${invoice.public_token}`);
    const nonce = /name="nonce" value="([^"]+)"/.exec(page.body)?.[1];
    const staffId = (await createAccount(ctx, { roles: ['finance'] })).id;
    await ctx.deps.db.transaction().execute((trx) => voidInvoice(trx, ctx.deps, { invoiceId: invoice.id, reason: 'Wrong organization', actorUserId: staffId }));
    const before = fake.sessions.size;
    const voided = await c.postForm(`/invoices/${invoice.public_token}/checkout`, { nonce });
    expect(voided.statusCode).toBe(409);
    expect(voided.headers['content-type']).toContain('text/html');
    expect(voided.body).toContain('is void and cannot be paid');

    const paid = await pendingInvoice(ctx);
    await ctx.deps.db.transaction().execute((trx) => applyPayment(trx, ctx.deps, { invoiceId: paid.invoice.id, amountCents: 250_000, method: 'ach', reference: 'ACH-1' }));
    expect((await c.get(`/invoices/${paid.invoice.public_token}`)).body).not.toContain('by card');
    const res = await c.postForm(`/invoices/${paid.invoice.public_token}/checkout`, { nonce: 'abcdefghijkl' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('has nothing left to pay');
    expect(fake.sessions.size).toBe(before);
    expect((await c.postForm('/invoices/not-a-real-token-0000000/checkout', { nonce: 'abcdefghijkl' })).statusCode).toBe(404);
  });

  it('the checkout API is documented in the OpenAPI description', async () => {
    const doc = (await ctx.client().getJson('/api/openapi.json')).json();
    expect(doc.paths['/api/v1/invoices/{token}/checkout']?.post?.summary).toMatch(/card payment/);
    expect(doc.paths['/webhooks/stripe']).toBeUndefined();
  });

  it('a page that shows the button lets its form lead to the checkout origin (CSP form-action)', async () => {
    const res = await ctx.client().get('/test/card-csp');
    expect(res.headers['content-security-policy']).toContain(`form-action 'self' ${fake.url}`);
  });
});

describe('when Stripe refuses the request', () => {
  it('the payer gets a clear 503 page and can pay another way', async () => {
    const fake = await startFakeStripe();
    const ctx = await createTestContext({ env: stripeEnv(fake, 'sk_test_wrongkey000000000') });
    try {
      const { invoice } = await pendingInvoice(ctx);
      const res = await ctx.client().postForm(`/invoices/${invoice.public_token}/checkout`, { nonce: 'abcdefghijkl' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('Card payment is not available just now');
      expect(fake.sessions.size).toBe(0);
    } finally {
      await ctx.close();
      await fake.close();
    }
  });
});

describe('coming back from the checkout page', () => {
  it('says what happens next: paid, being confirmed, or cancelled', () => {
    expect(render(h(CardReturnNotice, { query: { paid: '1' }, status: 'paid' }))).toContain('recorded and this invoice is paid');
    expect(render(h(CardReturnNotice, { query: { paid: '1' }, status: 'issued' }))).toContain('Stripe is confirming your card payment');
    expect(render(h(CardReturnNotice, { query: { cancelled: '1' }, status: 'issued' }))).toContain('nothing was charged');
    expect(render(h(CardReturnNotice, { query: {}, status: 'issued' }))).toBe('');
  });
});

describe('Stripe configuration', () => {
  it('a secret key without a webhook secret stops start-up with one line naming STRIPE_WEBHOOK_SECRET', () => {
    expect(() => loadConfig({ STRIPE_SECRET_KEY: FAKE_STRIPE_KEY })).toThrow(ConfigError);
    try {
      loadConfig({ STRIPE_SECRET_KEY: FAKE_STRIPE_KEY });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/^Invalid configuration: STRIPE_WEBHOOK_SECRET /);
      expect(message.split('\n')).toHaveLength(1);
      expect(message).not.toContain(FAKE_STRIPE_KEY);
    }
  });

  it('the server command stops with exit code 1 and that one line', () => {
    const r = spawnSync(process.execPath, ['bin/civnet.js', 'serve'], {
      env: { ...process.env, STRIPE_SECRET_KEY: FAKE_STRIPE_KEY, STRIPE_WEBHOOK_SECRET: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Invalid configuration: STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set/)]);
  });

  it.each([
    ['STRIPE_SECRET_KEY', 'pk_test_publishable'],
    ['STRIPE_WEBHOOK_SECRET', 'secret'],
    ['STRIPE_API_BASE', 'ftp://127.0.0.1:12111'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ STRIPE_SECRET_KEY: FAKE_STRIPE_KEY, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET, [name]: value })).toThrow(
      new RegExp(`^Invalid configuration: ${name} `),
    );
  });

  it('without keys nothing is required, and STRIPE_API_BASE becomes the SDK’s host, port and protocol', () => {
    expect(loadConfig({}).STRIPE_SECRET_KEY).toBeUndefined();
    expect(stripeAddress('http://127.0.0.1:12111')).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(stripeAddress('https://stripe-mock.internal')).toEqual({ host: 'stripe-mock.internal', port: 443, protocol: 'https' });
    expect(stripeAddress(undefined)).toBeUndefined();
  });
});

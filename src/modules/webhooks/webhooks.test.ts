// Webhooks (issue 21, P7), end to end with a real HTTP receiver on this machine: staff admins
// subscribe an endpoint; changes made through billing, applications and individuals queue their
// deliveries in their own transaction; deliveries verify with the Standard Webhooks reference
// verifier (npm `standardwebhooks`); retries reach a receiver once per event; a rolled-back change
// sends nothing; addresses inside private networks are refused; payloads carry no private field.
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, aPendingOrganization, apiPay, joinAsManager, seedLevels } from '../../../test/factories/index.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/fakes/webhook-receiver.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { rowsOf } from '../../../test/html.js';
import { applyPayment, issueInvoice } from '../billing/index.js';
import { publishEvent } from './events.js';
import { DELIVER_QUEUE, dispatchDueDeliveries } from './index.js';
import { endpointUrlProblem } from './url.js';

const startReceiver = startWebhookReceiver;
type Receiver = WebhookReceiver;

let ctx: TestContext;
let admin: TestClient;
let finance: TestClient;
const receivers: Receiver[] = [];

/** The new-endpoint form with several event types (a repeated field). */
async function postEndpoint(c: TestClient, url: string, events: string[], path = '/staff/webhooks/new') {
  const form = new URLSearchParams({ _csrf: await c.csrf(), url, description: 'Accounting' });
  for (const e of events) form.append('events', e);
  return c.request('POST', path, { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: form.toString() });
}

let adminAccount: Awaited<ReturnType<typeof createAccount>>;
let financeAccount: Awaited<ReturnType<typeof createAccount>>;
/** Fresh sessions (tests move the clock by days, past a session's life). */
async function signInAgain() {
  admin = ctx.client();
  await admin.signIn(adminAccount.email, PASSWORD, { secret: adminAccount.totpSecret ?? '', clock: ctx.clock });
  finance = ctx.client();
  await finance.signIn(financeAccount.email, PASSWORD);
}

async function subscribe(events: string[], statuses: number[] = []) {
  await signInAgain();
  const receiver = await startReceiver(statuses);
  receivers.push(receiver);
  const res = await postEndpoint(admin, receiver.url, events);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
  const secret = /id="webhook-secret">(whsec_[^<]+)</.exec(res.body)?.[1] ?? '';
  expect(secret).toMatch(/^whsec_/);
  const row = await ctx.deps.db.selectFrom('webhook_endpoints').select('id').where('url', '=', receiver.url).executeTakeFirstOrThrow();
  return { receiver, secret, id: row.id };
}

const drain = () => ctx.deps.jobs.drain(DELIVER_QUEUE);

beforeAll(async () => {
  ctx = await createTestContext();
  adminAccount = await createAccount(ctx, { roles: ['admin'] });
  financeAccount = await createAccount(ctx, { roles: ['finance'] });
  await signInAgain();
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await ctx?.close();
});

describe('who may manage webhooks', () => {
  it('staff admins only: finance staff get 403, visitors are sent to sign in', async () => {
    for (const path of ['/staff/webhooks', '/staff/webhooks/new']) {
      expect((await finance.get(path)).statusCode).toBe(403);
      expect([302, 303, 401]).toContain((await ctx.client().get(path)).statusCode);
      expect((await admin.get(path)).statusCode).toBe(200);
    }
    const before = await ctx.deps.db.selectFrom('webhook_endpoints').select('id').execute();
    expect((await postEndpoint(finance, 'https://hooks.example.org/x', ['invoice.paid'])).statusCode).toBe(403);
    expect(await ctx.deps.db.selectFrom('webhook_endpoints').select('id').execute()).toHaveLength(before.length);
  });
});

describe('addresses (server-side request forgery)', () => {
  it('refuses private, link-local and plain-http addresses with a clear message, and saves nothing', async () => {
    const cases: Array<[string, string]> = [
      ['https://10.0.0.7/hooks', 'private, link-local or reserved'],
      ['https://169.254.169.254/latest/meta-data', 'private, link-local or reserved'],
      ['https://[fd00::1]/hooks', 'private, link-local or reserved'],
      ['https://192.168.1.20/hooks', 'private, link-local or reserved'],
      ['http://hooks.example.org/x', 'must start with https://'],
      ['ftp://hooks.example.org/x', 'must start with https://'],
      ['https://user:pw@hooks.example.org/x', 'user name or password'],
      ['not an address', 'full web address'],
    ];
    for (const [url, message] of cases) {
      const res = await postEndpoint(admin, url, ['invoice.paid']);
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toContain(message);
    }
    const none = await postEndpoint(admin, 'https://hooks.example.org/x', []);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose at least one event type.');
    const unknown = await postEndpoint(admin, 'https://hooks.example.org/x', ['invoice.stolen']);
    expect(unknown.statusCode).toBe(400);
    expect(await ctx.deps.db.selectFrom('webhook_endpoints').select('id').where('url', 'like', '%example.org%').execute()).toHaveLength(0);
  });

  it('allows loopback only outside production', () => {
    expect(endpointUrlProblem('http://127.0.0.1:8080/h', false)).toBeNull();
    expect(endpointUrlProblem('http://127.0.0.1:8080/h', true)).toContain('https://');
    expect(endpointUrlProblem('https://127.0.0.1/h', true)).toContain('this server');
    expect(endpointUrlProblem('https://localhost/h', true)).toContain('this server');
    expect(endpointUrlProblem('https://[::ffff:10.1.2.3]/h', true)).toContain('private');
    expect(endpointUrlProblem('https://hooks.example.org/h', true)).toBeNull();
  });
});

describe('deliveries', () => {
  it('an invoice issued reaches the endpoint signed per Standard Webhooks, and verifies', async () => {
    const { receiver, secret, id } = await subscribe(['invoice.issued']);
    const org = await aPendingOrganization(ctx, { name: 'Verifyville' });
    const invoice = await anInvoice(ctx, { organizationId: org.organizationId, cents: 12_345 });
    expect(receiver.received).toHaveLength(0); // queued, not sent inside the transaction
    await drain();
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0];
    if (!got) throw new Error('nothing received');
    const headers = {
      'webhook-id': String(got.headers['webhook-id']),
      'webhook-timestamp': String(got.headers['webhook-timestamp']),
      'webhook-signature': String(got.headers['webhook-signature']),
    };
    expect(headers['webhook-id']).toMatch(/^msg_/);
    const payload = new Webhook(secret).verify(got.body, headers) as { type: string; data: Record<string, unknown> };
    expect(payload.type).toBe('invoice.issued');
    expect(payload.data).toMatchObject({ invoiceId: invoice.id, number: invoice.number, totalCents: 12_345, currency: 'USD', organizationId: org.organizationId });
    // no bill-to details
    expect(got.body).not.toContain('ap@city.example.gov');
    expect(got.body).not.toContain('1 Main St');
    // a tampered body, or another secret, does not verify
    expect(() => new Webhook(secret).verify(got.body.replace('12345', '12346'), headers)).toThrow();
    expect(() => new Webhook(`whsec_${Buffer.from('another secret of 24 bytes').toString('base64')}`).verify(got.body, headers)).toThrow();
    // the delivery log says so, with the response code
    const page = await admin.get(`/staff/webhooks/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(headers['webhook-id']);
    expect(page.body).toContain('Delivered');
    expect(page.body).not.toContain(secret); // the secret is shown once, at creation
    await admin.postForm(`/staff/webhooks/${id}/delete`, {});
  });

  it('a receiver that fails twice then succeeds gets the event once, with one webhook-id; nothing is sent again', async () => {
    const { receiver, id } = await subscribe(['payment.recorded', 'invoice.paid'], [503, 500]);
    const org = await aPendingOrganization(ctx, { name: 'Retry Falls' });
    const invoice = await anInvoice(ctx, { organizationId: org.organizationId, cents: 50_000, membershipId: org.membershipId });
    const paid = await apiPay(finance, invoice.id, { amountCents: 50_000, method: 'check', reference: '1001' }, randomUUID());
    expect(paid.statusCode).toBe(201);
    await drain(); // the first attempts: payment.recorded (503), invoice.paid (500)
    expect(receiver.received).toHaveLength(2);
    expect(await dispatchDueDeliveries(ctx.deps)).toBe(0); // not due yet
    ctx.clock.advance(61_000);
    expect(await dispatchDueDeliveries(ctx.deps)).toBe(2); // both succeed now
    ctx.clock.advance(25 * 3600_000);
    expect(await dispatchDueDeliveries(ctx.deps)).toBe(0);
    await drain();
    expect(receiver.received).toHaveLength(4);
    const ids = receiver.received.map((r) => String(r.headers['webhook-id']));
    expect(new Set(ids).size).toBe(2); // each event kept its id across attempts
    expect(receiver.effects.size).toBe(2); // one effect per event
    const types = [...receiver.effects.values()].map((p) => (p as { type: string }).type).sort();
    expect(types).toEqual(['invoice.paid', 'payment.recorded']);
    const log = await ctx.deps.db
      .selectFrom('webhook_attempts as a')
      .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
      .select(['a.status_code'])
      .where('d.endpoint_id', '=', id)
      .orderBy('a.attempted_at')
      .execute();
    expect(log.map((l) => l.status_code).sort()).toEqual([200, 200, 500, 503]);
    await signInAgain();
    const page = await admin.get(`/staff/webhooks/${id}`);
    const first = await ctx.deps.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', id).orderBy('created_at').executeTakeFirstOrThrow();
    const detail = await admin.get(`/staff/webhooks/${id}/deliveries/${first.id}`);
    expect(page.statusCode).toBe(200);
    const cells = rowsOf(detail.body).flat();
    expect(cells.some((c) => c === '503' || c === '500')).toBe(true);
    expect(cells).toContain('200');
    await admin.postForm(`/staff/webhooks/${id}/delete`, {});
  });

  it('a change rolled back sends nothing', async () => {
    const { receiver, id } = await subscribe(['invoice.issued', 'payment.recorded']);
    const org = await aPendingOrganization(ctx, { name: 'Rollback Town' });
    const messagesBefore = await ctx.deps.db.selectFrom('webhook_messages').select('id').execute();
    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        const inv = await issueInvoice(trx, ctx.deps, {
          organizationId: org.organizationId,
          purpose: 'other',
          lines: [{ description: 'Workshop', quantity: 1, unitCents: 9_900 }],
          billTo: { name: 'AP', email: 'ap@rollback.example.gov', address: '' },
        });
        await applyPayment(trx, ctx.deps, { invoiceId: inv.id, amountCents: 9_900, method: 'check' });
        throw new Error('the change fails after its webhooks were queued');
      }),
    ).rejects.toThrow('the change fails');
    await drain();
    ctx.clock.advance(3600_000);
    await dispatchDueDeliveries(ctx.deps);
    await signInAgain();
    expect(receiver.received).toHaveLength(0);
    expect(await ctx.deps.db.selectFrom('webhook_messages').select('id').execute()).toHaveLength(messagesBefore.length);
    // an overpayment refused by the API (400) publishes nothing either
    const inv = await anInvoice(ctx, { organizationId: org.organizationId, cents: 1_000 });
    await drain();
    expect(receiver.received).toHaveLength(1);
    expect((await apiPay(finance, inv.id, { amountCents: 5_000, method: 'check' }, randomUUID())).statusCode).toBe(400);
    await drain();
    expect(receiver.received).toHaveLength(1);
    await admin.postForm(`/staff/webhooks/${id}/delete`, {});
  });

  it('an endpoint only gets the event types it subscribed to; a turned-off endpoint gets nothing', async () => {
    const { receiver, id } = await subscribe(['membership.lapsed']);
    const org = await aPendingOrganization(ctx, { name: 'Quiet Hollow' });
    await anInvoice(ctx, { organizationId: org.organizationId, cents: 100 });
    await drain();
    expect(receiver.received).toHaveLength(0);
    expect((await admin.postForm(`/staff/webhooks/${id}/disable`, {})).statusCode).toBe(303);
    expect((await ctx.deps.db.selectFrom('webhook_endpoints').select('enabled').where('id', '=', id).executeTakeFirstOrThrow()).enabled).toBe(false);
    await admin.postForm(`/staff/webhooks/${id}/delete`, {});
  });

  it('after a day of failures the delivery is failed, the endpoint disabled and admins emailed; resend delivers it with its id', async () => {
    const failing = Array.from({ length: 30 }, () => 500);
    const { receiver, id } = await subscribe(['invoice.issued'], failing);
    const org = await aPendingOrganization(ctx, { name: 'Down County' });
    await anInvoice(ctx, { organizationId: org.organizationId, cents: 700 });
    await drain();
    for (let hour = 0; hour < 26; hour++) {
      ctx.clock.advance(3600_000);
      await dispatchDueDeliveries(ctx.deps);
    }
    const delivery = await ctx.deps.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', id).executeTakeFirstOrThrow();
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toBeGreaterThanOrEqual(7);
    expect(delivery.attempts).toBeLessThanOrEqual(10);
    const endpoint = await ctx.deps.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(endpoint.enabled).toBe(false);
    expect(endpoint.disabled_reason).toContain('24 hours');
    const mail = await ctx.deps.db.selectFrom('outbox').select(['to_address', 'subject']).where('template', '=', 'webhooks.endpoint_disabled').execute();
    expect(mail.length).toBeGreaterThanOrEqual(1);
    // nothing more is tried while it is off
    const tries = receiver.received.length;
    ctx.clock.advance(3600_000);
    await dispatchDueDeliveries(ctx.deps);
    expect(receiver.received).toHaveLength(tries);
    // the receiver is fixed: resend from the delivery's page
    receiver.statuses.length = 0;
    await signInAgain();
    const resent = await admin.postForm(`/staff/webhooks/${id}/deliveries/${delivery.id}/resend`, {});
    expect(resent.statusCode).toBe(303);
    expect(receiver.received).toHaveLength(tries + 1);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect((await ctx.deps.db.selectFrom('webhook_deliveries').select('status').where('id', '=', delivery.id).executeTakeFirstOrThrow()).status).toBe('succeeded');
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['webhooks.endpoint_created', 'webhooks.endpoint_disabled', 'webhooks.delivery_resent']));
    await admin.postForm(`/staff/webhooks/${id}/delete`, {});
  });
});

describe('payloads carry no private fields', () => {
  it('an individual joining with a salary: individual.joined, invoice.issued and payment.recorded carry none of it', async () => {
    const { receiver, id } = await subscribe(['individual.joined', 'invoice.issued', 'invoice.paid', 'payment.recorded']);
    const levels = await seedLevels(ctx);
    const joined = await joinAsManager(ctx, levels, { salary: '187,654.32' });
    await ctx.deps.db.transaction().execute(async (trx) => {
      const inv = await trx.selectFrom('invoices').select('total_cents').where('id', '=', joined.invoiceId).executeTakeFirstOrThrow();
      await applyPayment(trx, ctx.deps, { invoiceId: joined.invoiceId, amountCents: inv.total_cents, method: 'check', reference: '1' });
    });
    await drain();
    const types = receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type).sort();
    expect(types).toEqual(['individual.joined', 'invoice.issued', 'invoice.paid', 'payment.recorded']);
    for (const r of receiver.received) {
      for (const s of ['187,654.32', '187654.32', '18765432', '187654', 'salary', 'transition', 'ethics', joined.email]) expect(r.body).not.toContain(s);
    }
    await admin.postForm(`/staff/webhooks/${id}/delete`, {});
  });

  it('a field outside an event’s schema never leaves, whatever a module hands over', async () => {
    const { receiver, id } = await subscribe(['individual.joined']);
    await ctx.deps.db.transaction().execute((trx) =>
      publishEvent(trx, ctx.deps, 'individual.joined', {
        individualMembershipId: randomUUID(),
        userId: null,
        invoiceId: randomUUID(),
        salaryCents: 18_765_432,
        inTransition: true,
        ethicsCase: 'confidential',
      } as never),
    );
    await drain();
    expect(receiver.received).toHaveLength(1);
    const body = receiver.received[0]?.body ?? '';
    expect(Object.keys((JSON.parse(body) as { data: object }).data).sort()).toEqual(['individualMembershipId', 'invoiceId', 'userId']);
    await admin.postForm(`/staff/webhooks/${id}/delete`, {});
  });
});

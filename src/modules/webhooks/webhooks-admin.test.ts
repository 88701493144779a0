// Webhooks (issue 21, P7), the staff admin's extras, through HTTP with a real receiver and a real
// SMTP server: "Send a test event" (a signed webhook.test, once, in the delivery log), rotating
// the signing secret (shown once; the old one keeps signing beside the new one for 24 hours), and
// an endpoint failing for a day turned off with an email to staff admins that leaves over SMTP.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, aPendingOrganization } from '../../../test/factories/index.js';
import { startSmtp } from '../../../test/fakes/smtp-server.js';
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver, webhookHeaders } from '../../../test/fakes/webhook-receiver.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, hiddenValue, rowsOf, termValue, textOf } from '../../../test/html.js';
import { EMAIL_QUEUE } from '../../lib/email.js';
import { DELIVER_QUEUE, dispatchDueDeliveries } from './index.js';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let admin: TestClient;
let finance: TestClient;
let adminAccount: Awaited<ReturnType<typeof createAccount>>;
let financeAccount: Awaited<ReturnType<typeof createAccount>>;
const receivers: WebhookReceiver[] = [];

/** Fresh sessions (tests move the clock by days, past a session's life). */
async function signInAgain() {
  admin = ctx.client();
  await admin.signIn(adminAccount.email, PASSWORD, { secret: adminAccount.totpSecret ?? '', clock: ctx.clock });
  finance = ctx.client();
  await finance.signIn(financeAccount.email, PASSWORD);
}

async function subscribe(events: string[], statuses: number[] = []) {
  await signInAgain();
  const receiver = await startWebhookReceiver(statuses);
  receivers.push(receiver);
  const form = new URLSearchParams({ _csrf: await admin.csrf(), url: receiver.url, description: 'Accounting' });
  for (const e of events) form.append('events', e);
  const res = await admin.request('POST', '/staff/webhooks/new', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: form.toString(),
  });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
  const secret = secretIn(res.body);
  const row = await ctx.deps.db.selectFrom('webhook_endpoints').select('id').where('url', '=', receiver.url).executeTakeFirstOrThrow();
  return { receiver, secret, id: row.id };
}

const secretIn = (html: string) => /id="webhook-secret">(whsec_[^<]+)</.exec(html)?.[1] ?? '';
const drain = () => ctx.deps.jobs.drain(DELIVER_QUEUE);
const deliveriesOf = (endpointId: string) => ctx.deps.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('created_at').execute();

beforeAll(async () => {
  smtp = await startSmtp();
  ctx = await createTestContext({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://civnet.test' } });
  adminAccount = await createAccount(ctx, { roles: ['admin'], name: 'Ada Admin' });
  financeAccount = await createAccount(ctx, { roles: ['finance'] });
  await signInAgain();
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await ctx?.close();
  await smtp?.close();
});

describe('send a test event', () => {
  it('sends one signed webhook.test to that endpoint only, whatever it subscribed to, and logs it with the answer', async () => {
    const { receiver, secret, id } = await subscribe(['membership.lapsed']);
    const other = await subscribe(['membership.lapsed']);
    const res = await admin.postForm(`/staff/webhooks/${id}/test`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/staff/webhooks/${id}`);
    expect(receiver.received).toHaveLength(1);
    expect(other.receiver.received).toHaveLength(0);
    const got = receiver.received[0];
    if (!got) throw new Error('nothing received');
    const payload = verifyWebhook(secret, got, ctx.clock.now());
    expect(payload.type).toBe('webhook.test');
    expect(payload.data).toMatchObject({ endpointId: id });
    expect(() => verifyWebhook(other.secret, got, ctx.clock.now())).toThrow('No matching signature found');
    const page = await admin.get(`/staff/webhooks/${id}`);
    expect(page.body).toContain('the receiver answered 200');
    expect(page.body).toContain(webhookHeaders(got)['webhook-id']);
    expect(page.body).toContain('webhook.test');
    const [delivery] = await deliveriesOf(id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, last_status_code: 200 });
    // sent once: the schedule never sends it again
    ctx.clock.advance(2 * 3600_000);
    await dispatchDueDeliveries(ctx.deps);
    await drain();
    expect(receiver.received).toHaveLength(1);
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity_id', '=', id).where('action', '=', 'webhooks.test_sent').execute();
    expect(audit).toEqual([{ action: 'webhooks.test_sent', actor_user_id: adminAccount.id }]);
  });

  it('a receiver that refuses it: the answer is shown, the delivery is failed and not retried, and the endpoint’s failure record is untouched', async () => {
    const { receiver, id } = await subscribe(['invoice.paid'], [500, 500, 500]);
    const res = await admin.postForm(`/staff/webhooks/${id}/test`, {});
    expect(res.statusCode).toBe(303);
    const page = await admin.get(`/staff/webhooks/${id}`);
    expect(page.body).toContain('but the receiver did not accept it: it answered 500.');
    const [delivery] = await deliveriesOf(id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 500 });
    ctx.clock.advance(2 * 3600_000);
    await dispatchDueDeliveries(ctx.deps);
    expect(receiver.received).toHaveLength(1);
    const endpoint = await ctx.deps.db.selectFrom('webhook_endpoints').select(['enabled', 'failing_since', 'consecutive_failures']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(endpoint).toEqual({ enabled: true, failing_since: null, consecutive_failures: 0 });
  });

  it('its log says truthfully who sent each attempt: the test button and who pressed it, then a Resend and who pressed that', async () => {
    const { id } = await subscribe(['invoice.paid']);
    const other = await createAccount(ctx, { roles: ['admin'], name: 'Rhea Resender' });
    const otherAdmin = ctx.client();
    await otherAdmin.signIn(other.email, PASSWORD, { secret: other.totpSecret ?? '', clock: ctx.clock });
    expect((await admin.postForm(`/staff/webhooks/${id}/test`, {})).statusCode).toBe(303);
    const [delivery] = await deliveriesOf(id);
    if (!delivery) throw new Error('no test delivery');
    expect((await otherAdmin.postForm(`/staff/webhooks/${id}/deliveries/${delivery.id}/resend`, {})).statusCode).toBe(303);
    const page = await admin.get(`/staff/webhooks/${id}/deliveries/${delivery.id}`);
    const sentBy = rowsOf(page.body, 'Attempts').map((r) => r[r.length - 1]);
    expect(sentBy).toEqual(['The “Send a test event” button, pressed by Ada Admin', 'The Resend button, pressed by Rhea Resender']);
  });

  it('staff admins only; an unknown endpoint is a 404 and sends nothing', async () => {
    const { receiver, id } = await subscribe(['invoice.paid']);
    expect((await finance.postForm(`/staff/webhooks/${id}/test`, {})).statusCode).toBe(403);
    expect((await admin.postForm(`/staff/webhooks/${randomUUID()}/test`, {})).statusCode).toBe(404);
    expect((await admin.postForm('/staff/webhooks/not-an-id/test', {})).statusCode).toBe(404);
    expect(receiver.received).toHaveLength(0);
    expect(await deliveriesOf(id)).toHaveLength(0);
  });
});

describe('rotating the signing secret', () => {
  it('shows the new secret once; for 24 hours deliveries carry both signatures, then only the new one', async () => {
    const { receiver, secret: old, id } = await subscribe(['invoice.issued']);
    const res = await admin.postForm(`/staff/webhooks/${id}/rotate-secret`, {});
    expect(res.statusCode).toBe(200);
    const fresh = secretIn(res.body);
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    expect(res.body).toContain('Its new signing secret');
    expect(res.body).toContain('also signed with the previous secret');
    expect(res.body).not.toContain(old);
    const page = await admin.get(`/staff/webhooks/${id}`);
    expect(page.body).not.toContain(fresh);
    expect(page.body).toContain('the previous one also signs until');

    const org = await aPendingOrganization(ctx, { name: 'Rotation Falls' });
    await anInvoice(ctx, { organizationId: org.organizationId, cents: 2_500 });
    await drain();
    const during = receiver.received[0];
    if (!during) throw new Error('nothing received');
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyWebhook(fresh, during, ctx.clock.now()).type).toBe('invoice.issued');
    expect(verifyWebhook(old, during, ctx.clock.now()).type).toBe('invoice.issued');

    ctx.clock.advance(24 * 3600_000 + 60_000);
    await anInvoice(ctx, { organizationId: org.organizationId, cents: 2_600 });
    await drain();
    const after = receiver.received[1];
    if (!after) throw new Error('nothing received after the grace period');
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifyWebhook(fresh, after, ctx.clock.now()).type).toBe('invoice.issued');
    expect(() => verifyWebhook(old, after, ctx.clock.now())).toThrow('No matching signature found');
    await signInAgain();
    expect((await admin.get(`/staff/webhooks/${id}`)).body).not.toContain('the previous one also signs until');
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', id).where('action', '=', 'webhooks.secret_rotated').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]?.after)).not.toContain('whsec_');
  });

  it('rotating twice within the day keeps only the secret just replaced beside the new one', async () => {
    const { receiver, secret: first, id } = await subscribe(['invoice.issued']);
    const second = secretIn((await admin.postForm(`/staff/webhooks/${id}/rotate-secret`, {})).body);
    const third = secretIn((await admin.postForm(`/staff/webhooks/${id}/rotate-secret`, {})).body);
    expect(new Set([first, second, third]).size).toBe(3);
    const org = await aPendingOrganization(ctx, { name: 'Twice Rotated' });
    await anInvoice(ctx, { organizationId: org.organizationId, cents: 900 });
    await drain();
    const got = receiver.received[0];
    if (!got) throw new Error('nothing received');
    expect(verifyWebhook(third, got, ctx.clock.now()).type).toBe('invoice.issued');
    expect(verifyWebhook(second, got, ctx.clock.now()).type).toBe('invoice.issued');
    expect(() => verifyWebhook(first, got, ctx.clock.now())).toThrow('No matching signature found');
  });

  it('the same form posted again (a refresh) adds no second endpoint and rotates nothing more, and says so', async () => {
    await signInAgain();
    const receiver = await startWebhookReceiver([]);
    receivers.push(receiver);
    const key = hiddenValue((await admin.get('/staff/webhooks/new')).body, 'formKey');
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const post = async () => {
      const form = new URLSearchParams({ _csrf: await admin.csrf(), url: receiver.url, description: 'Refreshed', events: 'invoice.issued', formKey: key });
      return admin.request('POST', '/staff/webhooks/new', { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: form.toString() });
    };
    const first = await post();
    expect(first.statusCode).toBe(201);
    expect(secretIn(first.body)).toMatch(/^whsec_/);
    const again = await post();
    expect(again.statusCode).toBe(200);
    expect(secretIn(again.body)).toBe('');
    expect(textOf(again.body, '#form-replayed')).toContain('You sent this form already: the endpoint was added then, and nothing new was added now.');
    const rows = await ctx.deps.db.selectFrom('webhook_endpoints').select(['id', 'secret']).where('url', '=', receiver.url).execute();
    expect(rows).toHaveLength(1);
    const id = rows[0]?.id ?? '';

    const rotateKey = hiddenValue((await admin.get(`/staff/webhooks/${id}`)).body, 'formKey');
    const rotated = await admin.postForm(`/staff/webhooks/${id}/rotate-secret`, { formKey: rotateKey });
    const fresh = secretIn(rotated.body);
    expect(fresh).toMatch(/^whsec_/);
    const after = await ctx.deps.db.selectFrom('webhook_endpoints').select(['secret', 'previous_secret']).where('id', '=', id).executeTakeFirstOrThrow();
    const repeat = await admin.postForm(`/staff/webhooks/${id}/rotate-secret`, { formKey: rotateKey });
    expect(repeat.statusCode).toBe(200);
    expect(secretIn(repeat.body)).toBe('');
    expect(textOf(repeat.body, '#form-replayed')).toContain('the secret was rotated then, and it was not rotated again now.');
    expect(await ctx.deps.db.selectFrom('webhook_endpoints').select(['secret', 'previous_secret']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual(after);
    // the page after has a new key: rotating on purpose still works
    const nextKey = hiddenValue(repeat.body, 'formKey');
    expect(nextKey).not.toBe(rotateKey);
    expect(secretIn((await admin.postForm(`/staff/webhooks/${id}/rotate-secret`, { formKey: nextKey })).body)).toMatch(/^whsec_/);
    // a forged key is refused, changing nothing
    const forged = await admin.postForm(`/staff/webhooks/${id}/rotate-secret`, { formKey: '<script>x</script>' });
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('Reload the page and send the form again.');
  });

  it('finance staff cannot rotate (403) and the secret is unchanged; an unknown endpoint is a 404', async () => {
    const { id } = await subscribe(['invoice.issued']);
    const before = await ctx.deps.db.selectFrom('webhook_endpoints').select(['secret', 'previous_secret']).where('id', '=', id).executeTakeFirstOrThrow();
    expect((await finance.postForm(`/staff/webhooks/${id}/rotate-secret`, {})).statusCode).toBe(403);
    expect((await admin.postForm(`/staff/webhooks/${randomUUID()}/rotate-secret`, {})).statusCode).toBe(404);
    expect(await ctx.deps.db.selectFrom('webhook_endpoints').select(['secret', 'previous_secret']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before);
  });
});

describe('an endpoint failing for a day', () => {
  it('is turned off, and every staff admin gets an email over SMTP saying so, with a link to it', async () => {
    const { receiver, id } = await subscribe(
      ['invoice.issued'],
      Array.from({ length: 40 }, () => 503),
    );
    const org = await aPendingOrganization(ctx, { name: 'Outage Valley' });
    await anInvoice(ctx, { organizationId: org.organizationId, cents: 4_200 });
    await drain();
    for (let hour = 0; hour < 26; hour++) {
      ctx.clock.advance(3600_000);
      await dispatchDueDeliveries(ctx.deps);
    }
    expect(receiver.received.length).toBeGreaterThanOrEqual(7);
    const endpoint = await ctx.deps.db.selectFrom('webhook_endpoints').select(['enabled', 'disabled_reason']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(endpoint.enabled).toBe(false);
    await ctx.deps.jobs.drain(EMAIL_QUEUE);
    const mails = smtp.received.filter((m) => m.raw.includes('A webhook endpoint was disabled'));
    const toAdmin = mails.filter((m) => m.to.includes(adminAccount.email));
    expect(toAdmin).toHaveLength(1);
    const raw = (toAdmin[0]?.raw ?? '').replace(/=\r?\n/g, '');
    expect(raw).toContain(receiver.url);
    expect(raw).toContain(`https://civnet.test/staff/webhooks/${id}`);
    expect(raw).toContain('Every delivery failed for 24 hours');
    expect(mails.some((m) => m.to.includes(financeAccount.email))).toBe(false);
    await signInAgain();
    const page = await admin.get(`/staff/webhooks/${id}`);
    expect(page.body).toContain('Every delivery failed for 24 hours');
  }, 180_000);
});

describe('what the pages say', () => {
  it('the endpoints list names each endpoint’s events in words, as its delivery pages do, not by code', async () => {
    const { receiver } = await subscribe(['invoice.issued', 'invoice.paid']);
    const row = dom((await admin.get('/staff/webhooks')).body)
      .querySelectorAll('table tr')
      .find((tr) => tr.querySelector(`a`)?.text.trim() === receiver.url);
    const events = row?.querySelectorAll('th, td')[2];
    expect(events?.querySelectorAll('li').map((li) => li.text.trim())).toEqual(['An invoice is issued', 'An invoice is paid in full']);
    expect(events?.text).not.toContain('invoice.issued');
  });

  it('a refused test event is not among the endpoint’s failed deliveries; a delivery is headed in words; Resend says what the receiver answered, or that it could not be reached', async () => {
    const { receiver, id } = await subscribe(['invoice.paid'], [500, 503]);
    expect((await admin.postForm(`/staff/webhooks/${id}/test`, {})).statusCode).toBe(303);
    const [delivery] = await deliveriesOf(id);
    if (!delivery) throw new Error('no test delivery');
    expect(delivery.status).toBe('failed');
    // the ping's refusal is its answer, not an outage of the endpoint
    expect(termValue(await (await admin.get(`/staff/webhooks/${id}`)).body, 'Deliveries failed (retries ran out; test events not counted)')).toBe('0');
    const listed = rowsOf((await admin.get('/staff/webhooks')).body, 'Endpoints').find((r) => r[0] === receiver.url);
    expect(listed?.[5]).toBe('0');
    const page = await admin.get(`/staff/webhooks/${id}/deliveries/${delivery.id}`);
    expect(textOf(page.body, 'h1')).toBe('Delivery: A test event (the “Send a test event” button)');
    expect(termValue(page.body, 'Event type')).toBe('webhook.test');
    // the way back names where it goes
    expect(dom(page.body).querySelector(`main a[href="/staff/webhooks/${id}"]`)?.text.trim()).toBe(`Back to the endpoint ${receiver.url} and its delivery log`);
    expect(rowsOf((await admin.get(`/staff/webhooks/${id}`)).body, 'The latest 100 deliveries, newest first')[0]?.[0]).toBe('A test event (the “Send a test event” button)');
    // resent to a receiver still refusing: its status code
    expect((await admin.postForm(`/staff/webhooks/${id}/deliveries/${delivery.id}/resend`, {})).statusCode).toBe(303);
    expect(textOf((await admin.get(`/staff/webhooks/${id}/deliveries/${delivery.id}`)).body, 'main')).toContain(
      'Resent, but the receiver did not accept it: it answered 503. Check the receiving system, then resend.',
    );
    // resent to a receiver that accepts it
    expect((await admin.postForm(`/staff/webhooks/${id}/deliveries/${delivery.id}/resend`, {})).statusCode).toBe(303);
    expect(textOf((await admin.get(`/staff/webhooks/${id}/deliveries/${delivery.id}`)).body, 'main')).toContain('Resent: the receiver accepted it (it answered 200).');
    // resent to a receiver that is gone: it could not be reached, and why
    await receiver.close();
    expect((await admin.postForm(`/staff/webhooks/${id}/deliveries/${delivery.id}/resend`, {})).statusCode).toBe(303);
    const gone = textOf((await admin.get(`/staff/webhooks/${id}/deliveries/${delivery.id}`)).body, 'main');
    expect(gone).toMatch(
      /Resent, but the receiver could not be reached \((socket hang up|connect ECONNREFUSED 127\.0\.0\.1:\d+)\)\. Check the address and that the receiving system is running, then resend\./,
    );
    await admin.postForm(`/staff/webhooks/${id}/delete`, {});
  });

  it('an invoice event’s delivery is headed by what happened, and one that ran out of retries counts as failed', async () => {
    const { id } = await subscribe(['invoice.issued'], Array(40).fill(500));
    const org = await aPendingOrganization(ctx, { name: 'Words Town' });
    await anInvoice(ctx, { organizationId: org.organizationId, cents: 900 });
    await drain();
    for (let i = 0; i < 12; i++) {
      ctx.clock.advance(3 * 3600_000);
      await dispatchDueDeliveries(ctx.deps);
    }
    await signInAgain();
    const [delivery] = await deliveriesOf(id);
    expect(delivery?.status).toBe('failed');
    expect(termValue((await admin.get(`/staff/webhooks/${id}`)).body, 'Deliveries failed (retries ran out; test events not counted)')).toBe('1');
    const page = await admin.get(`/staff/webhooks/${id}/deliveries/${delivery?.id}`);
    expect(textOf(page.body, 'h1')).toBe('Delivery: An invoice is issued');
    await admin.postForm(`/staff/webhooks/${id}/delete`, {});
  }, 120_000);
});

describe('resending a delivery', () => {
  it('says what the receiver answered the resend, though it failed the attempt before at the same moment', async () => {
    const { receiver, id } = await subscribe(['invoice.issued'], [500, 500, 500, 500, 500, 500]);
    const org = await aPendingOrganization(ctx, { name: 'Same Second City' });
    for (let i = 0; i < 6; i++) await anInvoice(ctx, { organizationId: org.organizationId, cents: 700 + i });
    await drain(); // each delivery's first attempt, answered 500 at the standing test clock
    const deliveries = await deliveriesOf(id);
    expect(deliveries.map((d) => d.last_status_code)).toEqual([500, 500, 500, 500, 500, 500]);
    for (const d of deliveries) {
      const res = await admin.postForm(`/staff/webhooks/${id}/deliveries/${d.id}/resend`, {});
      expect(res.statusCode).toBe(303);
      const page = await admin.get(`/staff/webhooks/${id}/deliveries/${d.id}`);
      expect(page.body).toContain('Resent: the receiver accepted it (it answered 200).');
      expect(page.body).not.toContain('the receiver did not accept it');
      // the two attempts tie on their time: listed in the order they were made, on every load
      const attempts = rowsOf(page.body, 'Attempts').map((r) => r.join(' | '));
      expect(attempts).toHaveLength(2);
      expect(attempts[0]).toContain('500');
      expect(attempts[0]).toContain('Sent automatically (the delivery schedule)');
      expect(attempts[1]).toContain('200');
      expect(attempts[1]).toContain('The Resend button, pressed by Ada Admin');
    }
    expect(receiver.received).toHaveLength(12);
    // Both attempts of each delivery share one time: only the attempt made can say what it got.
    const times = await ctx.deps.db
      .selectFrom('webhook_attempts')
      .select('attempted_at')
      .where(
        'delivery_id',
        'in',
        deliveries.map((d) => d.id),
      )
      .execute();
    expect(new Set(times.map((t) => t.attempted_at.getTime())).size).toBe(1);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('after').where('entity_id', '=', id).where('action', '=', 'webhooks.delivery_resent').execute();
    expect(audit.map((a) => (a.after as { statusCode?: number } | null)?.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    await admin.postForm(`/staff/webhooks/${id}/delete`, {});
  });
});

// Webhooks (issue 21, P7): the membership life and the events module's registrations, each event
// type through the public surface that causes it, to a real local receiver: an application
// submitted (API) and approved (staff page), its invoice paid (API) activating the membership,
// the membership lapsed by the renewal run a year later (the injected clock), an individual
// joining (the join pages) and a registration for an event (its page, and a transfer). Each
// arrives once, verifies with the Standard Webhooks reference verifier, and carries no private
// field; a receiver failing twice gets one effect; a rolled-back payment sends nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, apiPay, joinAsManager, seedLevels } from '../../../test/factories/index.js';
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../../../test/fakes/webhook-receiver.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { applyPayment, runRenewals } from '../billing/index.js';
import { seedDuesDemo } from '../dues/seed.js';
import { DELIVER_QUEUE, dispatchDueDeliveries } from './index.js';

const TYPES = ['application.submitted', 'application.approved', 'membership.activated', 'membership.lapsed', 'individual.joined', 'event_registration.created'];

let ctx: TestContext;
let admin: TestClient;
let staff: TestClient;
let finance: TestClient;
const accounts: Record<'admin' | 'staff' | 'finance', Awaited<ReturnType<typeof createAccount>> | undefined> = { admin: undefined, staff: undefined, finance: undefined };
let receiver: WebhookReceiver;
let secret = '';
let endpointId = '';

async function signInAgain() {
  admin = ctx.client();
  await admin.signIn(accounts.admin?.email ?? '', PASSWORD, { secret: accounts.admin?.totpSecret ?? '', clock: ctx.clock });
  staff = ctx.client();
  await staff.signIn(accounts.staff?.email ?? '', PASSWORD);
  finance = ctx.client();
  await finance.signIn(accounts.finance?.email ?? '', PASSWORD);
}

/** Sends what is queued now, and whatever the schedule has due after an hour. */
async function deliver() {
  await ctx.deps.jobs.drain(DELIVER_QUEUE);
  ctx.clock.advance(3600_000);
  await dispatchDueDeliveries(ctx.deps);
}

/** What the receiver accepted of a type (one effect per webhook-id), each verified. */
function effectsOf(type: string) {
  const ids = receiver.received.filter((r) => (JSON.parse(r.body) as { type: string }).type === type);
  for (const r of ids) expect(verifyWebhook(secret, r, new Date(Number(r.headers['webhook-timestamp']) * 1000)).type).toBe(type);
  return [...receiver.effects.values()].filter((p) => (p as { type: string }).type === type) as Array<{ type: string; data: Record<string, unknown> }>;
}

function expectNoPrivate(type: string, secrets: string[]) {
  for (const r of receiver.received.filter((x) => (JSON.parse(x.body) as { type: string }).type === type)) {
    for (const s of secrets) expect(r.body, `${type} carries ${s}`).not.toContain(s);
  }
}

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  accounts.admin = await createAccount(ctx, { roles: ['admin'] });
  accounts.staff = await createAccount(ctx, { roles: ['membership'] });
  accounts.finance = await createAccount(ctx, { roles: ['finance'] });
  await signInAgain();
  // The receiver refuses the first two requests it gets (the application's submission): retried.
  receiver = await startWebhookReceiver([503, 500]);
  const form = new URLSearchParams({ _csrf: await admin.csrf(), url: receiver.url, description: 'CRM' });
  for (const t of TYPES) form.append('events', t);
  const res = await admin.request('POST', '/staff/webhooks/new', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: form.toString(),
  });
  expect(res.statusCode).toBe(201);
  secret = /id="webhook-secret">(whsec_[^<]+)</.exec(res.body)?.[1] ?? '';
  endpointId = (await ctx.deps.db.selectFrom('webhook_endpoints').select('id').where('url', '=', receiver.url).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await receiver?.close();
  await ctx?.close();
});

describe('an organization’s membership, from its application to its lapse', () => {
  const slug = Date.now().toString(36);
  const fields = {
    applicant_email: `applicant-${slug}@hookton.example.gov`,
    entity_type: 'city',
    legal_name: `City of Hookton ${slug}`,
    state: 'CO',
    population: 64000,
    population_source: '2020 Census',
    population_year: 2020,
    website: 'https://hookton.example.gov',
    staff_name: 'Pat Staff',
    staff_email: `pat-${slug}@hookton.example.gov`,
    staff_title: 'Sustainability Director',
    staff_phone: '303-555-0142',
    elected_name: 'Morgan Mayor',
    elected_email: `mayor-${slug}@hookton.example.gov`,
    elected_title: 'Mayor',
    billing_name: 'Bailey Billing',
    billing_email: `ap-${slug}@hookton.example.gov`,
    billing_address: '77 Hook Lane\nHookton, CO 80000',
    po_required: true,
    po_number: 'PO-HOOK-9',
    agree_terms: true,
  };
  const privateBits = [
    fields.applicant_email,
    fields.staff_email,
    fields.elected_email,
    fields.billing_email,
    '77 Hook Lane',
    'PO-HOOK-9',
    '303-555-0142',
    'Morgan Mayor',
    'Pat Staff',
  ];
  let applicationId = '';
  let invoiceId = '';
  let membershipId = '';
  let organizationId = '';

  it('application.submitted: refused twice by the receiver, retried, one effect; no contact details', async () => {
    const res = await ctx.client().sendJson('POST', '/api/v1/applications', fields, { csrf: false });
    expect(res.statusCode).toBe(201);
    applicationId = res.json().id as string;
    await ctx.deps.jobs.drain(DELIVER_QUEUE); // 503
    ctx.clock.advance(61_000);
    await dispatchDueDeliveries(ctx.deps); // 500
    ctx.clock.advance(301_000);
    await dispatchDueDeliveries(ctx.deps); // 200
    await deliver(); // nothing more
    const sent = receiver.received.filter((r) => r.body.includes('"application.submitted"'));
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const [effect, ...more] = effectsOf('application.submitted');
    expect(more).toHaveLength(0);
    expect(effect?.data).toEqual({ applicationId, organizationName: fields.legal_name, entityType: 'city', state: 'CO', submittedAt: expect.any(String) });
    expectNoPrivate('application.submitted', privateBits);
  });

  it('application.approved: once, with the organization, membership and invoice', async () => {
    await signInAgain();
    expect((await staff.postForm(`/staff/applications/${applicationId}/approve`, {})).statusCode).toBe(303);
    // approving again is refused and sends nothing more
    expect((await staff.postForm(`/staff/applications/${applicationId}/approve`, {})).statusCode).toBe(409);
    await deliver();
    const [effect, ...more] = effectsOf('application.approved');
    expect(more).toHaveLength(0);
    const app = await ctx.deps.db.selectFrom('applications').select(['organization_id']).where('id', '=', applicationId).executeTakeFirstOrThrow();
    const membership = await ctx.deps.db
      .selectFrom('memberships')
      .select('id')
      .where('organization_id', '=', app.organization_id ?? '')
      .executeTakeFirstOrThrow();
    const invoice = await ctx.deps.db.selectFrom('invoices').select(['id', 'total_cents']).where('membership_id', '=', membership.id).executeTakeFirstOrThrow();
    organizationId = app.organization_id ?? '';
    membershipId = membership.id;
    invoiceId = invoice.id;
    expect(effect?.data).toEqual({ applicationId, organizationId, membershipId, invoiceId, approvedAt: expect.any(String) });
    expectNoPrivate('application.approved', privateBits);
  });

  it('membership.activated: a payment rolled back sends nothing; the real one sends it once', async () => {
    const invoice = await ctx.deps.db.selectFrom('invoices').select('total_cents').where('id', '=', invoiceId).executeTakeFirstOrThrow();
    const messages = async () => (await ctx.deps.db.selectFrom('webhook_messages').select('id').where('event_type', '=', 'membership.activated').execute()).length;
    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        await applyPayment(trx, ctx.deps, { invoiceId, amountCents: invoice.total_cents, method: 'check', reference: 'rolled back' });
        throw new Error('the bank file was malformed after all');
      }),
    ).rejects.toThrow('malformed');
    await deliver();
    expect(await messages()).toBe(0);
    expect(effectsOf('membership.activated')).toHaveLength(0);
    expect((await ctx.deps.db.selectFrom('memberships').select('status').where('id', '=', membershipId).executeTakeFirstOrThrow()).status).toBe('pending');

    await signInAgain();
    const paid = await apiPay(finance, invoiceId, { amountCents: invoice.total_cents, method: 'check', reference: '4411' }, randomUUID());
    expect(paid.statusCode).toBe(201);
    await deliver();
    const m = await ctx.deps.db.selectFrom('memberships').select(['status', 'term_start', 'term_end']).where('id', '=', membershipId).executeTakeFirstOrThrow();
    expect(m.status).toBe('active');
    const [effect, ...more] = effectsOf('membership.activated');
    expect(more).toHaveLength(0);
    expect(effect?.data).toEqual({ membershipId, organizationId, termStart: m.term_start, termEnd: m.term_end });
    expectNoPrivate('membership.activated', privateBits);
  });

  it('membership.lapsed: the renewal run past the term and its grace, by the clock, lapses it and sends it once', async () => {
    const m = await ctx.deps.db.selectFrom('memberships').select('term_end').where('id', '=', membershipId).executeTakeFirstOrThrow();
    const settings = await ctx.deps.db.selectFrom('association').select('grace_days').where('id', '=', 1).executeTakeFirstOrThrow();
    const termEnd = String(m.term_end);
    const day = new Date(`${termEnd}T12:00:00Z`);
    ctx.clock.set(new Date(day.getTime() + (settings.grace_days + 2) * 86_400_000).toISOString());
    const counts = await runRenewals(ctx.deps, { trigger: 'job' });
    expect(counts.lapsed).toBeGreaterThanOrEqual(1);
    // the run again on the same day changes nothing and sends nothing more
    await runRenewals(ctx.deps, { trigger: 'job' });
    await deliver();
    expect((await ctx.deps.db.selectFrom('memberships').select('status').where('id', '=', membershipId).executeTakeFirstOrThrow()).status).toBe('lapsed');
    const mine = effectsOf('membership.lapsed').filter((e) => e.data.membershipId === membershipId);
    expect(mine).toEqual([{ type: 'membership.lapsed', timestamp: expect.any(String), data: { membershipId, organizationId, termEnd } }]);
    expectNoPrivate('membership.lapsed', privateBits);
  });
});

describe('a person', () => {
  it('individual.joined: once, when the join is paid, without the salary or the address', async () => {
    const levels = await seedLevels(ctx);
    const joined = await joinAsManager(ctx, levels, { salary: '163,248.50' });
    await deliver();
    expect(effectsOf('individual.joined')).toHaveLength(0); // not before it is paid
    await signInAgain();
    const inv = await ctx.deps.db.selectFrom('invoices').select('total_cents').where('id', '=', joined.invoiceId).executeTakeFirstOrThrow();
    expect((await apiPay(finance, joined.invoiceId, { amountCents: inv.total_cents, method: 'check', reference: '77' }, randomUUID())).statusCode).toBe(201);
    await deliver();
    const [effect, ...more] = effectsOf('individual.joined');
    expect(more).toHaveLength(0);
    expect(effect?.data).toEqual({ individualMembershipId: joined.membershipId, userId: joined.userId, invoiceId: joined.invoiceId });
    expectNoPrivate('individual.joined', ['163,248.50', '163248.5', '16324850', 'salary', 'transition', 'ethics', joined.email]);
  });

  it('event_registration.created: once for a registration on the event’s page (the same form twice places one), once for a transfer; no ticket code', async () => {
    const event = await anEvent(ctx, { title: 'Hooked on Resilience' });
    const person = await createAccount(ctx, { name: 'Reggie Registrant' });
    const other = await createAccount(ctx, { name: 'Tess Transferee' });
    const c = ctx.client();
    await c.signIn(person.email, PASSWORD);
    const page = await c.get(`/events/${event.slug}/register`);
    const key = /name="idempotency_key" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    for (let i = 0; i < 2; i++) {
      expect((await c.postForm(`/events/${event.slug}/register`, { ticket_type_id: event.ticketTypeIds[0], idempotency_key: key })).statusCode).toBe(303);
    }
    await deliver();
    const reg = await ctx.deps.db.selectFrom('event_registrations').select(['id', 'ticket_code']).where('user_id', '=', person.id).executeTakeFirstOrThrow();
    expect(effectsOf('event_registration.created')).toEqual([
      { type: 'event_registration.created', timestamp: expect.any(String), data: { registrationId: reg.id, eventId: event.id, status: 'registered' } },
    ]);
    const inv = await ctx.deps.db
      .selectFrom('event_orders as o')
      .innerJoin('invoices as i', 'i.id', 'o.invoice_id')
      .select(['i.id', 'i.total_cents'])
      .where('o.buyer_user_id', '=', person.id)
      .executeTakeFirstOrThrow();
    await ctx.deps.db.transaction().execute((trx) => applyPayment(trx, ctx.deps, { invoiceId: inv.id, amountCents: inv.total_cents, method: 'check' }));
    await ctx.deps.db.updateTable('users').set({ email_verified_at: ctx.clock.now() }).where('id', '=', other.id).execute();
    const c2 = ctx.client();
    await c2.signIn(person.email, PASSWORD);
    expect((await c2.postForm(`/me/events/${reg.id}/transfer`, { email: other.email })).statusCode).toBe(303);
    await deliver();
    const fresh = await ctx.deps.db.selectFrom('event_registrations').select(['id', 'ticket_code']).where('user_id', '=', other.id).executeTakeFirstOrThrow();
    const all = effectsOf('event_registration.created');
    expect(all).toHaveLength(2);
    expect(all[1]?.data).toEqual({ registrationId: fresh.id, eventId: event.id, status: 'registered' });
    expectNoPrivate('event_registration.created', [reg.ticket_code, fresh.ticket_code, person.email, other.email, 'Reggie', 'Tess']);
  });

  it('every delivery to the endpoint is in its log, none left to retry', async () => {
    const left = await ctx.deps.db.selectFrom('webhook_deliveries').select('status').where('endpoint_id', '=', endpointId).where('status', '<>', 'succeeded').execute();
    expect(left).toEqual([]);
    // one effect per message: the receiver never acted twice on one webhook-id
    expect(receiver.effects.size).toBe(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size);
  });
});

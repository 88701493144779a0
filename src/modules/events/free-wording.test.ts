// A free event speaks of no invoice (none exists): the registration pages, the group registration's
// button, the event's page once registered, the emails to people an organization registered, and
// the email saying staff cancelled the event. A paid event still names its invoice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, anOrganization } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2032-06-01T15:00:00Z');
});
afterAll(() => ctx?.close());

async function signedIn(email: string): Promise<TestClient> {
  const c = ctx.client();
  await c.signIn(email);
  return c;
}
const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', template).orderBy('created_at').execute();
const keyFrom = (html: string) => /name="idempotency_key" value="([^"]+)"/.exec(html)?.[1] ?? '';
const buttonsOf = (html: string) => [...html.matchAll(/<button[^>]*>([\s\S]*?)<\/button>/g)].map((m) => (m[1] ?? '').replace(/<[^>]+>/g, '').trim());

const FREE = [{ name: 'Seat', memberCents: 0, nonmemberCents: 0 }];

/** An organization whose administrator registers two of its contacts for the event, through the page. */
async function groupOf(slug: string, ticketTypeId: string) {
  const org = await anOrganization(ctx, { name: 'Village of Freeport' });
  const admin = await createAccount(ctx, { org: { role: 'admin', organizationId: org.id } });
  const staff = [await createAccount(ctx, { org: { role: 'contact', organizationId: org.id } }), await createAccount(ctx, { org: { role: 'contact', organizationId: org.id } })];
  const c = await signedIn(admin.email);
  const page = await c.get(`/events/${slug}/register/group`);
  expect(page.statusCode).toBe(200);
  const body: Record<string, string> = { ticket_type_id: ticketTypeId, idempotency_key: keyFrom(page.body) };
  for (const s of staff) body[`attendee_${s.id}`] = 'yes';
  const res = await c.postForm(`/events/${slug}/register/group`, body);
  expect(res.statusCode).toBe(303);
  return { page, res, staff, admin };
}

describe('a free event', () => {
  it('registering oneself: the page, the event’s page afterwards and the confirmation speak of no invoice', async () => {
    const event = await anEvent(ctx, { title: 'Open Data Basics', tickets: FREE });
    const person = await createAccount(ctx, {});
    const c = await signedIn(person.email);
    const page = await c.get(`/events/${event.slug}/register`);
    const form = textOf(page.body, 'main');
    expect(form).toContain('It is free for you: there is nothing to pay.');
    expect(form).not.toMatch(/invoice/i);
    expect((await c.postForm(`/events/${event.slug}/register`, { ticket_type_id: event.ticketTypeIds[0], idempotency_key: keyFrom(page.body) })).statusCode).toBe(303);
    const after = textOf((await c.get(`/events/${event.slug}`)).body, 'main');
    expect(after).toContain('You are registered for this event. Your ticket is in My events.');
    expect(after).not.toMatch(/invoice/i);
    const [mail] = await mailTo(person.email, 'events.confirmed');
    expect(mail?.body_text).not.toMatch(/invoice/i);
  });

  it('an organization registers its staff: the page and its button speak of no invoice, nor do the emails to the people registered', async () => {
    const event = await anEvent(ctx, { title: 'Records Retention Clinic', tickets: FREE });
    const { page, res, staff } = await groupOf(event.slug, event.ticketTypeIds[0] ?? '');
    expect(buttonsOf(page.body)).toContain('Register them');
    const text = textOf(page.body, 'main');
    expect(text).toContain('The event is free: there is nothing to pay.');
    expect(text).toContain('Seat: free');
    expect(text).not.toMatch(/invoice|member price/i);
    expect(res.headers.location).toBe('/me/events');
    for (const s of staff) {
      const [mail] = await mailTo(s.email, 'events.registered_by_organization');
      expect(mail?.body_text).toContain('The ticket is free: there is nothing to pay.');
      expect(mail?.body_text).not.toMatch(/invoice/i);
    }
  });

  it('staff cancel it: the email says nothing was charged, and names no invoice', async () => {
    const event = await anEvent(ctx, { title: 'Tree Canopy Walk', tickets: FREE });
    const person = await createAccount(ctx, {});
    const c = await signedIn(person.email);
    const page = await c.get(`/events/${event.slug}/register`);
    expect((await c.postForm(`/events/${event.slug}/register`, { ticket_type_id: event.ticketTypeIds[0], idempotency_key: keyFrom(page.body) })).statusCode).toBe(303);
    const programs = await createAccount(ctx, { roles: ['programs'] });
    const staff = await signedIn(programs.email);
    expect((await staff.postForm(`/staff/events/${event.id}/cancel`, { reason: 'The trail is closed.' })).statusCode).toBe(303);
    const [mail] = await mailTo(person.email, 'events.event_cancelled');
    expect(mail?.body_text).toContain('Nothing was charged for it, so there is nothing to pay or refund.');
    expect(mail?.body_text).not.toMatch(/invoice/i);
  });
});

describe('an event free for members only', () => {
  it('a member is told it is free for them; a visitor without a membership is told of the invoice', async () => {
    const event = await anEvent(ctx, { title: 'Grant Writing Webinar', tickets: [{ name: 'Seat', memberCents: 0, nonmemberCents: 2_500 }] });
    const org = await anOrganization(ctx);
    const member = await signedIn((await createAccount(ctx, { org: { role: 'contact', organizationId: org.id } })).email);
    const theirs = textOf((await member.get(`/events/${event.slug}/register`)).body, 'main');
    expect(theirs).toContain('Seat: free');
    expect(theirs).toContain('It is free for you: there is nothing to pay.');
    expect(theirs).not.toMatch(/invoice/i);
    const other = await signedIn((await createAccount(ctx, {})).email);
    const priced = textOf((await other.get(`/events/${event.slug}/register`)).body, 'main');
    expect(priced).toContain('Seat: $25.00');
    expect(priced).toContain('A priced ticket comes with an invoice');
  });
});

describe('a paid event', () => {
  it('still names the invoice: the group button sends it, the people registered are told the organization receives it', async () => {
    const event = await anEvent(ctx, { title: 'Capital Planning Intensive' });
    const { page, staff } = await groupOf(event.slug, event.ticketTypeIds[0] ?? '');
    expect(buttonsOf(page.body)).toContain('Register and send the invoice');
    for (const s of staff) {
      const [mail] = await mailTo(s.email, 'events.registered_by_organization');
      expect(mail?.body_text).toContain('Village of Freeport receives one invoice for its staff.');
    }
  });
});

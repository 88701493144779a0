// The registration API, private data and hostile input: idempotency keys, another person's
// registrations and tickets (404), the join link only in the registrant's own invitation, the
// calendar feed (its secret hashed, replaced), request logs, and the OpenAPI document.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, eventMailTo, invitationDescription, invitationOf, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { loggedPath } from '../../app.js';
import { registerForEvent } from './registration.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2031-03-02T15:00:00Z');
});
afterAll(() => ctx?.close());

describe('the API, private data and hostile input', () => {
  it('POST registrations needs an Idempotency-Key; the same key replays, another body is a 409; another event’s ticket is a 400', async () => {
    const event = await anEvent(ctx);
    const other = await anEvent(ctx);
    const person = await createAccount(ctx, {});
    const c = await signedIn(ctx, person.email);
    const post = async (key: string | null, body: unknown, slug = event.slug) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': await c.csrf() };
      if (key) headers['idempotency-key'] = key;
      return c.request('POST', `/api/v1/events/${slug}/registrations`, { headers, payload: JSON.stringify(body) });
    };
    expect((await post(null, { ticketTypeId: event.ticketTypeIds[0] })).statusCode).toBe(400);
    const wrong = await post('k-wrong', { ticketTypeId: other.ticketTypeIds[0] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toHaveProperty('ticketTypeId');
    expect((await post('k-junk', { ticketTypeId: 'not-a-uuid' })).statusCode).toBe(400);
    expect((await post('k-extra', { ticketTypeId: event.ticketTypeIds[0], priceCents: 0 })).statusCode).toBe(400);
    expect((await post('k-none', { ticketTypeId: event.ticketTypeIds[0] }, 'no-such-event')).statusCode).toBe(404);
    const first = await post('k-1', { ticketTypeId: event.ticketTypeIds[0] });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'registered', priceCents: 15_000, eventSlug: event.slug });
    const replay = await post('k-1', { ticketTypeId: event.ticketTypeIds[0] });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(first.json());
    expect((await post('k-1', { ticketTypeId: other.ticketTypeIds[0] }, other.slug)).statusCode).toBe(409);
    expect((await post('k-2', { ticketTypeId: event.ticketTypeIds[0] })).statusCode).toBe(409); // already registered

    // Someone else sees only their own registrations, and not this person's ticket or registration.
    const someone = await createAccount(ctx, {});
    const s = await signedIn(ctx, someone.email);
    const list = await s.getJson('/api/v1/me/registrations');
    expect(list.json().registrations).toEqual([]);
    const mine = await c.getJson('/api/v1/me/registrations');
    expect(mine.json().registrations).toHaveLength(1);
    const ticketPath = new URL(first.json().ticketUrl).pathname;
    expect((await c.get(ticketPath)).statusCode).toBe(200);
    expect((await s.get(ticketPath)).statusCode).toBe(404);
    expect((await s.get(`/me/events/${first.json().id}/cancel`)).statusCode).toBe(404);
    expect((await s.postForm(`/me/events/${first.json().id}/cancel`, {})).statusCode).toBe(404);
    expect((await s.get('/me/events/not-a-uuid/transfer')).statusCode).toBe(404);
    // The form refuses another event's ticket with a message, not a 500.
    const form = await c.postForm(`/events/${other.slug}/register`, { ticket_type_id: event.ticketTypeIds[0], idempotency_key: crypto.randomUUID() });
    expect(form.statusCode).toBe(400);
  });

  it('the same Idempotency-Key sent five times at once places one order', async () => {
    const event = await anEvent(ctx);
    const person = await createAccount(ctx, {});
    const c = await signedIn(ctx, person.email);
    const csrf = await c.csrf();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        c.request('POST', `/api/v1/events/${event.slug}/registrations`, {
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf, 'idempotency-key': 'same-key' },
          payload: JSON.stringify({ ticketTypeId: event.ticketTypeIds[0] }),
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    const orders = await ctx.deps.db.selectFrom('event_orders').select('id').where('buyer_user_id', '=', person.id).execute();
    expect(orders).toHaveLength(1);
  });

  it('the join link is only in the registrant’s own invitation: not in the feed, nor in others’ emails', async () => {
    const event = await anEvent(ctx, { format: 'online', joinUrl: 'https://meet.example.org/secret-room', tickets: [{ name: 'Free', memberCents: 0, nonmemberCents: 0 }] });
    const a = await createAccount(ctx, {});
    const b = await createAccount(ctx, {});
    await registerForEvent(ctx.deps, { eventId: event.id, userId: a.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    expect(invitationDescription(await invitationOf(ctx, a.email))).toContain('secret-room');
    const emails = await ctx.deps.db.selectFrom('outbox').select(['body_text']).where('to_address', '<>', a.email).execute();
    expect(emails.some((e) => e.body_text.includes('secret-room'))).toBe(false);
    expect((await eventMailTo(ctx, b.email, 'events.confirmed')).length).toBe(0);
  });
});

describe('calendar feed', () => {
  it('a feed address lists one’s registered events; replacing it stops the old one', async () => {
    const event = await anEvent(ctx, { title: 'Feed Workshop', tickets: [{ name: 'Free', memberCents: 0, nonmemberCents: 0 }] });
    const person = await createAccount(ctx, {});
    await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const c = await signedIn(ctx, person.email);
    const made = await c.postForm('/me/events/calendar-feed', {});
    expect(made.statusCode).toBe(200);
    const url = /<code>(http[^<]+\.ics)<\/code>/.exec(made.body)?.[1];
    if (!url) throw new Error('no feed address shown');
    const visitor = ctx.client();
    const feed = await visitor.request('GET', new URL(url).pathname);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const cal = new ICAL.Component(ICAL.parse(feed.body));
    const events = cal.getAllSubcomponents('vevent');
    expect(events.map((e) => e.getFirstPropertyValue('summary'))).toEqual(['Feed Workshop']);
    const stored = await ctx.deps.db.selectFrom('event_calendar_feeds').select('token_hash').where('user_id', '=', person.id).executeTakeFirstOrThrow();
    expect(url).not.toContain(stored.token_hash);
    expect((await c.get('/me/events')).body).not.toContain(url);
    await c.postForm('/me/events/calendar-feed', {});
    expect((await visitor.request('GET', new URL(url).pathname)).statusCode).toBe(404);
    // Request logs show neither the feed's secret nor a ticket's code.
    expect(loggedPath(new URL(url).pathname)).toBe('/calendar/[redacted]');
    expect(loggedPath('/tickets/AbC_dEf-123456')).toBe('/tickets/[redacted]');
    expect(loggedPath('/staff/check-in/AbC_dEf-123456')).toBe('/staff/check-in/[redacted]');
  });
});

describe('the OpenAPI document', () => {
  it('describes the registration API', async () => {
    const doc = (await ctx.client().getJson('/api/openapi.json')).json();
    expect(doc.paths).toHaveProperty(['/api/v1/events/{slug}/registrations']);
    expect(doc.paths).toHaveProperty(['/api/v1/me/registrations']);
  });
});

// Check-in at the event: through the service (once per session, only registered seats) and
// through HTTP (the attendee search, the ticket page of the QR code, who may use them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, anEventOrder, aRegistration } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { checkIn } from './ops-checkin.js';

let ctx: TestContext;
let staff: TestClient;
let staffId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const programs = await createAccount(ctx, { roles: ['programs'] });
  staffId = programs.id;
  staff = ctx.client();
  await staff.signIn(programs.email);
});
afterAll(() => ctx?.close());

/** An event happening now (started an hour ago), with two sessions. */
const eventNow = () =>
  anEvent(ctx, {
    title: 'Budgeting for Resilience',
    startsInHours: -1,
    hours: 4,
    sessions: [
      { title: 'Morning plenary', startsInHours: 0, hours: 2, pdMinutes: 120 },
      { title: 'Afternoon lab', startsInHours: 2, hours: 2, pdMinutes: 90 },
    ],
  });

const attendanceOf = (registrationId: string) => ctx.deps.db.selectFrom('event_attendance').select('session_id').where('registration_id', '=', registrationId).execute();
const auditsOf = (registrationId: string) =>
  ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', registrationId).where('action', '=', 'events.checked_in').execute();

describe('check-in rules', () => {
  it('checking in twice records one attendance and one audit row', async () => {
    const e = await eventNow();
    const person = await createAccount(ctx, { name: 'Avery Quinn' });
    const reg = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: person.id });
    const session = e.sessionIds[0] ?? '';
    const first = await ctx.deps.db.transaction().execute((trx) => checkIn(trx, ctx.deps, { registrationId: reg.id, sessionId: session }, { userId: staffId }));
    const again = await ctx.deps.db.transaction().execute((trx) => checkIn(trx, ctx.deps, { registrationId: reg.id, sessionId: session }, { userId: staffId }));
    expect([first, again]).toEqual([true, false]);
    expect(await attendanceOf(reg.id)).toHaveLength(1);
    expect(await auditsOf(reg.id)).toHaveLength(1);
  });

  it('two check-ins of one ticket at the same moment (two phones at the door) record one', async () => {
    const e = await eventNow();
    const person = await createAccount(ctx);
    const reg = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: person.id });
    const once = () => ctx.deps.db.transaction().execute((trx) => checkIn(trx, ctx.deps, { registrationId: reg.id, sessionId: e.sessionIds[1] ?? '' }, { userId: staffId }));
    const results = await Promise.all([once(), once(), once()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await attendanceOf(reg.id)).toHaveLength(1);
    expect(await auditsOf(reg.id)).toHaveLength(1);
  });

  it('a waitlisted, offered or cancelled registration cannot be checked in', async () => {
    const e = await eventNow();
    for (const status of ['waitlisted', 'offered', 'cancelled'] as const) {
      const person = await createAccount(ctx);
      const reg = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: person.id, status });
      await expect(
        ctx.deps.db.transaction().execute((trx) => checkIn(trx, ctx.deps, { registrationId: reg.id, sessionId: e.sessionIds[0] ?? '' }, { userId: staffId })),
      ).rejects.toMatchObject({ code: 'events.not_registered', status: 409 });
      expect(await attendanceOf(reg.id)).toHaveLength(0);
    }
  });

  it('a session of another event is not found', async () => {
    const e = await eventNow();
    const other = await eventNow();
    const person = await createAccount(ctx);
    const reg = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: person.id });
    await expect(
      ctx.deps.db.transaction().execute((trx) => checkIn(trx, ctx.deps, { registrationId: reg.id, sessionId: other.sessionIds[0] ?? '' }, { userId: staffId })),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('check-in pages', () => {
  it('staff find an attendee by name and check them in to the session happening now, once', async () => {
    const e = await eventNow();
    const person = await createAccount(ctx, { name: 'Marisol Okafor' });
    const other = await createAccount(ctx, { name: 'Peter Lindqvist' });
    const reg = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: person.id });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: other.id });

    const page = await staff.get(`/staff/events/${e.id}/check-in?q=okafor`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Marisol Okafor');
    expect(page.body).not.toContain('Peter Lindqvist');
    // the morning plenary is happening now: it is the session chosen
    expect(page.body).toMatch(/<option[^>]*value="[^"]+"[^>]*selected[^>]*>Morning plenary/);
    // a name with accents, typed without them (and the other way round)
    const ines = await createAccount(ctx, { name: 'Inês Núñez' });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: ines.id });
    for (const q of ['nunez', 'INES', 'Núñez Inês']) {
      const found = await staff.get(`/staff/events/${e.id}/check-in?${new URLSearchParams({ q })}`);
      expect(found.body, q).toContain('Inês Núñez');
      expect(found.body, q).not.toContain('Marisol Okafor');
    }

    const post = await staff.postForm(`/staff/events/${e.id}/check-in`, { registration: reg.id, session: e.sessionIds[0], q: 'okafor' });
    expect(post.statusCode).toBe(303);
    const after = await staff.get(String(post.headers.location));
    expect(after.body).toContain('Marisol Okafor is checked in.');
    const twice = await staff.postForm(`/staff/events/${e.id}/check-in`, { registration: reg.id, session: e.sessionIds[0], q: 'okafor' });
    expect(twice.statusCode).toBe(303);
    expect((await staff.get(String(twice.headers.location))).body).toContain('was already checked in');
    expect(await attendanceOf(reg.id)).toEqual([{ session_id: e.sessionIds[0] }]);
  });

  it('a waitlisted attendee is refused with the reason (409), and a registration of another event is not found', async () => {
    const e = await eventNow();
    const other = await eventNow();
    const person = await createAccount(ctx, { name: 'Wendell Waits' });
    const reg = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: person.id, status: 'waitlisted' });
    const res = await staff.postForm(`/staff/events/${e.id}/check-in`, { registration: reg.id, session: e.sessionIds[0] });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('on the waitlist');
    const elsewhere = await staff.postForm(`/staff/events/${other.id}/check-in`, { registration: reg.id, session: other.sessionIds[0] });
    expect(elsewhere.statusCode).toBe(404);
    const bad = await staff.postForm(`/staff/events/${e.id}/check-in`, { registration: 'not-an-id', session: e.sessionIds[0] });
    expect(bad.statusCode).toBe(400);
    expect(await attendanceOf(reg.id)).toHaveLength(0);
  });

  it('the QR code page shows the ticket (of any event) and checks in per session; unknown and cancelled tickets say so', async () => {
    const e = await eventNow();
    const person = await createAccount(ctx, { name: 'Quinn Scanner' });
    const reg = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: person.id });
    const page = await staff.get(`/staff/check-in/${reg.ticketCode}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Quinn Scanner');
    expect(page.body).toContain('Budgeting for Resilience');
    expect(page.body).toContain('General admission');
    expect(page.body).toContain('Check in to Afternoon lab');
    expect(page.body).not.toContain('Invoice not paid yet');
    // A seat whose invoice is not paid says so to the staff at the door.
    const debtor = await createAccount(ctx, { name: 'Uma Unpaid' });
    const order = await anEventOrder(ctx, { eventId: e.id, buyerUserId: debtor.id, cents: 15_000 });
    const owed = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: debtor.id, orderId: order.id, priceCents: 15_000 });
    expect((await staff.get(`/staff/check-in/${owed.ticketCode}`)).body).toContain('Invoice not paid yet');

    const post = await staff.postForm(`/staff/check-in/${reg.ticketCode}`, { session: e.sessionIds[1] });
    expect(post.statusCode).toBe(303);
    expect(await attendanceOf(reg.id)).toEqual([{ session_id: e.sessionIds[1] }]);
    const shown = await staff.get(`/staff/check-in/${reg.ticketCode}`);
    expect(shown.body).toContain('Quinn Scanner is checked in.');
    expect(shown.body).not.toContain('Check in to Afternoon lab');

    const unknown = await staff.get('/staff/check-in/nosuchticketcode0000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('No ticket has this code');

    const gone = await aRegistration(ctx, {
      eventId: e.id,
      ticketTypeId: e.ticketTypeIds[0] ?? '',
      userId: (await createAccount(ctx, { name: 'Casey Gone' })).id,
      status: 'cancelled',
    });
    const cancelled = await staff.get(`/staff/check-in/${gone.ticketCode}`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.body).toContain('This ticket is cancelled');
    expect(cancelled.body).not.toContain('Check in to');
    const refused = await staff.postForm(`/staff/check-in/${gone.ticketCode}`, { session: e.sessionIds[0] });
    expect(refused.statusCode).toBe(409);
    expect(await attendanceOf(gone.id)).toHaveLength(0);
  });

  it('only programs staff (and admins) may check in: members, organization admins and finance are refused', async () => {
    const e = await eventNow();
    const person = await createAccount(ctx, { roles: ['member'] });
    const reg = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: person.id });
    for (const who of [{ roles: ['member' as const] }, { org: { role: 'admin' as const } }, { roles: ['finance' as const] }]) {
      const account = await createAccount(ctx, who);
      const c = ctx.client();
      await c.signIn(account.email);
      expect((await c.get(`/staff/check-in/${reg.ticketCode}`)).statusCode).toBe(403);
      expect((await c.postForm(`/staff/check-in/${reg.ticketCode}`, { session: e.sessionIds[0] })).statusCode).toBe(403);
    }
    // the attendee themself cannot check themself in either
    const self = ctx.client();
    await self.signIn(person.email);
    expect((await self.postForm(`/staff/events/${e.id}/check-in`, { registration: reg.id, session: e.sessionIds[0] })).statusCode).toBe(403);
    expect(await attendanceOf(reg.id)).toHaveLength(0);
  });
});

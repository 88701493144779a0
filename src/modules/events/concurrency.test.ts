// Capacity under contention: fifty people register at once for ten seats (on PostgreSQL the
// transactions really run in parallel): exactly ten get a seat and forty wait in line; a
// cancellation offers the seat to the first in line, and an offer that expires moves to the next.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { registerForEvent } from './registration.js';
import { cancelRegistration } from './registration-cancel.js';
import { acceptOffer, EXPIRE_OFFERS_QUEUE, expireOffers } from './waitlist.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const HOUR = 3_600_000;
const statuses = (eventId: string) =>
  ctx.deps.db
    .selectFrom('event_registrations')
    .select(['id', 'user_id', 'status', 'waitlisted_at'])
    .where('event_id', '=', eventId)
    .orderBy('waitlisted_at')
    .orderBy('id')
    .execute();
const inLine = async (eventId: string) => (await statuses(eventId)).filter((r) => r.status === 'waitlisted');

describe('registration under contention', () => {
  it('fifty simultaneous registrations for ten seats: ten registered, forty waitlisted; then offers move down the line', async () => {
    const event = await anEvent(ctx, { capacity: 10, offerHours: 24, tickets: [{ name: 'Free seat', memberCents: 0, nonmemberCents: 0 }] });
    const [ticketTypeId] = event.ticketTypeIds;
    if (!ticketTypeId) throw new Error('no ticket');
    const people = [];
    for (let i = 0; i < 50; i++) people.push(await createAccount(ctx, { name: `Racer ${i + 1}` }));
    const results = await Promise.all(people.map((p) => registerForEvent(ctx.deps, { eventId: event.id, userId: p.id, ticketTypeId })));
    const outcome = results.map((r) => r.registrations[0]?.status);
    expect(outcome.filter((s) => s === 'registered')).toHaveLength(10);
    expect(outcome.filter((s) => s === 'waitlisted')).toHaveLength(40);
    const rows = await statuses(event.id);
    expect(rows.filter((r) => r.status === 'registered')).toHaveLength(10);
    const line = await inLine(event.id);
    expect(line).toHaveLength(40);
    // The waitlist is a strict line: no two people share a place.
    expect(new Set(line.map((r) => r.waitlisted_at?.getTime())).size).toBe(40);
    // Each waitlisted outcome names its own place, 1 to 40.
    expect(
      results
        .map((r) => r.registrations[0]?.waitlistPosition)
        .filter((p) => p !== null)
        .sort((a, b) => Number(a) - Number(b)),
    ).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));

    // A registered person cancels: the first in line is offered the seat, by email.
    const registered = rows.find((r) => r.status === 'registered');
    if (!registered) throw new Error('none registered');
    const [first, second] = line;
    if (!first || !second) throw new Error('no line');
    await cancelRegistration(ctx.deps, { registrationId: registered.id, userId: registered.user_id });
    let now = await statuses(event.id);
    expect(now.find((r) => r.id === first.id)?.status).toBe('offered');
    expect(now.filter((r) => r.status === 'offered')).toHaveLength(1);
    const firstEmail = await ctx.deps.db.selectFrom('users').select('email').where('id', '=', first.user_id).executeTakeFirstOrThrow();
    const offerMail = await ctx.deps.db.selectFrom('outbox').select('body_text').where('to_address', '=', firstEmail.email).where('template', '=', 'events.seat_offered').execute();
    expect(offerMail).toHaveLength(1);
    expect(offerMail[0]?.body_text).toContain(`/me/events/${first.id}/accept`);

    // Before the deadline nothing expires; after it, the offer moves to the second in line.
    expect(await expireOffers(ctx.deps)).toBe(0);
    ctx.clock.advance(24 * HOUR + 1);
    const [a, b] = await Promise.all([expireOffers(ctx.deps), expireOffers(ctx.deps)]);
    expect(a + b).toBe(1); // two runs at once expire it once
    now = await statuses(event.id);
    expect(now.find((r) => r.id === first.id)?.status).toBe('cancelled');
    expect(now.find((r) => r.id === second.id)?.status).toBe('offered');
    expect(now.filter((r) => r.status === 'offered')).toHaveLength(1);
    await expect(acceptOffer(ctx.deps, { registrationId: first.id, userId: first.user_id })).rejects.toMatchObject({ code: 'events.no_offer' });

    // The second accepts: ten seats are taken again, thirty-eight wait.
    await acceptOffer(ctx.deps, { registrationId: second.id, userId: second.user_id });
    now = await statuses(event.id);
    expect(now.filter((r) => r.status === 'registered')).toHaveLength(10);
    expect(now.filter((r) => r.status === 'waitlisted')).toHaveLength(38);

    // The scheduled job does the same: the next offer, expired, moves on when the queue is worked.
    const third = (await inLine(event.id))[0];
    const leaving = now.find((r) => r.status === 'registered');
    if (!third || !leaving) throw new Error('no line');
    await cancelRegistration(ctx.deps, { registrationId: leaving.id, userId: leaving.user_id });
    ctx.clock.advance(24 * HOUR + 1);
    await ctx.deps.jobs.send(ctx.deps.db, EXPIRE_OFFERS_QUEUE, {});
    expect(await ctx.deps.jobs.drain(EXPIRE_OFFERS_QUEUE)).toBe(1);
    now = await statuses(event.id);
    expect(now.find((r) => r.id === third.id)?.status).toBe('cancelled');
    expect(now.filter((r) => r.status === 'offered')).toHaveLength(1);
  }, 120_000);

  it('a seat offered from the waitlist cannot be accepted once the event has started', async () => {
    const event = await anEvent(ctx, { capacity: 1, startsInHours: 10, cancelHoursBefore: 0, offerHours: 48, tickets: [{ name: 'Seat', memberCents: 0, nonmemberCents: 0 }] });
    const [holder, waiting] = [await createAccount(ctx), await createAccount(ctx)];
    const held = await registerForEvent(ctx.deps, { eventId: event.id, userId: holder.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const line = await registerForEvent(ctx.deps, { eventId: event.id, userId: waiting.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    await cancelRegistration(ctx.deps, { registrationId: held.registrations[0]?.registrationId ?? '', userId: holder.id });
    const offered = line.registrations[0]?.registrationId ?? '';
    expect((await statuses(event.id)).find((r) => r.id === offered)?.status).toBe('offered');
    ctx.clock.advance(11 * HOUR);
    await expect(acceptOffer(ctx.deps, { registrationId: offered, userId: waiting.id })).rejects.toMatchObject({ code: 'events.registration_closed' });
    expect((await statuses(event.id)).find((r) => r.id === offered)?.status).toBe('offered');
  });
});

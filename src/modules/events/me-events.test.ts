// My events: what each row says of a seat's money and where an event's row goes once its day has
// passed, whatever became of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aPayment } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { rowsOf } from '../../../test/html.js';
import { registerForEvent } from './registration.js';
import { cancelRegistration } from './registration-cancel.js';

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

describe('My events', () => {
  it('a cancelled seat whose paid invoice was credited in full says nothing is owed, not its price', async () => {
    const event = await anEvent(ctx, { title: 'Stormwater Basics', tickets: [{ name: 'Standard', memberCents: 10_000, nonmemberCents: 15_000 }] });
    const person = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    await aPayment(ctx, { invoiceId: r.invoice?.id ?? '', amountCents: 15_000 });
    await cancelRegistration(ctx.deps, { registrationId: r.registrations[0]?.registrationId ?? '', userId: person.id });
    const invoice = await ctx.deps.db
      .selectFrom('invoices')
      .select(['status', 'credited_cents', 'total_cents'])
      .where('id', '=', r.invoice?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(invoice).toEqual({ status: 'paid', credited_cents: 15_000, total_cents: 15_000 });

    const rows = rowsOf((await (await signedIn(person.email)).get('/me/events')).body, 'Upcoming events');
    const row = rows.find((cells) => cells[0] === 'Stormwater Basics');
    expect(row?.[4]).toBe('Credited: nothing to pay');
    expect(row?.[5]).toContain(`Invoice ${r.invoice?.number} (credited)`);
  });

  it('a cancelled event whose day has passed is in the past list, marked cancelled', async () => {
    const event = await anEvent(ctx, { title: 'Drought Planning Day', startsInHours: 24, tickets: [{ name: 'Free', memberCents: 0, nonmemberCents: 0 }] });
    const person = await createAccount(ctx, {});
    await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const staff = await signedIn((await createAccount(ctx, { roles: ['programs'] })).email);
    expect((await staff.postForm(`/staff/events/${event.id}/cancel`, { reason: 'The venue flooded.' })).statusCode).toBe(303);
    ctx.clock.set('2032-06-10T15:00:00Z');
    const page = (await (await signedIn(person.email)).get('/me/events')).body;
    expect(rowsOf(page, 'Upcoming events').some((cells) => cells[0] === 'Drought Planning Day')).toBe(false);
    const past = rowsOf(page, 'Past events').find((cells) => cells[0] === 'Drought Planning Day');
    expect(past?.[3]).toBe('Event cancelled: The venue flooded.');
  });
});

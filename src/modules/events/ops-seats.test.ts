// The registrations page's seats, read against the event's own limit: an event capped at two seats
// whose ticket type has no limit of its own is full at two, and the page says so instead of
// "no limit".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aRegistration } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('seats on the registrations page', () => {
  it('an event capped at two seats, its ticket type unlimited, shows 2 of 2 taken and full, not “no limit”', async () => {
    const e = await anEvent(ctx, { title: 'Small Room Workshop', capacity: 2 });
    const ticket = e.ticketTypeIds[0] ?? '';
    for (const name of ['Ana Seat', 'Ben Seat']) {
      const a = await createAccount(ctx, { name });
      await aRegistration(ctx, { eventId: e.id, ticketTypeId: ticket, userId: a.id });
    }
    const programs = await createAccount(ctx, { roles: ['programs'] });
    const staff = ctx.client();
    await staff.signIn(programs.email);
    const text = textOf((await staff.get(`/staff/events/${e.id}/registrations`)).body, 'main');
    expect(text).toContain('2 of 2 seats taken for the whole event: it is full, and new registrations join the waitlist.');
    expect(text).toContain('2 (no limit of its own)');
    expect(text).not.toContain('(no limit)');

    const open = await anEvent(ctx, { title: 'Open Webinar' });
    const text2 = textOf((await staff.get(`/staff/events/${open.id}/registrations`)).body, 'main');
    expect(text2).toContain('0 seats taken; the event has no overall limit.');
  });
});

// The change email says what opening its calendar copy does, of what really changed: the new time,
// the new place, both, or the new join link; and the edit of an event is refused to whoever may not
// make it, with a hostile venue written as text in the email and on the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { formValuesOf, textOf } from '../../../test/html.js';
import { registerForEvent } from './registration.js';

let ctx: TestContext;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2032-05-04T15:00:00Z');
  const programs = await createAccount(ctx, { roles: ['programs'] });
  staff = ctx.client();
  await staff.signIn(programs.email);
});
afterAll(async () => {
  await ctx?.close();
});

const FREE = { name: 'Free', memberCents: 0, nonmemberCents: 0 };
const PRICED = { name: 'Standard', memberCents: 10_000, nonmemberCents: 15_000 };
const NEW_TIME = { startsAt: '2032-05-12 13:00', endsAt: '2032-05-12 16:00' };
const NEW_PLACE = { venueName: 'Riverside Library' };
const NEW_LINK = { joinUrl: 'https://meet.example.org/j/999' };

async function saveEdit(eventId: string, changes: Record<string, string>) {
  const values = formValuesOf((await staff.get(`/staff/events/${eventId}/edit`)).body);
  return staff.postForm(`/staff/events/${eventId}/edit`, { ...values, ...changes });
}

/** One registrant's change email after an edit of `changes`: a free seat (its invitation sent) or
 * a seat whose invoice is unpaid (the calendar file). */
async function changeEmailAfter(o: { format: 'in_person' | 'online'; seat: 'free' | 'unpaid'; changes: Record<string, string> }) {
  const event = await anEvent(ctx, { title: 'Tree Canopy Workshop', format: o.format, tickets: [o.seat === 'free' ? FREE : PRICED] });
  const person = await createAccount(ctx, {});
  await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
  expect((await saveEdit(event.id, o.changes)).statusCode).toBe(303);
  return ctx.deps.db
    .selectFrom('outbox')
    .select(['subject', 'body_text', 'body_html'])
    .where('to_address', '=', person.email)
    .where('template', '=', 'events.event_changed')
    .executeTakeFirstOrThrow();
}

describe('the change email says what changed', () => {
  it.each([
    ['the time alone', 'in_person', 'free', NEW_TIME, 'time', 'The updated calendar invitation is attached: open it and your calendar moves the event to the new time.'],
    ['the place alone', 'in_person', 'free', NEW_PLACE, 'place', 'The updated calendar invitation is attached: open it and your calendar moves the event to the new place.'],
    [
      'the time and the place',
      'in_person',
      'free',
      { ...NEW_TIME, ...NEW_PLACE },
      'time and place',
      'The updated calendar invitation is attached: open it and your calendar moves the event to the new time and place.',
    ],
    [
      'the join link alone',
      'online',
      'free',
      NEW_LINK,
      'join link',
      'The updated calendar invitation is attached: open it and your calendar’s copy of the event gets the new join link.',
    ],
    [
      'the time and the join link',
      'online',
      'free',
      { ...NEW_TIME, ...NEW_LINK },
      'time and join link',
      'The updated calendar invitation is attached: open it and your calendar moves the event to the new time, with the new join link.',
    ],
    [
      'the place, to a seat awaiting its invoice',
      'in_person',
      'unpaid',
      NEW_PLACE,
      'place',
      'The updated calendar file is attached: open it and your calendar moves the event to the new place.',
    ],
  ] as const)('%s', async (_, format, seat, changes, subject, sentence) => {
    const mail = await changeEmailAfter({ format, seat, changes });
    expect(mail.subject).toBe(`Changed: Tree Canopy Workshop has a new ${subject}`);
    expect(mail.body_text).toContain(sentence);
  });

  it('a new join link, to a seat awaiting its invoice, says where it will be (its invitation is not sent yet)', async () => {
    const mail = await changeEmailAfter({ format: 'online', seat: 'unpaid', changes: NEW_LINK });
    expect(mail.body_text).toContain('The link to join online has changed: your ticket page shows the new one once your invoice is paid.');
    expect(mail.body_text).not.toContain('attached invitation');
    expect(mail.body_text).not.toContain('meet.example.org');
  });
});

describe('who may edit an event, and what a venue may hold', () => {
  it('members, organization admins and finance get a 403; an unknown event a 404; nothing changes', async () => {
    const event = await anEvent(ctx, { title: 'Guarded Event', tickets: [FREE] });
    const values = formValuesOf((await staff.get(`/staff/events/${event.id}/edit`)).body);
    for (const account of [await createAccount(ctx, {}), await createAccount(ctx, { org: { role: 'admin' } }), await createAccount(ctx, { roles: ['finance'] })]) {
      const c = ctx.client();
      await c.signIn(account.email);
      expect((await c.postForm(`/staff/events/${event.id}/edit`, { ...values, venueName: 'Elsewhere' })).statusCode).toBe(403);
    }
    expect((await staff.postForm('/staff/events/00000000-0000-4000-8000-000000000000/edit', values)).statusCode).toBe(404);
    const row = await ctx.deps.db.selectFrom('events').select(['venue_name', 'sequence']).where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ venue_name: 'City Hall, Council Chambers', sequence: 0 });
  });

  it('a hostile venue is text in the email and on the event’s pages', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const mail = await changeEmailAfter({ format: 'in_person', seat: 'free', changes: { venueName: hostile } });
    expect(mail.body_text).toContain(`now ${hostile},`);
    expect(mail.body_html).not.toContain('<script>');
    expect(mail.body_html).not.toContain('<img src=x');
    expect(mail.body_html).toContain('&lt;script');
    const event = await ctx.deps.db.selectFrom('events').select(['id', 'slug']).where('venue_name', '=', hostile).executeTakeFirstOrThrow();
    for (const url of [`/events/${event.slug}`, `/staff/events/${event.id}`, `/staff/events/${event.id}/edit`]) {
      const page = await staff.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('<script>alert');
      expect(page.body).not.toContain('<img src=x');
    }
    expect(textOf((await staff.get(`/events/${event.slug}`)).body, 'main')).toContain('<script>alert(1)</script>');
  });
});

// A change of a published event's time or place told to its waitlist too (once, no calendar file,
// still on the waitlist), and to no one who left it; the email's calendar sentence says what
// changed (the time, the place, both, or the join link); and the edit refused to those who may not
// make it, with a hostile venue escaped in the email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aRegistration } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { formValuesOf, textOf } from '../../../test/html.js';
import { registerForEvent } from './registration.js';
import { cancelRegistration } from './registration-cancel.js';

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

const FREE = [{ name: 'Free', memberCents: 0, nonmemberCents: 0 }];
const MOVED = { startsAt: '2032-05-12 13:00', endsAt: '2032-05-12 16:00' };

/** The change emails queued for one address: their subject, text and attachments. */
const changeMails = (email: string) =>
  ctx.deps.db
    .selectFrom('outbox')
    .select(['subject', 'body_text', 'body_html', 'attachments'])
    .where('to_address', '=', email)
    .where('template', '=', 'events.event_changed')
    .execute();

/** Saves the event's edit form with `changes`; answers the flash shown after it. */
async function edit(eventId: string, changes: Record<string, string>): Promise<string> {
  const values = formValuesOf((await staff.get(`/staff/events/${eventId}/edit`)).body);
  const saved = await staff.postForm(`/staff/events/${eventId}/edit`, { ...values, ...changes });
  expect(saved.statusCode).toBe(303);
  return textOf((await staff.get(String(saved.headers.location))).body, 'main');
}

async function registered(eventId: string, ticketTypeId: string) {
  const person = await createAccount(ctx, {});
  const r = await registerForEvent(ctx.deps, { eventId, userId: person.id, ticketTypeId });
  return { ...person, registrationId: r.registrations[0]?.registrationId ?? '', status: r.registrations[0]?.status };
}

describe('the waitlist hears of a new time or place', () => {
  it('emails each person on the waitlist once, saying they are still on it, with no calendar file; not who left it', async () => {
    const event = await anEvent(ctx, { title: 'Stormwater Basics', capacity: 1, tickets: FREE });
    const ticket = event.ticketTypeIds[0] ?? '';
    const holder = await registered(event.id, ticket);
    const waiting = await registered(event.id, ticket);
    const left = await registered(event.id, ticket);
    expect([holder.status, waiting.status, left.status]).toEqual(['registered', 'waitlisted', 'waitlisted']);
    await cancelRegistration(ctx.deps, { registrationId: left.registrationId, userId: left.id });

    const page = await staff.get(`/staff/events/${event.id}/edit`);
    expect(textOf(page.body, '#registrants-told')).toContain('One person is registered and one is on the waitlist.');

    expect(await edit(event.id, MOVED)).toContain('Event saved. We emailed what changed to 1 registered (with the updated calendar file) and 1 on the waitlist.');
    const mails = await changeMails(waiting.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail?.subject).toBe('Changed: Stormwater Basics has a new time');
    expect(mail?.body_text).toContain('We have changed Stormwater Basics, for which you are on the waitlist. What changed:');
    expect(mail?.body_text).toContain('When: was Tue, May 11, 2032, 10:00 AM – 1:00 PM CDT; now Wed, May 12, 2032, 1:00 PM – 4:00 PM CDT.');
    expect(mail?.body_text).toContain('You are still on the waitlist: if a seat frees up for you, we will email you an offer to accept.');
    expect(mail?.body_text).toContain('If you no longer want a seat, you can leave the waitlist under My events:');
    expect(mail?.body_text).not.toMatch(/calendar|attached/i);
    expect(mail?.attachments).toEqual([]);
    expect(await changeMails(left.email)).toEqual([]);
    expect(await changeMails(holder.email)).toHaveLength(1);

    // the audit row counts them apart
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select('after')
      .where('entity_id', '=', event.id)
      .where('action', '=', 'events.updated')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ registrantsTold: 1, waitlistTold: 1 });
  });

  it('a new join link alone is not the waitlist’s to hear of (they never see it)', async () => {
    const event = await anEvent(ctx, { title: 'Budget Webinar', format: 'online', capacity: 1, tickets: FREE });
    const ticket = event.ticketTypeIds[0] ?? '';
    await registered(event.id, ticket);
    const waiting = await registered(event.id, ticket);
    expect(await edit(event.id, { joinUrl: 'https://meet.example.org/j/999' })).toContain('Event saved. We emailed the person registered what changed');
    expect(await changeMails(waiting.email)).toEqual([]);
  });

  it('with only a waitlist, the edit page and the flash count them alone', async () => {
    const event = await anEvent(ctx, { title: 'Full House', tickets: FREE });
    const person = await createAccount(ctx, {});
    await aRegistration(ctx, { eventId: event.id, ticketTypeId: event.ticketTypeIds[0] ?? '', userId: person.id, status: 'waitlisted' });
    expect(textOf((await staff.get(`/staff/events/${event.id}/edit`)).body, '#registrants-told')).toContain(
      'One person is on the waitlist. If you change the start, end, time zone, format, venue or address, saving emails them what changed.',
    );
    expect(await edit(event.id, { venueName: 'Annex' })).toContain('Event saved. We emailed what changed to the person on the waitlist.');
    expect((await changeMails(person.email)).map((m) => m.subject)).toEqual(['Changed: Full House has a new place']);
  });

  it('a seat offered from the waitlist is counted apart from the registered: it gets no calendar file', async () => {
    const event = await anEvent(ctx, { title: 'Tree Canopy Day', capacity: 2, tickets: FREE });
    const ticket = event.ticketTypeIds[0] ?? '';
    const leaving = await registered(event.id, ticket);
    const staying = await registered(event.id, ticket);
    const offered = await registered(event.id, ticket);
    const waiting = await registered(event.id, ticket);
    await cancelRegistration(ctx.deps, { registrationId: leaving.registrationId, userId: leaving.id });
    const statusOf = async (id: string) => (await ctx.deps.db.selectFrom('event_registrations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect([await statusOf(staying.registrationId), await statusOf(offered.registrationId), await statusOf(waiting.registrationId)]).toEqual([
      'registered',
      'offered',
      'waitlisted',
    ]);

    // Before saving: three groups, and what each gets.
    expect(textOf((await staff.get(`/staff/events/${event.id}/edit`)).body, '#registrants-told')).toContain(
      'One person is registered, one is offered a seat from the waitlist, and one is on the waitlist. If you change the start, end, time zone, format, venue, address or join link, saving emails each of them what changed: those registered get an updated calendar file; an offered seat gets no calendar file until it is accepted; the waitlist hears only of a new time or place.',
    );
    // After saving: the offered seat is not among those sent the calendar file.
    expect(await edit(event.id, MOVED)).toContain(
      'Event saved. We emailed what changed to 1 registered (with the updated calendar file), 1 offered a seat (no calendar file until they accept it), and 1 on the waitlist.',
    );
    const [seatMail] = await changeMails(staying.email);
    const [offerMail] = await changeMails(offered.email);
    expect(seatMail?.attachments).toHaveLength(1);
    expect(offerMail?.attachments).toEqual([]);
    expect(offerMail?.body_text).toContain('Your offer still stands: accept it or turn it down under My events.');
    expect(await changeMails(waiting.email)).toHaveLength(1);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('after').where('entity_id', '=', event.id).where('action', '=', 'events.updated').executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ registrantsTold: 1, offeredTold: 1, waitlistTold: 1 });
  });
});

// When programs staff change a published event's time or place, each live registrant is emailed
// once what changed (old and new, in the event's own time zone) with the updated calendar file,
// whose SEQUENCE has gone up; a description-only edit, a draft and a past event tell no one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aPayment, aRegistration } from '../../../test/factories/index.js';
import { partsOf, startSmtp } from '../../../test/fakes/smtp-server.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { formValuesOf, textOf } from '../../../test/html.js';
import { EMAIL_QUEUE } from '../../lib/email.js';
import { registerForEvent } from './registration.js';
import { cancelRegistration } from './registration-cancel.js';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let staff: TestClient;

beforeAll(async () => {
  smtp = await startSmtp();
  ctx = await createTestContext({ env: { SMTP_URL: smtp.url } });
  ctx.clock.set('2032-05-04T15:00:00Z');
  const programs = await createAccount(ctx, { roles: ['programs'] });
  staff = ctx.client();
  await staff.signIn(programs.email);
});
afterAll(async () => {
  await ctx?.close();
  await smtp?.close();
});

const changedMails = (email: string) => smtp.received.filter((m) => m.to.includes(email) && /Subject: Changed:/.test(m.raw.replace(/\r\n[ \t]+/g, ' ')));
const textPart = (raw: string) =>
  partsOf(raw)
    .find((p) => /content-type:\s*text\/plain/i.test(p.headers))
    ?.body.replace(/\r\n/g, '\n') ?? '';
const calendarPart = (raw: string) => partsOf(raw).find((p) => /content-type:\s*text\/calendar/i.test(p.headers));

async function deliverAll() {
  await ctx.deps.jobs.drain(EMAIL_QUEUE);
}

describe('changing a published event’s time or place', () => {
  it('emails each live registrant once what changed, old and new in the event’s own zone, with the updated calendar file; SEQUENCE goes up', async () => {
    const event = await anEvent(ctx, {
      title: 'Heat Island Workshop',
      timeZone: 'America/Chicago',
      tickets: [
        { name: 'Standard', memberCents: 10_000, nonmemberCents: 15_000 },
        { name: 'Press', memberCents: 0, nonmemberCents: 0 },
      ],
    });
    const [standard = '', press = ''] = event.ticketTypeIds;
    const paid = await createAccount(ctx, {});
    const unpaid = await createAccount(ctx, {});
    const free = await createAccount(ctx, {});
    const gone = await createAccount(ctx, {});
    const rPaid = await registerForEvent(ctx.deps, { eventId: event.id, userId: paid.id, ticketTypeId: standard });
    await aPayment(ctx, { invoiceId: rPaid.invoice?.id ?? '', amountCents: 15_000 });
    await registerForEvent(ctx.deps, { eventId: event.id, userId: unpaid.id, ticketTypeId: standard });
    await registerForEvent(ctx.deps, { eventId: event.id, userId: free.id, ticketTypeId: press });
    const rGone = await registerForEvent(ctx.deps, { eventId: event.id, userId: gone.id, ticketTypeId: press });
    await cancelRegistration(ctx.deps, { registrationId: rGone.registrations[0]?.registrationId ?? '', userId: gone.id });
    await deliverAll();

    // Before saving, the edit page says who would be emailed, and how many.
    const edit = await staff.get(`/staff/events/${event.id}/edit`);
    expect(textOf(edit.body, '#registrants-told')).toContain('3 people are registered.');
    const values = formValuesOf(edit.body);

    // The description alone: nobody is told, the version stays.
    const described = await staff.postForm(`/staff/events/${event.id}/edit`, { ...values, description: 'Bring a water bottle.' });
    expect(described.statusCode).toBe(303);
    expect(textOf((await staff.get(String(described.headers.location))).body, 'main')).toContain('Event saved.');
    const sequenceOf = async () => (await ctx.deps.db.selectFrom('events').select('sequence').where('id', '=', event.id).executeTakeFirstOrThrow()).sequence;
    expect(await sequenceOf()).toBe(0);

    // A new day, hours and venue: three people told, the version raised.
    const moved = { ...values, description: 'Bring a water bottle.', startsAt: '2032-05-12 13:00', endsAt: '2032-05-12 16:00', venueName: 'Riverside Library' };
    const saved = await staff.postForm(`/staff/events/${event.id}/edit`, moved);
    expect(saved.statusCode).toBe(303);
    expect(textOf((await staff.get(String(saved.headers.location))).body, 'main')).toContain(
      'Event saved. We emailed the 3 people registered what changed, with the updated calendar file.',
    );
    expect(await sequenceOf()).toBe(1);
    // The same form again (a second press, a refresh): nothing changes, nobody is told again.
    const again = await staff.postForm(`/staff/events/${event.id}/edit`, moved);
    expect(textOf((await staff.get(String(again.headers.location))).body, 'main')).not.toContain('We emailed');
    expect(await sequenceOf()).toBe(1);

    // The delivery job run twice, and a message's job sent again: each person still gets one email.
    await deliverAll();
    const queued = await ctx.deps.db.selectFrom('outbox').select('id').where('template', '=', 'events.event_changed').execute();
    expect(queued).toHaveLength(3);
    for (const q of queued) await ctx.deps.jobs.send(ctx.deps.db, EMAIL_QUEUE, { outboxId: q.id });
    await deliverAll();
    for (const person of [paid, unpaid, free]) expect(changedMails(person.email)).toHaveLength(1);
    expect(changedMails(gone.email)).toHaveLength(0);

    const mail = changedMails(paid.email)[0]?.raw ?? '';
    expect(mail.replace(/\r\n[ \t]+/g, ' ')).toContain('Subject: Changed: Heat Island Workshop has a new time and place');
    const text = textPart(mail);
    expect(text).toContain('We have changed Heat Island Workshop, which you are registered for. What changed:');
    // in the event's own zone (Chicago), as its page writes it, not the association's (Eastern)
    expect(text).toContain('When: was Tue, May 11, 2032, 10:00 AM – 1:00 PM CDT; now Wed, May 12, 2032, 1:00 PM – 4:00 PM CDT.');
    expect(text).toContain('Where: was City Hall, Council Chambers, 100 Main St, Springfield, IL 62701; now Riverside Library, 100 Main St, Springfield, IL 62701.');
    expect(text).toContain('The updated calendar invitation is attached');
    expect(text).toContain(`The event: ${ctx.deps.config.publicUrl}/events/${event.slug}`);
    expect(text).not.toContain('Bring a water bottle');
    // the confirmed seat's invitation: the same UID, SEQUENCE 1, the new times
    const invitation = calendarPart(mail);
    expect(invitation?.headers).toMatch(/method=REQUEST/i);
    const ics = (invitation?.body ?? '').replace(/\r\n[ \t]/g, '');
    expect(ics).toContain(`UID:event-registration-${rPaid.registrations[0]?.registrationId}@civnet`);
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).toContain('DTSTART:20320512T180000Z');
    expect(ics).toContain('DTEND:20320512T210000Z');
    expect(ics).toContain('LOCATION:Riverside Library');

    // a seat waiting for its invoice gets the ticket page's file (no join link), also SEQUENCE 1
    const unpaidMail = changedMails(unpaid.email)[0]?.raw ?? '';
    expect(textPart(unpaidMail)).toContain('The updated calendar file is attached');
    const file = (calendarPart(unpaidMail)?.body ?? '').replace(/\r\n[ \t]/g, '');
    expect(file).toContain('METHOD:PUBLISH');
    expect(file).toContain('SEQUENCE:1');
    expect(file).toContain('DTSTART:20320512T180000Z');

    // the ticket page's Add to calendar carries the new version too
    const c = ctx.client();
    await c.signIn(paid.email);
    const download = await c.get(`/me/events/${rPaid.registrations[0]?.registrationId}/calendar.ics`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toContain('SEQUENCE:1');
    expect(download.body).toContain('DTSTART:20320512T180000Z');
  });

  it('a draft and an event that has ended tell no one', async () => {
    const draft = await anEvent(ctx, { title: 'Draft Day', published: false });
    const edit = await staff.get(`/staff/events/${draft.id}/edit`);
    expect(edit.body).not.toContain('registrants-told');
    const values = formValuesOf(edit.body);
    const res = await staff.postForm(`/staff/events/${draft.id}/edit`, { ...values, venueName: 'Annex' });
    expect(textOf((await staff.get(String(res.headers.location))).body, 'main')).not.toContain('We emailed');

    const past = await anEvent(ctx, { title: 'Past Day', startsInHours: -48, tickets: [{ name: 'Free', memberCents: 0, nonmemberCents: 0 }] });
    const attendee = await createAccount(ctx, {});
    await aRegistration(ctx, { eventId: past.id, ticketTypeId: past.ticketTypeIds[0] ?? '', userId: attendee.id });
    const pastValues = formValuesOf((await staff.get(`/staff/events/${past.id}/edit`)).body);
    const saved = await staff.postForm(`/staff/events/${past.id}/edit`, { ...pastValues, venueName: 'Annex' });
    expect(saved.statusCode).toBe(303);
    expect(await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', attendee.email).where('template', '=', 'events.event_changed').execute()).toEqual([]);
  });
});

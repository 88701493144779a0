// What a person is told when a seat ends: the cancellation of the calendar invitation they were
// sent (METHOD:CANCEL, with the invitation's own UID, so calendars take the event off), whether they
// cancelled, gave the ticket away, or programs staff cancelled the event; the cancel button pressed
// twice; the late-cancellation refusal that says whom to write to; the event-cancelled email's time
// written as every events page writes it, with a link to the other events.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aRegistration } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';
import { associationCache } from '../../caches.js';
import { registerForEvent } from './registration.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2032-03-02T15:00:00Z');
});
afterAll(() => ctx?.close());

async function signedIn(email: string): Promise<TestClient> {
  const c = ctx.client();
  await c.signIn(email);
  return c;
}
const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text', 'attachments']).where('to_address', '=', email).where('template', '=', template).orderBy('created_at').execute();

/** The calendar file attached to the newest email of a template, parsed: its method and its event's UID. */
async function calendarOf(email: string, template: string): Promise<{ method: string; uid: string; status: string } | null> {
  const mails = await mailTo(email, template);
  const mail = mails[mails.length - 1];
  if (!mail) throw new Error(`no ${template} email to ${email}`);
  const [file] = await ctx.deps.mail.renderAttachments(mail.attachments);
  if (!file) return null;
  expect(file.filename).toBe('invitation.ics');
  const cal = new ICAL.Component(ICAL.parse(file.content.toString('utf8')));
  const vevent = cal.getFirstSubcomponent('vevent');
  return { method: String(cal.getFirstPropertyValue('method')), uid: String(vevent?.getFirstPropertyValue('uid')), status: String(vevent?.getFirstPropertyValue('status')) };
}

const FREE = [{ name: 'Seat', memberCents: 0, nonmemberCents: 0 }];

/** What a promise gave, or 'no answer' if it gave nothing for a long while (a wait that never ends). */
const answered = <T>(p: Promise<T>): Promise<T | 'no answer'> => Promise.race([p, new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), 10_000).unref())]);

describe('a seat that ends takes the event off the calendar', () => {
  it('a confirmed registrant who cancels gets the invitation’s cancellation, with the same UID; an unconfirmed one gets no calendar file', async () => {
    const event = await anEvent(ctx, { title: 'Flood Mapping Webinar', format: 'online', tickets: FREE });
    const person = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const sent = await calendarOf(person.email, 'events.confirmed');
    expect(sent?.method).toBe('REQUEST');
    const c = await signedIn(person.email);
    const res = await c.postForm(`/me/events/${r.registrations[0]?.registrationId}/cancel`, {});
    expect(res.statusCode).toBe(303);
    const cancelled = await calendarOf(person.email, 'events.cancelled');
    expect(cancelled).toEqual({ method: 'CANCEL', uid: sent?.uid, status: 'CANCELLED' });

    // A priced seat never paid: no invitation was sent, so there is none to cancel.
    const priced = await anEvent(ctx, { title: 'Paid Workshop' });
    const other = await createAccount(ctx, {});
    const ro = await registerForEvent(ctx.deps, { eventId: priced.id, userId: other.id, ticketTypeId: priced.ticketTypeIds[0] ?? '' });
    const co = await signedIn(other.email);
    expect((await co.postForm(`/me/events/${ro.registrations[0]?.registrationId}/cancel`, {})).statusCode).toBe(303);
    expect(await calendarOf(other.email, 'events.cancelled')).toBeNull();
  });

  it('giving a confirmed ticket away cancels the giver’s invitation', async () => {
    const event = await anEvent(ctx, { title: 'Transit Planning Forum', tickets: FREE });
    const from = await createAccount(ctx, {});
    const to = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: from.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const sent = await calendarOf(from.email, 'events.confirmed');
    const c = await signedIn(from.email);
    expect((await c.postForm(`/me/events/${r.registrations[0]?.registrationId}/transfer`, { email: to.email })).statusCode).toBe(303);
    expect(await calendarOf(from.email, 'events.transferred_away')).toEqual({ method: 'CANCEL', uid: sent?.uid, status: 'CANCELLED' });
  });

  it('programs staff cancel an event: confirmed registrants get the cancellation of their invitation, the waitlist none; the email writes the time as the pages do and links to the events', async () => {
    const event = await anEvent(ctx, { title: 'Heat Readiness Workshop', tickets: FREE, timeZone: 'America/Denver' });
    const confirmed = await createAccount(ctx, {});
    const waiting = await createAccount(ctx, {});
    await registerForEvent(ctx.deps, { eventId: event.id, userId: confirmed.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    await aRegistration(ctx, { eventId: event.id, ticketTypeId: event.ticketTypeIds[0] ?? '', userId: waiting.id, status: 'waitlisted' });
    const sent = await calendarOf(confirmed.email, 'events.confirmed');
    const programs = await createAccount(ctx, { roles: ['programs'] });
    const staff = await signedIn(programs.email);
    expect((await staff.postForm(`/staff/events/${event.id}/cancel`, { reason: 'The venue flooded.' })).statusCode).toBe(303);

    expect(await calendarOf(confirmed.email, 'events.event_cancelled')).toEqual({ method: 'CANCEL', uid: sent?.uid, status: 'CANCELLED' });
    expect(await calendarOf(waiting.email, 'events.event_cancelled')).toBeNull();
    const [mail] = await mailTo(confirmed.email, 'events.event_cancelled');
    // "Tue, Mar 9, 2032, 3:00 PM – 6:00 PM MST", as on the event's page and in every other email
    expect(mail?.body_text).toMatch(/\((Mon|Tue|Wed|Thu|Fri|Sat|Sun), [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M – \d{1,2}:\d{2} [AP]M M[SD]T\)/);
    expect(mail?.body_text).toContain(`${ctx.deps.config.publicUrl}/events`);

    // My events says the event was cancelled (not a bare 'Cancelled', as if they had), and offers
    // no action: the Actions cell is empty, so a phone's stacked table hides it and its label
    const mine = await signedIn(confirmed.email);
    const row = [...dom((await mine.get('/me/events')).body).querySelectorAll('main tbody tr')].find((tr) => tr.textContent?.includes('Heat Readiness Workshop'));
    const cell = (label: string) => row?.querySelector(`td[data-label="${label}"] .cell-value`);
    expect(cell('Status')?.textContent).toBe('Event cancelled: The venue flooded.');
    expect(cell('Actions')?.innerHTML).toBe('');
  });
});

describe('the reason staff gave for cancelling an event', () => {
  it('is shown, escaped, to its registrants: on My events, on the ticket and on the event’s page; whoever had cancelled before reads that the event was cancelled later; a stranger and a visitor do not see it', async () => {
    const event = await anEvent(ctx, { title: 'Levee Inspection Day', tickets: FREE });
    const ticketTypeId = event.ticketTypeIds[0] ?? '';
    const holder = await createAccount(ctx, {});
    const early = await createAccount(ctx, {});
    const stranger = await createAccount(ctx, {});
    const held = await registerForEvent(ctx.deps, { eventId: event.id, userId: holder.id, ticketTypeId });
    const left = await registerForEvent(ctx.deps, { eventId: event.id, userId: early.id, ticketTypeId });
    const e = await signedIn(early.email);
    expect((await e.postForm(`/me/events/${left.registrations[0]?.registrationId}/cancel`, {})).statusCode).toBe(303);
    const reason = 'The levee <b>failed</b> & the road is "closed".';
    const staff = await signedIn((await createAccount(ctx, { roles: ['programs'] })).email);
    expect((await staff.postForm(`/staff/events/${event.id}/cancel`, { reason })).statusCode).toBe(303);

    const statusOn = async (c: TestClient) => {
      const row = [...dom((await c.get('/me/events')).body).querySelectorAll('main tbody tr')].find((tr) => tr.textContent?.includes('Levee Inspection Day'));
      return row?.querySelector('td[data-label="Status"] .cell-value')?.textContent;
    };
    const h = await signedIn(holder.email);
    expect(await statusOn(h)).toBe(`Event cancelled: ${reason}`);
    expect(await statusOn(e)).toBe(`Cancelled. The event was later cancelled: ${reason}`);
    const mine = await h.get('/me/events');
    expect(mine.body).not.toContain('<b>failed</b>');

    const ticket = await h.get(`/tickets/${held.registrations[0]?.ticketCode}`);
    expect(ticket.statusCode).toBe(200);
    expect(textOf(ticket.body, 'main')).toContain(`Event cancelled: ${reason}`);

    const page = await h.get(`/events/${event.slug}`);
    const warning = textOf(page.body, '.warning');
    expect(warning).toMatch(/^This event has been cancelled\. It was cancelled on .+ and will not take place\. Registration is closed\./);
    expect(warning).toContain(`Why: ${reason}`);
    expect(page.body).not.toContain('<b>failed</b>');
    expect(textOf((await e.get(`/events/${event.slug}`)).body, 'main')).toContain(`Why: ${reason}`);
    for (const c of [await signedIn(stranger.email), ctx.client()]) {
      const text = textOf((await c.get(`/events/${event.slug}`)).body, 'main');
      expect(text).toContain('This event has been cancelled.');
      expect(text).not.toContain('the road is');
    }
  });
});

describe('cancelling one’s registration', () => {
  it('pressing the button twice lands on my events, which says the registration is cancelled, rather than on an error', async () => {
    const event = await anEvent(ctx, { title: 'Stormwater Basics', tickets: FREE });
    const person = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const c = await signedIn(person.email);
    const path = `/me/events/${r.registrations[0]?.registrationId}/cancel`;
    expect((await c.postForm(path, {})).statusCode).toBe(303);
    const again = await c.postForm(path, {});
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/me/events');
    expect(textOf((await c.get('/me/events')).body, 'main')).toContain('Your registration for Stormwater Basics is cancelled.');
    // once: one email, one audit row
    expect(await mailTo(person.email, 'events.cancelled')).toHaveLength(1);
  });

  it('opening Cancel or Transfer again for one’s own ended registration (the back button, an old link) lands on my events saying so, not on “no such registration”', async () => {
    const event = await anEvent(ctx, { title: 'Culvert Care Clinic', tickets: FREE });
    const person = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const c = await signedIn(person.email);
    const id = r.registrations[0]?.registrationId;
    expect((await c.postForm(`/me/events/${id}/cancel`, {})).statusCode).toBe(303);
    await c.get('/me/events'); // the first flash, read
    for (const path of [`/me/events/${id}/cancel`, `/me/events/${id}/transfer`]) {
      const again = await c.get(path);
      expect(again.statusCode).toBe(303);
      expect(again.headers.location).toBe('/me/events');
      expect(textOf((await c.get('/me/events')).body, 'main')).toContain('Your registration for Culvert Care Clinic is already cancelled: there is nothing more to do.');
    }
    // another person's registration stays unknown to them, with a way to their own
    const stranger = await signedIn((await createAccount(ctx, {})).email);
    const theirs = await stranger.get(`/me/events/${id}/cancel`);
    expect(theirs.statusCode).toBe(404);
    const main = dom(theirs.body).querySelector('main');
    expect(main?.text).toContain('There is no such registration among yours.');
    expect(main?.querySelectorAll('a').map((a) => [a.text.trim(), a.getAttribute('href')])).toContainEqual(['Go to My events', '/me/events']);
    expect(main?.text).not.toContain('Culvert Care Clinic');
  });

  it('the confirmation’s button says what it does, and the way back is “Keep my seat”, not a second “Cancel”', async () => {
    const event = await anEvent(ctx, { title: 'Snow Removal Roundtable', tickets: FREE, capacity: 1 });
    const person = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const c = await signedIn(person.email);
    const page = await c.get(`/me/events/${r.registrations[0]?.registrationId}/cancel`);
    expect(page.statusCode).toBe(200);
    const form = dom(page.body).querySelector('main form');
    expect(form?.querySelectorAll('button').map((b) => b.text.trim())).toEqual(['Yes, cancel my seat']);
    const back = form?.querySelectorAll('a').map((a) => [a.text.trim(), a.getAttribute('href')]);
    expect(back).toEqual([['Keep my seat', '/me/events']]);

    // the waitlist: leaving it, or staying on it
    const waiting = await createAccount(ctx, {});
    const w = await registerForEvent(ctx.deps, { eventId: event.id, userId: waiting.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    expect(w.registrations[0]?.status).toBe('waitlisted');
    const wc = await signedIn(waiting.email);
    const wform = dom((await wc.get(`/me/events/${w.registrations[0]?.registrationId}/cancel`)).body).querySelector('main form');
    expect(wform?.querySelectorAll('button').map((b) => b.text.trim())).toEqual(['Yes, leave the waitlist']);
    expect(wform?.querySelectorAll('a').map((a) => a.text.trim())).toEqual(['Stay on the waitlist']);
  });

  it('too late to cancel: the page says so beside the button’s place and names the address to write to', async () => {
    const event = await anEvent(ctx, { title: 'Budget Season Kickoff', tickets: FREE, cancelHoursBefore: 48, startsInHours: 24 });
    const person = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const c = await signedIn(person.email);
    const path = `/me/events/${r.registrations[0]?.registrationId}/cancel`;
    const association = await ctx.deps.association.get();
    const page = await c.get(path);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body, 'main');
    expect(text).toContain('can be cancelled up to 48 hours before the event starts');
    expect(text).toContain(association.contact_email);
    expect(page.body).not.toContain('Yes, cancel my seat');
    expect(dom(page.body).querySelector('main form')).toBeNull();
    const late = await c.postForm(path, {});
    expect(late.statusCode).toBe(409);
    expect(textOf(late.body, 'main')).toContain(association.contact_email);
    const row = await ctx.deps.db
      .selectFrom('event_registrations')
      .select('status')
      .where('id', '=', r.registrations[0]?.registrationId ?? '')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('registered');
  });
});

describe('the late refusal on a cold association cache', () => {
  it('answers at once when the association must be read from the database (a process just started, or settings changed): the refusal reads it through its own transaction', async () => {
    const event = await anEvent(ctx, { title: 'Bridge Load Rating Day', tickets: FREE, cancelHoursBefore: 48, startsInHours: 24 });
    const person = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const c = await signedIn(person.email);
    const contact = (await ctx.deps.association.get()).contact_email;
    // A cache that has read nothing yet, as a process just started has: its first get() goes to the
    // database. On PGlite (one connection) a read on the root handle inside the cancellation's
    // transaction would wait for that transaction forever.
    const kept = ctx.deps.association;
    ctx.deps.association = associationCache(ctx.deps.db, 30_000, ctx.clock, ctx.deps.changes);
    try {
      const late = await answered(c.postForm(`/me/events/${r.registrations[0]?.registrationId}/cancel`, {}));
      if (late === 'no answer') throw new Error('the late cancellation gave no answer');
      expect(late.statusCode).toBe(409);
      expect(textOf(late.body, 'main')).toContain(contact);
    } finally {
      ctx.deps.association = kept;
    }
  });
});

describe('after the seat or the event is gone', () => {
  it('Transfer pressed twice lands on My events saying the ticket was already transferred, not on a 409', async () => {
    const event = await anEvent(ctx, { title: 'Culvert Inspection Day', tickets: FREE });
    const from = await createAccount(ctx, {});
    const to = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: from.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const c = await signedIn(from.email);
    const path = `/me/events/${r.registrations[0]?.registrationId}/transfer`;
    expect((await c.postForm(path, { email: to.email })).statusCode).toBe(303);
    const again = await c.postForm(path, { email: to.email });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/me/events');
    expect(textOf((await c.get('/me/events')).body, 'main')).toContain('Your ticket for Culvert Inspection Day was already transferred; we emailed you both when it was.');
    // once: one seat for the new holder, one email each
    const seats = await ctx.deps.db.selectFrom('event_registrations').select('status').where('event_id', '=', event.id).where('user_id', '=', to.id).execute();
    expect(seats).toEqual([{ status: 'registered' }]);
    expect(await mailTo(from.email, 'events.transferred_away')).toHaveLength(1);
  });

  it('a cancelled event’s pages offer no Check-in, and say why; “Message registrants” stays, for the people the cancellation ended (cancel-emails.test.ts)', async () => {
    const event = await anEvent(ctx, { title: 'Levee Walk', tickets: FREE });
    const person = await createAccount(ctx, {});
    await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const programs = await createAccount(ctx, { roles: ['programs'] });
    const staff = await signedIn(programs.email);
    const links = (html: string) =>
      dom(html)
        .querySelectorAll('main a')
        .map((a) => a.text.trim());
    expect(links((await staff.get(`/staff/events/${event.id}/registrations`)).body)).toContain('Message registrants');
    expect(links((await staff.get(`/staff/events/${event.id}/registrations`)).body)).toContain('Check-in');
    expect(links((await staff.get(`/staff/events/${event.id}`)).body)).toContain('Check-in');
    // the event's own page leads to its cancellation, as its registrations page does
    const cancelLink = dom((await staff.get(`/staff/events/${event.id}`)).body)
      .querySelectorAll('main a')
      .find((a) => a.text.trim() === 'Cancel the event');
    expect(cancelLink?.getAttribute('href')).toBe(`/staff/events/${event.id}/cancel`);
    expect((await staff.get(`/staff/events/${event.id}/cancel`)).statusCode).toBe(200);
    expect((await staff.postForm(`/staff/events/${event.id}/cancel`, { reason: 'The levee is under repair.' })).statusCode).toBe(303);
    const page = await staff.get(`/staff/events/${event.id}/registrations`);
    expect(links(page.body)).toContain('Message registrants');
    // no Check-in: checking in to a cancelled event is refused
    expect(links(page.body)).not.toContain('Check-in');
    expect(links((await staff.get(`/staff/events/${event.id}`)).body)).not.toContain('Check-in');
    expect(links((await staff.get(`/staff/events/${event.id}`)).body)).not.toContain('Cancel the event');
    expect(textOf(page.body, 'main')).toContain('Nobody is registered any more: canceling the event ended every seat');
  });
});

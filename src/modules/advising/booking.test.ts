// Booking the first meeting through HTTP: one slot, two people at once (one meeting, a 409 with
// fresh slots for the other); the invitations parse with ical.js (organizer, attendees, times,
// METHOD); a reschedule keeps the UID and raises SEQUENCE; a cancellation sends METHOD:CANCEL;
// the advisor sees the meeting; the reminder of a meeting not booked in 14 days goes once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdvisor, anAssignedMember, signedIn, staffClient } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, slotValues, textOf, textsOf } from '../../../test/html.js';
import { invitationsTo } from '../../../test/readers.js';
import { REMINDERS_QUEUE, registerAdvisingJobs, sendBookingReminders } from './advisor.js';

let ctx: TestContext;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-11-23T15:00:00Z'); // a Monday
  staff = await staffClient(ctx, 'membership');
});
afterAll(() => ctx?.close());

const WEEKDAY_MORNINGS: Array<[number, string, string]> = [1, 2, 3, 4, 5].map((d) => [d, '09:00', '12:00']);
const bookedAt = (advisorId: string, start: string) =>
  ctx.deps.db
    .selectFrom('meetings')
    .select(['id', 'organization_id'])
    .where('advisor_user_id', '=', advisorId)
    .where('starts_at', '=', new Date(start))
    .where('status', '=', 'booked')
    .execute();

describe('booking a slot', () => {
  it('two contacts of two organizations booking the same slot at once: one meeting, the other gets 409 and fresh slots', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Vera Vance', states: ['IL'], windows: WEEKDAY_MORNINGS });
    const a = await anAssignedMember(ctx, staff, advisor.id);
    const b = await anAssignedMember(ctx, staff, advisor.id);
    const [ca, cb] = [a.contacts[0]?.client, b.contacts[0]?.client];
    if (!ca || !cb) throw new Error('no contacts');
    const page = await ca.get(`/org/meetings?org=${a.organizationId}`);
    expect(page.statusCode).toBe(200);
    // the way back names the organization
    const { name } = await ctx.deps.db.selectFrom('organizations').select('name').where('id', '=', a.organizationId).executeTakeFirstOrThrow();
    expect(dom(page.body).querySelector(`main a[href="/org?org=${a.organizationId}"]`)?.textContent).toBe(`Back to ${name}`);
    const slot = slotValues(page.body)[0] ?? '';
    // The first slot: Tuesday 24 November, 09:00 in Chicago (the lead time rules out Monday).
    expect(slot).toBe('2026-11-24T15:00:00.000Z');

    const results = await Promise.all([ca.postForm('/org/meetings', { org: a.organizationId, slot }), cb.postForm('/org/meetings', { org: b.organizationId, slot })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 409]);
    expect(await bookedAt(advisor.id, slot)).toHaveLength(1);
    const loser = results.find((r) => r.statusCode === 409);
    expect(loser?.body).toContain('That time was just taken');
    const fresh = slotValues(loser?.body ?? '');
    // the picker shows a few days at a time: the first days' times still open
    expect(fresh.length).toBeGreaterThan(5);
    expect(fresh).not.toContain(slot);
    expect(fresh[0]).toBe('2026-11-24T16:00:00.000Z');
  });

  it('two contacts of one organization booking at once get one first meeting between them', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Walt Weiss', states: ['IL'], windows: WEEKDAY_MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id, { contacts: 2 });
    const [c1, c2] = org.contacts.map((c) => c.client);
    if (!c1 || !c2) throw new Error('no contacts');
    const results = await Promise.all([
      c1.postForm('/org/meetings', { org: org.organizationId, slot: '2026-11-25T15:00:00.000Z' }),
      c2.postForm('/org/meetings', { org: org.organizationId, slot: '2026-11-26T15:00:00.000Z' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 409]);
    const meetings = await ctx.deps.db.selectFrom('meetings').select('id').where('organization_id', '=', org.organizationId).where('status', '=', 'booked').execute();
    expect(meetings).toHaveLength(1);
  });

  it('a time chosen just before it falls inside the lead time is still booked; an hour later it is refused', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Yves Young', states: ['IL'], windows: WEEKDAY_MORNINGS });
    const x = await anAssignedMember(ctx, staff, advisor.id);
    const y = await anAssignedMember(ctx, staff, advisor.id);
    const [cx, cy] = [x.contacts[0]?.client, y.contacts[0]?.client];
    if (!cx || !cy) throw new Error('no contacts');
    try {
      ctx.clock.set('2026-11-23T14:59:50Z');
      const slot = slotValues((await cx.get(`/org/meetings?org=${x.organizationId}`)).body)[0];
      expect(slot).toBe('2026-11-24T15:00:00.000Z');
      ctx.clock.set('2026-11-23T15:00:10Z');
      expect((await cx.postForm('/org/meetings', { org: x.organizationId, slot })).statusCode).toBe(303);
      // Tuesday 16:00Z fell inside the lead time at Monday 16:00Z; at 17:05Z it is gone (the
      // page read at 16:30Z keeps the session from idling out).
      ctx.clock.set('2026-11-23T16:30:00Z');
      expect((await cy.get(`/org/meetings?org=${y.organizationId}`)).statusCode).toBe(200);
      ctx.clock.set('2026-11-23T17:05:00Z');
      expect((await cy.postForm('/org/meetings', { org: y.organizationId, slot: '2026-11-24T16:00:00.000Z' })).statusCode).toBe(409);
    } finally {
      ctx.clock.set('2026-11-23T15:00:00Z');
    }
  });

  it('a time that is not an open slot is refused; no choice re-renders the picker with a message beside it', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Xena Xu', states: ['IL'], windows: WEEKDAY_MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id);
    const c = org.contacts[0]?.client;
    if (!c) throw new Error('no contact');
    const none = await c.postForm('/org/meetings', { org: org.organizationId });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose one of the times listed.');
    expect(textsOf(none.body, 'legend')).toContain('Choose a time');
    // Saturday; 08:00 Chicago (outside the window); today (inside the 24-hour lead); beyond three weeks.
    for (const slot of ['2026-11-28T15:00:00.000Z', '2026-11-24T14:00:00.000Z', '2026-11-23T16:00:00.000Z', '2026-12-16T15:00:00.000Z']) {
      const res = await c.postForm('/org/meetings', { org: org.organizationId, slot });
      expect(res.statusCode).toBe(409);
    }
    expect(await ctx.deps.db.selectFrom('meetings').select('id').where('organization_id', '=', org.organizationId).execute()).toHaveLength(0);
  });

  it('days away are not offered, and slots stop three weeks ahead', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Yuri Yates', states: ['IL'], windows: WEEKDAY_MORNINGS });
    expect((await advisor.client.postForm('/staff/advising/exceptions', { date: '2026-11-24', from: '', until: '', note: '' })).statusCode).toBe(303);
    expect((await advisor.client.postForm('/staff/advising/exceptions', { date: '2026-11-25', from: '10:00', until: '11:00', note: '' })).statusCode).toBe(303);
    const org = await anAssignedMember(ctx, staff, advisor.id);
    const c = org.contacts[0]?.client;
    if (!c) throw new Error('no contact');
    const slots = slotValues((await c.get(`/org/meetings/new?org=${org.organizationId}`)).body);
    // (Thursday 26 November is Thanksgiving: no slots)
    expect(slots.slice(0, 3)).toEqual(['2026-11-25T15:00:00.000Z', '2026-11-25T17:00:00.000Z', '2026-11-27T15:00:00.000Z']);
    expect(slots.some((s) => s.startsWith('2026-11-26'))).toBe(false);
    // Three weeks ahead at most (the panel lists every open time; the picker a few days a page).
    expect(slotValues((await c.get(`/org/meetings?org=${org.organizationId}`)).body).at(-1)).toBe('2026-12-14T15:00:00.000Z');
    expect(slotValues((await c.get(`/org/meetings/new?org=${org.organizationId}&from=2026-12-14`)).body).at(-1)).toBe('2026-12-14T15:00:00.000Z');
  });
});

describe('the organization home', () => {
  it('shows the advisor with contact details and a time picker, then the booked meeting in the organization’s time', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Bo Bright', states: ['IL'], windows: WEEKDAY_MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id, { zone: 'America/Denver' });
    const c = org.contacts[0]?.client;
    if (!c) throw new Error('no contact');
    const home = await c.get(`/org?org=${org.organizationId}`);
    expect(home.statusCode).toBe(200);
    const section = home.body.slice(home.body.indexOf('<section id="advisor"'));
    expect(section).toContain('Your advisor');
    expect(section).toContain('Bo Bright');
    expect(section).toContain(`mailto:${advisor.email}`);
    expect(section).toContain('(555) 010-0000');
    expect(textOf(section, 'label[for="f-slot"]')).toBe('Choose a time');
    expect(dom(section).querySelector('optgroup[label="Tuesday, November 24, 2026"]')).not.toBeNull();
    expect(section).toContain('8:00 AM to 9:00 AM MST');
    // the zone in words, not its code
    expect(section).toContain('Times are in your organization’s time zone: Mountain (Denver).');
    const booked = await c.postForm('/org/meetings', { org: org.organizationId, slot: '2026-11-24T15:00:00.000Z' });
    expect(booked.statusCode).toBe(303);
    const after = await c.get(`/org?org=${org.organizationId}`);
    expect(after.body).toContain('Tuesday, November 24, 2026, 8:00 AM to 9:00 AM MST');
    expect(after.body).toContain('Move the meeting to another time');
  });
});

describe('invitations', () => {
  it('booking, moving and cancelling send iCalendar files to both sides: same UID, SEQUENCE up, REQUEST then CANCEL', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Zara Zane', states: ['IL'], windows: WEEKDAY_MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id, { zone: 'America/New_York', contacts: 2 });
    const [first, second] = org.contacts;
    if (!first || !second) throw new Error('no contacts');
    const booked = await first.client.postForm('/org/meetings', { org: org.organizationId, slot: '2026-11-24T15:00:00.000Z' });
    expect(booked.statusCode).toBe(303);
    expect(booked.headers.location).toBe(`/org/meetings?org=${org.organizationId}`);
    // The organization sees its own local time (New York), the advisor theirs (Chicago).
    const home = await first.client.get(`/org/meetings?org=${org.organizationId}`);
    expect(home.body).toContain('Tuesday, November 24, 2026, 10:00 AM to 11:00 AM EST');
    const mine = await advisor.client.get('/staff/advising');
    expect(mine.body).toContain('Tuesday, November 24, 2026, 9:00 AM to 10:00 AM CST');

    const contactEmails = [first.email, second.email].map((e) => e.toLowerCase());
    for (const email of [first.email, second.email, advisor.email]) {
      const [inv] = await invitationsTo(ctx, email);
      expect(inv).toMatchObject({ method: 'REQUEST', sequence: 0, status: 'CONFIRMED', start: '2026-11-24T15:00:00.000Z', end: '2026-11-24T16:00:00.000Z' });
      expect(inv?.organizer).toBe(`mailto:${advisor.email.toLowerCase()}`);
      expect(inv?.attendees).toEqual(expect.arrayContaining([...contactEmails.map((e) => `mailto:${e}`), `mailto:${advisor.email.toLowerCase()}`]));
      expect(inv?.contentType).toBe('text/calendar; method=REQUEST; charset=UTF-8');
    }
    const uid = (await invitationsTo(ctx, advisor.email))[0]?.uid;
    expect(uid).toMatch(/@civnet\.test$/);

    const meeting = await ctx.deps.db.selectFrom('meetings').select('id').where('organization_id', '=', org.organizationId).executeTakeFirstOrThrow();
    const picker = await second.client.get(`/org/meetings/${meeting.id}/reschedule`);
    expect(picker.statusCode).toBe(200);
    expect(slotValues(picker.body)).not.toContain('2026-11-24T15:00:00.000Z');
    const moved = await second.client.postForm(`/org/meetings/${meeting.id}/reschedule`, { slot: '2026-11-27T16:00:00.000Z' });
    expect(moved.statusCode).toBe(303);
    const afterMove = await invitationsTo(ctx, first.email, 'advising.meeting_rescheduled');
    expect(afterMove).toHaveLength(1);
    expect(afterMove[0]).toMatchObject({ method: 'REQUEST', uid, sequence: 1, start: '2026-11-27T16:00:00.000Z', end: '2026-11-27T17:00:00.000Z' });
    expect((await invitationsTo(ctx, advisor.email, 'advising.meeting_rescheduled'))[0]).toMatchObject({ uid, sequence: 1 });
    // The old slot is free again for others.
    expect(slotValues((await first.client.get(`/org/meetings/${meeting.id}/reschedule`)).body)).toContain('2026-11-24T15:00:00.000Z');

    // Cancelling goes through a confirmation page, linked from the panel, that names the meeting.
    expect((await first.client.get(`/org/meetings?org=${org.organizationId}`)).body).toContain(`href="/org/meetings/${meeting.id}/cancel"`);
    const confirm = await first.client.get(`/org/meetings/${meeting.id}/cancel`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Cancel the meeting with your advisor?');
    expect(confirm.body).toContain(`action="/org/meetings/${meeting.id}/cancel"`);
    const cancelled = await first.client.postForm(`/org/meetings/${meeting.id}/cancel`, {});
    expect(cancelled.statusCode).toBe(303);
    for (const email of [first.email, advisor.email]) {
      const [inv] = await invitationsTo(ctx, email, 'advising.meeting_cancelled');
      expect(inv).toMatchObject({ method: 'CANCEL', uid, sequence: 2, status: 'CANCELLED', start: '2026-11-27T16:00:00.000Z' });
      expect(inv?.contentType).toBe('text/calendar; method=CANCEL; charset=UTF-8');
    }
    // Cancelling twice is a conflict, and the organization can book again.
    expect((await first.client.postForm(`/org/meetings/${meeting.id}/cancel`, {})).statusCode).toBe(409);
    expect(slotValues((await first.client.get(`/org/meetings?org=${org.organizationId}`)).body).length).toBeGreaterThan(0);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', meeting.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['advising.meeting_booked', 'advising.meeting_rescheduled', 'advising.meeting_cancelled']);
  });
});

describe('the advisor', () => {
  it('sees organizations without a meeting after 14 days, and is reminded once per assignment', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Abe Ames', states: ['IL'], windows: WEEKDAY_MORNINGS });
    const quiet = await anAssignedMember(ctx, staff, advisor.id);
    const busy = await anAssignedMember(ctx, staff, advisor.id);
    const names = await ctx.deps.db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', [quiet.organizationId, busy.organizationId]).execute();
    const nameOf = (id: string) => names.find((n) => n.id === id)?.name ?? '';
    expect((await busy.contacts[0]?.client.postForm('/org/meetings', { org: busy.organizationId, slot: '2026-12-01T15:00:00.000Z' }))?.statusCode).toBe(303);

    expect(await sendBookingReminders(ctx.deps)).toBe(0);
    ctx.clock.set('2026-12-08T15:00:00Z');
    try {
      // The daily job runs them (as the schedule would); a second run sends nothing more.
      registerAdvisingJobs(ctx.deps);
      await ctx.deps.jobs.start({ work: false }); // creates the queue of the job just registered
      await ctx.deps.jobs.send(ctx.deps.db, REMINDERS_QUEUE, {});
      expect(await ctx.deps.jobs.drain(REMINDERS_QUEUE)).toBe(1);
      expect(await sendBookingReminders(ctx.deps)).toBe(0);
      const reminders = await ctx.deps.db
        .selectFrom('outbox')
        .select('body_text')
        .where('to_address', '=', advisor.email)
        .where('template', '=', 'advising.booking_reminder')
        .execute();
      expect(reminders).toHaveLength(1);
      expect(reminders[0]?.body_text).toContain(nameOf(quiet.organizationId));
      const c = await signedIn(ctx, advisor.email);
      const page = await c.get('/staff/advising');
      const waiting = page.body.slice(page.body.indexOf('waiting for a first meeting'), page.body.indexOf('Your upcoming meetings'));
      expect(waiting).toContain(nameOf(quiet.organizationId));
      expect(waiting).not.toContain(nameOf(busy.organizationId));
    } finally {
      ctx.clock.set('2026-11-23T15:00:00Z');
    }
  });
});

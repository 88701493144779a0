// The advisor's side of a booked meeting: the advisor can cancel their own meeting from Advising
// (a confirmation page; the CANCEL invitation to both sides; the organization told who cancelled
// and that it can book again), another advisor's meeting is a 404; the advisor's emails offer only
// what the advisor can do; and the organizations on Advising lead to their contacts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdvisor, anAssignedMember, signedIn, staffClient } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';
import { invitationsTo, mailTo } from '../../../test/readers.js';
import { sendMeetingReminders } from './reminders.js';

let ctx: TestContext;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-11-23T15:00:00Z'); // a Monday
  staff = await staffClient(ctx, 'membership');
});
afterAll(() => ctx?.close());

const MORNINGS: Array<[number, string, string]> = [1, 2, 3, 4, 5].map((d) => [d, '09:00', '12:00']);
const meetingOfOrg = (organizationId: string) =>
  ctx.deps.db.selectFrom('meetings').select(['id', 'status', 'sequence']).where('organization_id', '=', organizationId).orderBy('created_at', 'desc').executeTakeFirstOrThrow();

describe('the advisor cancels a meeting', () => {
  it('from Advising, after a confirmation page: both sides get the CANCEL, the organization learns who cancelled and books again', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Cora Cole', states: ['IL'], windows: MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id);
    const contact = org.contacts[0];
    if (!contact) throw new Error('no contact');
    expect((await contact.client.postForm('/org/meetings', { org: org.organizationId, slot: '2026-11-25T15:00:00.000Z' })).statusCode).toBe(303);
    const meeting = await meetingOfOrg(org.organizationId);

    const page = await advisor.client.get('/staff/advising');
    const link = dom(page.body).querySelector(`a[href="/staff/advising/meetings/${meeting.id}/cancel"]`);
    expect(link?.text).toContain('Cancel');
    const confirm = await advisor.client.get(`/staff/advising/meetings/${meeting.id}/cancel`);
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body, 'h1')).toContain('Cancel the meeting');
    expect(confirm.body).toContain('Wednesday, November 25, 2026, 9:00 AM to 10:00 AM CST');
    expect(confirm.body).toContain(`action="/staff/advising/meetings/${meeting.id}/cancel"`);

    const done = await advisor.client.postForm(`/staff/advising/meetings/${meeting.id}/cancel`, {});
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/staff/advising');
    expect((await meetingOfOrg(org.organizationId)).status).toBe('cancelled');
    for (const email of [contact.email, advisor.email]) {
      const [inv] = await invitationsTo(ctx, email, 'advising.meeting_cancelled');
      expect(inv).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 1 });
    }
    const [toMember] = (await mailTo(ctx, contact.email)).filter((m) => m.template === 'advising.meeting_cancelled');
    expect(toMember?.body_text).toContain('Cora Cole cancelled it');
    expect(toMember?.body_text).toContain('Book another time');
    // It is gone from the advisor's list, twice is a conflict, and the organization can book again.
    expect((await advisor.client.get('/staff/advising')).body).not.toContain(`/staff/advising/meetings/${meeting.id}/cancel`);
    expect((await advisor.client.postForm(`/staff/advising/meetings/${meeting.id}/cancel`, {})).statusCode).toBe(409);
    expect((await contact.client.postForm('/org/meetings', { org: org.organizationId, slot: '2026-11-24T16:00:00.000Z' })).statusCode).toBe(303);
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity_id', '=', meeting.id).orderBy('id').execute();
    expect(audit.at(-1)).toEqual({ action: 'advising.meeting_cancelled', actor_user_id: advisor.id });
  });

  it('another advisor’s meeting, or an unknown id, is a 404 and changes nothing', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Dell Dunn', states: ['IL'], windows: MORNINGS });
    const other = await anAdvisor(ctx, staff, { name: 'Eve Ebb', states: ['IL'], windows: MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id);
    expect((await org.contacts[0]?.client.postForm('/org/meetings', { org: org.organizationId, slot: '2026-11-27T15:00:00.000Z' }))?.statusCode).toBe(303);
    const meeting = await meetingOfOrg(org.organizationId);
    for (const res of [
      await other.client.get(`/staff/advising/meetings/${meeting.id}/cancel`),
      await other.client.postForm(`/staff/advising/meetings/${meeting.id}/cancel`, {}),
      await other.client.postForm(`/staff/advising/meetings/${randomUUID()}/cancel`, {}),
      await other.client.get('/staff/advising/meetings/not-an-id/cancel'),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('9:00 AM');
    }
    expect(await meetingOfOrg(org.organizationId)).toEqual(meeting);
    // An organization's contact is not an advisor.
    expect((await org.contacts[0]?.client.postForm(`/staff/advising/meetings/${meeting.id}/cancel`, {}))?.statusCode).toBe(403);
  });
});

describe('a meeting cancelled twice', () => {
  it('by both sides, or twice by one: the meetings page again (409) under "Already done", saying when and by whom it was cancelled; nothing more is sent', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Hal Hunt', states: ['IL'], windows: MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id);
    const contact = org.contacts[0];
    if (!contact) throw new Error('no contact');
    expect((await contact.client.postForm('/org/meetings', { org: org.organizationId, slot: '2026-11-25T15:00:00.000Z' })).statusCode).toBe(303);
    const meeting = await meetingOfOrg(org.organizationId);
    // The organization cancels; the advisor, from a page opened before, presses Cancel too.
    expect((await contact.client.postForm(`/org/meetings/${meeting.id}/cancel`, {})).statusCode).toBe(303);
    const sent = (await mailTo(ctx, advisor.email)).length;
    const late = await advisor.client.postForm(`/staff/advising/meetings/${meeting.id}/cancel`, {});
    expect(late.statusCode).toBe(409);
    expect(textOf(late.body, 'h1')).toBe('Advising');
    expect(textOf(late.body, '.error-summary h2')).toBe('Already done');
    expect(textOf(late.body, '.error-summary p')).toBe(
      'The meeting on Wednesday, November 25, 2026, 9:00 AM to 10:00 AM CST was already cancelled on Nov 23, 2026, 9:00 AM CST by Contact 1: nothing changed.',
    );
    // The organization's second press: its meetings page, "by you", and it can book again.
    const again = await contact.client.postForm(`/org/meetings/${meeting.id}/cancel`, {});
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body, 'h1')).toBe('Your advisor');
    expect(textOf(again.body, '.error-summary h2')).toBe('Already done');
    expect(textOf(again.body, '.error-summary p')).toContain('was already cancelled on Nov 23, 2026, 9:00 AM CST by you: nothing changed.');
    expect(dom(again.body).querySelector(`a[href="/org/meetings/new?org=${org.organizationId}"], form[action="/org/meetings"]`)).not.toBeNull();
    expect((await mailTo(ctx, advisor.email)).length).toBe(sent);
    expect(await meetingOfOrg(org.organizationId)).toMatchObject({ status: 'cancelled', sequence: 1 });
  });
});

describe('the pages of a cancelled meeting', () => {
  it('its cancel and move pages, on either side, answer what became of it (409, "Already done": when and by whom) on the meetings page, not a 404', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Ida Inch', states: ['IL'], windows: MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id);
    const contact = org.contacts[0];
    if (!contact) throw new Error('no contact');
    expect((await contact.client.postForm('/org/meetings', { org: org.organizationId, slot: '2026-12-01T15:00:00.000Z' })).statusCode).toBe(303);
    const meeting = await meetingOfOrg(org.organizationId);
    expect((await advisor.client.postForm(`/staff/advising/meetings/${meeting.id}/cancel`, {})).statusCode).toBe(303);
    const when = 'The meeting on Tuesday, December 1, 2026, 9:00 AM to 10:00 AM CST was already cancelled on Nov 23, 2026, 9:00 AM CST';
    // The organization's contact, from an old link or email: its meetings page, which offers booking again.
    for (const path of [`/org/meetings/${meeting.id}/cancel`, `/org/meetings/${meeting.id}/reschedule`]) {
      const res = await contact.client.get(path);
      expect(res.statusCode, path).toBe(409);
      expect(textOf(res.body, 'h1'), path).toBe('Your advisor');
      expect(textOf(res.body, '.error-summary h2'), path).toBe('Already done');
      expect(textOf(res.body, '.error-summary p'), path).toBe(`${when} by Ida Inch: nothing changed.`);
      expect(dom(res.body).querySelector(`a[href="/org/meetings/new?org=${org.organizationId}"], form[action="/org/meetings"]`), path).not.toBeNull();
    }
    // The advisor: Advising, "by you".
    for (const path of [`/staff/advising/meetings/${meeting.id}/cancel`, `/staff/advising/meetings/${meeting.id}/move`]) {
      const res = await advisor.client.get(path);
      expect(res.statusCode, path).toBe(409);
      expect(textOf(res.body, 'h1'), path).toBe('Advising');
      expect(textOf(res.body, '.error-summary h2'), path).toBe('Already done');
      expect(textOf(res.body, '.error-summary p'), path).toBe(`${when} by you: nothing changed.`);
    }
    // Another organization's contact and another advisor still get a 404, with nothing of it.
    const stranger = await anAssignedMember(ctx, staff, advisor.id);
    const otherAdvisor = await anAdvisor(ctx, staff, { name: 'Jo Jay', states: ['IL'], windows: MORNINGS });
    for (const res of [
      await stranger.contacts[0]?.client.get(`/org/meetings/${meeting.id}/cancel`),
      await stranger.contacts[0]?.client.get(`/org/meetings/${meeting.id}/reschedule`),
      await otherAdvisor.client.get(`/staff/advising/meetings/${meeting.id}/cancel`),
    ]) {
      expect(res?.statusCode).toBe(404);
      expect(res?.body).not.toContain('December 1');
    }
    expect(await meetingOfOrg(org.organizationId)).toMatchObject({ status: 'cancelled', sequence: 1 });
  });
});

describe('the advisor’s emails', () => {
  it('offer what the advisor can do (see the meeting, cancel it), never to change or book it', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Finn Ford', states: ['IL'], windows: MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id);
    const contact = org.contacts[0];
    if (!contact) throw new Error('no contact');
    expect((await contact.client.postForm('/org/meetings', { org: org.organizationId, slot: '2026-11-30T15:00:00.000Z' })).statusCode).toBe(303);
    const meeting = await meetingOfOrg(org.organizationId);
    expect((await contact.client.postForm(`/org/meetings/${meeting.id}/reschedule`, { slot: '2026-12-01T15:00:00.000Z' })).statusCode).toBe(303);
    ctx.clock.set('2026-11-30T15:00:00Z');
    try {
      expect(await sendMeetingReminders(ctx.deps)).toBeGreaterThan(0);
    } finally {
      ctx.clock.set('2026-11-23T15:00:00Z');
    }
    expect((await contact.client.postForm(`/org/meetings/${meeting.id}/cancel`, {})).statusCode).toBe(303);

    const mine = await mailTo(ctx, advisor.email);
    const kinds = ['advising.meeting_booked', 'advising.meeting_rescheduled', 'advising.meeting_reminder', 'advising.meeting_cancelled'];
    for (const kind of kinds) {
      const m = mine.find((x) => x.template === kind);
      expect(m, kind).toBeDefined();
      expect(m?.body_text, kind).not.toMatch(/change the meeting|move or cancel/i);
      expect(m?.body_text, kind).not.toContain('Book another time');
      expect(m?.body_text, kind).toContain('/staff/advising');
    }
    expect(mine.find((x) => x.template === 'advising.meeting_reminder')?.body_text).toContain('cancel it on your Advising page');
    expect(mine.find((x) => x.template === 'advising.meeting_cancelled')?.body_text).toContain('Contact 1 cancelled it');
    // The organization's own emails still offer to change or book.
    const theirs = await mailTo(ctx, contact.email);
    expect(theirs.find((x) => x.template === 'advising.meeting_booked')?.body_text).toContain('See or change the meeting');
    expect(theirs.find((x) => x.template === 'advising.meeting_cancelled')?.body_text).toContain('Book another time');
  });
});

describe('the organizations on Advising', () => {
  it('each links to its record, and those waiting for a first meeting name their contacts to write to', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Gus Gray', states: ['IL'], windows: MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id, { contacts: 2 });
    ctx.clock.set('2026-12-10T15:00:00Z');
    try {
      // a new sign-in: the session of three weeks ago has timed out
      const client = await signedIn(ctx, advisor.email);
      const page = await client.get('/staff/advising');
      const html = dom(page.body);
      const links = html.querySelectorAll(`a[href="/staff/organizations/${org.organizationId}"]`);
      expect(links.length).toBeGreaterThanOrEqual(2); // in the waiting list and in "Your organizations"
      const waiting = page.body.slice(page.body.indexOf('waiting for a first meeting'), page.body.indexOf('Your upcoming meetings'));
      for (const c of org.contacts) expect(waiting).toContain(`href="mailto:${c.email}"`);
      expect((await client.get(`/staff/organizations/${org.organizationId}`)).statusCode).toBe(200);
    } finally {
      ctx.clock.set('2026-11-23T15:00:00Z');
    }
  });
});

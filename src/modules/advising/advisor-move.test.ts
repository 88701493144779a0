// The advisor moves one of their booked meetings to another of their open times: the page of times
// from Advising, a confirmation, then the same move as the organization's (same UID, SEQUENCE + 1,
// METHOD:REQUEST to both sides, the mover named, the old time open again, audited). A time taken
// meanwhile is a 409 with the message beside the choice; bad input is a 400 beside it; another
// advisor's meeting is a 404, a contact is refused, a cancelled meeting says so.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdvisor, anAssignedMember, staffClient } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, termValue, textOf } from '../../../test/html.js';
import { invitationsTo, mailTo } from '../../../test/readers.js';

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
  ctx.deps.db
    .selectFrom('meetings')
    .select(['id', 'status', 'sequence', 'starts_at', 'uid'])
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
const radios = (body: string) =>
  dom(body)
    .querySelectorAll('input[name="slot"]')
    .map((i) => i.getAttribute('value'));

describe('the advisor moves a meeting', () => {
  it('from Advising to another open time, after a confirmation: the contacts get the new time and the updated invitation, the old time opens, audited', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Mia Moss', states: ['IL'], windows: MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id, { contacts: 2 });
    const [first, second] = org.contacts;
    if (!first || !second) throw new Error('no contacts');
    expect((await first.client.postForm('/org/meetings', { org: org.organizationId, slot: '2026-11-25T15:00:00.000Z' })).statusCode).toBe(303);
    const meeting = await meetingOfOrg(org.organizationId);

    const advising = await advisor.client.get('/staff/advising');
    expect(dom(advising.body).querySelector(`a[href="/staff/advising/meetings/${meeting.id}/move"]`)?.text).toContain('Move');
    const page = await advisor.client.get(`/staff/advising/meetings/${meeting.id}/move`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body, 'h1')).toBe(`Move the meeting with ${await orgName(org.organizationId)}`);
    expect(textOf(page.body, '.lead')).toContain('Now booked for Wednesday, November 25, 2026, 9:00 AM to 10:00 AM CST.');
    expect(radios(page.body)).toContain('2026-11-24T15:00:00.000Z');
    expect(radios(page.body)).not.toContain('2026-11-25T15:00:00.000Z');

    const confirm = await advisor.client.postForm(`/staff/advising/meetings/${meeting.id}/move`, { slot: '2026-11-27T16:00:00.000Z' });
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body, 'h1')).toContain('Move the meeting with');
    expect(termValue(confirm.body, 'Now')).toBe('Wednesday, November 25, 2026, 9:00 AM to 10:00 AM CST');
    expect(termValue(confirm.body, 'New time')).toBe('Friday, November 27, 2026, 10:00 AM to 11:00 AM CST');
    expect(textOf(confirm.body, 'main')).toContain('The organization’s 2 contacts and you receive an updated calendar invitation');
    expect((await meetingOfOrg(org.organizationId)).sequence).toBe(0); // nothing moved yet

    const done = await advisor.client.postForm(`/staff/advising/meetings/${meeting.id}/move`, { slot: '2026-11-27T16:00:00.000Z', confirm: 'yes' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/staff/advising');
    // The confirmation pressed twice: Advising says the meeting is at that time already.
    const twice = await advisor.client.postForm(`/staff/advising/meetings/${meeting.id}/move`, { slot: '2026-11-27T16:00:00.000Z', confirm: 'yes' });
    expect(twice.statusCode).toBe(409);
    expect(textOf(twice.body, '.error-summary h2')).toBe('Already done');
    expect(textOf(twice.body, '.error-summary p')).toContain('is on Friday, November 27, 2026, 10:00 AM to 11:00 AM CST already: nothing changed.');
    const moved = await meetingOfOrg(org.organizationId);
    expect(moved).toMatchObject({ id: meeting.id, status: 'booked', sequence: 1, uid: meeting.uid });
    expect(moved.starts_at.toISOString()).toBe('2026-11-27T16:00:00.000Z');

    for (const email of [first.email, second.email, advisor.email]) {
      const [inv] = await invitationsTo(ctx, email, 'advising.meeting_rescheduled');
      expect(inv).toMatchObject({ method: 'REQUEST', uid: meeting.uid, sequence: 1, start: '2026-11-27T16:00:00.000Z' });
    }
    const [toMember] = (await mailTo(ctx, second.email)).filter((m) => m.template === 'advising.meeting_rescheduled');
    expect(toMember?.body_text).toContain(
      'has moved to Friday, November 27, 2026, 10:00 AM to 11:00 AM CST (it was Wednesday, November 25, 2026, 9:00 AM to 10:00 AM CST): Mia Moss moved it.',
    );
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity_id', '=', meeting.id).orderBy('id').execute();
    expect(audit.at(-1)).toEqual({ action: 'advising.meeting_rescheduled', actor_user_id: advisor.id });

    // The old time is open again: another organization of the advisor books it.
    const other = await anAssignedMember(ctx, staff, advisor.id);
    expect((await other.contacts[0]?.client.postForm('/org/meetings', { org: other.organizationId, slot: '2026-11-25T15:00:00.000Z' }))?.statusCode).toBe(303);
  });

  it('a time taken meanwhile is a 409 with the message beside the choice; bad input is a 400 beside it; nothing moves', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Ned Nash', states: ['IL'], windows: MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id);
    const rival = await anAssignedMember(ctx, staff, advisor.id);
    expect((await org.contacts[0]?.client.postForm('/org/meetings', { org: org.organizationId, slot: '2026-11-25T15:00:00.000Z' }))?.statusCode).toBe(303);
    const meeting = await meetingOfOrg(org.organizationId);
    const url = `/staff/advising/meetings/${meeting.id}/move`;
    expect((await advisor.client.postForm(url, { slot: '2026-11-27T15:00:00.000Z' })).statusCode).toBe(200);
    // While the advisor reads the confirmation, another organization books that time.
    expect((await rival.contacts[0]?.client.postForm('/org/meetings', { org: rival.organizationId, slot: '2026-11-27T15:00:00.000Z' }))?.statusCode).toBe(303);
    const taken = await advisor.client.postForm(url, { slot: '2026-11-27T15:00:00.000Z', confirm: 'yes' });
    expect(taken.statusCode).toBe(409);
    expect(textOf(taken.body, '#f-slot-error')).toBe('Error: Choose another time.');
    expect(textOf(taken.body, '.error-summary')).toContain('That time is no longer open');
    expect(radios(taken.body)).not.toContain('2026-11-27T15:00:00.000Z');

    for (const [slot, message] of [
      ['', 'Choose one of the times listed.'],
      ['tomorrow morning', 'Choose one of the times listed.'],
    ] as const) {
      const res = await advisor.client.postForm(url, { slot, confirm: 'yes' });
      expect(res.statusCode, slot).toBe(400);
      expect(textOf(res.body, '#f-slot-error')).toBe(`Error: ${message}`);
    }
    const same = await advisor.client.postForm(url, { slot: '2026-11-25T15:00:00.000Z' });
    expect(same.statusCode).toBe(400);
    expect(textOf(same.body, '#f-slot-error')).toBe('Error: That is the time already booked; choose another.');
    // A time outside the advisor's availability (a forged value) is refused like a taken one.
    expect((await advisor.client.postForm(url, { slot: '2026-11-25T03:00:00.000Z', confirm: 'yes' })).statusCode).toBe(409);
    const after = await meetingOfOrg(org.organizationId);
    expect(after).toMatchObject({ sequence: 0 });
    expect(after.starts_at.toISOString()).toBe('2026-11-25T15:00:00.000Z');
    expect(await invitationsTo(ctx, advisor.email, 'advising.meeting_rescheduled')).toEqual([]);
  });

  it('another advisor’s meeting or an unknown id is a 404, a contact is refused, a cancelled meeting says when and by whom', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Ola Orr', states: ['IL'], windows: MORNINGS });
    const stranger = await anAdvisor(ctx, staff, { name: 'Pam Pike', states: ['IL'], windows: MORNINGS });
    const org = await anAssignedMember(ctx, staff, advisor.id);
    const contact = org.contacts[0];
    if (!contact) throw new Error('no contact');
    expect((await contact.client.postForm('/org/meetings', { org: org.organizationId, slot: '2026-11-30T15:00:00.000Z' })).statusCode).toBe(303);
    const meeting = await meetingOfOrg(org.organizationId);
    const url = `/staff/advising/meetings/${meeting.id}/move`;
    for (const res of [
      await stranger.client.get(url),
      await stranger.client.postForm(url, { slot: '2026-12-01T15:00:00.000Z', confirm: 'yes' }),
      await stranger.client.get(`/staff/advising/meetings/${randomUUID()}/move`),
      await stranger.client.get('/staff/advising/meetings/not-an-id/move'),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('9:00 AM');
    }
    expect((await contact.client.postForm(url, { slot: '2026-12-01T15:00:00.000Z', confirm: 'yes' })).statusCode).toBe(403);
    expect((await meetingOfOrg(org.organizationId)).sequence).toBe(0);

    expect((await contact.client.postForm(`/org/meetings/${meeting.id}/cancel`, {})).statusCode).toBe(303);
    const late = await advisor.client.postForm(url, { slot: '2026-12-01T15:00:00.000Z', confirm: 'yes' });
    expect(late.statusCode).toBe(409);
    expect(textOf(late.body, '.error-summary h2')).toBe('Already done');
    expect(textOf(late.body, '.error-summary p')).toBe(
      'The meeting on Monday, November 30, 2026, 9:00 AM to 10:00 AM CST was already cancelled on Nov 23, 2026, 9:00 AM CST by Contact 1: nothing changed.',
    );
    expect((await meetingOfOrg(org.organizationId)).status).toBe('cancelled');
  });
});

async function orgName(id: string) {
  return (await ctx.deps.db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name;
}

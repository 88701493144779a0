// How first meetings happen, through HTTP: the advisor (or membership staff) says it once, with
// its link, number or address checked; the member reads it before choosing a time, on the
// confirmation, in the emails and in the invitation (LOCATION, URL, DESCRIPTION); the member gives
// a number when the advisor calls, which only the advisor and the organization see; an advisor
// with nothing set says the details will come. And the picker shows a few days at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdvisor, anAssignedMember, signedIn, staffClient } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, slotValues, termValue, textsOf } from '../../../test/html.js';
import { auditOf, invitationsTo } from '../../../test/readers.js';
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
const SLOT = '2026-11-24T15:00:00.000Z'; // Tuesday 09:00 in Chicago
const LINK = 'https://meet.example.org/room-42?pwd=abc';

const profileOf = (userId: string) =>
  ctx.deps.db.selectFrom('advisor_profiles').select(['meeting_format', 'meeting_link', 'meeting_phone', 'meeting_address']).where('user_id', '=', userId).executeTakeFirstOrThrow();
const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['body_text', 'body_html']).where('to_address', '=', email).where('template', '=', template).orderBy('created_at').execute();
const format = (c: TestClient, body: Record<string, string>) => c.postForm('/staff/advising/meeting-format', { format: 'unset', link: '', phone: '', address: '', ...body });

async function member(advisorId: string) {
  const org = await anAssignedMember(ctx, staff, advisorId);
  const contact = org.contacts[0];
  if (!contact) throw new Error('no contact');
  return { id: org.organizationId, contact };
}

describe('the advisor says how meetings happen', () => {
  it('refuses a javascript:, http: or local link, a missing detail and control characters, changing nothing; saves an https link', async () => {
    const a = await anAdvisor(ctx, staff, { name: 'Lena Link', states: ['IL'], windows: MORNINGS });
    const page = await a.client.get('/staff/advising/availability');
    expect(textsOf(page.body, 'legend')).toContain('How do your first meetings happen?');
    for (const [link, field, message] of [
      ['javascript:alert(document.cookie)', 'link', 'secure web address starting with https://'],
      ['http://meet.example.org/room', 'link', 'secure web address starting with https://'],
      ['https://localhost/room', 'link', 'secure web address starting with https://'],
      ['https://user:secret@meet.example.org/room', 'link', 'secure web address starting with https://'],
      ['', 'link', 'Enter the meeting link for video calls.'],
    ] as const) {
      const res = await format(a.client, { format: 'video', link });
      expect(res.statusCode, link).toBe(400);
      expect(errorOf(res.body, field).message).toContain(message);
      // what was typed stays in the field
      expect(dom(res.body).querySelector('#f-link')?.getAttribute('value') ?? '').toBe(link);
    }
    expect((await format(a.client, { format: 'member_calls', phone: '' })).statusCode).toBe(400);
    expect((await format(a.client, { format: 'in_person', address: '' })).statusCode).toBe(400);
    expect((await format(a.client, { format: 'in_person', address: 'City Hall\u0007' })).statusCode).toBe(400);
    expect((await format(a.client, { format: 'teleport' })).statusCode).toBe(400);
    expect(await profileOf(a.id)).toEqual({ meeting_format: null, meeting_link: '', meeting_phone: '', meeting_address: '' });

    const saved = await format(a.client, { format: 'video', link: LINK, phone: '(312) 555-0100' });
    expect(saved.statusCode).toBe(303);
    // only the detail of the chosen format is kept
    expect(await profileOf(a.id)).toEqual({ meeting_format: 'video', meeting_link: LINK, meeting_phone: '', meeting_address: '' });
    expect((await auditOf(ctx, 'advising.meeting_format_saved')).some((r) => r.entity_id === a.id)).toBe(true);
  });

  it('membership staff set it on the advisor’s page; the advisor cannot use the staff form', async () => {
    const a = await anAdvisor(ctx, staff, { name: 'Sam Staffset', states: ['IL'], windows: MORNINGS });
    const page = await staff.get(`/staff/advisors/${a.id}`);
    expect(textsOf(page.body, 'legend')).toContain('How do their first meetings happen?');
    const body = { format: 'member_calls', link: '', phone: '(312) 555-0177', address: '' };
    expect((await staff.postForm(`/staff/advisors/${a.id}/meeting-format`, body)).statusCode).toBe(303);
    expect(await profileOf(a.id)).toMatchObject({ meeting_format: 'member_calls', meeting_phone: '(312) 555-0177' });
    expect((await a.client.postForm(`/staff/advisors/${a.id}/meeting-format`, { ...body, phone: '(312) 555-0000' })).statusCode).toBe(403);
    expect(await profileOf(a.id)).toMatchObject({ meeting_phone: '(312) 555-0177' });
  });
});

describe('the member reads how they meet', () => {
  it('an advisor with nothing set: the member is told the advisor sends the details; the invitation says so, with no LOCATION', async () => {
    const a = await anAdvisor(ctx, staff, { name: 'Nora Notset', states: ['IL'], windows: MORNINGS });
    const m = await member(a.id);
    const panel = await m.contact.client.get(`/org/meetings?org=${m.id}`);
    expect(panel.body).toContain('Nora Notset will email you how you meet (a video link, a phone number or a place) before the meeting.');
    expect(dom(panel.body).querySelector('#f-phone')).toBeNull();
    expect((await m.contact.client.postForm('/org/meetings', { org: m.id, slot: SLOT })).statusCode).toBe(303);
    const after = await m.contact.client.get(`/org/meetings?org=${m.id}`);
    expect(termValue(after.body, 'How you meet')).toBe('Nora Notset will email you how you meet (a video link, a phone number or a place) before the meeting.');
    const [inv] = await invitationsTo(ctx, m.contact.email);
    expect(inv?.location).toBeNull();
    expect(inv?.url).toBeNull();
    expect(inv?.description).toContain('How you meet: Nora Notset will send the details');
    const advisorPage = await a.client.get('/staff/advising');
    expect(advisorPage.body).toContain('Not set: send');
  });

  it('a video call: said before choosing; the link on the confirmation, in both emails and in the invitation’s LOCATION, URL and DESCRIPTION', async () => {
    const a = await anAdvisor(ctx, staff, { name: 'Vic Video', states: ['IL'], windows: MORNINGS });
    expect((await format(a.client, { format: 'video', link: LINK })).statusCode).toBe(303);
    const m = await member(a.id);
    const picker = await m.contact.client.get(`/org/meetings/new?org=${m.id}`);
    expect(picker.body).toContain('A video call. The link comes with your confirmation and your calendar invitation.');
    expect((await m.contact.client.postForm('/org/meetings', { org: m.id, slot: SLOT })).statusCode).toBe(303);
    const page = await m.contact.client.get(`/org/meetings?org=${m.id}`);
    expect(termValue(page.body, 'How you meet')).toBe(`A video call at ${LINK}.`);
    expect(dom(page.body).querySelector(`dd a[href="${LINK}"]`)?.text).toBe(LINK);
    const [mail] = await mailTo(m.contact.email, 'advising.meeting_booked');
    expect(mail?.body_text).toContain(`How you meet: A video call at ${LINK}.`);
    const [advisorMail] = await mailTo(a.email, 'advising.meeting_booked');
    expect(advisorMail?.body_text).toContain(`How you meet: A video call at ${LINK}.`);
    for (const email of [m.contact.email, a.email]) {
      const [inv] = await invitationsTo(ctx, email);
      expect(inv).toMatchObject({ location: LINK, url: LINK });
      expect(inv?.description).toContain(`How you meet: A video call at ${LINK}.`);
    }
    // Changing the setting later does not rewrite a meeting already booked (its invitation is sent).
    expect((await format(a.client, { format: 'in_person', address: '1 Main St' })).statusCode).toBe(303);
    expect(termValue((await m.contact.client.get(`/org/meetings?org=${m.id}`)).body, 'How you meet')).toBe(`A video call at ${LINK}.`);
    // Moving it keeps how it happens, and says it in the email and the updated invitation.
    const meeting = await ctx.deps.db.selectFrom('meetings').select('id').where('organization_id', '=', m.id).executeTakeFirstOrThrow();
    expect((await m.contact.client.postForm(`/org/meetings/${meeting.id}/reschedule`, { slot: '2026-11-25T15:00:00.000Z' })).statusCode).toBe(303);
    const [moved] = await mailTo(m.contact.email, 'advising.meeting_rescheduled');
    expect(moved?.body_text).toContain(`How you meet: A video call at ${LINK}.`);
    expect((await invitationsTo(ctx, m.contact.email, 'advising.meeting_rescheduled'))[0]).toMatchObject({ location: LINK, url: LINK, sequence: 1 });
    // Staff read it on the organization's record; the advisor on their own page.
    expect(termValue((await staff.get(`/staff/organizations/${m.id}`)).body, 'How they meet')).toBe(`A video call at ${LINK}.`);
    expect((await a.client.get('/staff/advising')).body).toContain('https://meet.example.org/room-42');
  });

  it('the advisor calls: the form asks for the number, keeps what was typed on an error, and only the organization and the advisor see it', async () => {
    const a = await anAdvisor(ctx, staff, { name: 'Cal Caller', states: ['IL'], windows: MORNINGS });
    expect((await format(a.client, { format: 'advisor_calls' })).statusCode).toBe(303);
    const m = await member(a.id);
    const other = await member(a.id);
    const panel = await m.contact.client.get(`/org/meetings?org=${m.id}`);
    expect(panel.body).toContain('A phone call: Cal Caller calls you at the number you give below.');
    const picker = await m.contact.client.get(`/org/meetings/new?org=${m.id}`);
    expect(dom(picker.body).querySelector('label[for="f-phone"]')?.text).toContain('Phone number for Cal Caller to call');

    const none = await m.contact.client.postForm('/org/meetings', { org: m.id, slot: SLOT });
    expect(none.statusCode).toBe(400);
    expect(errorOf(none.body, 'phone').message).toBe('Enter the phone number your advisor should call, like (217) 555-0100.');
    // the chosen time is still chosen
    expect(dom(none.body).querySelector(`input[name="slot"][value="${SLOT}"]`)?.hasAttribute('checked')).toBe(true);
    const bad = await m.contact.client.postForm('/org/meetings', { org: m.id, slot: SLOT, phone: 'call me maybe' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body, 'phone').message).toContain('Enter a phone number');
    expect(dom(bad.body).querySelector('#f-phone')?.getAttribute('value')).toBe('call me maybe');
    expect(dom(bad.body).querySelector(`input[name="slot"][value="${SLOT}"]`)?.hasAttribute('checked')).toBe(true);
    // neither a time nor a number: both errors at once
    const both = await m.contact.client.postForm('/org/meetings', { org: m.id, phone: '' });
    expect(both.statusCode).toBe(400);
    expect(errorOf(both.body, 'slot').message).toBe('Choose one of the times listed.');
    expect(errorOf(both.body, 'phone').message).toContain('Enter the phone number');
    expect(await ctx.deps.db.selectFrom('meetings').select('id').where('organization_id', '=', m.id).execute()).toHaveLength(0);

    const NUMBER = '(217) 555-0199 ext. 4';
    expect((await m.contact.client.postForm('/org/meetings', { org: m.id, slot: SLOT, phone: NUMBER })).statusCode).toBe(303);
    const page = await m.contact.client.get(`/org/meetings?org=${m.id}`);
    expect(termValue(page.body, 'How you meet')).toBe(`A phone call: Cal Caller calls you at ${NUMBER}.`);
    expect((await a.client.get('/staff/advising')).body).toContain(NUMBER);
    const [inv] = await invitationsTo(ctx, a.email);
    expect(inv?.location).toBe(`Phone call to ${NUMBER}`);
    expect((await mailTo(m.contact.email, 'advising.meeting_booked'))[0]?.body_text).toContain(`Cal Caller calls you at ${NUMBER}`);
    expect((await mailTo(a.email, 'advising.meeting_booked'))[0]?.body_text).toContain(`you call`);

    // Not staff's, not the audit log's, not another organization's.
    const record = await staff.get(`/staff/organizations/${m.id}`);
    const orgName = (await ctx.deps.db.selectFrom('organizations').select('name').where('id', '=', m.id).executeTakeFirstOrThrow()).name;
    expect(termValue(record.body, 'How they meet')).toBe(`A phone call: Cal Caller calls ${orgName} at the number it gave.`);
    expect(record.body).not.toContain('555-0199');
    const audit = await auditOf(ctx, 'advising.meeting_booked');
    expect(JSON.stringify(audit)).not.toContain('555-0199');
    const meeting = await ctx.deps.db.selectFrom('meetings').select('id').where('organization_id', '=', m.id).executeTakeFirstOrThrow();
    for (const path of [`/org/meetings/${meeting.id}/reschedule`, `/org/meetings/${meeting.id}/cancel`]) {
      const res = await other.contact.client.get(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.body).not.toContain('555-0199');
    }
    const hijack = await other.contact.client.postForm(`/org/meetings/${meeting.id}/reschedule`, { slot: '2026-11-25T15:00:00.000Z', phone: '(999) 555-0000' });
    expect(hijack.statusCode).toBe(404);

    // Moving it: the number is there to keep or change; a cleared number is an error.
    const move = await m.contact.client.get(`/org/meetings/${meeting.id}/reschedule`);
    expect(dom(move.body).querySelector('#f-phone')?.getAttribute('value')).toBe(NUMBER);
    const cleared = await m.contact.client.postForm(`/org/meetings/${meeting.id}/reschedule`, { slot: '2026-11-25T15:00:00.000Z', phone: '' });
    expect(cleared.statusCode).toBe(400);
    expect(errorOf(cleared.body, 'phone').message).toContain('Enter the phone number');
    expect((await m.contact.client.postForm(`/org/meetings/${meeting.id}/reschedule`, { slot: '2026-11-25T15:00:00.000Z', phone: '(217) 555-0111' })).statusCode).toBe(303);
    expect(termValue((await m.contact.client.get(`/org/meetings?org=${m.id}`)).body, 'How you meet')).toBe('A phone call: Cal Caller calls you at (217) 555-0111.');
  });

  it('the member calls: the number with a tel: link, and in the invitation', async () => {
    const a = await anAdvisor(ctx, staff, { name: 'Dee Dialin', states: ['IL'], windows: MORNINGS });
    expect((await format(a.client, { format: 'member_calls', phone: '(312) 555-0187' })).statusCode).toBe(303);
    const m = await member(a.id);
    const panel = await m.contact.client.get(`/org/meetings?org=${m.id}`);
    expect(panel.body).toContain('A phone call: you call Dee Dialin at ');
    expect(dom(panel.body).querySelector('a[href="tel:3125550187"]')?.text).toBe('(312) 555-0187');
    expect((await m.contact.client.postForm('/org/meetings', { org: m.id, slot: SLOT })).statusCode).toBe(303);
    const [inv] = await invitationsTo(ctx, m.contact.email);
    expect(inv?.location).toBe('Phone call to (312) 555-0187');
    expect(inv?.description).toContain('calls Dee Dialin at (312) 555-0187');
  });

  it('in person: a hostile address is shown as text, and cannot add lines to the invitation', async () => {
    const a = await anAdvisor(ctx, staff, { name: 'Ida Inperson', states: ['IL'], windows: MORNINGS });
    const hostile = '<script>alert(1)</script> 1 Main St; Suite 2, "B"\nATTENDEE:mailto:evil@example.com\nEND:VEVENT';
    expect((await format(a.client, { format: 'in_person', address: hostile })).statusCode).toBe(303);
    const m = await member(a.id);
    const panel = await m.contact.client.get(`/org/meetings?org=${m.id}`);
    expect(panel.body).not.toContain('<script>alert(1)');
    expect(dom(panel.body).querySelectorAll('script')).toHaveLength(0);
    expect(dom(panel.body).querySelector('main')?.text).toContain('In person, at <script>alert(1)</script> 1 Main St; Suite 2, "B", ATTENDEE:mailto:evil@example.com');
    expect((await m.contact.client.postForm('/org/meetings', { org: m.id, slot: SLOT })).statusCode).toBe(303);
    const [inv] = await invitationsTo(ctx, m.contact.email);
    expect(inv?.location).toBe('<script>alert(1)</script> 1 Main St; Suite 2, "B", ATTENDEE:mailto:evil@example.com, END:VEVENT');
    expect(inv?.attendees).not.toContain('mailto:evil@example.com');
    expect(inv?.start).toBe(SLOT);
  });
});

describe('the reminder before the meeting', () => {
  it('goes to both sides once, a day or two before, saying how they meet; a move sends another', async () => {
    const a = await anAdvisor(ctx, staff, { name: 'Rita Remind', states: ['IL'], windows: MORNINGS });
    expect((await format(a.client, { format: 'video', link: LINK })).statusCode).toBe(303);
    const m = await member(a.id);
    expect((await m.contact.client.postForm('/org/meetings', { org: m.id, slot: '2026-11-25T15:00:00.000Z' })).statusCode).toBe(303);
    const reminders = async () => [...(await mailTo(m.contact.email, 'advising.meeting_reminder')), ...(await mailTo(a.email, 'advising.meeting_reminder'))];
    try {
      // Booked just now, 48 hours ahead: the confirmation said it all.
      await sendMeetingReminders(ctx.deps);
      expect(await reminders()).toHaveLength(0);
      ctx.clock.set('2026-11-24T16:00:00Z'); // 23 hours before
      await sendMeetingReminders(ctx.deps);
      await sendMeetingReminders(ctx.deps);
      const [toMember, toAdvisor, ...more] = await reminders();
      expect(more).toHaveLength(0);
      expect(toMember?.body_text).toContain('is on Wednesday, November 25, 2026, 9:00 AM to 10:00 AM CST.');
      expect(toMember?.body_text).toContain(`How you meet: A video call at ${LINK}.`);
      expect(toAdvisor?.body_text).toContain(`How you meet: A video call at ${LINK}.`);
      // Moved: the new time is reminded too.
      const meeting = await ctx.deps.db.selectFrom('meetings').select('id').where('organization_id', '=', m.id).executeTakeFirstOrThrow();
      const again = await signedIn(ctx, m.contact.email); // two days on, the first session has idled out
      expect((await again.postForm(`/org/meetings/${meeting.id}/reschedule`, { slot: '2026-12-01T15:00:00.000Z' })).statusCode).toBe(303);
      ctx.clock.set('2026-11-29T16:00:00Z');
      await sendMeetingReminders(ctx.deps);
      const after = await mailTo(m.contact.email, 'advising.meeting_reminder');
      expect(after).toHaveLength(2);
      expect(after[1]?.body_text).toContain('is on Tuesday, December 1, 2026, 9:00 AM to 10:00 AM CST.');
    } finally {
      ctx.clock.set('2026-11-23T15:00:00Z');
    }
  });
});

describe('the picker on a phone', () => {
  it('shows three days at a time under headings, with links to later and earlier days and a day chooser', async () => {
    const a = await anAdvisor(ctx, staff, { name: 'Pat Pager', states: ['IL'], windows: MORNINGS });
    const m = await member(a.id);
    const first = await m.contact.client.get(`/org/meetings/new?org=${m.id}`);
    expect(textsOf(first.body, 'legend h3')).toEqual(['Tuesday, November 24, 2026', 'Wednesday, November 25, 2026', 'Friday, November 27, 2026']);
    expect(slotValues(first.body)[0]).toBe(SLOT);
    const later = dom(first.body).querySelector('nav[aria-label="More days with open times"] a');
    expect(later?.text).toBe('Later days, from Monday, November 30');
    const next = await m.contact.client.get(later?.getAttribute('href') ?? '');
    expect(next.statusCode).toBe(200);
    expect(textsOf(next.body, 'legend h3')[0]).toBe('Monday, November 30, 2026');
    expect(textsOf(next.body, 'nav[aria-label="More days with open times"] a')[0]).toBe('Earlier days');
    // the day chooser lists every day with its number of times
    expect(textsOf(first.body, '#f-from option')).toContain('Monday, December 14, 2026 (1 time)');
    // a day that is not a day shows the first page
    expect(textsOf((await m.contact.client.get(`/org/meetings/new?org=${m.id}&from=nonsense`)).body, 'legend h3')[0]).toBe('Tuesday, November 24, 2026');
  });
});

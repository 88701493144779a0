// Cohorts and delegations: who may apply (elected officials of member organizations in good
// standing, for leadership cohorts and delegations), when (the call's dates, server side), how
// often (once), and what staff decisions send (emails, audit rows, meeting invitations).
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCohort, aContact, anElectedApplicant, anOrganization, answersFor, applicationOf, applyThroughForm, changeOrganization } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, optionsOf } from '../../../test/html.js';
import { checkEligibility } from './index.js';

let ctx: TestContext;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  const a = await createAccount(ctx, { roles: ['programs'] });
  staff = ctx.client();
  await staff.signIn(a.email);
});
afterAll(() => ctx?.close());

const outbox = (email: string) =>
  ctx.deps.db.selectFrom('outbox').select(['template', 'subject', 'body_text', 'attachments']).where('to_address', '=', email).orderBy('created_at').execute();
const idOf = async (cohortId: string, userId: string) => {
  const a = await applicationOf(ctx, cohortId, userId);
  if (!a) throw new Error('no application');
  return a.id;
};

describe('eligibility for leadership cohorts and delegations', () => {
  it('an elected official of an active member organization is eligible', async () => {
    const p = await anElectedApplicant(ctx);
    const e = await checkEligibility(ctx.deps.db, 'leadership_cohort', p.id);
    expect(e.eligible).toBe(true);
    expect(e.eligible && e.seat?.organizationId).toBe(p.organization.id);
    expect((await checkEligibility(ctx.deps.db, 'delegation', p.id)).eligible).toBe(true);
  });

  it.each(['lapsed', 'suspended', 'pending'] as const)('an elected official of a %s organization is refused', async (orgStatus) => {
    const p = await anElectedApplicant(ctx, { orgStatus });
    expect((await checkEligibility(ctx.deps.db, 'leadership_cohort', p.id)).eligible).toBe(false);
  });

  it('a staff-duty contact of an active organization is refused; anyone may join a plain cohort', async () => {
    const p = await anElectedApplicant(ctx, { duties: ['staff', 'billing'] });
    expect((await checkEligibility(ctx.deps.db, 'leadership_cohort', p.id)).eligible).toBe(false);
    expect((await checkEligibility(ctx.deps.db, 'cohort', p.id)).eligible).toBe(true);
  });

  it('an ineligible person sees why on the form, and a forged post is refused with nothing stored', async () => {
    const c = await aCohort(ctx, { kind: 'leadership_cohort' });
    const p = await anElectedApplicant(ctx, { orgStatus: 'lapsed' });
    const page = await p.client.get(`/cohorts/${c.slug}/apply`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You cannot apply to this call');
    expect(page.body).toContain('elected officials of member organizations in good standing');
    expect(page.body).not.toContain('Send the application');
    const res = await applyThroughForm(p.client, c, answersFor(c));
    expect(res.statusCode).toBe(403);
    expect(await applicationOf(ctx, c.id, p.id)).toBeUndefined();
  });

  it('an eligible official applies: one application, with the seat it was made from, and an email', async () => {
    const c = await aCohort(ctx, { kind: 'leadership_cohort' });
    const p = await anElectedApplicant(ctx);
    const first = await applyThroughForm(p.client, c, answersFor(c));
    expect(first.statusCode).toBe(303);
    const second = await applyThroughForm(p.client, c, answersFor(c, { short_text: 'Council member' }));
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('already applied');
    const rows = await ctx.deps.db.selectFrom('cohort_applications').select(['answers', 'organization_id', 'seat_title']).where('cohort_id', '=', c.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.organization_id).toBe(p.organization.id);
    expect(rows[0]?.seat_title).toBe('Mayor');
    expect(Object.values(rows[0]?.answers ?? {})).toContain('Mayor');
    expect((await outbox(p.email)).map((m) => m.template)).toEqual(['cohorts.application_received']);
  });
});

describe('an official with several elected seats', () => {
  it('chooses the seat to apply from; a seat that is not theirs (or not in good standing) is refused', async () => {
    const c = await aCohort(ctx, { kind: 'delegation' });
    const p = await anElectedApplicant(ctx);
    const second = await anOrganization(ctx, { name: 'Zeta County' });
    const lapsed = await anOrganization(ctx, { status: 'lapsed' });
    await aContact(ctx, { organizationId: second.id, userId: p.id, role: 'contact', title: 'Commissioner', duties: ['elected'] });
    await aContact(ctx, { organizationId: lapsed.id, userId: p.id, role: 'contact', title: 'Mayor', duties: ['elected'] });
    const form = await p.client.get(`/delegations/${c.slug}/apply`);
    expect(form.body).toContain('The seat you apply from');
    expect(form.body).toContain('Commissioner, Zeta County');
    expect(form.body).not.toContain(lapsed.name);
    const refused = await applyThroughForm(p.client, c, { ...answersFor(c), seat: lapsed.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose one of your elected seats.');
    expect((await applyThroughForm(p.client, c, { ...answersFor(c), seat: second.id })).statusCode).toBe(303);
    const row = await applicationOf(ctx, c.id, p.id);
    expect(row?.organization_id).toBe(second.id);
    expect(row?.seat_title).toBe('Commissioner');
  });
});

describe('the call’s dates and the form', () => {
  it('the closing day still takes applications; the day after, they are refused', async () => {
    const lastDay = await aCohort(ctx, { closesIn: 0 });
    const closed = await aCohort(ctx, { opensIn: -30, closesIn: -1 });
    const upcoming = await aCohort(ctx, { opensIn: 1 });
    const p = await anElectedApplicant(ctx, { duties: ['staff'] });
    expect((await applyThroughForm(p.client, lastDay, answersFor(lastDay))).statusCode).toBe(303);
    const late = await applyThroughForm(p.client, closed, answersFor(closed));
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('This call is closed');
    expect((await applyThroughForm(p.client, upcoming, answersFor(upcoming))).statusCode).toBe(409);
    expect(await applicationOf(ctx, closed.id, p.id)).toBeUndefined();
    expect(await applicationOf(ctx, upcoming.id, p.id)).toBeUndefined();
    const page = await p.client.get(`/cohorts/${closed.slug}`);
    expect(page.body).toContain('This call is closed');
  });

  it('a required answer left out, or a yes/no answered otherwise, is a 400 naming the question', async () => {
    const c = await aCohort(ctx);
    const p = await anElectedApplicant(ctx);
    const yesNo = c.questions.find((q) => q.kind === 'yes_no');
    const res = await applyThroughForm(p.client, c, { ...answersFor(c, { long_text: '' }), [`q_${yesNo?.id}`]: 'maybe' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Answer this question.');
    expect(res.body).toContain('Choose yes or no.');
    expect(await applicationOf(ctx, c.id, p.id)).toBeUndefined();
  });

  it('a delegation is reached under /delegations only', async () => {
    const d = await aCohort(ctx, { kind: 'delegation' });
    expect((await ctx.client().get(`/delegations/${d.slug}`)).statusCode).toBe(200);
    expect((await ctx.client().get(`/cohorts/${d.slug}`)).statusCode).toBe(404);
  });
});

describe('staff decisions', () => {
  it('selecting and declining email the applicants (without the reason) and write audit rows', async () => {
    const c = await aCohort(ctx, { kind: 'leadership_cohort', capacity: 1 });
    const chosen = await anElectedApplicant(ctx);
    const other = await anElectedApplicant(ctx);
    const third = await anElectedApplicant(ctx);
    for (const p of [chosen, other, third]) expect((await applyThroughForm(p.client, c, answersFor(c))).statusCode).toBe(303);
    const chosenId = await idOf(c.id, chosen.id);
    const otherId = await idOf(c.id, other.id);
    const sel = await staff.postForm(`/staff/cohorts/${c.id}/applications/${chosenId}/decision`, { decision: 'selected', [`reason-${chosenId}`]: 'Strong plan SECRET-REASON-1' });
    expect(sel.statusCode).toBe(303);
    const dec = await staff.postForm(`/staff/cohorts/${c.id}/applications/${otherId}/decision`, { decision: 'declined', reason: 'Not this time SECRET-REASON-2' });
    expect(dec.statusCode).toBe(303);
    // The one place is taken: a third selection is refused.
    const full = await staff.postForm(`/staff/cohorts/${c.id}/applications/${await idOf(c.id, third.id)}/decision`, { decision: 'selected', reason: 'Also good' });
    expect(full.statusCode).toBe(409);
    // Deciding twice is refused.
    expect((await staff.postForm(`/staff/cohorts/${c.id}/applications/${otherId}/decision`, { decision: 'selected', reason: 'Changed mind' })).statusCode).toBe(409);

    // The test clock stands still, so each applicant's two emails share one created_at: compare as sets.
    const chosenMail = await outbox(chosen.email);
    expect(chosenMail.map((m) => m.template).sort()).toEqual(['cohorts.application_received', 'cohorts.selected']);
    const otherMail = await outbox(other.email);
    expect(otherMail.map((m) => m.template).sort()).toEqual(['cohorts.application_received', 'cohorts.declined']);
    for (const m of [...chosenMail, ...otherMail]) expect(m.body_text).not.toContain('SECRET-REASON');
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity_id', 'in', [chosenId, otherId]).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['cohorts.application_selected', 'cohorts.application_declined']);
    expect((await applicationOf(ctx, c.id, chosen.id))?.status).toBe('selected');
  });

  it('an official whose organization lapsed after applying cannot be selected, and can be declined', async () => {
    const c = await aCohort(ctx, { kind: 'leadership_cohort' });
    const p = await anElectedApplicant(ctx);
    expect((await applyThroughForm(p.client, c, answersFor(c))).statusCode).toBe(303);
    await changeOrganization(ctx, p.organization.id, { status: 'lapsed' });
    const id = await idOf(c.id, p.id);
    const res = await staff.postForm(`/staff/cohorts/${c.id}/applications/${id}/decision`, { decision: 'selected', reason: 'Great' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('no longer holds an elected seat');
    expect((await applicationOf(ctx, c.id, p.id))?.status).toBe('submitted');
    expect((await staff.postForm(`/staff/cohorts/${c.id}/applications/${id}/decision`, { decision: 'declined', reason: 'Lapsed' })).statusCode).toBe(303);
  });

  it('a decision without a reason, or a score outside 1 to 5, is a 400 and changes nothing', async () => {
    const c = await aCohort(ctx);
    const p = await anElectedApplicant(ctx);
    await applyThroughForm(p.client, c, answersFor(c));
    const id = await idOf(c.id, p.id);
    const res = await staff.postForm(`/staff/cohorts/${c.id}/applications/${id}/decision`, { decision: 'selected', [`reason-${id}`]: '  ' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Give the reason for the decision.');
    expect(res.body).toContain(`aria-describedby="f-reason-${id}-hint f-reason-${id}-error"`);
    const score = await staff.postForm(`/staff/cohorts/${c.id}/applications/${id}/score`, { score: '9' });
    expect(score.statusCode).toBe(400);
    const row = await applicationOf(ctx, c.id, p.id);
    expect(row?.status).toBe('submitted');
    expect(row?.score).toBeNull();
    expect((await outbox(p.email)).map((m) => m.template)).toEqual(['cohorts.application_received']);
  });

  it('a meeting sends each participant an iCalendar invitation for them alone; others get none', async () => {
    const c = await aCohort(ctx);
    const a = await anElectedApplicant(ctx);
    const b = await anElectedApplicant(ctx);
    const declined = await anElectedApplicant(ctx);
    for (const p of [a, b, declined]) await applyThroughForm(p.client, c, answersFor(c));
    for (const p of [a, b]) await staff.postForm(`/staff/cohorts/${c.id}/applications/${await idOf(c.id, p.id)}/decision`, { decision: 'selected', reason: 'Yes' });
    await staff.postForm(`/staff/cohorts/${c.id}/applications/${await idOf(c.id, declined.id)}/decision`, { decision: 'declined', reason: 'No' });
    const res = await staff.postForm(`/staff/cohorts/${c.id}/meetings`, {
      title: 'Kick-off',
      date: '2031-03-04',
      start: '14:00',
      end: '15:30',
      time_zone: 'America/Chicago',
      place: '',
      online_url: 'https://meet.example/kickoff-secret',
    });
    expect(res.statusCode).toBe(303);
    for (const p of [a, b]) {
      const mails = (await outbox(p.email)).filter((m) => m.template === 'cohorts.meeting_scheduled');
      expect(mails).toHaveLength(1);
      // the time with its zone by name, never the IANA id
      expect(mails[0]?.body_text).toContain('Tuesday, March 4, 2031, 2:00 PM to 3:30 PM, Central (Chicago) time');
      expect(mails[0]?.body_text).not.toContain('America/Chicago');
      const [file] = await ctx.deps.mail.renderAttachments(mails[0]?.attachments ?? []);
      if (!file) throw new Error('no invitation attached');
      expect(file.contentType).toContain('text/calendar');
      const cal = new ICAL.Component(ICAL.parse(file.content.toString('utf8')));
      expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
      const vevent = cal.getFirstSubcomponent('vevent');
      if (!vevent) throw new Error('no VEVENT');
      const ev = new ICAL.Event(vevent);
      // 14:00 in Chicago on March 4, 2031 (CST, UTC−6) is 20:00 UTC.
      expect(ev.startDate.toJSDate().toISOString()).toBe('2031-03-04T20:00:00.000Z');
      expect(ev.endDate.toJSDate().toISOString()).toBe('2031-03-04T21:30:00.000Z');
      expect(vevent.getAllProperties('attendee').map((x) => String(x.getFirstValue()).toLowerCase())).toEqual([`mailto:${p.email}`.toLowerCase()]);
      expect(ev.location).toContain('https://meet.example/kickoff-secret');
    }
    expect((await outbox(declined.email)).some((m) => m.template === 'cohorts.meeting_scheduled')).toBe(false);
    // the form's zones read as names; their values stay the ids
    const zones = dom((await staff.get(`/staff/cohorts/${c.id}`)).body).querySelectorAll('select[name="time_zone"] option');
    expect(zones.find((o) => o.getAttribute('value') === 'America/Chicago')?.text).toBe('Central (Chicago)');
    expect(zones.find((o) => o.getAttribute('value') === 'Europe/Berlin')?.text).toBe('Central European Time (Berlin)');
    // Someone selected later is invited to the meetings still to come, and to those only.
    await staff.postForm(`/staff/cohorts/${c.id}/meetings`, {
      title: 'Long ago',
      date: '2001-01-01',
      start: '10:00',
      end: '11:00',
      time_zone: 'UTC',
      place: 'Hall',
      online_url: '',
    });
    const late = await anElectedApplicant(ctx);
    await applyThroughForm(late.client, c, answersFor(c));
    await staff.postForm(`/staff/cohorts/${c.id}/applications/${await idOf(c.id, late.id)}/decision`, { decision: 'selected', reason: 'Late but welcome' });
    const lateInvites = (await outbox(late.email)).filter((m) => m.template === 'cohorts.meeting_scheduled');
    expect(lateInvites.map((m) => m.subject)).toEqual([`Meeting of ${c.title}: Kick-off`]);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'cohorts.meeting_scheduled').execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('a meeting that ends before it starts, or in an unknown time zone, is a 400 naming the field', async () => {
    const c = await aCohort(ctx);
    const res = await staff.postForm(`/staff/cohorts/${c.id}/meetings`, {
      title: 'x',
      date: '2031-03-04',
      start: '15:00',
      end: '14:00',
      time_zone: 'America/Chicago',
      place: '',
      online_url: '',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The meeting must end after it starts.');
    const bad = await staff.postForm(`/staff/cohorts/${c.id}/meetings`, {
      title: 'x',
      date: '2031-03-04',
      start: '14:00',
      end: '15:00',
      time_zone: 'Mars/Olympus',
      place: 'Hall',
      online_url: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose a time zone from the list.');
    // A zone sent by another of its names ('UTC' for the list's 'Etc/UTC') is kept and shown once.
    const utc = await staff.postForm(`/staff/cohorts/${c.id}/meetings`, {
      title: 'x',
      date: '2031-03-04',
      start: '15:00',
      end: '14:00',
      time_zone: 'UTC',
      place: '',
      online_url: '',
    });
    expect(utc.statusCode).toBe(400);
    const named = optionsOf(utc.body, 'time_zone').filter((o) => o.label === 'Coordinated Universal Time (UTC)');
    expect(named).toEqual([{ value: 'UTC', label: 'Coordinated Universal Time (UTC)', selected: true }]);
  });

  it('programs staff open a call through the form, with its questions', async () => {
    const slug = `form-call-${Date.now().toString(36)}`;
    const res = await staff.postForm('/staff/cohorts', {
      kind: 'delegation',
      title: 'Climate Week NYC delegation',
      slug,
      opens_on: '2030-01-01',
      closes_on: '2030-02-01',
      capacity: '4',
      question_1: 'Why you?',
      question_1_kind: 'long_text',
      question_2: 'Passport valid?',
      question_2_kind: 'yes_no',
    });
    expect(res.statusCode).toBe(303);
    const api = await ctx.client().getJson(`/api/v1/delegations/${slug}`);
    expect(api.statusCode).toBe(200);
    expect(api.json().questions).toEqual([
      { prompt: 'Why you?', kind: 'long_text', required: true },
      { prompt: 'Passport valid?', kind: 'yes_no', required: true },
    ]);
    const again = await staff.postForm('/staff/cohorts', { kind: 'cohort', title: 'Again', slug, opens_on: '2030-01-01', closes_on: '2029-12-01' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('The call must close on or after the day it opens.');
  });
});

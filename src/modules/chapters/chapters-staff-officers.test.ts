// A chapter left with no current officers: membership staff invite a student member to an office
// from the chapter's record (the person accepts as any officer does; the email says who and why,
// and replies reach that staff member); and staff reactivating a dormant chapter email its officers
// (or, with none, its last officers) what to do next.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChapter, aChapterMember, aMember, signedIn } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, formValuesOf, rowsOf } from '../../../test/html.js';
import { answerOfficerInvitation, inviteOfficer, runChapterDay } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text', 'headers']).where('to_address', '=', email).where('template', '=', template).execute();
const officerRows = (chapterId: string) => ctx.deps.db.selectFrom('chapter_officers').select(['user_id', 'role', 'status']).where('chapter_id', '=', chapterId).execute();
const words = (el: { text: string } | null | undefined) => el?.text.replace(/\s+/g, ' ').trim() ?? '';
const INVITE = 'form[aria-label="Invite an officer"]';

/** A chapter approved on 10 January 2026 whose report was missed: dormant on 29 September with no officers. */
async function leaderlessDormant() {
  ctx.clock.set('2026-01-10T12:00:00Z');
  const c = await aChapter(ctx);
  ctx.clock.set('2026-09-29T08:00:00Z');
  await runChapterDay(ctx.deps);
  return c;
}

describe('membership staff and a chapter with no officers', () => {
  it('staff invite a student member to be its president; the email says who and why; the student accepts and runs it', async () => {
    const c = await leaderlessDormant();
    const staff = await signedIn(ctx, c.staff.email);
    // the list says which chapters have nobody to invite officers
    expect(rowsOf((await staff.get('/staff/chapters')).body, 'Dormant chapters').find((r) => r[0] === c.name)?.[2]).toBe('Dormant: no current officers (invite one from its page)');
    const record = await staff.get(`/staff/chapters/${c.id}`);
    expect(words(dom(record.body).querySelector(`${INVITE} p`))).toContain('The chapter has no current officers, so nobody in it can invite one.');
    const offered = formValuesOf(record.body, INVITE);
    expect(offered).toMatchObject({ role: 'president', termStart: '2026-09-29', termEnd: '2027-06-30' });

    // refused: an unknown address and a non-student's read the same, next to the field; nothing written
    const before = await officerRows(c.id);
    for (const email of ['nobody-here@test.example', (await aMember(ctx)).email]) {
      const res = await staff.postForm(`/staff/chapters/${c.id}/officers`, { ...offered, email });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res.body, 'email').message).toBe(`${email} is not the email of a student member’s account. Each officer needs an account with an active Student membership.`);
    }
    const empty = await staff.postForm(`/staff/chapters/${c.id}/officers`, { ...offered, email: '' });
    expect(errorOf(empty.body, 'email').message).toBe('Enter the email of the student member’s account.');
    expect(await officerRows(c.id)).toEqual(before);

    // the invitation: waiting on the record, emailed with who and why, replies to the staff member
    const student = await aChapterMember(ctx, { name: 'Nia Next' });
    const sent = await staff.postForm(`/staff/chapters/${c.id}/officers`, { ...offered, email: student.email.toUpperCase() });
    expect(sent.statusCode).toBe(303);
    const after = await staff.get(`/staff/chapters/${c.id}`);
    expect(rowsOf(after.body, 'Officers and invitations').find((r) => r[1]?.startsWith('Nia Next'))).toEqual([
      'President',
      `Nia Next (${student.email})`,
      'Sep 29, 2026 to Jun 30, 2027',
      'Invited: waiting for an answer',
    ]);
    expect(words(dom(after.body).querySelector(`${INVITE} p`))).toContain('One invitation is waiting for an answer (above).');
    const [mail, ...more] = await mailTo(student.email, 'chapters.officer_invited_by_staff');
    expect(more).toHaveLength(0);
    expect(mail?.subject).toBe(`Will you be President of ${c.name}?`);
    expect(mail?.body_text).toContain('Mina Membership, of the membership staff of');
    expect(mail?.body_text).toContain('for the term Sep 29, 2026 to Jun 30, 2027.');
    expect(mail?.body_text).toContain('Why you: the chapter has no officers at the moment, so nobody is left to invite new ones, and membership staff name them instead.');
    expect(mail?.body_text).toContain('The chapter is dormant: once you accept, you can ask membership staff to reactivate it');
    expect(mail?.body_text).toContain('/chapters/invitations');
    expect(mail?.headers['Reply-To']).toBe(`"Mina Membership" <${c.staff.email}>`);
    // the same person twice to the same role is refused
    const twice = await staff.postForm(`/staff/chapters/${c.id}/officers`, { ...offered, email: student.email });
    expect(errorOf(twice.body, 'email').message).toBe('Nia Next already has an invitation to this role waiting for an answer.');

    // nobody is linked before accepting: the public page still has no officers
    expect(rowsOf((await ctx.client().get(`/chapters/${c.slug}`)).body, 'Officers')).toEqual([['The chapter has no officers at the moment.']]);
    const s = await signedIn(ctx, student.email);
    expect(rowsOf((await s.get('/chapters/invitations')).body, 'Waiting for your answer')[0]?.slice(0, 4)).toEqual([
      c.name,
      expect.any(String),
      'President',
      'Sep 29, 2026 to Jun 30, 2027',
    ]);
    const invitation = (await ctx.deps.db.selectFrom('chapter_officers').select('id').where('user_id', '=', student.id).executeTakeFirstOrThrow()).id;
    expect((await s.postForm(`/chapters/officers/${invitation}/accept`, {})).statusCode).toBe(303);
    expect((await s.get(`/chapters/${c.slug}/manage`)).statusCode).toBe(200);

    // the chapter has an officer now: staff no longer invite, its officers do
    const led = await staff.get(`/staff/chapters/${c.id}`);
    expect(dom(led.body).querySelector(INVITE)).toBeNull();
    const refused = await staff.postForm(`/staff/chapters/${c.id}/officers`, { ...offered, role: 'treasurer', email: (await aChapterMember(ctx)).email });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('This chapter has current officers: they invite its officers themselves, from Manage this chapter.');
  });

  it('refuses an active chapter with officers, another chapter’s unknown id, a bad term, and anyone but membership staff', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const c = await aChapter(ctx);
    const student = await aChapterMember(ctx);
    const staff = await signedIn(ctx, c.staff.email);
    const form = { role: 'president', email: student.email, termStart: '2026-01-10', termEnd: '2026-06-30' };
    expect(dom((await staff.get(`/staff/chapters/${c.id}`)).body).querySelector(INVITE)).toBeNull();
    expect((await staff.postForm(`/staff/chapters/${c.id}/officers`, form)).statusCode).toBe(409);
    expect((await staff.postForm('/staff/chapters/00000000-0000-4000-8000-000000000000/officers', form)).statusCode).toBe(404);
    expect((await staff.postForm('/staff/chapters/not-an-id/officers', form)).statusCode).toBe(404);
    // a plain student, the chapter's own president and a visitor at the staff address
    for (const client of [await signedIn(ctx, student.email), await signedIn(ctx, c.president.email)]) {
      expect((await client.get(`/staff/chapters/${c.id}`)).statusCode).toBe(403);
      expect((await client.postForm(`/staff/chapters/${c.id}/officers`, form)).statusCode).toBe(403);
    }
    expect((await ctx.client().postForm(`/staff/chapters/${c.id}/officers`, form)).statusCode).toBe(401);
    const dormant = await leaderlessDormant();
    const bad = await (await signedIn(ctx, dormant.staff.email)).postForm(`/staff/chapters/${dormant.id}/officers`, {
      role: 'mayor',
      email: student.email,
      termStart: '2026-10-01',
      termEnd: '2026-09-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body, 'role').message).toBe('Choose the role.');
    const ended = await (await signedIn(ctx, dormant.staff.email)).postForm(`/staff/chapters/${dormant.id}/officers`, { ...form, termStart: '2026-10-01', termEnd: '2026-09-01' });
    expect(errorOf(ended.body, 'termEnd').message).toBe('The term must end on or after the day it starts.');
    expect((await officerRows(c.id)).length).toBe(1);
    expect((await officerRows(dormant.id)).length).toBe(1);
  });
});

describe('officers handing over', () => {
  it('Manage this chapter says when the current terms end and asks for next year’s officers, until one is invited', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const c = await aChapter(ctx);
    const pres = await signedIn(ctx, c.president.email);
    const notice = async () => words(dom((await pres.get(`/chapters/${c.slug}/manage`)).body).querySelector('form[aria-label="Invite an officer"] .notice'));
    expect(await notice()).toBe(
      'The current officers’ terms end on Jun 30, 2026 at the latest. Invite next year’s officers before then, with terms from Jul 1, 2026: a chapter left with no officers becomes dormant, and only officers can invite new ones.',
    );
    const student = await aChapterMember(ctx);
    const sent = await pres.postForm(`/chapters/${c.slug}/manage/officers`, { role: 'president', email: student.email, termStart: '2026-07-01', termEnd: '2027-06-30' });
    expect(sent.statusCode).toBe(303);
    expect(await notice()).toBe('');
  });
});

describe('reactivating a dormant chapter', () => {
  it('emails its officers that it is active again and what to do next, with replies to the staff member', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const c = await aChapter(ctx);
    // the president is named again for next year, so they are an officer when the report is missed
    const next = await inviteOfficer(
      ctx.deps,
      { userId: c.president.id },
      { chapterId: c.id, role: 'president', email: c.president.email, termStart: '2026-07-01', termEnd: '2027-06-30' },
    );
    await answerOfficerInvitation(ctx.deps, { userId: c.president.id }, { officerId: next, accept: true });
    ctx.clock.set('2026-09-29T08:00:00Z');
    await runChapterDay(ctx.deps);
    const staff = await signedIn(ctx, c.staff.email);
    const done = await staff.postForm(`/staff/chapters/${c.id}/reactivate`, {});
    expect(done.statusCode).toBe(303);
    expect((await staff.get(done.headers.location as string)).body).toContain('Chapter reactivated. One person has been emailed what to do next; replies reach you.');
    const [mail, ...more] = await mailTo(c.president.email, 'chapters.reactivated');
    expect(more).toHaveLength(0);
    expect(mail?.subject).toBe(`${c.name} is active again`);
    expect(mail?.body_text).toContain(`Mina Membership, of membership staff, reactivated ${c.name}`);
    expect(mail?.body_text).toContain(
      'What to do next, as its officers: hold events and list them on the chapter’s page, welcome new members, and file the yearly report for 2026–27 by Jun 30, 2027.',
    );
    expect(mail?.body_text).toContain(`/chapters/${c.slug}/manage`);
    expect(mail?.headers['Reply-To']).toBe(`"Mina Membership" <${c.staff.email}>`);
  });

  it('a chapter with no officers: its last officers are told it needs officers, and by when', async () => {
    const c = await leaderlessDormant();
    const staff = await signedIn(ctx, c.staff.email);
    expect((await staff.postForm(`/staff/chapters/${c.id}/reactivate`, {})).statusCode).toBe(303);
    const [mail] = await mailTo(c.president.email, 'chapters.reactivated');
    expect(mail?.body_text).toContain('It has no current officers: unless a student member accepts an officer role by Dec 28, 2026, it becomes dormant again.');
    expect(mail?.body_text).toContain('Reply to say who should lead it');
    expect(mail?.headers['Reply-To']).toBe(`"Mina Membership" <${c.staff.email}>`);
    // once only: an active chapter is not reactivated again, and nobody is emailed twice
    expect((await staff.postForm(`/staff/chapters/${c.id}/reactivate`, {})).statusCode).toBe(409);
    expect(await mailTo(c.president.email, 'chapters.reactivated')).toHaveLength(1);
  });
});

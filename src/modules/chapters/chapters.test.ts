// Student chapters (I8): a request by a faculty member, its founding officers accepting before they
// are linked, approval by membership staff, a student member joining, an officer filing the yearly
// report and staff accepting it; the report reminders and dormancy driven by the clock, each sent
// or done once; and reactivation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChapter, aChapterMember, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, termValue, textOf } from '../../../test/html.js';
import { mergeAccounts } from '../accounts/index.js';
import { answerOfficerInvitation, inviteOfficer, joinChapter, reactivateChapter, runChapterDay, sendReportReminders, submitReport } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', template).execute();
const statusOf = async (id: string) => (await ctx.deps.db.selectFrom('chapters').select(['status', 'dormant_reason']).where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('a chapter from request to yearly report', () => {
  it('request → officers accept → approval → a student joins → an officer files the report → staff accept it', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const faculty = await aChapterMember(ctx, { kind: 'academic', name: 'Prof. Rachel Holloway' });
    const president = await aChapterMember(ctx, { name: 'Maya Chen' });
    const secretary = await aChapterMember(ctx, { name: 'Priya Natarajan' });
    const staffAccount = await createAccount(ctx, { roles: ['membership'], name: 'Mina Membership' });

    // the request, through the form
    const requester = await signedIn(ctx, faculty.email);
    expect((await requester.get('/chapters/new')).statusCode).toBe(200);
    const sent = await requester.postForm('/chapters/new', {
      university: 'University of Kansas',
      city: 'Lawrence',
      state: 'KS',
      name: 'Jayhawk Student Chapter',
      advisorName: 'Prof. Rachel Holloway',
      advisorEmail: 'r.holloway@ku.example.edu',
      advisorDepartment: 'Public Affairs',
      president_name: 'Maya Chen',
      president_email: president.email.toUpperCase(),
      secretary_name: 'Priya Natarajan',
      secretary_email: secretary.email,
      purpose: 'Connect MPA students with Kansas managers.',
    });
    expect(sent.statusCode).toBe(303);
    const chapter = await ctx.deps.db.selectFrom('chapters').select(['id', 'status', 'slug']).where('name', '=', 'Jayhawk Student Chapter').executeTakeFirstOrThrow();
    expect(chapter).toMatchObject({ status: 'requested', slug: null });
    expect(await mailTo(president.email, 'chapters.officer_invited')).toHaveLength(1);
    expect(await mailTo(secretary.email, 'chapters.officer_invited')).toHaveLength(1);
    expect(await mailTo(staffAccount.email, 'chapters.request_received')).toHaveLength(1);
    // nobody is linked before accepting
    const linked = await ctx.deps.db.selectFrom('chapter_officers').select('status').where('chapter_id', '=', chapter.id).execute();
    expect(linked.map((o) => o.status)).toEqual(['invited', 'invited']);

    // staff cannot approve before the president accepted
    const staff = await signedIn(ctx, staffAccount.email);
    const early = await staff.postForm(`/staff/chapters/${chapter.id}/approve`, {});
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('has not accepted');
    expect(await statusOf(chapter.id)).toBe('requested');

    // the president accepts on their invitations page
    const pres = await signedIn(ctx, president.email);
    const invitations = await pres.get('/chapters/invitations');
    expect(rowsOf(invitations.body, 'Waiting for your answer')[0]).toEqual(expect.arrayContaining(['Jayhawk Student Chapter (requested, not yet approved)', 'President']));
    const inv = await ctx.deps.db.selectFrom('chapter_officers').select('id').where('user_id', '=', president.id).executeTakeFirstOrThrow();
    expect((await pres.postForm(`/chapters/officers/${inv.id}/accept`, {})).statusCode).toBe(303);
    // a second answer is refused, nothing changes
    expect((await pres.postForm(`/chapters/officers/${inv.id}/decline`, {})).statusCode).toBe(409);

    // approval: active, with an address; the requester is emailed
    expect((await staff.postForm(`/staff/chapters/${chapter.id}/approve`, {})).statusCode).toBe(303);
    const approved = await ctx.deps.db.selectFrom('chapters').select(['status', 'slug', 'approved_on']).where('id', '=', chapter.id).executeTakeFirstOrThrow();
    expect(approved).toEqual({ status: 'active', slug: 'jayhawk-student-chapter', approved_on: '2026-01-10' });
    expect((await mailTo(faculty.email, 'chapters.approved'))[0]?.body_text).toContain('/chapters/jayhawk-student-chapter');

    // the public page: the president with her term, not the secretary who has not accepted
    const visitor = ctx.client();
    const page = await visitor.get('/chapters/jayhawk-student-chapter');
    expect(page.statusCode).toBe(200);
    expect(rowsOf(page.body, 'Officers')).toEqual([['President', 'Maya Chen', expect.stringMatching(/Jan.* 10, 2026 to .*June? 30, 2026/)]]);
    expect(page.body).not.toContain('Priya Natarajan');
    expect(termValue(page.body, 'Faculty advisor')).toBe('Prof. Rachel Holloway, Public Affairs');
    expect(page.body).not.toContain('r.holloway@ku.example.edu');
    const list = await visitor.get('/chapters?q=kansas');
    expect(dom(list.body).querySelector('#state-KS')?.text).toBe('Kansas');
    expect(list.body).toContain('Jayhawk Student Chapter');

    // a student member joins; the public sees the count, not the names
    const student = await aChapterMember(ctx, { name: 'Noah Fischer' });
    const s = await signedIn(ctx, student.email);
    expect((await s.get('/chapters/jayhawk-student-chapter')).body).toContain('Join this chapter');
    expect((await s.postForm('/chapters/jayhawk-student-chapter/join', {})).statusCode).toBe(303);
    const after = await visitor.get('/chapters/jayhawk-student-chapter');
    expect(termValue(after.body, 'Members')).toBe('1 student member');
    expect(after.body).not.toContain('Noah Fischer');
    // the president (an officer) sees the members on the page and the manage page
    expect(rowsOf((await pres.get('/chapters/jayhawk-student-chapter')).body, 'Members (seen by the chapter’s officers and membership staff only)')[0]?.[0]).toBe('Noah Fischer');
    const manage = await pres.get('/chapters/jayhawk-student-chapter/manage');
    expect(manage.statusCode).toBe(200);
    // the membership count comes prefilled from the members
    expect(dom(manage.body).querySelector('input[name="memberCount"]')?.getAttribute('value')).toBe('1');

    // the officer files the yearly report for 2025–26
    const filed = await pres.postForm('/chapters/jayhawk-student-chapter/manage/report', {
      year: '2026',
      activities: 'Monthly meetings and a career panel.',
      eventsHeld: 'Career panel',
      memberCount: '1',
    });
    expect(filed.statusCode).toBe(303);
    const report = await ctx.deps.db
      .selectFrom('chapter_reports')
      .select(['id', 'year', 'member_count', 'submitted_by'])
      .where('chapter_id', '=', chapter.id)
      .executeTakeFirstOrThrow();
    expect(report).toMatchObject({ year: 2026, member_count: 1, submitted_by: president.id });
    expect(await mailTo(staffAccount.email, 'chapters.report_submitted')).toHaveLength(1);
    // a second report for the year is refused
    const again = await pres.postForm('/chapters/jayhawk-student-chapter/manage/report', { year: '2026', activities: 'Again', memberCount: '1' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already filed');
    expect(await ctx.deps.db.selectFrom('chapter_reports').select('id').where('chapter_id', '=', chapter.id).execute()).toHaveLength(1);

    // staff see it and accept it
    const record = await staff.get(`/staff/chapters/${chapter.id}`);
    expect(termValue(record.body, 'Activities')).toBe('Monthly meetings and a career panel.');
    expect(rowsOf((await staff.get('/staff/chapters')).body, 'Reports waiting to be accepted')[0]?.[0]).toBe('Jayhawk Student Chapter');
    expect((await staff.postForm(`/staff/chapters/${chapter.id}/reports/${report.id}/accept`, {})).statusCode).toBe(303);
    expect((await ctx.deps.db.selectFrom('chapter_reports').select('accepted_by').where('id', '=', report.id).executeTakeFirstOrThrow()).accepted_by).toBe(staffAccount.id);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', 'in', [chapter.id, report.id]).orderBy('at').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['chapters.requested', 'chapters.approved', 'chapters.member_joined', 'chapters.report_submitted', 'chapters.report_accepted']);
  });

  it('a declined request tells the requester why, and withdraws its invitations', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const faculty = await aChapterMember(ctx, { kind: 'academic' });
    const president = await aChapterMember(ctx);
    const staffAccount = await createAccount(ctx, { roles: ['membership'] });
    const requester = await signedIn(ctx, faculty.email);
    await requester.postForm('/chapters/new', {
      university: 'Nowhere University',
      city: 'Nowhere',
      state: 'NE',
      name: 'Nowhere Chapter',
      advisorName: 'Dr. A',
      advisorEmail: 'a@nowhere.example.edu',
      advisorDepartment: 'Politics',
      president_name: 'P',
      president_email: president.email,
      purpose: 'Tests.',
    });
    const c = await ctx.deps.db.selectFrom('chapters').select('id').where('name', '=', 'Nowhere Chapter').executeTakeFirstOrThrow();
    const staff = await signedIn(ctx, staffAccount.email);
    const blank = await staff.postForm(`/staff/chapters/${c.id}/decline`, { reason: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(await statusOf(c.id)).toBe('requested');
    expect((await staff.postForm(`/staff/chapters/${c.id}/decline`, { reason: 'A chapter already exists at this university.' })).statusCode).toBe(303);
    expect(await statusOf(c.id)).toBe('declined');
    expect((await mailTo(faculty.email, 'chapters.declined'))[0]?.body_text).toContain('A chapter already exists at this university.');
    expect((await (await signedIn(ctx, president.email)).get('/chapters/invitations')).body).toContain('No invitation is waiting');
  });

  it('staff see whether the founding president has accepted before they approve, officers’ answers in words, and a report’s lines as written', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const faculty = await aChapterMember(ctx, { kind: 'academic' });
    const president = await aChapterMember(ctx, { name: 'Ada Waiting' });
    const staffAccount = await createAccount(ctx, { roles: ['membership'] });
    await (await signedIn(ctx, faculty.email)).postForm('/chapters/new', {
      university: 'Lines University',
      city: 'Lines',
      state: 'OR',
      name: 'Lines Chapter',
      advisorName: 'Dr. L',
      advisorEmail: 'l@lines.example.edu',
      advisorDepartment: 'Planning',
      president_name: 'Ada Waiting',
      president_email: president.email,
      purpose: 'First line.\nSecond line.',
    });
    const c = await ctx.deps.db.selectFrom('chapters').select('id').where('name', '=', 'Lines Chapter').executeTakeFirstOrThrow();
    const staff = await signedIn(ctx, staffAccount.email);
    const decisionOf = (html: string) => {
      const main = dom(html).querySelector('main');
      return {
        notice: main?.querySelector('.notice')?.text.replace(/\s+/g, ' ').trim() ?? null,
        approve: main?.querySelectorAll('button').some((b) => b.text.trim() === 'Approve the chapter') ?? false,
      };
    };
    const waiting = await staff.get(`/staff/chapters/${c.id}`);
    expect(decisionOf(waiting.body)).toEqual({
      notice: 'The founding president, Ada Waiting, has not accepted the role yet. The chapter can be approved once they do; they were emailed the invitation.',
      approve: false,
    });
    expect(rowsOf(waiting.body, 'Officers and invitations')[0]?.[3]).toBe('Invited: waiting for an answer');
    // the purpose keeps its lines
    expect(dom(waiting.body).querySelector('main dd .pre-line')?.text).toBe('First line.\nSecond line.');

    const inv = await ctx.deps.db.selectFrom('chapter_officers').select('id').where('user_id', '=', president.id).executeTakeFirstOrThrow();
    await answerOfficerInvitation(ctx.deps, { userId: president.id }, { officerId: inv.id, accept: true });
    const ready = await staff.get(`/staff/chapters/${c.id}`);
    expect(decisionOf(ready.body)).toEqual({ notice: null, approve: true });
    expect(textOf(ready.body, 'form[aria-label="Approve"] p')).toBe(
      'The founding president, Ada Waiting, has accepted. Approving makes the chapter active with its public page, and emails the requester.',
    );
    expect(rowsOf(ready.body, 'Officers and invitations')[0]?.[3]).toBe('Accepted');
    expect((await staff.postForm(`/staff/chapters/${c.id}/approve`, {})).statusCode).toBe(303);

    // a report written on several lines reads on several lines
    const slug = (await ctx.deps.db.selectFrom('chapters').select('slug').where('id', '=', c.id).executeTakeFirstOrThrow()).slug;
    ctx.clock.set('2026-05-01T12:00:00Z');
    const filed = await (await signedIn(ctx, president.email)).postForm(`/chapters/${slug}/manage/report`, {
      year: '2026',
      activities: 'Panels in the fall.\nSite visits in the spring.',
      eventsHeld: 'Panel (2026-10-01)\nSite visit (2027-03-01)',
      memberCount: '1',
    });
    expect(filed.statusCode).toBe(303);
    // (a new sign-in: the clock has moved past the session's end)
    const record = dom((await (await signedIn(ctx, staffAccount.email)).get(`/staff/chapters/${c.id}`)).body);
    expect(record.querySelectorAll('main section dd .pre-line').map((el) => el.text)).toEqual([
      'Panels in the fall.\nSite visits in the spring.',
      'Panel (2026-10-01)\nSite visit (2027-03-01)',
    ]);
    ctx.clock.set('2026-01-10T12:00:00Z');
  });

  it('an invited officer holds the role only once they accept; accepting ends the predecessor’s term', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const c = await aChapter(ctx);
    const next = await aChapterMember(ctx, { name: 'Next President' });
    const id = await inviteOfficer(ctx.deps, { userId: c.president.id }, { chapterId: c.id, role: 'president', email: next.email, termStart: '2026-02-01', termEnd: '2027-01-31' });
    const before = rowsOf((await ctx.client().get(`/chapters/${c.slug}`)).body, 'Officers');
    expect(before.map((r) => r[1])).toEqual([c.president.name]);
    await answerOfficerInvitation(ctx.deps, { userId: next.id }, { officerId: id, accept: true });
    const rows = await ctx.deps.db
      .selectFrom('chapter_officers')
      .select(['user_id', 'term_start', 'term_end', 'status'])
      .where('chapter_id', '=', c.id)
      .orderBy('term_start')
      .execute();
    expect(rows).toEqual([
      { user_id: c.president.id, term_start: '2026-01-10', term_end: '2026-01-31', status: 'accepted' },
      { user_id: next.id, term_start: '2026-02-01', term_end: '2027-01-31', status: 'accepted' },
    ]);
  });
});

describe('reminders and dormancy, by the clock', () => {
  it('officers are reminded once before the due date and once after it was missed; then the chapter becomes dormant', async () => {
    ctx.clock.set('2025-11-01T12:00:00Z');
    const c = await aChapter(ctx);
    const due = () => mailTo(c.president.email, 'chapters.report_due');
    const overdue = () => mailTo(c.president.email, 'chapters.report_overdue');

    // reminded from 31 May: 30 days before June 30, 2026, the lead time
    ctx.clock.set('2026-05-30T08:00:00Z');
    await sendReportReminders(ctx.deps);
    expect(await due()).toHaveLength(0);
    ctx.clock.set('2026-05-31T08:00:00Z');
    await sendReportReminders(ctx.deps);
    await sendReportReminders(ctx.deps);
    expect((await due()).map((m) => m.subject)).toEqual([`Chapter report due on Jun 30, 2026: ${c.name}`]);
    ctx.clock.set('2026-06-30T08:00:00Z');
    await runChapterDay(ctx.deps);
    expect(await overdue()).toHaveLength(0);

    ctx.clock.set('2026-07-01T08:00:00Z');
    await runChapterDay(ctx.deps);
    await runChapterDay(ctx.deps);
    expect(await due()).toHaveLength(1);
    expect(await overdue()).toHaveLength(1);
    expect((await overdue())[0]?.body_text).toContain('2025–26');
    expect(await statusOf(c.id)).toBe('active');

    ctx.clock.set('2026-09-28T08:00:00Z'); // the last day of the 90-day grace period
    await runChapterDay(ctx.deps);
    expect(await statusOf(c.id)).toBe('active');
    ctx.clock.set('2026-09-29T08:00:00Z');
    await runChapterDay(ctx.deps);
    await runChapterDay(ctx.deps);
    expect(await statusOf(c.id)).toBe('dormant');
    const told = await mailTo(c.president.email, 'chapters.dormant');
    expect(told).toHaveLength(1);
    expect(told[0]?.body_text).toContain('2025–26');
    expect(await overdue()).toHaveLength(1);

    // listed apart; joining is refused
    const list = await ctx.client().get('/chapters');
    expect(dom(list.body).querySelector('section[aria-labelledby="dormant"]')?.text).toContain(c.name);
    const student = await aChapterMember(ctx);
    const join = await (await signedIn(ctx, student.email)).postForm(`/chapters/${c.slug}/join`, {});
    expect(join.statusCode).toBe(409);
    expect(join.body).toContain('dormant');

    // staff reactivate it: the missed year is forgiven, and the officer period starts again
    await reactivateChapter(ctx.deps, { userId: c.staff.id }, { chapterId: c.id });
    ctx.clock.set('2026-10-02T08:00:00Z');
    await runChapterDay(ctx.deps);
    expect(await statusOf(c.id)).toBe('active');
    // its officers' terms ended on 30 June: 90 days after the reactivation (29 September) with no officer, dormant again
    ctx.clock.set('2026-12-28T08:00:00Z');
    await runChapterDay(ctx.deps);
    expect(await statusOf(c.id)).toBe('active');
    ctx.clock.set('2026-12-29T08:00:00Z');
    await runChapterDay(ctx.deps);
    expect(await statusOf(c.id)).toBe('dormant');
    const reason = await ctx.deps.db.selectFrom('chapters').select('dormant_reason').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(reason.dormant_reason).toContain('no officers');
  });

  it('a filed report stops the reminders; a chapter with a report and officers stays active', async () => {
    ctx.clock.set('2025-11-01T12:00:00Z');
    const c = await aChapter(ctx);
    ctx.clock.set('2026-05-01T12:00:00Z');
    await submitReport(ctx.deps, { userId: c.president.id }, { chapterId: c.id, year: 2026, activities: 'Meetings.', eventsHeld: '', memberCount: 0 });
    // next year's president, accepted before the term ends
    const next = await aChapterMember(ctx);
    const id = await inviteOfficer(ctx.deps, { userId: c.president.id }, { chapterId: c.id, role: 'president', email: next.email, termStart: '2026-07-01', termEnd: '2027-06-30' });
    await answerOfficerInvitation(ctx.deps, { userId: next.id }, { officerId: id, accept: true });
    for (const day of ['2026-05-31', '2026-07-01', '2026-09-29', '2026-12-31']) {
      ctx.clock.set(`${day}T08:00:00Z`);
      await runChapterDay(ctx.deps);
    }
    expect(await mailTo(c.president.email, 'chapters.report_due')).toHaveLength(0);
    expect(await mailTo(c.president.email, 'chapters.report_overdue')).toHaveLength(0);
    expect(await statusOf(c.id)).toBe('active');
  });

  it('a chapter approved less than 90 days before the due date owes its first report the year after', async () => {
    ctx.clock.set('2026-05-01T12:00:00Z');
    const c = await aChapter(ctx);
    for (const day of ['2026-05-31', '2026-07-01', '2026-09-29']) {
      ctx.clock.set(`${day}T08:00:00Z`);
      await runChapterDay(ctx.deps);
    }
    expect(await mailTo(c.president.email, 'chapters.report_due')).toHaveLength(0);
    expect(await statusOf(c.id)).toBe('active');
    const term = await ctx.deps.db.selectFrom('chapter_officers').select('term_end').where('chapter_id', '=', c.id).executeTakeFirstOrThrow();
    expect(term.term_end).toBe('2027-06-30');
  });

  it('the due date is configurable by staff', async () => {
    ctx.clock.set('2026-03-01T12:00:00Z');
    const staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['membership'] })).email);
    const bad = await staff.postForm('/staff/chapters/settings', { dueMonth: '13', dueDay: '31', reminderDays: '30', graceDays: '90' });
    expect(bad.statusCode).toBe(400);
    expect((await staff.postForm('/staff/chapters/settings', { dueMonth: '5', dueDay: '15', reminderDays: '14', graceDays: '60' })).statusCode).toBe(303);
    const c = await aChapter(ctx);
    ctx.clock.set('2026-11-01T12:00:00Z');
    // approved 1 March: owes the year due on May 15, 2027; reminded from May 1, 2027
    ctx.clock.set('2027-04-30T08:00:00Z');
    await sendReportReminders(ctx.deps);
    expect(await mailTo(c.president.email, 'chapters.report_due')).toHaveLength(0);
    ctx.clock.set('2027-05-01T08:00:00Z');
    await sendReportReminders(ctx.deps);
    expect((await mailTo(c.president.email, 'chapters.report_due'))[0]?.subject).toContain('May 15, 2027');
    await ctx.deps.db.updateTable('chapter_settings').set({ due_month: 6, due_day: 30, reminder_days: 30, grace_days: 90 }).execute();
  });
});

describe('merging accounts', () => {
  it('a merged account’s officer role moves to the kept account; one chapter membership is kept', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const a = await aChapter(ctx);
    const b = await aChapter(ctx);
    const kept = await aChapterMember(ctx);
    await joinChapter(ctx.deps, { userId: kept.id }, { chapterId: b.id });
    await joinChapter(ctx.deps, { userId: a.president.id }, { chapterId: a.id });
    // individuals refuses to merge two current memberships: the duplicate's has ended
    await ctx.deps.db.updateTable('individual_memberships').set({ status: 'ended' }).where('user_id', '=', a.president.id).execute();
    const staff = await createAccount(ctx, { roles: ['membership'], name: 'Merging Staff' });
    await mergeAccounts(ctx.deps, { fromUserId: a.president.id, intoUserId: kept.id, actor: { userId: staff.id, name: 'Merging Staff', admin: false } });
    const officers = await ctx.deps.db.selectFrom('chapter_officers').select('user_id').where('chapter_id', '=', a.id).execute();
    expect(officers.map((o) => o.user_id)).toEqual([kept.id]);
    const memberships = await ctx.deps.db.selectFrom('chapter_members').select('chapter_id').where('user_id', 'in', [kept.id, a.president.id]).execute();
    expect(memberships).toEqual([{ chapter_id: b.id }]);
  });
});

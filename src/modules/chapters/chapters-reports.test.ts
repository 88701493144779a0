// The yearly chapter report after it is filed, and the staff pages around it: the "events held"
// prefill takes the academic year's events only; staff read the state by its name, as the public
// does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChapter, signedIn } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, termValue } from '../../../test/html.js';
import { addChapterEvent } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-01-10T12:00:00Z');
});
afterAll(() => ctx?.close());

describe('the report form', () => {
  it('prefills the events held with this academic year’s past events only', async () => {
    // approved in April 2025: the founding term runs to June 2026, and the first report is 2025–26's
    ctx.clock.set('2025-04-15T12:00:00Z');
    const c = await aChapter(ctx);
    const add = (title: string, happensOn: string) => addChapterEvent(ctx.deps, { userId: c.president.id }, { chapterId: c.id, title, happensOn, place: '', description: '' });
    await add('Founding social', '2025-04-20');
    await add('Due-day picnic', '2025-06-30');
    ctx.clock.set('2026-03-01T12:00:00Z');
    await add('Fall kickoff', '2025-07-01');
    await add('Career panel', '2026-02-12');
    await add('Spring site visit', '2026-04-20');
    const page = await (await signedIn(ctx, c.president.email)).get(`/chapters/${c.slug}/manage`);
    expect(page.statusCode).toBe(200);
    const field = dom(page.body).querySelector('textarea[name="eventsHeld"]');
    expect(field?.text).toBe('Fall kickoff (Jul 1, 2025)\nCareer panel (Feb 12, 2026)');
    expect(dom(page.body).querySelector('#f-eventsHeld-hint')?.text).toBe('Filled in from the chapter’s events of 2025–26 (Jul 1, 2025 to Jun 30, 2026); change it as you need.');
  });
});

describe('staff pages', () => {
  it('name the university’s state, as the public page does', async () => {
    const c = await aChapter(ctx, { state: 'VA', university: 'Virginia Test University' });
    const staff = await signedIn(ctx, c.staff.email);
    const record = await staff.get(`/staff/chapters/${c.id}`);
    expect(termValue(record.body, 'University')).toBe('Virginia Test University, Lawrence, Virginia');
    const list = await staff.get('/staff/chapters');
    const row = rowsOf(list.body, 'Active chapters').find((r) => r[0] === c.name);
    expect(row?.[1]).toBe('Virginia Test University (Virginia)');
    expect(termValue((await ctx.client().get(`/chapters/${c.slug}`)).body, 'University')).toBe('Virginia Test University, Lawrence, Virginia');
  });
});

const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', template).execute();
const reportOf = (chapterId: string) =>
  ctx.deps.db.selectFrom('chapter_reports').select(['id', 'activities', 'member_count', 'accepted_at', 'returned_at', 'return_note']).where('chapter_id', '=', chapterId).execute();

describe('after a report is filed', () => {
  it('staff send it back with what to change; the officers are emailed, read it, file it again; staff accept it and the officers are told', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const c = await aChapter(ctx);
    const pres = await signedIn(ctx, c.president.email);
    const staff = await signedIn(ctx, c.staff.email);
    const filed = await pres.postForm(`/chapters/${c.slug}/manage/report`, { year: '2026', activities: 'Meetings.', eventsHeld: '', memberCount: '3' });
    expect(filed.statusCode).toBe(303);
    const [report] = await reportOf(c.id);
    if (!report) throw new Error('no report');

    // the officers read back what they filed, from Manage this chapter
    const manage = await pres.get(`/chapters/${c.slug}/manage`);
    const link = dom(manage.body).querySelector(`a[href="/chapters/${c.slug}/manage/reports/${report.id}"]`);
    expect(link?.text).toBe('Report for 2025–26');
    const mine = await pres.get(`/chapters/${c.slug}/manage/reports/${report.id}`);
    expect(mine.statusCode).toBe(200);
    expect(termValue(mine.body, 'Activities')).toBe('Meetings.');
    expect(termValue(mine.body, 'Status')).toBe('Waiting for membership staff to read it: the officers are emailed when they accept it or send it back');

    // sending back needs a note; nothing changes without one
    const blank = await staff.postForm(`/staff/chapters/${c.id}/reports/${report.id}/return`, { note: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(dom(blank.body).querySelector('#f-note-error')?.text).toContain('Say what the officers should change: they read it.');
    expect((await reportOf(c.id))[0]?.returned_at).toBeNull();
    const back = await staff.postForm(`/staff/chapters/${c.id}/reports/${report.id}/return`, { note: 'Name the events you held, with their dates.' });
    expect(back.statusCode).toBe(303);
    const returned = await mailTo(c.president.email, 'chapters.report_returned');
    expect(returned).toHaveLength(1);
    expect(returned[0]?.body_text).toContain('What to change: Name the events you held, with their dates.');
    expect(returned[0]?.body_text).toContain(`/chapters/${c.slug}/manage/reports/${report.id}`);
    // no longer waiting for staff; it cannot be accepted or sent back while it is with the officers
    expect(rowsOf((await staff.get('/staff/chapters')).body, 'Reports waiting to be accepted').some((r) => r[0] === c.name)).toBe(false);
    expect((await staff.postForm(`/staff/chapters/${c.id}/reports/${report.id}/accept`, {})).statusCode).toBe(409);
    expect((await staff.postForm(`/staff/chapters/${c.id}/reports/${report.id}/return`, { note: 'Again' })).statusCode).toBe(409);

    // the officers see it on their page, and file it again from the report's page
    const told = await pres.get(`/chapters/${c.slug}/manage`);
    expect(dom(told.body).querySelector('main .notice')?.text.replace(/\s+/g, ' ').trim()).toBe(
      'Membership staff sent the report for 2025–26 back. What to change: Name the events you held, with their dates. Change it and file it again',
    );
    expect(dom(told.body).querySelector('form[aria-label="Yearly chapter report"]')).toBeNull();
    const page = await pres.get(`/chapters/${c.slug}/manage/reports/${report.id}`);
    expect(dom(page.body).querySelector('textarea[name="activities"]')?.text).toBe('Meetings.');
    const noCount = await pres.postForm(`/chapters/${c.slug}/manage/reports/${report.id}`, { activities: 'Meetings.', eventsHeld: '', memberCount: '' });
    expect(noCount.statusCode).toBe(400);
    expect(noCount.body).toContain('Enter the number of members.');
    const again = await pres.postForm(`/chapters/${c.slug}/manage/reports/${report.id}`, {
      activities: 'Meetings.',
      eventsHeld: 'Career panel (Feb 12, 2026)',
      memberCount: '4',
    });
    expect(again.statusCode).toBe(303);
    expect(await reportOf(c.id)).toEqual([{ id: report.id, activities: 'Meetings.', member_count: 4, accepted_at: null, returned_at: null, return_note: '' }]);
    expect(await mailTo(c.staff.email, 'chapters.report_submitted')).toHaveLength(2);

    // staff accept it: the officers are emailed, and read it as accepted
    expect((await staff.postForm(`/staff/chapters/${c.id}/reports/${report.id}/accept`, {})).statusCode).toBe(303);
    const accepted = await mailTo(c.president.email, 'chapters.report_accepted');
    expect(accepted.map((m) => m.subject)).toEqual([`Chapter report accepted: ${c.name}, 2025–26`]);
    expect(accepted[0]?.body_text).toContain(`/chapters/${c.slug}/manage/reports/${report.id}`);
    expect(termValue((await pres.get(`/chapters/${c.slug}/manage/reports/${report.id}`)).body, 'Status')).toBe('Accepted Jan 10, 2026');
    // an accepted report is not filed again
    expect((await pres.postForm(`/chapters/${c.slug}/manage/reports/${report.id}`, { activities: 'x', memberCount: '1' })).statusCode).toBe(409);
  });

  it('another chapter’s officer cannot read or refile a report; another chapter’s report id is a 404', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const a = await aChapter(ctx);
    const b = await aChapter(ctx);
    const presA = await signedIn(ctx, a.president.email);
    await presA.postForm(`/chapters/${a.slug}/manage/report`, { year: '2026', activities: 'Private plans.', memberCount: '2' });
    const [report] = await reportOf(a.id);
    if (!report) throw new Error('no report');
    const presB = await signedIn(ctx, b.president.email);
    const other = await presB.get(`/chapters/${a.slug}/manage/reports/${report.id}`);
    expect(other.statusCode).toBe(403);
    expect(other.body).not.toContain('Private plans.');
    expect((await presB.postForm(`/chapters/${a.slug}/manage/reports/${report.id}`, { activities: 'Hijack', memberCount: '1' })).statusCode).toBe(403);
    // through their own chapter's address: not theirs, a 404
    expect((await presB.get(`/chapters/${b.slug}/manage/reports/${report.id}`)).statusCode).toBe(404);
    expect((await presB.get(`/chapters/${b.slug}/manage/reports/not-a-uuid`)).statusCode).toBe(404);
    // staff of one chapter's page cannot send back another chapter's report
    expect((await (await signedIn(ctx, b.staff.email)).postForm(`/staff/chapters/${b.id}/reports/${report.id}/return`, { note: 'x' })).statusCode).toBe(404);
    expect((await reportOf(a.id))[0]).toMatchObject({ activities: 'Private plans.', returned_at: null });
  });
});

// An officer invitation declined is told to whoever sent it, with what they can do next: the
// officer who invited (Manage this chapter), membership staff (the chapter's record), or the
// requester of a chapter whose founding officer declines. Accepting tells nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChapter, aChapterMember, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';
import { inviteOfficer, inviteOfficerAsStaff, requestChapter, runChapterDay } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const declinedTo = (email: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', 'chapters.officer_declined').execute();
const invitationOf = async (chapterId: string, userId: string) =>
  (await ctx.deps.db.selectFrom('chapter_officers').select('id').where('chapter_id', '=', chapterId).where('user_id', '=', userId).executeTakeFirstOrThrow()).id;

describe('a declined officer invitation', () => {
  it('emails the officer who invited, with the term and the way to invite someone else; accepting emails nobody', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const c = await aChapter(ctx);
    const student = await aChapterMember(ctx, { name: 'Dana Decliner' });
    const other = await aChapterMember(ctx, { name: 'Ari Accepter' });
    const president = { userId: c.president.id };
    await inviteOfficer(ctx.deps, president, { chapterId: c.id, role: 'treasurer', email: student.email, termStart: '2026-02-01', termEnd: '2026-06-30' });
    await inviteOfficer(ctx.deps, president, { chapterId: c.id, role: 'secretary', email: other.email, termStart: '2026-02-01', termEnd: '2026-06-30' });

    const accepter = await signedIn(ctx, other.email);
    expect((await accepter.postForm(`/chapters/officers/${await invitationOf(c.id, other.id)}/accept`, {})).statusCode).toBe(303);
    expect(await declinedTo(c.president.email)).toHaveLength(0);

    const decliner = await signedIn(ctx, student.email);
    const id = await invitationOf(c.id, student.id);
    expect((await decliner.postForm(`/chapters/officers/${id}/decline`, {})).statusCode).toBe(303);
    const mail = await declinedTo(c.president.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe(`Dana Decliner declined to be Treasurer of ${c.name}`);
    expect(mail[0]?.body_text).toContain(`Dana Decliner declined your invitation to be Treasurer of ${c.name}, for the term Feb 1, 2026 to Jun 30, 2026.`);
    expect(mail[0]?.body_text).toContain('from Manage this chapter');
    expect(mail[0]?.body_text).toContain(`/chapters/${c.slug}/manage#officers`);
    // a second press is refused and sends nothing more
    expect((await decliner.postForm(`/chapters/officers/${id}/decline`, {})).statusCode).toBe(409);
    expect(await declinedTo(c.president.email)).toHaveLength(1);
  });

  it('emails the membership staff member who invited, with the chapter’s record', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const c = await aChapter(ctx);
    ctx.clock.set('2026-09-29T08:00:00Z');
    await runChapterDay(ctx.deps); // dormant, no officers left
    const student = await aChapterMember(ctx, { name: 'Sam Staffasked' });
    await inviteOfficerAsStaff(ctx.deps, { userId: c.staff.id }, { chapterId: c.id, role: 'president', email: student.email, termStart: '2026-09-29', termEnd: '2027-06-30' });
    const decliner = await signedIn(ctx, student.email);
    expect((await decliner.postForm(`/chapters/officers/${await invitationOf(c.id, student.id)}/decline`, {})).statusCode).toBe(303);
    const mail = await declinedTo(c.staff.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.body_text).toContain(`Sam Staffasked declined your invitation to be President of ${c.name}, for the term Sep 29, 2026 to Jun 30, 2027.`);
    expect(mail[0]?.body_text).toContain(`/staff/chapters/${c.id}#officers`);
  });

  it('emails the requester when a founding officer declines, saying the chapter needs a president who accepted', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const faculty = await aChapterMember(ctx, { kind: 'academic', name: 'Prof. Requester' });
    const president = await aChapterMember(ctx, { name: 'Pat Founding' });
    const chapterId = await requestChapter(
      ctx.deps,
      { userId: faculty.id },
      {
        name: 'Declined Founding Chapter',
        university: 'Test University',
        city: 'Lawrence',
        state: 'KS',
        advisorName: 'Prof. Requester',
        advisorEmail: 'advisor@university.example.edu',
        advisorDepartment: 'Public Administration',
        purpose: 'Tests.',
        officers: [{ role: 'president', name: president.name, email: president.email }],
      },
    );
    const decliner = await signedIn(ctx, president.email);
    expect((await decliner.postForm(`/chapters/officers/${await invitationOf(chapterId, president.id)}/decline`, {})).statusCode).toBe(303);
    const mail = await declinedTo(faculty.email);
    expect(mail).toHaveLength(1);
    // no term: a founding officer's starts only at the approval
    expect(mail[0]?.body_text).toContain('Pat Founding declined your invitation to be President of Declined Founding Chapter. They do not hold the role.');
    expect(mail[0]?.body_text).toContain('The chapter cannot be approved without a founding president who accepted.');
  });

  it('tells membership staff, who review the request, by email and on the request’s page, before they approve', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const staff = await createAccount(ctx, { roles: ['membership'], name: 'Mo Reviewer' });
    const faculty = await aChapterMember(ctx, { kind: 'academic', name: 'Prof. Asker' });
    const president = await aChapterMember(ctx, { name: 'Pia President' });
    const treasurer = await aChapterMember(ctx, { name: 'Tom <b>Treasurer</b>' });
    const chapterId = await requestChapter(
      ctx.deps,
      { userId: faculty.id },
      {
        name: 'Staff Told Chapter',
        university: 'Told University',
        city: 'Lawrence',
        state: 'KS',
        advisorName: 'Prof. Asker',
        advisorEmail: 'advisor@university.example.edu',
        advisorDepartment: 'Public Administration',
        purpose: 'Tests.',
        officers: [
          { role: 'president', name: president.name, email: president.email },
          { role: 'treasurer', name: treasurer.name, email: treasurer.email },
        ],
      },
    );
    const staffMail = () =>
      ctx.deps.db
        .selectFrom('outbox')
        .select(['subject', 'body_text'])
        .where('to_address', '=', staff.email)
        .where('template', '=', 'chapters.founding_officer_declined')
        .execute();
    const accepter = await signedIn(ctx, president.email);
    expect((await accepter.postForm(`/chapters/officers/${await invitationOf(chapterId, president.id)}/accept`, {})).statusCode).toBe(303);
    expect(await staffMail()).toHaveLength(0);

    const decliner = await signedIn(ctx, treasurer.email);
    expect((await decliner.postForm(`/chapters/officers/${await invitationOf(chapterId, treasurer.id)}/decline`, {})).statusCode).toBe(303);
    const mail = await staffMail();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('Founding officer declined: Staff Told Chapter');
    expect(mail[0]?.body_text).toContain('Tom <b>Treasurer</b> declined to be Treasurer of Staff Told Chapter, the chapter Prof. Asker asked to form at Told University.');
    expect(mail[0]?.body_text).toContain('You can still approve it: it would start without a Treasurer');
    expect(mail[0]?.body_text).toContain(`/staff/chapters/${chapterId}#officers`);

    // the request's page says it beside the decision, before the Approve button
    const reviewer = await signedIn(ctx, staff.email);
    const page = await reviewer.get(`/staff/chapters/${chapterId}`);
    expect(textOf(page.body, '#declined-officers')).toBe(
      'Declined by a founding officer: Tom <b>Treasurer</b> (Treasurer). Approving makes the chapter active without them; its officers can then invite another student member to the role.',
    );

    // the president declining too: staff are told the request cannot be approved
    const second = await aChapterMember(ctx, { name: 'Paz Second' });
    const other = await requestChapter(
      ctx.deps,
      { userId: faculty.id },
      {
        name: 'Presidentless Chapter',
        university: 'Told University',
        city: 'Lawrence',
        state: 'KS',
        advisorName: 'Prof. Asker',
        advisorEmail: 'advisor@university.example.edu',
        advisorDepartment: 'Public Administration',
        purpose: 'Tests.',
        officers: [{ role: 'president', name: second.name, email: second.email }],
      },
    );
    const pres = await signedIn(ctx, second.email);
    expect((await pres.postForm(`/chapters/officers/${await invitationOf(other, second.id)}/decline`, {})).statusCode).toBe(303);
    const both = await staffMail();
    expect(both).toHaveLength(2);
    expect(both.map((m) => m.body_text).join('\n')).toContain('The chapter cannot be approved without a founding president who accepted: decline the request with the reason');
  });
});

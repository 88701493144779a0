// Who may do what with a chapter: officers manage only their own chapter (an officer of another
// chapter, a plain member and a visitor get nothing and change nothing); only student members
// join (a non-student is told why); only student or faculty members request; another person's
// invitation is a 404; the members list is kept from the public. And hostile input: rejected with
// a clear message and nothing written, or shown as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChapter, aChapterMember, aMember, joinSignedIn, seedLevels, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf } from '../../../test/html.js';
import { joinChapter } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-01-10T12:00:00Z');
});
afterAll(() => ctx?.close());

const count = async (table: 'chapter_events' | 'chapter_members' | 'chapter_officers' | 'chapter_reports', chapterId: string) =>
  (await ctx.deps.db.selectFrom(table).select('chapter_id').where('chapter_id', '=', chapterId).execute()).length;

describe('managing a chapter', () => {
  it('an officer of another chapter, a plain member and a visitor cannot manage it, and change nothing', async () => {
    const a = await aChapter(ctx);
    const b = await aChapter(ctx);
    const student = await aChapterMember(ctx);
    await joinChapter(ctx.deps, { userId: student.id }, { chapterId: a.id });
    const otherOfficer = await signedIn(ctx, b.president.email);
    const plain = await signedIn(ctx, (await aMember(ctx)).email);
    const memberOfA = await signedIn(ctx, student.email);
    const before = { events: await count('chapter_events', a.id), members: await count('chapter_members', a.id), officers: await count('chapter_officers', a.id) };
    for (const client of [otherOfficer, plain, memberOfA]) {
      const page = await client.get(`/chapters/${a.slug}/manage`);
      expect(page.statusCode).toBe(403);
      expect(page.body).not.toContain(student.email);
      expect((await client.postForm(`/chapters/${a.slug}/manage/events`, { title: 'Hijack', happensOn: '2026-02-01' })).statusCode).toBe(403);
      expect((await client.postForm(`/chapters/${a.slug}/manage/members/${student.id}/remove`, {})).statusCode).toBe(403);
      expect(
        (await client.postForm(`/chapters/${a.slug}/manage/officers`, { role: 'treasurer', email: student.email, termStart: '2026-01-10', termEnd: '2026-06-30' })).statusCode,
      ).toBe(403);
      expect((await client.postForm(`/chapters/${a.slug}/manage/report`, { year: '2026', activities: 'x', memberCount: '1' })).statusCode).toBe(403);
    }
    const visitor = ctx.client();
    const v = await visitor.get(`/chapters/${a.slug}/manage`);
    expect(v.statusCode).toBe(303);
    expect(v.headers.location).toContain('/login');
    expect({ events: await count('chapter_events', a.id), members: await count('chapter_members', a.id), officers: await count('chapter_officers', a.id) }).toEqual(before);
    expect(await count('chapter_reports', a.id)).toBe(0);
    // its own officer may, but not reach into chapter B's events through A's address
    const own = await signedIn(ctx, a.president.email);
    await own.postForm(`/chapters/${b.slug}/manage/events`, { title: 'B event', happensOn: '2026-02-01' });
    const bEventsBefore = await count('chapter_events', b.id);
    expect((await (await signedIn(ctx, b.president.email)).postForm(`/chapters/${b.slug}/manage/events`, { title: 'B event', happensOn: '2026-02-01' })).statusCode).toBe(303);
    const bEvent = await ctx.deps.db.selectFrom('chapter_events').select('id').where('chapter_id', '=', b.id).executeTakeFirstOrThrow();
    expect((await own.postForm(`/chapters/${a.slug}/manage/events/${bEvent.id}/remove`, {})).statusCode).toBe(404);
    expect(await count('chapter_events', b.id)).toBe(bEventsBefore + 1);
    // and remove a member of its own chapter
    expect((await own.postForm(`/chapters/${a.slug}/manage/members/${student.id}/remove`, {})).statusCode).toBe(303);
    expect(await count('chapter_members', a.id)).toBe(0);
  });

  it('the members list is seen by the chapter’s officers and membership staff, not by the public or members', async () => {
    const c = await aChapter(ctx);
    const student = await aChapterMember(ctx, { name: 'Quiet Student' });
    await joinChapter(ctx.deps, { userId: student.id }, { chapterId: c.id });
    const caption = 'Members (seen by the chapter’s officers and membership staff only)';
    for (const client of [ctx.client(), await signedIn(ctx, student.email), await signedIn(ctx, (await aMember(ctx)).email)]) {
      const page = await client.get(`/chapters/${c.slug}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('Quiet Student');
    }
    for (const client of [await signedIn(ctx, c.president.email), await signedIn(ctx, c.staff.email)]) {
      expect(rowsOf((await client.get(`/chapters/${c.slug}`)).body, caption).map((r) => r[0])).toEqual(['Quiet Student']);
    }
    // programs staff run no chapter page
    const programs = await signedIn(ctx, (await createAccount(ctx, { roles: ['programs'] })).email);
    expect((await programs.get('/staff/chapters')).statusCode).toBe(403);
  });
});

describe('joining and requesting', () => {
  it('a non-student is told why they cannot join, and a join is refused', async () => {
    const c = await aChapter(ctx);
    for (const person of [await aMember(ctx), await aChapterMember(ctx, { kind: 'academic' }), await aChapterMember(ctx, { status: 'lapsed' })]) {
      const client = await signedIn(ctx, person.email);
      const page = await client.get(`/chapters/${c.slug}`);
      expect(page.body).toContain('Only student members can join a chapter');
      expect(page.body).not.toContain('Join this chapter</button>');
      const res = await client.postForm(`/chapters/${c.slug}/join`, {});
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('Only student members can join a chapter');
    }
    expect(await count('chapter_members', c.id)).toBe(0);
    // a student belongs to one chapter
    const other = await aChapter(ctx);
    const student = await aChapterMember(ctx);
    const s = await signedIn(ctx, student.email);
    expect((await s.postForm(`/chapters/${c.slug}/join`, {})).statusCode).toBe(303);
    const second = await s.postForm(`/chapters/${other.slug}/join`, {});
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('a student belongs to one chapter');
    expect((await s.postForm(`/chapters/${c.slug}/leave`, {})).statusCode).toBe(303);
    expect((await s.postForm(`/chapters/${other.slug}/join`, {})).statusCode).toBe(303);
  });

  it('only a student or faculty member may request a chapter; officers must be student members', async () => {
    const plain = await signedIn(ctx, (await aMember(ctx)).email);
    const page = await plain.get('/chapters/new');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Send the request');
    expect(page.body).toContain('Only student members and faculty members can request a chapter');
    const nonStudent = await aMember(ctx);
    const student = await signedIn(ctx, (await aChapterMember(ctx)).email);
    const before = (await ctx.deps.db.selectFrom('chapters').select('id').execute()).length;
    const res = await student.postForm('/chapters/new', {
      university: 'U',
      city: 'C',
      state: 'KS',
      name: 'Refused Chapter',
      advisorName: 'A',
      advisorEmail: 'a@u.example.edu',
      advisorDepartment: 'D',
      president_name: 'Not A Student',
      president_email: nonStudent.email,
      purpose: 'P',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('is not the email of a student member’s account');
    const unknown = await student.postForm('/chapters/new', {
      university: 'U',
      city: 'C',
      state: 'KS',
      name: 'Refused Chapter',
      advisorName: 'A',
      advisorEmail: 'a@u.example.edu',
      advisorDepartment: 'D',
      president_name: 'Nobody',
      president_email: 'nobody-at-all@test.example',
      purpose: 'P',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('is not the email of a student member’s account');
    expect((await ctx.deps.db.selectFrom('chapters').select('id').execute()).length).toBe(before);
    expect((await plain.postForm('/chapters/new', {})).statusCode).toBe(400);
  });

  it('another person’s invitation is a 404, and it stays waiting', async () => {
    const c = await aChapter(ctx);
    const invited = await aChapterMember(ctx);
    const own = await signedIn(ctx, c.president.email);
    expect(
      (await own.postForm(`/chapters/${c.slug}/manage/officers`, { role: 'secretary', email: invited.email, termStart: '2026-01-10', termEnd: '2026-06-30' })).statusCode,
    ).toBe(303);
    const inv = await ctx.deps.db.selectFrom('chapter_officers').select('id').where('user_id', '=', invited.id).executeTakeFirstOrThrow();
    const stranger = await signedIn(ctx, (await aChapterMember(ctx)).email);
    expect((await stranger.postForm(`/chapters/officers/${inv.id}/accept`, {})).statusCode).toBe(404);
    expect((await stranger.postForm('/chapters/officers/not-a-uuid/accept', {})).statusCode).toBe(404);
    const row = await ctx.deps.db.selectFrom('chapter_officers').select('status').where('id', '=', inv.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('invited');
  });
});

describe('the way to a Student membership', () => {
  /** The sentence of the join part of a chapter's page (or of the list's note), and its links. */
  const joinPart = (html: string, after: string) => {
    const p = dom(html)
      .querySelectorAll('main p')
      .find((el) => el.text.includes(after));
    if (!p) throw new Error(`no paragraph with “${after}”`);
    return { text: p.text.replace(/\s+/g, ' ').trim(), links: p.querySelectorAll('a').map((a) => [a.text.trim(), a.getAttribute('href')]) };
  };

  it('each person who cannot join is told where they stand and given the page that takes them further', async () => {
    const c = await aChapter(ctx);
    const levels = await seedLevels(ctx);
    const cases: Array<[string, { text: RegExp; links: string[][] }]> = [
      // an account with no membership at all
      [
        (await createAccount(ctx, { name: 'No Membership' })).email,
        { text: /your account has no Student membership yet/, links: [['Join as a student member', '/join/individual']] },
      ],
      // one who has just joined as a student: the proof is not checked yet
      [
        (await joinSignedIn(ctx, levels, 'student')).email,
        { text: /your Student membership has not started yet/, links: [['See what your membership is waiting for', '/me/membership']] },
      ],
      [(await aChapterMember(ctx, { status: 'lapsed' })).email, { text: /your Student membership has lapsed/, links: [['Renew your membership', '/me/membership']] }],
      [(await aChapterMember(ctx, { kind: 'academic' })).email, { text: /Faculty members advise chapters/, links: [['Request a new chapter', '/chapters/new']] }],
      [(await aMember(ctx)).email, { text: /your membership is at the Manager \(test\) level/, links: [] }],
    ];
    for (const [email, want] of cases) {
      const client = await signedIn(ctx, email);
      for (const page of [await client.get(`/chapters/${c.slug}`), await client.get('/chapters')]) {
        expect(page.statusCode).toBe(200);
        const part = joinPart(page.body, 'Only student members');
        expect(part.text).toMatch(want.text);
        expect(part.links).toEqual(want.links);
      }
    }
    // a visitor is told what it takes, and a student member is told nothing on the list
    expect(joinPart((await ctx.client().get('/chapters')).body, 'takes a Student membership').links).toEqual([['Join as a student member', '/join/individual']]);
    expect(joinPart((await ctx.client().get(`/chapters/${c.slug}`)).body, 'Sign in to join').links.map(([, href]) => href)).toContain('/join/individual');
    expect((await (await signedIn(ctx, (await aChapterMember(ctx)).email)).get('/chapters')).body).not.toContain('Only student members');
  });

  it('the request page says the same, with its link, and shows no form', async () => {
    const client = await signedIn(ctx, (await createAccount(ctx, { name: 'No Membership Either' })).email);
    const page = await client.get('/chapters/new');
    expect(page.statusCode).toBe(200);
    const part = joinPart(page.body, 'Only student members and faculty members can request a chapter');
    expect(part.text).toMatch(/no Student membership yet/);
    expect(part.links).toEqual([['Join as a student member', '/join/individual']]);
    expect(page.body).not.toContain('Send the request');
  });
});

describe('hostile input', () => {
  it('markup is shown as text; overlong, malformed and missing fields are refused with their reason and write nothing', async () => {
    const c = await aChapter(ctx);
    const own = await signedIn(ctx, c.president.email);
    const script = '<script>alert(1)</script>';
    expect((await own.postForm(`/chapters/${c.slug}/manage/events`, { title: script, happensOn: '2026-02-01', description: '<img src=x onerror=alert(1)>' })).statusCode).toBe(303);
    const page = await ctx.client().get(`/chapters/${c.slug}`);
    expect(page.body).not.toContain(script);
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(page.body).not.toContain('<img src=x');

    const events = await count('chapter_events', c.id);
    const cases: Array<[Record<string, string>, string]> = [
      [{ title: 'x'.repeat(201), happensOn: '2026-02-01' }, 'Use at most 200 characters.'],
      [{ title: 'Party', happensOn: '2026-02-30' }, 'Enter a date as year-month-day'],
      [{ title: 'Party', happensOn: "'; drop table chapters; --" }, 'Enter a date as year-month-day'],
      [{ title: '', happensOn: '2026-02-01' }, 'Enter the event’s title.'],
    ];
    for (const [body, message] of cases) {
      const res = await own.postForm(`/chapters/${c.slug}/manage/events`, body);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(message);
    }
    expect(await count('chapter_events', c.id)).toBe(events);
    for (const memberCount of ['-1', '1.5', 'many', '1e9']) {
      const res = await own.postForm(`/chapters/${c.slug}/manage/report`, { year: '2026', activities: 'x', memberCount });
      expect(res.statusCode).toBe(400);
    }
    const wrongYear = await own.postForm(`/chapters/${c.slug}/manage/report`, { year: '2031', activities: 'x', memberCount: '1' });
    expect(wrongYear.statusCode).toBe(400);
    expect(wrongYear.body).toContain('Reports can be filed for 2025–26 now.');
    expect(await count('chapter_reports', c.id)).toBe(0);
    const term = await own.postForm(`/chapters/${c.slug}/manage/officers`, { role: 'chancellor', email: 'x', termStart: '2026-05-01', termEnd: '2026-01-01' });
    expect(term.statusCode).toBe(400);
    expect(term.body).toContain('Choose the role.');
    const backwards = await own.postForm(`/chapters/${c.slug}/manage/officers`, { role: 'treasurer', email: c.president.email, termStart: '2026-05-01', termEnd: '2026-01-01' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('The term must end on or after the day it starts.');

    // a form without its CSRF token is refused
    expect((await own.postForm(`/chapters/${c.slug}/manage/events`, { title: 'No token', happensOn: '2026-02-01' }, { csrf: false })).statusCode).toBe(403);
    // unknown and malformed addresses are refused, never a failure of ours
    for (const url of ['/chapters/no-such-chapter', '/chapters/..%2F..%2Fetc', `/chapters/${'a'.repeat(101)}`, '/staff/chapters/not-a-uuid']) {
      const res = await (await signedIn(ctx, c.staff.email)).get(url);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    // the search takes anything as text
    const search = await ctx.client().get(`/chapters?q=${encodeURIComponent("%' or 1=1 --")}`);
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain('No active chapter matches');
    const request = await (await signedIn(ctx, (await aChapterMember(ctx)).email)).postForm('/chapters/new', {
      university: 'x'.repeat(201),
      city: 'C',
      state: 'ZZ',
      name: 'N',
      advisorName: 'A',
      advisorEmail: 'not an email',
      advisorDepartment: 'D',
      president_name: 'P',
      president_email: 'p@test.example',
      purpose: 'P',
    });
    expect(request.statusCode).toBe(400);
    expect(request.body).toContain('Use at most 200 characters.');
    expect(request.body).toContain('Choose the university’s state.');
    expect(request.body).toContain('Enter the faculty advisor’s email');
  });
});

// What officers and requesters type, checked before anything is written: dates of a chapter's
// events and officer terms within a sensible range of today (a year 0001 or 9999 is a slip, and
// PostgreSQL refuses year 0), and a request or report posted with fields missing from its body
// (a scripted client) told what to enter in the product's words, not zod's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChapter, aChapterMember, signedIn } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-01-10T12:00:00Z');
});
afterAll(() => ctx?.close());

const count = async (table: 'chapter_events' | 'chapter_officers' | 'chapter_reports', chapterId: string) =>
  (await ctx.deps.db.selectFrom(table).select('chapter_id').where('chapter_id', '=', chapterId).execute()).length;

/** The message tied to a field (its `aria-describedby` error). */
const fieldError = (html: string, name: string) => {
  const field = dom(html).querySelector(`[name="${name}"]`);
  const ids = (field?.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => dom(html).querySelector(`#${id}`)?.text.trim() ?? '').join(' ');
};

describe('dates of a chapter', () => {
  it('an event dated far in the past or future is refused with the range in words; nothing is written', async () => {
    const c = await aChapter(ctx);
    const own = await signedIn(ctx, c.president.email);
    const before = await count('chapter_events', c.id);
    for (const happensOn of ['0001-01-01', '0000-01-01', '2023-12-31', '2028-01-11', '9999-12-31']) {
      const res = await own.postForm(`/chapters/${c.slug}/manage/events`, { title: 'Founders’ dinner', happensOn });
      expect(res.statusCode, happensOn).toBe(400);
      expect(fieldError(res.body, 'happensOn')).toContain('Choose a day from Jan 10, 2024 to Jan 10, 2028.');
      // the form keeps what was typed
      expect(dom(res.body).querySelector('input[name="title"]')?.getAttribute('value')).toBe('Founders’ dinner');
    }
    expect(await count('chapter_events', c.id)).toBe(before);
    // the edges are inside
    for (const happensOn of ['2024-01-10', '2028-01-10']) {
      expect((await own.postForm(`/chapters/${c.slug}/manage/events`, { title: `Edge ${happensOn}`, happensOn })).statusCode).toBe(303);
    }
    // an emptied date says which date, not the format
    const empty = await own.postForm(`/chapters/${c.slug}/manage/events`, { title: 'No date', happensOn: '' });
    expect(empty.statusCode).toBe(400);
    expect(fieldError(empty.body, 'happensOn')).toContain('Enter the date of the event.');
  });

  it('an officer’s term starts within a year of today', async () => {
    const c = await aChapter(ctx);
    const own = await signedIn(ctx, c.president.email);
    const student = await aChapterMember(ctx, { name: 'Term Tester' });
    const before = await count('chapter_officers', c.id);
    for (const [termStart, termEnd] of [
      ['9999-01-01', '9999-06-30'],
      ['0001-01-01', '2026-06-30'],
      ['2027-01-11', '2027-06-30'],
    ]) {
      const res = await own.postForm(`/chapters/${c.slug}/manage/officers`, { role: 'treasurer', email: student.email, termStart, termEnd });
      expect(res.statusCode, termStart).toBe(400);
      expect(fieldError(res.body, 'termStart')).toContain('Choose a day from Jan 10, 2025 to Jan 10, 2027. A term starts within a year of today.');
    }
    expect(await count('chapter_officers', c.id)).toBe(before);
    const ok = await own.postForm(`/chapters/${c.slug}/manage/officers`, { role: 'treasurer', email: student.email, termStart: '2026-01-10', termEnd: '2026-06-30' });
    expect(ok.statusCode).toBe(303);
  });
});

describe('fields missing from the body', () => {
  it('a chapter request posted with no fields names each one in the product’s words', async () => {
    const faculty = await aChapterMember(ctx, { kind: 'academic' });
    const res = await (await signedIn(ctx, faculty.email)).postForm('/chapters/new', {});
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/Invalid input|expected string|received undefined/);
    const expected: Record<string, string> = {
      university: 'Enter the university’s name.',
      city: 'Enter the university’s city.',
      state: 'Choose the university’s state.',
      name: 'Enter the chapter’s proposed name.',
      advisorName: 'Enter the faculty advisor’s name.',
      advisorEmail: 'Enter the faculty advisor’s email, like name@university.edu.',
      advisorDepartment: 'Enter the faculty advisor’s department.',
      president_name: 'Enter the founding president’s name.',
      president_email: 'Enter the email of the founding president’s account.',
      purpose: 'Say what the chapter is for.',
    };
    for (const [name, message] of Object.entries(expected)) expect(fieldError(res.body, name), name).toContain(message);
    expect(await ctx.deps.db.selectFrom('chapters').select('id').where('requested_by', '=', faculty.id).execute()).toEqual([]);
  });

  it('a report, an event and an invitation posted empty say what to enter; an emptied count is not 0', async () => {
    const c = await aChapter(ctx);
    const own = await signedIn(ctx, c.president.email);
    const report = await own.postForm(`/chapters/${c.slug}/manage/report`, {});
    expect(report.statusCode).toBe(400);
    expect(report.body).not.toMatch(/Invalid input|expected (string|number)/);
    expect(fieldError(report.body, 'activities')).toContain('Describe the chapter’s activities this year.');
    expect(fieldError(report.body, 'memberCount')).toContain('Enter the number of members.');
    const noCount = await own.postForm(`/chapters/${c.slug}/manage/report`, { year: '2026', activities: 'Meetings.', memberCount: ' ' });
    expect(noCount.statusCode).toBe(400);
    expect(fieldError(noCount.body, 'memberCount')).toContain('Enter the number of members.');
    expect(await count('chapter_reports', c.id)).toBe(0);

    const event = await own.postForm(`/chapters/${c.slug}/manage/events`, {});
    expect(event.statusCode).toBe(400);
    expect(fieldError(event.body, 'title')).toContain('Enter the event’s title.');
    expect(fieldError(event.body, 'happensOn')).toContain('Enter the date of the event.');
    const officer = await own.postForm(`/chapters/${c.slug}/manage/officers`, {});
    expect(officer.statusCode).toBe(400);
    expect(officer.body).not.toMatch(/Invalid input|expected string/);
    expect(fieldError(officer.body, 'email')).toContain('Enter the email of the student member’s account.');
    expect(fieldError(officer.body, 'termStart')).toContain('Enter the first day of the term.');
  });
});

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

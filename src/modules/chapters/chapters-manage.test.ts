// The officers' Manage page of a chapter: an officer removes other members, not themselves (they
// leave from the chapter's page, like any member); removing an event asks first, on a page naming
// the event and its day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChapter, aChapterMember, signedIn } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, textOf } from '../../../test/html.js';
import { addChapterEvent, joinChapter } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-01-10T12:00:00Z');
});
afterAll(() => ctx?.close());

const membersOf = async (chapterId: string) =>
  (await ctx.deps.db.selectFrom('chapter_members').select('user_id').where('chapter_id', '=', chapterId).execute()).map((r) => r.user_id).sort();

describe('an officer and the members list', () => {
  it('offers no Remove on the officer’s own row, and a removal of themselves is refused with the way to leave', async () => {
    const c = await aChapter(ctx);
    const student = await aChapterMember(ctx);
    await joinChapter(ctx.deps, { userId: c.president.id }, { chapterId: c.id });
    await joinChapter(ctx.deps, { userId: student.id }, { chapterId: c.id });
    const pres = await signedIn(ctx, c.president.email);

    const page = await pres.get(`/chapters/${c.slug}/manage`);
    const doc = dom(page.body);
    expect(doc.querySelector(`a[href="/chapters/${c.slug}/manage/members/${c.president.id}/remove"]`)).toBeNull();
    expect(doc.querySelector(`a[href="/chapters/${c.slug}/manage/members/${student.id}/remove"]`)).not.toBeNull();
    const own = rowsOf(page.body, 'Members (2)').find((r) => r[0] === c.president.name);
    expect(own?.[3]).toBe('You: leave from the chapter’s page');

    // a forged post: refused with where to leave, nothing changed
    const before = await membersOf(c.id);
    const refused = await pres.postForm(`/chapters/${c.slug}/manage/members/${c.president.id}/remove`, {});
    expect(refused.statusCode).toBe(409);
    expect(textOf(refused.body, '.error-summary')).toContain('press “Leave this chapter” on the chapter’s page');
    expect(await membersOf(c.id)).toEqual(before);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', c.id).where('action', '=', 'chapters.member_removed').execute();
    expect(audit).toHaveLength(0);

    // another member is removed as before; the officer leaves from the chapter's page
    expect((await pres.postForm(`/chapters/${c.slug}/manage/members/${student.id}/remove`, {})).statusCode).toBe(303);
    expect((await pres.postForm(`/chapters/${c.slug}/leave`, {})).statusCode).toBe(303);
    expect(await membersOf(c.id)).toEqual([]);
  });
});

describe('removing a member', () => {
  it('asks first on a page naming the member and what it means for them; the press removes them and emails them', async () => {
    const c = await aChapter(ctx);
    const student = await aChapterMember(ctx, { name: 'Robin <Removed> & Co' });
    await joinChapter(ctx.deps, { userId: student.id }, { chapterId: c.id });
    const pres = await signedIn(ctx, c.president.email);
    const path = `/chapters/${c.slug}/manage/members/${student.id}/remove`;

    const manage = dom((await pres.get(`/chapters/${c.slug}/manage`)).body);
    expect(manage.querySelector(`a[href="${path}"]`)?.text.replace(/\s+/g, ' ').trim()).toBe('Remove Robin <Removed> & Co');
    expect(manage.querySelector(`form[action="${path}"]`)).toBeNull();

    const confirm = await pres.get(path);
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body, 'h1')).toBe(`Remove Robin <Removed> & Co from ${c.name}?`);
    expect(textOf(confirm.body, 'main .lead')).toBe(
      `They are no longer listed among the chapter’s members, and we email them (${student.email}) that an officer removed them. They can join again from the chapter’s page, or join another chapter.`,
    );
    const form = dom(confirm.body).querySelector('main form');
    expect(form?.getAttribute('action')).toBe(path);
    expect(form?.querySelector('button')?.text.trim()).toBe('Remove the member');
    expect(form?.querySelector('a')?.getAttribute('href')).toBe(`/chapters/${c.slug}/manage#members`);
    // asking removed nothing, and emailed nobody
    expect(await membersOf(c.id)).toEqual([student.id]);
    const removedMail = () =>
      ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', student.email).where('template', '=', 'chapters.member_removed').execute();
    expect(await removedMail()).toHaveLength(0);

    const done = await pres.postForm(path, {});
    expect(done.statusCode).toBe(303);
    expect(await membersOf(c.id)).toEqual([]);
    const mail = await removedMail();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe(`You are no longer a member of ${c.name}`);
    expect(mail[0]?.body_text).toContain(`${c.president.name}, an officer of ${c.name}, removed you from its members.`);
    // pressed twice (a second tab): a 404, and no second email
    expect((await pres.get(path)).statusCode).toBe(404);
    expect((await pres.postForm(path, {})).statusCode).toBe(404);
    expect(await removedMail()).toHaveLength(1);
  });

  it('another chapter’s member, a malformed id, the officer themselves, a member who is no officer and a visitor get no confirmation page', async () => {
    const a = await aChapter(ctx);
    const b = await aChapter(ctx);
    const bMember = await aChapterMember(ctx, { name: 'Bea Otherchapter' });
    await joinChapter(ctx.deps, { userId: bMember.id }, { chapterId: b.id });
    const presA = await signedIn(ctx, a.president.email);
    const through = await presA.get(`/chapters/${a.slug}/manage/members/${bMember.id}/remove`);
    expect(through.statusCode).toBe(404);
    expect(through.body).not.toContain('Bea Otherchapter');
    expect((await presA.postForm(`/chapters/${a.slug}/manage/members/${bMember.id}/remove`, {})).statusCode).toBe(404);
    expect(await membersOf(b.id)).toEqual([bMember.id]);
    expect((await presA.get(`/chapters/${a.slug}/manage/members/not-a-uuid/remove`)).statusCode).toBe(404);
    await joinChapter(ctx.deps, { userId: a.president.id }, { chapterId: a.id });
    const self = await presA.get(`/chapters/${a.slug}/manage/members/${a.president.id}/remove`);
    expect(self.statusCode).toBe(409);
    expect(textOf(self.body, '.error-summary')).toContain('press “Leave this chapter” on the chapter’s page');
    const student = await aChapterMember(ctx);
    await joinChapter(ctx.deps, { userId: student.id }, { chapterId: a.id });
    const member = await signedIn(ctx, student.email);
    const forbidden = await member.get(`/chapters/${a.slug}/manage/members/${a.president.id}/remove`);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.body).not.toContain(a.president.email);
    const visitor = await ctx.client().get(`/chapters/${a.slug}/manage/members/${student.id}/remove`);
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toContain('/login');
  });
});

describe('removing an event', () => {
  it('asks first on a page naming the event and its day; only the press of its button removes it', async () => {
    const c = await aChapter(ctx);
    const eventId = await addChapterEvent(
      ctx.deps,
      { userId: c.president.id },
      { chapterId: c.id, title: 'Career panel', happensOn: '2026-03-04', place: 'Room 2', description: '' },
    );
    const pres = await signedIn(ctx, c.president.email);

    const manage = dom((await pres.get(`/chapters/${c.slug}/manage`)).body);
    const link = manage.querySelector(`a[href="/chapters/${c.slug}/manage/events/${eventId}/remove"]`);
    expect(link?.text.replace(/\s+/g, ' ').trim()).toBe('Remove Career panel');
    expect(manage.querySelector(`form[action="/chapters/${c.slug}/manage/events/${eventId}/remove"]`)).toBeNull();

    const confirm = await pres.get(`/chapters/${c.slug}/manage/events/${eventId}/remove`);
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body, 'h1')).toBe('Remove “Career panel” on Mar 4, 2026?');
    const form = dom(confirm.body).querySelector('main form');
    expect(form?.getAttribute('action')).toBe(`/chapters/${c.slug}/manage/events/${eventId}/remove`);
    expect(form?.querySelector('button')?.text.trim()).toBe('Remove the event');
    expect(form?.querySelector('a')?.getAttribute('href')).toBe(`/chapters/${c.slug}/manage#events`);
    // asking removed nothing
    expect(await ctx.deps.db.selectFrom('chapter_events').select('id').where('id', '=', eventId).executeTakeFirst()).toBeDefined();

    const done = await pres.postForm(`/chapters/${c.slug}/manage/events/${eventId}/remove`, {});
    expect(done.statusCode).toBe(303);
    expect(await ctx.deps.db.selectFrom('chapter_events').select('id').where('id', '=', eventId).executeTakeFirst()).toBeUndefined();
    // pressed twice (a second tab): the event is gone, a 404 page, nothing else changes
    expect((await pres.get(`/chapters/${c.slug}/manage/events/${eventId}/remove`)).statusCode).toBe(404);
    expect((await pres.postForm(`/chapters/${c.slug}/manage/events/${eventId}/remove`, {})).statusCode).toBe(404);
  });

  it('another chapter’s event, a malformed id, a member who is no officer and a visitor get no confirmation page', async () => {
    const a = await aChapter(ctx);
    const b = await aChapter(ctx);
    const bEvent = await addChapterEvent(ctx.deps, { userId: b.president.id }, { chapterId: b.id, title: 'B social', happensOn: '2026-02-01', place: '', description: '' });
    const aEvent = await addChapterEvent(ctx.deps, { userId: a.president.id }, { chapterId: a.id, title: 'A social', happensOn: '2026-02-01', place: '', description: '' });
    const presA = await signedIn(ctx, a.president.email);
    const through = await presA.get(`/chapters/${a.slug}/manage/events/${bEvent}/remove`);
    expect(through.statusCode).toBe(404);
    expect(through.body).not.toContain('B social');
    expect((await presA.get(`/chapters/${a.slug}/manage/events/not-a-uuid/remove`)).statusCode).toBe(404);
    const student = await aChapterMember(ctx);
    await joinChapter(ctx.deps, { userId: student.id }, { chapterId: a.id });
    const member = await signedIn(ctx, student.email);
    const forbidden = await member.get(`/chapters/${a.slug}/manage/events/${aEvent}/remove`);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.body).not.toContain('A social');
    const visitor = await ctx.client().get(`/chapters/${a.slug}/manage/events/${aEvent}/remove`);
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toContain('/login');
  });
});

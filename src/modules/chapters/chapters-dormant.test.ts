// A dormant chapter's way back: its current officers ask membership staff to reactivate it from
// Manage this chapter (once; staff are emailed and see the ask); anyone else reads whom to write to,
// on the page, the list and the email that tells the officers it went dormant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChapter, aChapterMember, signedIn } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, termValue } from '../../../test/html.js';
import { answerOfficerInvitation, inviteOfficer, reactivateChapter, runChapterDay } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', template).execute();
const askOf = async (id: string) =>
  ctx.deps.db.selectFrom('chapters').select(['status', 'reactivation_asked_at', 'reactivation_asked_by']).where('id', '=', id).executeTakeFirstOrThrow();
const words = (el: { text: string } | null | undefined) => el?.text.replace(/\s+/g, ' ').trim();

describe('a dormant chapter', () => {
  it('its officer asks membership staff to reactivate it, once; others are told whom to write to', async () => {
    ctx.clock.set('2026-01-10T12:00:00Z');
    const c = await aChapter(ctx);
    const leaderless = await aChapter(ctx);
    const contact = (await ctx.deps.association.get()).contact_email;
    // the president is named again for next year, so they are an officer when the report is missed
    const next = await inviteOfficer(
      ctx.deps,
      { userId: c.president.id },
      { chapterId: c.id, role: 'president', email: c.president.email, termStart: '2026-07-01', termEnd: '2027-06-30' },
    );
    await answerOfficerInvitation(ctx.deps, { userId: c.president.id }, { officerId: next, accept: true });
    ctx.clock.set('2026-09-29T08:00:00Z');
    await runChapterDay(ctx.deps);
    expect((await askOf(c.id)).status).toBe('dormant');
    const active = await aChapter(ctx);
    const told = await mailTo(c.president.email, 'chapters.dormant');
    expect(told[0]?.body_text).toContain('press “Ask membership staff to reactivate the chapter” under Manage this chapter');
    expect(told[0]?.body_text).toContain(`If you are no longer one of its officers, write to membership staff at ${contact}.`);

    // the public reads whom to write to
    const page = await ctx.client().get(`/chapters/${c.slug}`);
    expect(words(dom(page.body).querySelector('main .notice'))).toContain(
      `Its officers can ask membership staff to reactivate it. Students who want to restart it write to membership staff at ${contact}.`,
    );
    expect(dom(page.body).querySelector('main .notice a')?.getAttribute('href')).toBe(`mailto:${contact}`);
    expect(words(dom((await ctx.client().get('/chapters')).body).querySelector('section[aria-labelledby="dormant"] p'))).toContain(`write to membership staff at ${contact}`);

    // its officer is offered the ask on the chapter's page and on Manage this chapter
    // a chapter with no officers left says so, and whom to write to
    expect(words(dom((await ctx.client().get(`/chapters/${leaderless.slug}`)).body).querySelector('main .notice'))).toContain(
      `It has no officers at the moment. Students who want to restart it write to membership staff at ${contact}.`,
    );
    // a visitor is not asked to sign in to join a chapter that takes nobody
    expect(page.body).toContain('This chapter is dormant and takes no new members until membership staff reactivate it.');
    expect(page.body).not.toContain('Sign in to join this chapter');

    const pres = await signedIn(ctx, c.president.email);
    expect(words(dom((await pres.get(`/chapters/${c.slug}`)).body).querySelector('main .notice'))).toContain(
      'As an officer, you can ask membership staff to reactivate it from Manage this chapter.',
    );
    const manage = await pres.get(`/chapters/${c.slug}/manage`);
    expect(words(dom(manage.body).querySelector('form[aria-label="Ask to reactivate the chapter"] p'))).toBe(
      'To bring it back, file the missing report below, then ask membership staff to reactivate it: they are emailed and decide.',
    );

    // someone else cannot ask: a member of no office, another chapter's officer; an active chapter has nothing to ask
    const student = await signedIn(ctx, (await aChapterMember(ctx)).email);
    expect((await student.postForm(`/chapters/${c.slug}/manage/reactivation`, {})).statusCode).toBe(403);
    expect((await (await signedIn(ctx, active.president.email)).postForm(`/chapters/${c.slug}/manage/reactivation`, {})).statusCode).toBe(403);
    expect((await askOf(c.id)).reactivation_asked_at).toBeNull();
    const notDormant = await (await signedIn(ctx, active.president.email)).postForm(`/chapters/${active.slug}/manage/reactivation`, {});
    expect(notDormant.statusCode).toBe(409);
    expect(notDormant.body).toContain('The chapter is not dormant');

    // the ask: staff are emailed, the page says it was asked, a second ask is refused
    expect((await pres.postForm(`/chapters/${c.slug}/manage/reactivation`, {})).statusCode).toBe(303);
    expect((await askOf(c.id)).reactivation_asked_by).toBe(c.president.id);
    const asked = await mailTo(c.staff.email, 'chapters.reactivation_asked');
    expect(asked.map((m) => m.subject)).toEqual([`Reactivation asked: ${c.name}`]);
    expect(asked[0]?.body_text).toContain(`/staff/chapters/${c.id}`);
    const after = await pres.get(`/chapters/${c.slug}/manage`);
    expect(words(dom(after.body).querySelector('main .notice'))).toContain(`${c.president.name} asked membership staff to reactivate it on Sep 29, 2026.`);
    const twice = await pres.postForm(`/chapters/${c.slug}/manage/reactivation`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Membership staff were asked on Sep 29, 2026');
    expect(await mailTo(c.staff.email, 'chapters.reactivation_asked')).toHaveLength(1);

    // staff see the ask on the list and the record; reactivating clears it
    const staff = await signedIn(ctx, c.staff.email);
    expect(rowsOf((await staff.get('/staff/chapters')).body, 'Dormant chapters').find((r) => r[0] === c.name)?.[2]).toBe('Dormant: reactivation asked Sep 29, 2026');
    expect(termValue((await staff.get(`/staff/chapters/${c.id}`)).body, 'Reactivation asked')).toBe(`Sep 29, 2026 by ${c.president.name}`);
    await reactivateChapter(ctx.deps, { userId: c.staff.id }, { chapterId: c.id });
    expect(await askOf(c.id)).toEqual({ status: 'active', reactivation_asked_at: null, reactivation_asked_by: null });
  });
});

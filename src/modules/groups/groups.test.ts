// Groups' rules through HTTP: a new account's first post waits for a moderator; the posting rate
// limit; the edit window and its history; reports and moderation (hide, lock, move, suspend, each
// with a reason and audited; only moderators); a reply notifies the thread's author with RFC 8058
// headers; the one-click unsubscribe works without a session or CSRF token and a forged or other
// token changes nothing; the daily digest goes out exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aGroup, aGroupMember, aThread, PDF, PNG, signedIn, signedInStaff } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';
import { mergeAccounts } from '../accounts/index.js';
import { GROUP_DIGEST_QUEUE, runGroupDigests } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const audits = (action: string) => ctx.deps.db.selectFrom('audit_log').select(['after']).where('action', '=', action).execute();
const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text', 'headers']).where('to_address', '=', email).where('template', '=', template).orderBy('created_at').execute();

describe('posting', () => {
  it('takes up to three attachments, checked by their bytes, which only readers of the post can download', async () => {
    ctx.clock.set('2027-05-01T10:00:00Z');
    const staff = await signedInStaff(ctx, 'communications');
    const slug = await aGroup(ctx, staff.client, 'Attachers', 'private');
    const other = await aGroup(ctx, staff.client, 'Elsewhere');
    const author = await aGroupMember(ctx, 'Ada Attacher');
    const reader = await aGroupMember(ctx, 'Rex Reader');
    const stranger = await aGroupMember(ctx, 'Stan Stranger');
    for (const p of [author, reader]) {
      await staff.client.postForm(`/groups/${slug}/invite`, { email: p.email });
      await p.c.postForm(`/groups/${slug}/join`, {});
    }
    await stranger.c.postForm(`/groups/${other}/join`, {});
    const threadId = await aThread(author.c, slug, 'Budget templates', 'Here they are.');
    const reply = (files: Array<{ filename: string; type: string; content: Buffer }>, body = 'The plan and the map.') =>
      author.c.postMultipart(
        `/groups/${slug}/threads/${threadId}/reply`,
        { body },
        files.map((f) => ({ field: 'attachments', ...f })),
      );
    const count = async () =>
      Number(
        (
          await ctx.deps.db
            .selectFrom('group_posts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    // refused, with nothing posted: bytes that are not the declared type, a type not accepted, four files
    const before = await count();
    const fake = await reply([{ filename: 'plan.pdf', type: 'application/pdf', content: Buffer.from('<script>alert(1)</script>') }]);
    expect(fake.statusCode).toBe(400);
    expect(dom(fake.body).querySelector('#f-attachments-error')?.textContent).toContain('plan.pdf is not a file we accept');
    expect(dom(fake.body).querySelector('#f-body')?.textContent).toBe('The plan and the map.');
    expect((await reply([{ filename: 'run.html', type: 'text/html', content: Buffer.from('<p>hi</p>') }])).statusCode).toBe(400);
    const four = await reply(Array.from({ length: 4 }, (_, i) => ({ filename: `p${i}.pdf`, type: 'application/pdf', content: PDF })));
    expect(four.statusCode).toBe(400);
    expect(four.body).toContain('Attach at most 3 files');
    expect(await count()).toBe(before);

    const ok = await reply([
      { filename: 'plan.pdf', type: 'application/pdf', content: PDF },
      { filename: '../../map.png', type: 'image/png', content: PNG },
    ]);
    expect(ok.statusCode).toBe(303);
    const page = dom((await reader.c.get(`/groups/${slug}/threads/${threadId}`)).body);
    const links = [...page.querySelectorAll('ul.attachments a')].map((a) => ({ name: a.textContent, href: a.getAttribute('href') ?? '' }));
    expect(links.map((l) => l.name)).toEqual(['plan.pdf', 'map.png']);
    const pdf = await reader.c.get(links[0]?.href ?? '');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('attachment');
    expect(Buffer.from(pdf.rawPayload).equals(PDF)).toBe(true);

    // someone outside the (private) group, a visitor, or the right id under another group's address: nothing
    const id = links[1]?.href.split('/').pop() ?? '';
    expect((await stranger.c.get(`/groups/${slug}/attachments/${id}`)).statusCode).toBe(404);
    expect((await stranger.c.get(`/groups/${other}/attachments/${id}`)).statusCode).toBe(404);
    expect((await ctx.client().get(`/groups/${slug}/attachments/${id}`)).statusCode).not.toBe(200);
    expect((await reader.c.get(`/groups/${slug}/attachments/not-an-id`)).statusCode).toBe(404);
    // once a moderator hides the post, its files go with it (for members; moderators still see them)
    const postId = /post-([0-9a-f-]{36})"[^>]*>(?:(?!<\/article>)[\s\S])*plan\.pdf/.exec((await reader.c.get(`/groups/${slug}/threads/${threadId}`)).body)?.[1] ?? '';
    expect((await staff.client.postForm(`/groups/${slug}/posts/${postId}/moderate`, { action: 'hide', reason: 'Check the figures first.' })).statusCode).toBe(303);
    expect((await reader.c.get(links[0]?.href ?? '')).statusCode).toBe(404);
    expect((await staff.client.get(links[0]?.href ?? '')).statusCode).toBe(200);
  });

  it('holds a new account’s first post until a moderator approves it, and limits the rate', async () => {
    ctx.clock.set('2027-05-03T10:00:00Z');
    const staff = await signedInStaff(ctx, 'communications');
    const slug = await aGroup(ctx, staff.client, 'First Posters');
    const newbie = await aGroupMember(ctx, 'Nina Newbie', { newAccount: true });
    const reader = await aGroupMember(ctx, 'Rick Reader');
    for (const p of [newbie, reader]) await p.c.postForm(`/groups/${slug}/join`, {});

    const threadId = await aThread(newbie.c, slug, 'Held thread', 'My very first post.');
    expect((await newbie.c.get(`/groups/${slug}/threads/${threadId}`)).body).toContain('Waiting for a moderator');
    expect((await reader.c.get(`/groups/${slug}`)).body).not.toContain('Held thread');
    const held = dom((await reader.c.get(`/groups/${slug}/threads/${threadId}`)).body);
    expect(held.querySelector('main')?.textContent).not.toContain('My very first post');
    // a plain member cannot approve it; the moderator can
    const postId = /post-([0-9a-f-]{36})/.exec((await newbie.c.get(`/groups/${slug}/threads/${threadId}`)).body)?.[1] ?? '';
    expect((await reader.c.postForm(`/groups/${slug}/posts/${postId}/moderate`, { action: 'approve' })).statusCode).toBe(403);
    expect((await staff.client.get(`/groups/${slug}/manage`)).body).toContain('My very first post');
    expect((await staff.client.postForm(`/groups/${slug}/posts/${postId}/moderate`, { action: 'approve' })).statusCode).toBe(303);
    expect((await reader.c.get(`/groups/${slug}/threads/${threadId}`)).body).toContain('My very first post');
    expect(await audits('groups.post_approved')).toHaveLength(1);

    // approved once, the next posts show at once — up to five in ten minutes
    for (let i = 0; i < 4; i++) expect((await newbie.c.postForm(`/groups/${slug}/threads/${threadId}/reply`, { body: `Reply ${i}` })).statusCode).toBe(303);
    const over = await newbie.c.postForm(`/groups/${slug}/threads/${threadId}/reply`, { body: 'One too many' });
    expect(over.statusCode).toBe(429);
    expect(dom(over.body).querySelector('main')?.textContent).toContain('wait a few minutes');
    ctx.clock.set('2027-05-03T10:11:00Z');
    expect((await newbie.c.postForm(`/groups/${slug}/threads/${threadId}/reply`, { body: 'Later reply' })).statusCode).toBe(303);
    expect((await reader.c.get(`/groups/${slug}/threads/${threadId}`)).body).toContain('Later reply');
  });

  it('lets the author edit within 15 minutes and keeps the history; refuses unsafe Markdown', async () => {
    ctx.clock.set('2027-05-04T10:00:00Z');
    const staff = await signedInStaff(ctx, 'communications');
    const slug = await aGroup(ctx, staff.client, 'Editors');
    const author = await aGroupMember(ctx, 'Edna Editor');
    const other = await aGroupMember(ctx, 'Otto Other');
    for (const p of [author, other]) await p.c.postForm(`/groups/${slug}/join`, {});
    const bad = await author.c.postForm(`/groups/${slug}/threads/new`, { title: 'Images', body: '![x](https://evil.example/x.png)' });
    expect(bad.statusCode).toBe(400);
    const threadId = await aThread(author.c, slug, 'Typos', 'Frist version <script>alert(1)</script>');
    const page = await other.c.get(`/groups/${slug}/threads/${threadId}`);
    expect(dom(page.body).querySelector('main script')).toBeNull();
    const postId = /post-([0-9a-f-]{36})/.exec(page.body)?.[1] ?? '';
    expect((await other.c.get(`/groups/${slug}/posts/${postId}/edit`)).statusCode).toBe(404);
    ctx.clock.set('2027-05-04T10:10:00Z');
    expect((await author.c.postForm(`/groups/${slug}/posts/${postId}/edit`, { body: 'First version' })).statusCode).toBe(303);
    const history = await author.c.get(`/groups/${slug}/posts/${postId}/edit`);
    expect(dom(history.body).querySelector('section[aria-labelledby="history"]')?.textContent).toContain('Frist version');
    ctx.clock.set('2027-05-04T10:16:00Z');
    expect((await author.c.postForm(`/groups/${slug}/posts/${postId}/edit`, { body: 'Too late' })).statusCode).toBe(409);
    expect((await other.c.get(`/groups/${slug}/threads/${threadId}`)).body).toContain('First version');
  });
});

describe('merging accounts', () => {
  it('moves the person’s posts and memberships to the kept account; in a group both are in, one membership stays, the better one', async () => {
    ctx.clock.set('2027-05-02T10:00:00Z');
    const staff = await signedInStaff(ctx, 'communications');
    const both = await aGroup(ctx, staff.client, 'Both Accounts');
    const onlyOld = await aGroup(ctx, staff.client, 'Old Account Only');
    const old = await aGroupMember(ctx, 'Morgan Duplicate');
    const kept = await aGroupMember(ctx, 'Morgan Kept');
    for (const slug of [both, onlyOld]) await old.c.postForm(`/groups/${slug}/join`, {});
    await kept.c.postForm(`/groups/${both}/join`, {});
    const threadId = await aThread(old.c, onlyOld, 'Written from the old account', 'Hello.');
    await ctx.deps.db.updateTable('group_members').set({ role: 'moderator' }).where('user_id', '=', old.id).execute();
    await ctx.deps.db.updateTable('individual_memberships').set({ status: 'ended' }).where('user_id', '=', old.id).execute();
    const admin = await createAccount(ctx, { roles: ['membership'], name: 'Merging Staff' });
    await mergeAccounts(ctx.deps, { fromUserId: old.id, intoUserId: kept.id, actor: { userId: admin.id, name: 'Merging Staff', admin: false } });

    const rows = await ctx.deps.db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select(['g.slug', 'm.user_id', 'm.role', 'm.status'])
      .where('m.user_id', 'in', [old.id, kept.id])
      .orderBy('g.slug')
      .execute();
    expect(rows).toEqual([
      { slug: both, user_id: kept.id, role: 'moderator', status: 'active' },
      { slug: onlyOld, user_id: kept.id, role: 'moderator', status: 'active' },
    ]);
    const authors = await ctx.deps.db.selectFrom('group_posts').select('author_id').where('thread_id', '=', threadId).execute();
    expect(authors.map((a) => a.author_id)).toEqual([kept.id]);
    await kept.c.signIn(kept.email); // a merge signs both accounts out
    expect((await kept.c.get(`/groups/${onlyOld}/threads/${threadId}`)).body).toContain('Written from the old account');
  });
});

describe('moderation', () => {
  it('reports, hide, lock, move and suspend: moderators only, with reasons, audited', async () => {
    ctx.clock.set('2027-05-05T10:00:00Z');
    const staff = await signedInStaff(ctx, 'communications');
    const slug = await aGroup(ctx, staff.client, 'Moderated');
    const elsewhere = await aGroup(ctx, staff.client, 'Elsewhere');
    const troll = await aGroupMember(ctx, 'Trent Troll');
    const mod = await aGroupMember(ctx, 'Mona Moderator');
    const member = await aGroupMember(ctx, 'Mel Member');
    for (const p of [troll, mod, member]) await p.c.postForm(`/groups/${slug}/join`, {});
    // staff make Mona a moderator of the group
    const manage = dom((await staff.client.get(`/groups/${slug}/manage`)).body);
    const monaForm = manage.querySelector('form[aria-label="Act on Mona Moderator"]')?.getAttribute('action') ?? '';
    expect((await staff.client.postForm(monaForm, { action: 'moderator' })).statusCode).toBe(303);

    const threadId = await aThread(troll.c, slug, 'Flame war', 'Something rude.');
    const postId = /post-([0-9a-f-]{36})/.exec((await member.c.get(`/groups/${slug}/threads/${threadId}`)).body)?.[1] ?? '';
    expect((await member.c.postForm(`/groups/${slug}/posts/${postId}/report`, { reason: 'Insulting' })).statusCode).toBe(303);
    expect((await mod.c.get(`/groups/${slug}/manage`)).body).toContain('Insulting');
    // a plain member cannot moderate; a moderator must give a reason
    expect((await member.c.postForm(`/groups/${slug}/posts/${postId}/moderate`, { action: 'hide', reason: 'x' })).statusCode).toBe(403);
    expect((await mod.c.postForm(`/groups/${slug}/posts/${postId}/moderate`, { action: 'hide' })).statusCode).toBe(400);
    expect((await mod.c.postForm(`/groups/${slug}/posts/${postId}/moderate`, { action: 'hide', reason: 'Breaks rule 2' })).statusCode).toBe(303);
    const seen = await member.c.get(`/groups/${slug}/threads/${threadId}`);
    expect(seen.body).toContain('Hidden by a moderator');
    expect(seen.body).not.toContain('Something rude');
    expect((await mod.c.get(`/groups/${slug}/manage`)).body).not.toContain('Insulting');

    // locked: no more replies from members
    expect((await member.c.postForm(`/groups/${slug}/threads/${threadId}/moderate`, { action: 'lock' })).statusCode).toBe(403);
    expect((await mod.c.postForm(`/groups/${slug}/threads/${threadId}/moderate`, { action: 'lock', reason: 'Cooling off' })).statusCode).toBe(303);
    expect((await member.c.postForm(`/groups/${slug}/threads/${threadId}/reply`, { body: 'Me too' })).statusCode).toBe(409);

    // suspended: cannot post, with the reason kept
    const trollForm =
      dom((await mod.c.get(`/groups/${slug}/manage`)).body)
        .querySelector('form[aria-label="Act on Trent Troll"]')
        ?.getAttribute('action') ?? '';
    expect((await mod.c.postForm(trollForm, { action: 'suspend' })).statusCode).toBe(400);
    expect((await mod.c.postForm(trollForm, { action: 'suspend', reason: 'Repeated insults' })).statusCode).toBe(303);
    expect((await troll.c.postForm(`/groups/${slug}/threads/new`, { title: 'Again', body: 'More.' })).statusCode).toBe(403);
    expect((await troll.c.postForm(`/groups/${slug}/leave`, {})).statusCode).toBe(303);
    expect((await troll.c.postForm(`/groups/${slug}/join`, {})).statusCode).toBe(403);

    // moved by staff to another group (Mona moderates only this one: she cannot move it there)
    expect((await mod.c.postForm(`/groups/${slug}/threads/${threadId}/moderate`, { action: 'move', to: elsewhere, reason: 'x' })).statusCode).toBe(400);
    expect((await staff.client.postForm(`/groups/${slug}/threads/${threadId}/moderate`, { action: 'move', to: elsewhere, reason: 'Off topic' })).statusCode).toBe(303);
    expect((await member.c.get(`/groups/${slug}/threads/${threadId}`)).statusCode).toBe(404);

    for (const action of ['groups.post_hidden', 'groups.thread_locked', 'groups.member_suspended', 'groups.thread_moved', 'groups.member_role_changed'])
      expect(await audits(action), action).not.toHaveLength(0);
    expect(JSON.stringify(await audits('groups.member_suspended'))).toContain('Repeated insults');
  });
});

describe('notifications', () => {
  it('a reply notifies the thread’s author with one-click unsubscribe headers; the link works without a session, a forged one does nothing', async () => {
    ctx.clock.set('2027-05-06T10:00:00Z');
    const staff = await signedInStaff(ctx, 'communications');
    const slug = await aGroup(ctx, staff.client, 'Notified');
    const author = await aGroupMember(ctx, 'Ava Author');
    const replier = await aGroupMember(ctx, 'Ray Replier');
    const bystander = await aGroupMember(ctx, 'Bea Bystander');
    for (const p of [author, replier, bystander]) await p.c.postForm(`/groups/${slug}/join`, {});
    await author.c.postForm(`/groups/${slug}/notifications`, { notify: 'none' });
    await author.c.postForm(`/groups/${slug}/notifications`, { notify: 'digest' });
    await bystander.c.postForm(`/groups/${slug}/notifications`, { notify: 'digest' });
    const threadId = await aThread(author.c, slug, 'Question', 'How do you budget for snow?');
    await replier.c.postForm(`/groups/${slug}/threads/${threadId}/reply`, { body: 'With a reserve.' });
    const [mail] = await mailTo(author.email, 'groups.reply');
    expect(mail?.subject).toBe('Ray Replier replied to “Question”');
    expect(await mailTo(bystander.email, 'groups.new_post')).toHaveLength(0);
    const headers = (mail?.headers ?? {}) as Record<string, string>;
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const url = /^<(https?:\/\/[^>]+)>$/.exec(headers['List-Unsubscribe'] ?? '')?.[1] ?? '';
    expect(url).toContain('/groups/unsubscribe?m=');
    expect(mail?.body_text).toContain(url);
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    const notifyOf = (email: string) =>
      ctx.deps.db.selectFrom('group_members as m').innerJoin('users as u', 'u.id', 'm.user_id').select('m.notify').where('u.email', '=', email).executeTakeFirstOrThrow();

    // as RFC 8058 recommends a mail client posts it: multipart/form-data, no cookie, no token of ours
    const oneClick = (p: string) =>
      ctx.app.inject({
        method: 'POST',
        url: p,
        headers: { 'content-type': 'multipart/form-data; boundary=b1' },
        payload: '--b1\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b1--\r\n',
      });
    // a forged token, and the author's id with another member's token: nothing changes
    expect((await oneClick(path.replace(/token=[^&]+/, 'token=forged'))).statusCode).toBe(404);
    await bystander.c.postForm(`/groups/${slug}/notifications`, { notify: 'every' });
    await author.c.postForm(`/groups/${slug}/threads/${threadId}/reply`, { body: 'Thanks!' });
    const [bystanderMail] = await mailTo(bystander.email, 'groups.new_post');
    const otherToken = /token=([^\s&]+)/.exec(bystanderMail?.body_text ?? '')?.[1] ?? '';
    expect(otherToken).not.toBe('');
    expect((await oneClick(path.replace(/token=[^&]+/, `token=${otherToken}`))).statusCode).toBe(404);
    expect((await notifyOf(author.email)).notify).toBe('digest');
    // GET shows a confirmation and changes nothing
    expect((await ctx.client().get(path)).statusCode).toBe(200);
    expect((await notifyOf(author.email)).notify).toBe('digest');
    // the one-click POST: no cookie, no CSRF token
    const res = await oneClick(path);
    expect(res.statusCode).toBe(200);
    expect((await notifyOf(author.email)).notify).toBe('none');
    expect((await notifyOf(bystander.email)).notify).toBe('every');
    await replier.c.postForm(`/groups/${slug}/threads/${threadId}/reply`, { body: 'Another.' });
    expect(await mailTo(author.email, 'groups.reply')).toHaveLength(1);
  });

  it('sends the daily digest exactly once, of the day before in the association’s time zone', async () => {
    ctx.clock.set('2027-05-07T10:00:00Z');
    const staff = await signedInStaff(ctx, 'communications');
    const slug = await aGroup(ctx, staff.client, 'Digested');
    const reader = await aGroupMember(ctx, 'Dora Digest');
    const writer = await aGroupMember(ctx, 'Walt Writer');
    for (const p of [reader, writer]) await p.c.postForm(`/groups/${slug}/join`, {});
    expect((await reader.c.postForm(`/groups/${slug}/notifications`, { notify: 'digest' })).statusCode).toBe(303);
    await aThread(writer.c, slug, 'Monday news', 'Posted on the seventh.');
    ctx.clock.set('2027-05-07T23:59:00Z');
    writer.c = await signedIn(ctx, writer.email);
    await aThread(writer.c, slug, 'Late news', 'Posted just before midnight UTC.');
    // 22:00 on the seventh in New York (the test association's zone), the eighth's in UTC
    ctx.clock.set('2027-05-08T02:00:00Z');
    writer.c = await signedIn(ctx, writer.email);
    await aThread(writer.c, slug, 'Evening news', 'Posted on the evening of the seventh.');
    expect(await mailTo(reader.email, 'groups.new_post')).toHaveLength(0);

    ctx.clock.set('2027-05-08T07:05:00Z');
    writer.c = await signedIn(ctx, writer.email);
    await aThread(writer.c, slug, 'Tuesday news', 'Posted on the eighth.');
    await ctx.deps.jobs.send(ctx.deps.db, GROUP_DIGEST_QUEUE, {});
    await ctx.deps.jobs.drain(GROUP_DIGEST_QUEUE);
    await runGroupDigests(ctx.deps);
    await Promise.all([runGroupDigests(ctx.deps), runGroupDigests(ctx.deps)]);
    const digests = await mailTo(reader.email, 'groups.digest');
    expect(digests).toHaveLength(1);
    expect(digests[0]?.subject).toBe('[Digested] 3 new posts on 2027-05-07');
    expect(digests[0]?.body_text).toContain('Late news');
    expect(digests[0]?.body_text).toContain('Evening news');
    expect(digests[0]?.body_text).not.toContain('Tuesday news');
    expect(digests[0]?.headers).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(await mailTo(writer.email, 'groups.digest')).toHaveLength(0);
    ctx.clock.set('2027-05-09T07:05:00Z');
    await runGroupDigests(ctx.deps);
    const next = await mailTo(reader.email, 'groups.digest');
    expect(next).toHaveLength(2);
    expect(next[1]?.body_text).toContain('Tuesday news');
    expect(next[1]?.body_text).not.toContain('Late news');
    expect(next[1]?.body_text).not.toContain('Evening news');
  });
});

describe('who groups are for', () => {
  it('a visitor is told at sign-in that the page is for members; an organization’s contact who is not a member is told so, with the way to join', async () => {
    const visitor = await ctx.client().get('/groups');
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toBe('/login?next=%2Fgroups&for=members');
    const login = dom((await ctx.client().get(visitor.headers.location as string)).body);
    expect(login.querySelector('main .notice')?.textContent).toContain('The page you asked for is for individual members of Test Association and its staff.');
    expect(login.querySelector('main .notice a')?.getAttribute('href')).toBe('/join/individual');
    // a plain sign-in page says nothing of it
    expect(dom((await ctx.client().get('/login')).body).querySelector('main .notice')).toBeNull();

    const contact = await createAccount(ctx, { org: { role: 'admin' } });
    const refused = await signedIn(ctx, contact.email).then((c) => c.get('/groups'));
    expect(refused.statusCode).toBe(403);
    const page = dom(refused.body);
    expect(page.querySelector('h1')?.textContent).toBe('This page is for members');
    expect(page.querySelector('main')?.textContent).toContain('Your organization’s membership does not include it');
    expect(page.querySelector('main a[href="/join/individual"]')?.textContent).toBe('Become an individual member');
    expect(refused.body).not.toContain('ask your organization’s administrator');
    // a staff page refused to the same person still says whom to ask
    const staffPage = await signedIn(ctx, contact.email).then((c) => c.get('/staff/invoices'));
    expect(staffPage.statusCode).toBe(403);
    expect(staffPage.body).toContain('ask your organization’s administrator, or your association’s membership staff');
  });
});

// Decisions about a person are told to them: a request to join approved or declined (with the
// moderator's reason), a suspension (its reason by email and on the group's page) and its end, the
// group a member asked for opened or declined (listed on /groups while it waits, and after a
// decline with the reason). Community staff, who moderate every group, join any group at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aGroup, aGroupMember, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', template).orderBy('created_at').execute();

/** The flash message shown after a form's redirect. */
async function flashAfter(c: TestClient, res: { statusCode: number; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBe(303);
  return dom((await c.get(String(res.headers.location))).body).querySelector('[role="status"]')?.textContent ?? '';
}

const actOn = async (c: TestClient, slug: string, name: string) =>
  dom((await c.get(`/groups/${slug}/manage`)).body)
    .querySelector(`form[aria-label="Act on ${name}"]`)
    ?.getAttribute('action') ?? '';

const mainText = async (c: TestClient, url: string) =>
  dom((await c.get(url)).body)
    .querySelector('main')
    ?.textContent?.replace(/\s+/g, ' ') ?? '';

describe('decisions told to the person', () => {
  it('a request to join is answered by email: approved, or declined with the moderator’s reason', async () => {
    ctx.clock.set('2027-06-01T10:00:00Z');
    const staff = await signedInStaff(ctx, 'communications');
    const slug = await aGroup(ctx, staff.client, 'Treasurers', 'request');
    const ann = await aGroupMember(ctx, 'Ann Asker');
    const bob = await aGroupMember(ctx, 'Bob Asker');
    for (const p of [ann, bob]) expect(await flashAfter(p.c, await p.c.postForm(`/groups/${slug}/join`, {}))).toContain('you get an email when they do');
    expect(await mainText(ann.c, `/groups/${slug}`)).toContain('Once a moderator approves your request, you can read its threads');

    const approved = await staff.client.postForm(await actOn(staff.client, slug, 'Ann Asker'), { action: 'approve' });
    expect(await flashAfter(staff.client, approved)).toBe('Ann Asker is a member now, and is told by email.');
    const [welcome] = await mailTo(ann.email, 'groups.join_approved');
    expect(welcome?.subject).toBe('You are in “Treasurers”');
    expect(welcome?.body_text).toContain(`/groups/${slug}`);

    // a decline needs its reason: the page again (400), the message beside Bob's reason box and in a summary; nothing changes
    const bobForm = await actOn(staff.client, slug, 'Bob Asker');
    const bobId = bobForm.split('/').pop() ?? '';
    const bare = await staff.client.postForm(bobForm, { action: 'decline', reason: '  ' });
    expect(bare.statusCode).toBe(400);
    const page = dom(bare.body);
    const told = 'Give the reason for declining: the member who asked to join is told it.';
    const box = page.querySelector(`#f-${bobId}-reason`);
    expect(box?.getAttribute('aria-invalid')).toBe('true');
    expect(box?.getAttribute('aria-describedby')).toContain(`f-${bobId}-reason-error`);
    expect(page.querySelector(`#f-${bobId}-reason-error`)?.textContent).toBe(`Error: ${told}`);
    expect(page.querySelector(`.error-summary a[href="#f-${bobId}-reason"]`)?.textContent).toBe(`Reason for Bob Asker: ${told}`);
    expect(page.querySelector('h1')?.textContent).toBe('Moderate Treasurers');
    expect(await mailTo(bob.email, 'groups.join_declined')).toHaveLength(0);
    expect(await mainText(bob.c, `/groups/${slug}`)).toContain('Once a moderator approves your request');

    const declined = await staff.client.postForm(bobForm, { action: 'decline', reason: 'This group is for municipal treasurers.' });
    expect(await flashAfter(staff.client, declined)).toContain('Bob Asker’s request is declined; they are told by email, with your reason.');
    const [no] = await mailTo(bob.email, 'groups.join_declined');
    expect(no?.subject).toBe('Your request to join “Treasurers”');
    expect(no?.body_text).toContain('The reason: This group is for municipal treasurers.');
    expect(await mailTo(bob.email, 'groups.join_approved')).toHaveLength(0);
  });

  it('a suspended member is told why, by email and on the group’s page, and told again when reinstated', async () => {
    ctx.clock.set('2027-06-02T10:00:00Z');
    const staff = await signedInStaff(ctx, 'communications');
    const slug = await aGroup(ctx, staff.client, 'Planners');
    const sam = await aGroupMember(ctx, 'Sam Suspended');
    await sam.c.postForm(`/groups/${slug}/join`, {});
    const form = await actOn(staff.client, slug, 'Sam Suspended');

    const bare = await staff.client.postForm(form, { action: 'suspend', reason: '' });
    expect(bare.statusCode).toBe(400);
    const samId = form.split('/').pop() ?? '';
    expect(dom(bare.body).querySelector(`#f-${samId}-reason-error`)?.textContent).toBe('Error: Give the reason for the suspension: the member is told it.');
    expect(await mailTo(sam.email, 'groups.suspended')).toHaveLength(0);

    const suspended = await staff.client.postForm(form, { action: 'suspend', reason: 'Advertising in three threads' });
    expect(await flashAfter(staff.client, suspended)).toContain('Sam Suspended is suspended');
    const [mail] = await mailTo(sam.email, 'groups.suspended');
    expect(mail?.subject).toBe('You are suspended from “Planners”');
    expect(mail?.body_text).toContain('The reason: Advertising in three threads');
    expect(await mainText(sam.c, `/groups/${slug}`)).toContain(
      'You are suspended from this group: you can read it but not post until a moderator reinstates you. The reason: Advertising in three threads',
    );

    expect((await staff.client.postForm(form, { action: 'reinstate' })).statusCode).toBe(303);
    expect((await mailTo(sam.email, 'groups.reinstated'))[0]?.subject).toBe('You can post in “Planners” again');
    expect(await mainText(sam.c, `/groups/${slug}`)).not.toContain('suspended');
  });

  it('a member who asks for a group sees it waiting on /groups and hears the decision, with the reason of a decline', async () => {
    ctx.clock.set('2027-06-03T10:00:00Z');
    const staff = await signedInStaff(ctx, 'communications');
    const rae = await aGroupMember(ctx, 'Rae Requester');
    const asked = await rae.c.postForm('/groups/new', { name: 'Snow removal <b>crews</b>', description: 'Plows and salt.', kind: 'open' });
    expect(await flashAfter(rae.c, asked)).toContain('you get an email when they decide');
    await rae.c.postForm('/groups/new', { name: 'Library directors', description: '', kind: 'request' });
    const listed = await mainText(rae.c, '/groups');
    expect(listed).toContain('Groups you asked for');
    expect(listed).toContain('Snow removal <b>crews</b>: waiting for our community staff');

    const requests = await ctx.deps.db.selectFrom('groups').select(['id', 'name']).where('status', '=', 'requested').execute();
    const idOf = (name: string) => requests.find((r) => r.name === name)?.id ?? '';

    // a decline needs its reason, as a declined request to join does: the form says so, nothing changes
    const snowId = idOf('Snow removal <b>crews</b>');
    const bare = await staff.client.postForm(`/groups/requests/${snowId}`, { decision: 'decline', reason: '   ' });
    expect(bare.statusCode).toBe(400);
    const page = dom(bare.body);
    const field = page.querySelector(`#f-reason-${snowId}`);
    expect(field?.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector(`#f-reason-${snowId}-error`)?.textContent).toBe('Error: Give the reason for declining: the member who asked for the group is told it.');
    expect(field?.getAttribute('aria-describedby')).toContain(`f-reason-${snowId}-error`);
    expect(page.querySelector(`.error-summary a[href="#f-reason-${snowId}"]`)?.textContent).toBe(
      'Reason for Snow removal <b>crews</b>: Give the reason for declining: the member who asked for the group is told it.',
    );
    const other = page.querySelector(`#f-reason-${idOf('Library directors')}`);
    expect(other).not.toBeNull();
    expect(other?.hasAttribute('aria-invalid')).toBe(false);
    expect(await mailTo(rae.email, 'groups.request_declined')).toHaveLength(0);
    expect(await mainText(rae.c, '/groups')).toContain('Snow removal <b>crews</b>: waiting for our community staff');
    const no = await staff.client.postForm(`/groups/requests/${idOf('Snow removal <b>crews</b>')}`, { decision: 'decline', reason: 'Public works already has one.' });
    expect(await flashAfter(staff.client, no)).toContain('the requester is told by email, with your reason');
    const [declined] = await mailTo(rae.email, 'groups.request_declined');
    expect(declined?.subject).toBe('Your request for the group “Snow removal <b>crews</b>”');
    expect(declined?.body_text).toContain('The reason: Public works already has one.');
    expect(await mainText(rae.c, '/groups')).toContain('Snow removal <b>crews</b>: declined. The reason: Public works already has one.');

    expect((await staff.client.postForm(`/groups/requests/${idOf('Library directors')}`, { decision: 'approve', reason: '' })).statusCode).toBe(303);
    const [open] = await mailTo(rae.email, 'groups.request_approved');
    expect(open?.subject).toBe('Your group “Library directors” is open');
    expect(open?.body_text).toContain('you are its moderator');
    expect(await mainText(rae.c, '/groups')).not.toContain('Library directors: waiting');
  });
});

describe('community staff', () => {
  it('join a private or an ask-to-join group at once (they moderate it already)', async () => {
    ctx.clock.set('2027-06-04T10:00:00Z');
    const founder = await signedInStaff(ctx, 'communications', 'Fay Founder');
    const other = await signedInStaff(ctx, 'communications', 'Otto Other');
    for (const kind of ['private', 'request'] as const) {
      const slug = await aGroup(ctx, founder.client, `Closed ${kind}`, kind);
      const page = dom((await other.client.get(`/groups/${slug}`)).body);
      expect(page.querySelector(`form[action="/groups/${slug}/join"] button`)?.textContent).toBe('Join this group');
      const joined = await other.client.postForm(`/groups/${slug}/join`, {});
      expect(await flashAfter(other.client, joined)).toContain(`Welcome to Closed ${kind}`);
      expect(dom((await other.client.get(`/groups/${slug}`)).body).querySelector(`a[href="/groups/${slug}/threads/new"]`)).not.toBeNull();
    }
  });
});

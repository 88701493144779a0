// The invitation page through HTTP: what it says, that someone else signed in is told and never
// linked, that two-factor sign-in is still asked for, and the answers of links that no longer work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableAccount, tokenOf } from '../../../test/factories/index.js';
import {
  createAccount,
  createOrganization,
  createTestContext,
  latestLinkTo,
  PASSWORD,
  pathOf,
  TEST_TOTP_SECRET,
  type TestClient,
  type TestContext,
  uniqueEmail,
} from '../../../test/helpers.js';
import { textOf, textsOf } from '../../../test/html.js';
import { currentTotpCode } from '../accounts/index.js';

let ctx: TestContext;
let org: string;
let admin: TestClient;

const seatsOf = (email: string) =>
  ctx.deps.db.selectFrom('organization_contacts as c').innerJoin('users as u', 'u.id', 'c.user_id').select(['c.organization_id', 'c.role']).where('u.email', '=', email).execute();

async function invite(name: string, email: string, extra: Record<string, string> = {}) {
  ctx.clock.advance(1_000); // a second after whatever came before: the newest email to an address is one
  const res = await admin.postForm(`/org/contacts?org=${org}`, { name, email, ...extra });
  expect(res.statusCode).toBe(303);
  return pathOf(await latestLinkTo(ctx, email, 'portal.seat_invitation'));
}

beforeAll(async () => {
  ctx = await createTestContext();
  org = await createOrganization(ctx, { name: 'Town of Birch' });
  const a = await createAccount(ctx, { name: 'Bea Admin', org: { role: 'admin', organizationId: org } });
  admin = ctx.client();
  await admin.signIn(a.email, PASSWORD);
});
afterAll(() => ctx?.close());

describe('the invitation page', () => {
  it('says who invites whom to what, and accepting needs the button (a POST with its CSRF token)', async () => {
    const email = uniqueEmail('page');
    const link = await invite('Pia Page', email, { admin: 'yes' });
    const visitor = ctx.client();
    const page = await visitor.get(link);
    expect(page.statusCode).toBe(200);
    expect(textsOf(page.body, 'h1')).toContain('Invitation to Town of Birch');
    expect(textOf(page.body, '.lead')).toBe(`Bea Admin, of Town of Birch, invites Pia Page (${email}) to act for Town of Birch on Test Association.`);
    expect(page.body).toContain('Administrator: adds and removes contacts');
    expect(page.body).toContain('Accept the invitation');
    // Without the form's token, nothing is accepted.
    const forged = await visitor.postForm('/invitation/accept', { token: tokenOf(link) }, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect(await seatsOf(email)).toEqual([]);
  });

  it('someone else signed in is told; accepting signs them out and never links their account', async () => {
    const email = uniqueEmail('invitee');
    const link = await invite('Ivy Invitee', email);
    const other = await createAccount(ctx, { name: 'Oscar Other' });
    const c = ctx.client();
    await c.signIn(other.email, PASSWORD);
    const page = await c.get(link);
    expect(page.body).toContain('You are signed in as someone else');
    expect(page.body).toContain(`Sign out and accept as ${email}`);
    const accepted = await c.postForm('/invitation/accept', { token: tokenOf(link) });
    expect(accepted.statusCode).toBe(303);
    expect(await seatsOf(other.email)).toEqual([]);
    expect(await seatsOf(email)).toEqual([{ organization_id: org, role: 'contact' }]);
    const me = await c.getJson('/api/v1/me');
    expect(me.json()).toMatchObject({ email });
  });

  it('an account that signs in on its own gets the seat, then signs in as usual, two-factor included: the 14-day link is no sign-in link for it', async () => {
    const person = await createAccount(ctx, { name: 'Tom Totp', totpSecret: TEST_TOTP_SECRET });
    const link = await invite('Tom Totp', person.email);
    const c = ctx.client();
    await c.get(link);
    const accepted = await c.postForm('/invitation/accept', { token: tokenOf(link) });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`/login?next=${encodeURIComponent(`/org?org=${org}`)}`);
    expect(await seatsOf(person.email)).toEqual([{ organization_id: org, role: 'contact' }]);
    expect((await c.get(`/org?org=${org}`)).statusCode).not.toBe(200);
    const first = await c.postForm('/login', { email: person.email, password: PASSWORD, next: `/org?org=${org}` });
    expect(first.headers.location).toBe(`/login/2fa?next=${encodeURIComponent(`/org?org=${org}`)}`);
    ctx.clock.advance(30_000);
    const second = await c.postForm(`/login/2fa?next=${encodeURIComponent(`/org?org=${org}`)}`, { code: currentTotpCode(TEST_TOTP_SECRET, ctx.clock.now()) });
    expect(second.headers.location).toBe(`/org?org=${org}`);
    expect((await c.get(`/org?org=${org}`)).statusCode).toBe(200);
  });

  it('someone signed in as the invited account accepts and carries on, with a new session', async () => {
    const person = await createAccount(ctx, { name: 'Sue Signed' });
    const link = await invite('Sue Signed', person.email);
    const c = ctx.client();
    await c.signIn(person.email);
    const before = c.cookies.get('civnet_sid');
    await c.get(link);
    const accepted = await c.postForm('/invitation/accept', { token: tokenOf(link) });
    expect(accepted.headers.location).toBe(`/org?org=${org}`);
    expect(c.cookies.get('civnet_sid')).not.toBe(before);
    expect((await c.get(`/org?org=${org}`)).statusCode).toBe(200);
  });

  it('accepting for an account with a password while someone else is signed in signs that someone out, and never gives them the seat', async () => {
    const invited = await createAccount(ctx, { name: 'Ivy Invited' });
    const other = await createAccount(ctx, { name: 'Oscar Other' });
    const link = await invite('Ivy Invited', invited.email);
    const c = ctx.client();
    await c.signIn(other.email);
    const accepted = await c.postForm('/invitation/accept', { token: tokenOf(link) });
    expect(accepted.headers.location).toBe(`/login?next=${encodeURIComponent(`/org?org=${org}`)}`);
    expect(await ctx.deps.db.selectFrom('sessions').select('id_hash').where('user_id', '=', other.id).execute()).toEqual([]);
    expect(await seatsOf(other.email)).toEqual([]);
    expect(await seatsOf(invited.email)).toEqual([{ organization_id: org, role: 'contact' }]);
  });

  it('an invitation sent again many times keeps its last ten replaced links, each saying so; older ones are unknown', async () => {
    const email = uniqueEmail('often');
    const links = [await invite('Oft Sent', email)];
    const inv = await ctx.deps.db.selectFrom('seat_invitations').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    for (let i = 0; i < 12; i++) {
      ctx.clock.advance(1_000);
      expect((await admin.postForm(`/org/invitations/${inv.id}/resend?org=${org}`, {})).statusCode).toBe(303);
      links.push(pathOf(await latestLinkTo(ctx, email, 'portal.seat_invitation')));
    }
    const row = await ctx.deps.db.selectFrom('seat_invitations').select('replaced_token_hashes').where('id', '=', inv.id).executeTakeFirstOrThrow();
    expect(row.replaced_token_hashes).toHaveLength(10);
    const h1 = async (link: string) => textsOf((await ctx.client().get(link)).body, 'h1')[0];
    expect(await h1(links[12] as string)).toBe('Invitation to Town of Birch');
    for (const i of [2, 11]) expect(await h1(links[i] as string)).toBe('This link was replaced by a newer one');
    for (const i of [0, 1]) expect(await h1(links[i] as string)).toBe('We could not find this invitation');
  });

  it('a withdrawn invitation’s link says so, and once the address is invited again, that a newer email replaced it', async () => {
    const email = uniqueEmail('again');
    const first = await invite('Ada Again', email);
    const inv = await ctx.deps.db.selectFrom('seat_invitations').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    expect((await admin.postForm(`/org/invitations/${inv.id}/cancel?org=${org}`, {})).statusCode).toBe(303);
    const h1 = async (link: string) => textsOf((await ctx.client().get(link)).body, 'h1')[0];
    expect(await h1(first)).toBe('This invitation was withdrawn');
    const second = await invite('Ada Again', email);
    const old = await ctx.client().get(first);
    expect(old.statusCode).toBe(410);
    expect(textsOf(old.body, 'h1')[0]).toBe('This link was replaced by a newer one');
    expect(old.body).toContain('The most recent one was sent on');
    // the old link still accepts nothing; the new one works
    const accept = await ctx.client().postForm('/invitation/accept', { token: tokenOf(first) });
    expect(accept.statusCode).toBe(410);
    expect(await seatsOf(email)).toEqual([]);
    expect(await h1(second)).toBe('Invitation to Town of Birch');
  });

  it('an unknown link is a 404 page; a disabled account cannot accept', async () => {
    const unknown = await ctx.client().get('/invitation?token=not-a-real-token');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('We could not find this invitation');
    const disabled = await createAccount(ctx, { name: 'Dee Disabled' });
    await disableAccount(ctx, disabled.id);
    const link = await invite('Dee Disabled', disabled.email);
    const c = ctx.client();
    await c.get(link);
    expect((await c.postForm('/invitation/accept', { token: tokenOf(link) })).statusCode).toBe(410);
    expect(await seatsOf(disabled.email)).toEqual([]);
  });
});

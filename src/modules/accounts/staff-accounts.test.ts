// Staff accounts (P10): a staff admin invites a person with roles, who gets exactly those roles by
// accepting; roles change with a new session id; deactivation ends sessions and sign-in; the last
// active staff admin is never removed, demoted or deactivated. Through HTTP, and the rules at the
// service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableAccount, tokenOf } from '../../../test/factories/index.js';
import { createAccount, createTestContext, latestLinkTo, PASSWORD, pathOf, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { errorOf, rowsOf, termValue, textOf, textsOf } from '../../../test/html.js';
import { auditOf, mailTo } from '../../../test/readers.js';
import { formatZonedDay } from '../../lib/format.js';
import { changeStaffRoles, deactivateStaffAccount } from './staff-accounts.js';

let ctx: TestContext;
let admin: TestClient;
let adminId: string;

const rolesOf = async (email: string) =>
  (await ctx.deps.db.selectFrom('user_roles as r').innerJoin('users as u', 'u.id', 'r.user_id').select('r.role').where('u.email', '=', email).orderBy('r.role').execute()).map(
    (r) => r.role,
  );

async function signedInAdmin(c: TestContext) {
  const a = await createAccount(c, { roles: ['admin'], name: 'Ada Admin' });
  const client = c.client();
  await client.signIn(a.email, PASSWORD, { secret: a.totpSecret ?? '', clock: c.clock });
  return { id: a.id, email: a.email, client };
}

async function invite(name: string, email: string, roles: string[]) {
  // A minute after whatever came before, so that the newest email to an address is one.
  ctx.clock.advance(60_000);
  const res = await admin.postForm('/staff/users/invite', { name, email, ...Object.fromEntries(roles.map((r) => [`role_${r}`, 'yes'])) });
  expect(res.statusCode).toBe(303);
  return pathOf(await latestLinkTo(ctx, email, 'accounts.staff_invitation'));
}

beforeAll(async () => {
  ctx = await createTestContext();
  const a = await signedInAdmin(ctx);
  admin = a.client;
  adminId = a.id;
});
afterAll(() => ctx?.close());

describe('inviting a staff member', () => {
  it('a new person accepts, chooses a password, and has exactly the roles given; nothing before', async () => {
    const email = uniqueEmail('newstaff');
    const link = await invite('Nia New', email, ['membership', 'transition']);
    const [mail] = await mailTo(ctx, email);
    // The subject names the association, as its other emails do (not the software's name).
    expect(mail?.subject).toBe('You are invited to join the staff of Test Association');
    expect(mail?.body_text).toContain('Membership and Members in Transition');
    // Invited, not yet accepted: listed as waiting, and no account holds anything.
    const list = await admin.get('/staff/users');
    expect(rowsOf(list.body, 'Invitations waiting to be accepted').find((r) => r[1] === email)?.[2]).toBe('Membership and Members in Transition');
    expect(await rolesOf(email)).toEqual([]);

    const visitor = ctx.client();
    const page = await visitor.get(link);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body, 'h1')).toBe('Invitation to the staff of Test Association');
    expect(termValue(page.body, 'Roles')).toBe('Membership and Members in Transition');
    // A password that breaks the rules: a field error, and nothing granted.
    const short = await visitor.postForm('/invitation/staff/accept', { token: tokenOf(link), password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(errorOf(short.body, 'password').message).not.toBe('');
    expect(await rolesOf(email)).toEqual([]);

    const accepted = await visitor.postForm('/invitation/staff/accept', { token: tokenOf(link), password: 'a fine long staff passphrase' });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/staff');
    expect(await rolesOf(email)).toEqual(['membership', 'transition']);
    const me = (await visitor.getJson('/api/v1/me')).json();
    expect(me.email).toBe(email);
    expect([...me.roles].sort()).toEqual(['membership', 'transition']);
    expect(me.name).toBe('Nia New');
    expect((await visitor.get('/staff/transition')).statusCode).toBe(200);
    expect((await visitor.get('/staff/invoices')).statusCode).toBe(403);
    const [audit] = (await auditOf(ctx, 'account.staff_invitation_accepted')).slice(-1);
    expect(audit?.after).toMatchObject({ roles: ['membership', 'transition'], accountCreated: true });
    // The link worked once.
    const again = await ctx.client().get(link);
    expect(again.statusCode).toBe(410);
    expect(textOf(again.body, 'h1')).toBe('This invitation has already been accepted');
    // The new password signs in.
    await ctx.client().signIn(email, 'a fine long staff passphrase');
  });

  it('an existing account must sign in as itself to accept, and keeps what it had', async () => {
    const person = await createAccount(ctx, { roles: ['member'], name: 'Eve Existing' });
    const link = await invite('Eve Existing', person.email, ['finance']);
    const stranger = ctx.client();
    const page = await stranger.get(link);
    expect(page.statusCode).toBe(200);
    expect(textsOf(page.body, 'a.button')).toContain('Sign in to accept');
    // Posting without being that account (with a password of one's own choosing) grants nothing.
    const forced = await stranger.postForm('/invitation/staff/accept', { token: tokenOf(link), password: 'a password chosen by someone else' });
    expect(forced.statusCode).toBe(409);
    expect(textOf(forced.body, '.error-summary')).toContain(`Sign in as ${person.email} first`);
    expect(await rolesOf(person.email)).toEqual(['member']);

    const owner = ctx.client();
    await owner.signIn(person.email);
    const before = owner.cookies.get('civnet_sid');
    const signedInPage = await owner.get(link);
    expect(textsOf(signedInPage.body, 'button')).toContain('Accept the invitation');
    const accepted = await owner.postForm('/invitation/staff/accept', { token: tokenOf(link) });
    expect(accepted.statusCode).toBe(303);
    expect(await rolesOf(person.email)).toEqual(['finance', 'member']);
    // Their privileges changed: the next request has a new session id, with the new role.
    expect((await owner.get('/staff/invoices')).statusCode).toBe(200);
    expect(owner.cookies.get('civnet_sid')).not.toBe(before);
    // The password is the one it had.
    await ctx.client().signIn(person.email, PASSWORD);
  });

  it('someone else signed in is told, and accepting never gives the roles to their account', async () => {
    const other = await createAccount(ctx, { roles: ['member'] });
    const email = uniqueEmail('fresh');
    const link = await invite('Fay Fresh', email, ['advisor']);
    const c = ctx.client();
    await c.signIn(other.email);
    const page = await c.get(link);
    expect(textOf(page.body, 'form p')).toContain(`You are signed in as ${other.email}. Accepting signs you out of it`);
    expect((await c.postForm('/invitation/staff/accept', { token: tokenOf(link), password: 'a fine long staff passphrase' })).statusCode).toBe(303);
    expect((await c.getJson('/api/v1/me')).json().email).toBe(email);
    expect(await rolesOf(other.email)).toEqual(['member']);
    expect(await rolesOf(email)).toEqual(['advisor']);
  });

  it('inviting an address again replaces the invitation: the earlier links say so and grant nothing, the newest grants the new roles', async () => {
    const email = uniqueEmail('twice');
    const first = await invite('Tam Twice', email, ['membership']);
    const second = await invite('Tam Twice', email, ['programs']);
    const third = await invite('Tam Twice', email, ['finance']);
    for (const old of [first, second]) {
      const page = await ctx.client().get(old);
      expect(page.statusCode).toBe(410);
      expect(textOf(page.body, 'h1')).toBe('This link was replaced by a newer one');
      expect((await ctx.client().postForm('/invitation/staff/accept', { token: tokenOf(old), password: 'a fine long staff passphrase' })).statusCode).toBe(410);
    }
    expect(await rolesOf(email)).toEqual([]);
    const c = ctx.client();
    expect((await c.get(third)).statusCode).toBe(200);
    expect((await c.postForm('/invitation/staff/accept', { token: tokenOf(third), password: 'a fine long staff passphrase' })).statusCode).toBe(303);
    expect(await rolesOf(email)).toEqual(['finance']);
    // once accepted, every earlier link says so
    expect(textOf((await ctx.client().get(first)).body, 'h1')).toBe('This invitation has already been accepted');
  });

  it('an expired, a revoked and a replaced link grant nothing', async () => {
    const expiredEmail = uniqueEmail('late');
    const expired = await invite('Lee Late', expiredEmail, ['advisor']);
    ctx.clock.advance(8 * 86_400_000);
    // Eight days on, the admin's session has ended too: a new one.
    ({ client: admin, id: adminId } = await signedInAdmin(ctx));
    const late = await ctx.client().get(expired);
    expect(late.statusCode).toBe(410);
    expect(textOf(late.body, 'h1')).toBe('This invitation has expired');
    const tried = await ctx.client().postForm('/invitation/staff/accept', { token: tokenOf(expired), password: 'a fine long staff passphrase' });
    expect(tried.statusCode).toBe(410);
    expect(await rolesOf(expiredEmail)).toEqual([]);

    // Sent again: a new link works; the old one says a newer email replaced it, and accepts nothing.
    const list = await admin.get('/staff/users');
    const row = rowsOf(list.body, 'Invitations waiting to be accepted').find((r) => r[1] === expiredEmail);
    expect(row?.[3]).toBe('Expired');
    const id = await invitationId(expiredEmail);
    expect((await admin.postForm(`/staff/users/invitations/${id}/resend`, {})).statusCode).toBe(303);
    const fresh = pathOf(await latestLinkTo(ctx, expiredEmail, 'accounts.staff_invitation'));
    expect(fresh).not.toBe(expired);
    const replaced = await ctx.client().get(expired);
    expect(replaced.statusCode).toBe(410);
    expect(textOf(replaced.body, 'h1')).toBe('This link was replaced by a newer one');
    expect(replaced.body).toContain(`The most recent one was sent on ${formatZonedDay(ctx.clock.now(), (await ctx.deps.association.get()).time_zone)}.`);
    const withOld = await ctx.client().postForm('/invitation/staff/accept', { token: tokenOf(expired), password: 'a fine long staff passphrase' });
    expect(withOld.statusCode).toBe(410);
    expect(await rolesOf(expiredEmail)).toEqual([]);
    expect((await ctx.client().get(fresh)).statusCode).toBe(200);

    // Withdrawing goes through a confirmation page linked from the list; its button posts.
    expect((await admin.get('/staff/users')).body).toContain(`href="/staff/users/invitations/${id}/revoke"`);
    const confirm = await admin.get(`/staff/users/invitations/${id}/revoke`);
    expect(textOf(confirm.body, 'h1')).toMatch(/^Withdraw .*’s invitation\?$/);
    expect(confirm.body).toContain(`action="/staff/users/invitations/${id}/revoke"`);
    expect((await ctx.client().get(fresh)).statusCode).toBe(200);
    // Revoked: the page says so, and accepting grants nothing.
    expect((await admin.postForm(`/staff/users/invitations/${id}/revoke`, {})).statusCode).toBe(303);
    const revoked = await ctx.client().get(fresh);
    expect(revoked.statusCode).toBe(410);
    expect(textOf(revoked.body, 'h1')).toBe('This invitation was withdrawn');
    const afterRevoke = await ctx.client().postForm('/invitation/staff/accept', { token: tokenOf(fresh), password: 'a fine long staff passphrase' });
    expect(afterRevoke.statusCode).toBe(410);
    expect(await rolesOf(expiredEmail)).toEqual([]);
    expect((await auditOf(ctx, 'account.staff_invitation_revoked')).map((a) => a.entity_id)).toContain(id);
    // Invited again after the withdrawal: the withdrawn link now points to the newer email, and still grants nothing.
    const anew = await invite('Lee Late', expiredEmail, ['advisor']);
    const pointed = await ctx.client().get(fresh);
    expect(pointed.statusCode).toBe(410);
    expect(textOf(pointed.body, 'h1')).toBe('This link was replaced by a newer one');
    expect((await ctx.client().postForm('/invitation/staff/accept', { token: tokenOf(fresh), password: 'a fine long staff passphrase' })).statusCode).toBe(410);
    expect(await rolesOf(expiredEmail)).toEqual([]);
    expect((await ctx.client().get(anew)).statusCode).toBe(200);
    // An unknown token.
    expect((await ctx.client().get('/invitation/staff?token=not-a-real-token')).statusCode).toBe(404);
  });

  it('bad input gets field errors and changes nothing', async () => {
    const email = uniqueEmail('bad');
    const unknownRole = await admin.postForm('/staff/users/invite', { name: 'Bo Bad', email, role_membership: 'yes', role_superuser: 'yes' });
    expect(unknownRole.statusCode).toBe(400);
    expect(errorOf(unknownRole.body, 'roles').message).toBe('Choose roles from the list: one of them does not exist.');
    const noRole = await admin.postForm('/staff/users/invite', { name: 'Bo Bad', email });
    expect(noRole.statusCode).toBe(400);
    expect(errorOf(noRole.body, 'roles').message).toBe('Choose at least one role.');
    const badEmail = await admin.postForm('/staff/users/invite', { name: 'Bo Bad', email: 'not-an-address', role_finance: 'yes' });
    expect(badEmail.statusCode).toBe(400);
    expect(errorOf(badEmail.body, 'email').message).toBe('Enter an email address like name@example.gov.');
    // What was typed is kept.
    expect(badEmail.body).toContain('value="not-an-address"');
    const empty = await admin.postForm('/staff/users/invite', { name: '', email: '' });
    expect(empty.statusCode).toBe(400);
    expect(['name', 'email', 'roles'].map((f) => errorOf(empty.body, f).message)).toEqual(['Enter the person’s name.', 'Enter their email address.', 'Choose at least one role.']);
    expect(await mailTo(ctx, email)).toEqual([]);
    expect(await invitationId(email)).toBeUndefined();

    // An address that is staff already: their page is where roles change.
    const staff = await createAccount(ctx, { roles: ['programs'] });
    const taken = await admin.postForm('/staff/users/invite', { name: 'Pat', email: staff.email, role_finance: 'yes' });
    expect(taken.statusCode).toBe(400);
    expect(errorOf(taken.body, 'email').message).toContain('already belongs to a staff member');
    expect(await rolesOf(staff.email)).toEqual(['programs']);

    // Changing roles: an unknown role or none is refused, and the roles stay.
    const bad = await admin.postForm(`/staff/users/${staff.id}/roles`, { role_programs: 'yes', role_root: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body, 'roles').message).toBe('Choose roles from the list: one of them does not exist.');
    const none = await admin.postForm(`/staff/users/${staff.id}/roles`, {});
    expect(none.statusCode).toBe(400);
    expect(await rolesOf(staff.email)).toEqual(['programs']);
    // A malformed or unknown id, and an account that holds no staff role.
    expect((await admin.get('/staff/users/not-a-uuid')).statusCode).toBe(400);
    const member = await createAccount(ctx, { roles: ['member'] });
    expect((await admin.get(`/staff/users/${member.id}`)).statusCode).toBe(404);
    expect((await admin.postForm(`/staff/users/${member.id}/roles`, { role_admin: 'yes' })).statusCode).toBe(404);
    expect(await rolesOf(member.email)).toEqual(['member']);
  });
});

async function invitationId(email: string) {
  const row = await ctx.deps.db.selectFrom('staff_invitations').select('id').where('email', '=', email).orderBy('created_at', 'desc').executeTakeFirst();
  return row?.id;
}

describe('changing roles and deactivating', () => {
  it('a role change is audited and gives the person a new session id with the new roles', async () => {
    const person = await createAccount(ctx, { roles: ['membership'], name: 'Rory Roles' });
    const c = ctx.client();
    await c.signIn(person.email);
    expect((await c.get('/staff/applications')).statusCode).toBe(200);
    const before = c.cookies.get('civnet_sid');

    const page = await admin.get(`/staff/users/${person.id}`);
    expect(termValue(page.body, 'Roles')).toBe('Membership');
    const res = await admin.postForm(`/staff/users/${person.id}/roles`, { role_finance: 'yes' });
    expect(res.statusCode).toBe(303);

    expect((await c.get('/staff/applications')).statusCode).toBe(403);
    const after = c.cookies.get('civnet_sid');
    expect(after).not.toBe(before);
    expect((await c.get('/staff/invoices')).statusCode).toBe(200);
    expect((await c.getJson('/api/v1/me')).json().roles).toEqual(['finance']);
    const audit = (await auditOf(ctx, 'account.staff_roles_changed')).find((a) => a.entity_id === person.id);
    expect(audit?.actor_user_id).toBe(adminId);
    expect(audit?.before).toEqual({ roles: ['membership'] });
    expect(audit?.after).toEqual({ roles: ['finance'] });
  });

  it('deactivating ends every session and refuses sign-in; reactivating lets them in again', async () => {
    const person = await createAccount(ctx, { roles: ['communications'], name: 'Dee Gone' });
    const c = ctx.client();
    await c.signIn(person.email);
    expect((await c.getJson('/api/v1/me')).statusCode).toBe(200);

    // The account page links to a confirmation page; nothing changes until its button is pressed.
    const page = await admin.get(`/staff/users/${person.id}`);
    expect(page.body).toContain(`href="/staff/users/${person.id}/deactivate"`);
    const confirm = await admin.get(`/staff/users/${person.id}/deactivate`);
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body, 'h1')).toBe('Deactivate the account of Dee Gone?');
    expect(textsOf(confirm.body, 'li')).toContain(`Every session of Dee Gone (${person.email}) ends at once.`);
    expect(textsOf(confirm.body, 'main button')).toEqual(['Deactivate the account']);
    expect(textsOf(confirm.body, 'main a')).toContain('Cancel');
    expect((await c.getJson('/api/v1/me')).statusCode).toBe(200);

    expect((await admin.postForm(`/staff/users/${person.id}/deactivate`, {})).statusCode).toBe(303);
    expect((await c.getJson('/api/v1/me')).statusCode).toBe(401);
    expect((await admin.get(`/staff/users/${person.id}/deactivate`)).headers.location).toBe(`/staff/users/${person.id}`);
    const sessions = await ctx.deps.db.selectFrom('sessions').select('id_hash').where('user_id', '=', person.id).execute();
    expect(sessions).toEqual([]);
    const refused = await ctx.client().postForm('/login', { email: person.email, password: PASSWORD });
    expect(refused.statusCode).toBe(401);
    const list = await admin.get('/staff/users');
    expect(rowsOf(list.body, 'Staff accounts').find((r) => r[1] === person.email)?.[5]).toMatch(/^Deactivated on /);
    expect((await auditOf(ctx, 'account.deactivated')).map((a) => a.entity_id)).toContain(person.id);

    expect((await admin.postForm(`/staff/users/${person.id}/reactivate`, {})).statusCode).toBe(303);
    await ctx.client().signIn(person.email);
    expect(await rolesOf(person.email)).toEqual(['communications']);
    expect((await auditOf(ctx, 'account.reactivated')).map((a) => a.entity_id)).toContain(person.id);
  });

  it('a staff admin cannot remove their own admin role or deactivate themselves', async () => {
    const own = await admin.postForm(`/staff/users/${adminId}/roles`, { role_membership: 'yes' });
    expect(own.statusCode).toBe(409);
    expect(textOf(own.body, '.error-summary')).toContain('You cannot remove the staff admin role from yourself');
    const off = await admin.postForm(`/staff/users/${adminId}/deactivate`, {});
    expect(off.statusCode).toBe(409);
    expect(await rolesOf((await ctx.deps.db.selectFrom('users').select('email').where('id', '=', adminId).executeTakeFirstOrThrow()).email)).toEqual(['admin']);
    // Adding a role to oneself is fine.
    expect((await admin.postForm(`/staff/users/${adminId}/roles`, { role_admin: 'yes', role_finance: 'yes' })).statusCode).toBe(303);
  });

  it('a staff admin cannot give themselves a confidential role (Ethics, Members in Transition); another staff admin can', async () => {
    const email = (await ctx.deps.db.selectFrom('users').select('email').where('id', '=', adminId).executeTakeFirstOrThrow()).email;
    const before = await rolesOf(email);
    for (const [role, label] of [
      ['ethics', 'the Ethics role'],
      ['transition', 'the Members in Transition role'],
    ] as const) {
      const res = await admin.postForm(`/staff/users/${adminId}/roles`, { ...Object.fromEntries(before.map((r) => [`role_${r}`, 'yes'])), [`role_${role}`]: 'yes' });
      expect(res.statusCode).toBe(409);
      expect(textOf(res.body, '.error-summary')).toContain(`You cannot give yourself ${label}`);
      expect(await rolesOf(email)).toEqual(before);
      expect((await admin.get(role === 'ethics' ? '/staff/ethics' : '/staff/transition')).statusCode).toBe(403);
    }
    // Another staff admin gives it: the first then reads the cases.
    const other = await signedInAdmin(ctx);
    const given = await other.client.postForm(`/staff/users/${adminId}/roles`, { ...Object.fromEntries(before.map((r) => [`role_${r}`, 'yes'])), role_ethics: 'yes' });
    expect(given.statusCode).toBe(303);
    expect(await rolesOf(email)).toEqual([...before, 'ethics'].sort());
    expect((await admin.get('/staff/ethics')).statusCode).toBe(200);
    // Keeping a confidential role one holds, while changing another, is no grant.
    expect(
      (await admin.postForm(`/staff/users/${adminId}/roles`, { ...Object.fromEntries(before.map((r) => [`role_${r}`, 'yes'])), role_ethics: 'yes', role_programs: 'yes' }))
        .statusCode,
    ).toBe(303);
    // The service refuses it too, whatever calls it.
    await expect(changeStaffRoles(ctx.deps, { userId: other.id, roles: ['admin', 'transition'], actor: { userId: other.id, name: 'Ada Admin' } })).rejects.toMatchObject({
      code: 'accounts.own_confidential_role',
    });
  });
});

describe('non-admin staff', () => {
  it('get 403 from every staff accounts route', async () => {
    const target = await createAccount(ctx, { roles: ['programs'] });
    const id = (await invitationId((await ctx.deps.db.selectFrom('staff_invitations').select('email').executeTakeFirstOrThrow()).email)) ?? '';
    for (const role of ['membership', 'finance', 'advisor', 'communications', 'ethics', 'transition'] as const) {
      const p = await createAccount(ctx, { roles: role === 'transition' ? ['membership', 'transition'] : [role] });
      const c = ctx.client();
      await c.signIn(p.email);
      const answers = [
        await c.get('/staff/users'),
        await c.get('/staff/users/invite'),
        await c.postForm('/staff/users/invite', { name: 'X', email: uniqueEmail('x'), role_admin: 'yes' }),
        await c.get(`/staff/users/${target.id}`),
        await c.postForm(`/staff/users/${target.id}/roles`, { role_admin: 'yes' }),
        await c.postForm(`/staff/users/${target.id}/deactivate`, {}),
        await c.postForm(`/staff/users/${target.id}/reactivate`, {}),
        await c.postForm(`/staff/users/invitations/${id}/resend`, {}),
        await c.postForm(`/staff/users/invitations/${id}/revoke`, {}),
        await c.postForm(`/staff/users/${p.id}/roles`, { role_admin: 'yes' }),
      ];
      expect(answers.map((r) => r.statusCode)).toEqual(answers.map(() => 403));
      expect(await rolesOf(p.email)).toEqual(role === 'transition' ? ['membership', 'transition'] : [role]);
    }
    expect(await rolesOf(target.email)).toEqual(['programs']);
  });
});

describe('the last staff admin', () => {
  let lone: TestContext;
  beforeAll(async () => {
    lone = await createTestContext();
  });
  afterAll(() => lone?.close());

  it('cannot be demoted or deactivated, by anyone; a deactivated admin does not count', async () => {
    const a = await createAccount(lone, { roles: ['admin'] });
    const other = await createAccount(lone, { roles: ['admin'] });
    await deactivateStaffAccount(lone.deps, { userId: other.id, actor: { userId: a.id, name: 'A' } });
    const actor = { userId: other.id, name: 'Someone' };
    await expect(changeStaffRoles(lone.deps, { userId: a.id, roles: ['membership'], actor })).rejects.toMatchObject({ code: 'accounts.last_admin' });
    await expect(deactivateStaffAccount(lone.deps, { userId: a.id, actor })).rejects.toMatchObject({ code: 'accounts.last_admin' });
    const roles = await lone.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', a.id).execute();
    expect(roles.map((r) => r.role)).toEqual(['admin']);
  });

  it('two admins who demote each other at once: one wins, the other is refused, one admin remains', async () => {
    const x = await createAccount(lone, { roles: ['admin'] });
    const y = await createAccount(lone, { roles: ['admin'] });
    // Only these two are active admins now.
    for (const row of await lone.deps.db.selectFrom('user_roles').select('user_id').where('role', '=', 'admin').execute())
      if (row.user_id !== x.id && row.user_id !== y.id) await disableAccount(lone, row.user_id);
    const results = await Promise.allSettled([
      changeStaffRoles(lone.deps, { userId: y.id, roles: ['finance'], actor: { userId: x.id, name: 'X' } }),
      changeStaffRoles(lone.deps, { userId: x.id, roles: ['finance'], actor: { userId: y.id, name: 'Y' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toMatchObject({ code: 'accounts.last_admin' });
    const admins = await lone.deps.db
      .selectFrom('user_roles as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select('r.user_id')
      .where('r.role', '=', 'admin')
      .where('u.disabled_at', 'is', null)
      .execute();
    expect(admins).toHaveLength(1);
  });
});

// An organization's contacts through HTTP: its administrator adds (a new email gets an account and
// a working sign-in link; an existing account is linked), changes and removes contacts, audited;
// a plain contact cannot; the last administrator stays; bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createOrganization, createTestContext, PASSWORD, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { auditOf, mailTo, signInByEmailLink } from './test-support.js';

let ctx: TestContext;
let org: string;
let adminId: string;
let admin: TestClient;
let plain: TestClient;
let plainId: string;

const contactsOf = (organizationId: string) =>
  ctx.deps.db
    .selectFrom('organization_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.email', 'u.name', 'c.user_id', 'c.role', 'c.title', 'c.phone', 'c.duties'])
    .where('c.organization_id', '=', organizationId)
    .orderBy('u.email')
    .execute();

beforeAll(async () => {
  ctx = await createTestContext();
  org = await createOrganization(ctx, { name: 'City of Elm' });
  const a = await createAccount(ctx, { name: 'Erin Admin', org: { role: 'admin', organizationId: org } });
  adminId = a.id;
  admin = ctx.client();
  await admin.signIn(a.email, PASSWORD);
  const p = await createAccount(ctx, { name: 'Pat Plain', org: { role: 'contact', organizationId: org } });
  plainId = p.id;
  plain = ctx.client();
  await plain.signIn(p.email, PASSWORD);
});
afterAll(() => ctx?.close());

describe('adding a contact', () => {
  it('a new email gets an account without a password and a sign-in link that works', async () => {
    const email = uniqueEmail('newcontact');
    const form = await admin.get(`/org/contacts/new?org=${org}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<legend>Roles</legend>');
    const res = await admin.postForm(`/org/contacts?org=${org}`, { name: 'Noa New', email, title: 'Council Member', phone: '(217) 555-0100', duties: 'elected' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/org?org=${org}#contacts`);
    const added = (await contactsOf(org)).find((c) => c.email === email);
    expect(added).toMatchObject({ name: 'Noa New', role: 'contact', title: 'Council Member', phone: '(217) 555-0100', duties: ['elected'] });
    const user = await ctx.deps.db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow();
    expect(user.password_hash).toBeNull();
    const [audit] = (await auditOf(ctx, 'portal.contact_added')).filter((r) => JSON.stringify(r.after).includes(added?.user_id ?? '?'));
    expect(audit).toMatchObject({ actor_user_id: adminId, entity_id: org, after: { accountCreated: true, duties: ['elected'], role: 'contact' } });
    expect(JSON.stringify(audit?.after)).not.toContain('555-0100');

    const newcomer = ctx.client();
    const signedIn = await signInByEmailLink(ctx, newcomer, email, 'portal.contact_invited');
    expect(signedIn.statusCode).toBe(303);
    const home = await newcomer.get('/org');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<h1>City of Elm</h1>');
  });

  it('an existing account is linked, several roles and admin kept, and the person is told', async () => {
    const existing = await createAccount(ctx, { name: 'Kim Known' });
    const res = await admin.postForm(`/org/contacts?org=${org}`, { name: 'ignored', email: existing.email.toUpperCase(), duties: 'billing', admin: 'yes' });
    expect(res.statusCode).toBe(303);
    const added = (await contactsOf(org)).find((c) => c.user_id === existing.id);
    expect(added).toMatchObject({ name: 'Kim Known', role: 'admin', duties: ['billing'] });
    const [mail] = await mailTo(ctx, existing.email);
    expect(mail?.template).toBe('portal.contact_linked');
    expect(mail?.body_text).not.toContain('token=');
  });

  it('takes several roles at once from the checkbox group', async () => {
    const email = uniqueEmail('multi');
    const form = new URLSearchParams({ _csrf: await admin.csrf(), name: 'Mo Multi', email });
    form.append('duties', 'staff');
    form.append('duties', 'billing');
    const res = await admin.request('POST', `/org/contacts?org=${org}`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: form.toString(),
    });
    expect(res.statusCode).toBe(303);
    expect((await contactsOf(org)).find((c) => c.email === email)?.duties).toEqual(['staff', 'billing']);
  });

  it('bad input re-renders the form with messages beside the fields and changes nothing', async () => {
    const before = await contactsOf(org);
    const users = await ctx.deps.db.selectFrom('users').select('id').execute();
    const res = await admin.postForm(`/org/contacts?org=${org}`, { name: '', email: 'not-an-email', phone: 'call me', duties: 'mayor' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-name-error"');
    expect(res.body).toContain('Enter an email address, like name@example.gov.');
    expect(res.body).toContain('id="f-phone-error"');
    expect(res.body).toContain('id="f-duties-error"');
    expect(res.body).toContain('value="not-an-email"');
    expect(await contactsOf(org)).toEqual(before);
    expect((await ctx.deps.db.selectFrom('users').select('id').execute()).length).toBe(users.length);
  });

  it('someone already a contact is a message on the email field, and no account is created', async () => {
    const before = await contactsOf(org);
    const plainEmail = before.find((c) => c.user_id === plainId)?.email ?? '';
    const res = await admin.postForm(`/org/contacts?org=${org}`, { name: 'Pat Again', email: plainEmail });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('This person is already a contact of your organization.');
    expect(await contactsOf(org)).toEqual(before);
  });

  it('a plain contact cannot add, change or remove contacts (403), and nothing changes', async () => {
    const before = await contactsOf(org);
    expect((await plain.get(`/org/contacts/new?org=${org}`)).statusCode).toBe(403);
    expect((await plain.postForm(`/org/contacts?org=${org}`, { name: 'Sneaky', email: uniqueEmail('sneaky') })).statusCode).toBe(403);
    expect((await plain.get(`/org/contacts/${adminId}/edit?org=${org}`)).statusCode).toBe(403);
    expect((await plain.postForm(`/org/contacts/${plainId}?org=${org}`, { admin: 'yes' })).statusCode).toBe(403);
    expect((await plain.postForm(`/org/contacts/${adminId}/remove?org=${org}`, {})).statusCode).toBe(403);
    expect(await contactsOf(org)).toEqual(before);
  });
});

describe('changing and removing contacts', () => {
  it('the admin changes a contact’s title, phone, roles and access, audited', async () => {
    const form = await admin.get(`/org/contacts/${plainId}/edit?org=${org}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<h1>Change Pat Plain</h1>');
    const res = await admin.postForm(`/org/contacts/${plainId}?org=${org}`, { title: 'Budget Analyst', phone: '555 0199', duties: 'billing' });
    expect(res.statusCode).toBe(303);
    expect((await contactsOf(org)).find((c) => c.user_id === plainId)).toMatchObject({ title: 'Budget Analyst', phone: '555 0199', duties: ['billing'], role: 'contact' });
    const audits = await auditOf(ctx, 'portal.contact_updated');
    expect(audits.at(-1)).toMatchObject({ actor_user_id: adminId, before: { userId: plainId, title: '' }, after: { title: 'Budget Analyst', duties: ['billing'] } });
  });

  it('bad input on the change form is a 400 with messages, and nothing changes', async () => {
    const before = await contactsOf(org);
    const res = await admin.postForm(`/org/contacts/${plainId}?org=${org}`, { title: 'x'.repeat(201), duties: 'king' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-title-error"');
    expect(res.body).toContain('id="f-duties-error"');
    expect(await contactsOf(org)).toEqual(before);
  });

  it('the last administrator can be neither demoted nor removed', async () => {
    const solo = await createOrganization(ctx, { name: 'Hamlet of One' });
    const only = await createAccount(ctx, { org: { role: 'admin', organizationId: solo } });
    const c = ctx.client();
    await c.signIn(only.email, PASSWORD);
    const demote = await c.postForm(`/org/contacts/${only.id}?org=${solo}`, { title: 'Clerk' });
    expect(demote.statusCode).toBe(400);
    expect(demote.body).toContain('Your organization needs at least one administrator.');
    const remove = await c.postForm(`/org/contacts/${only.id}/remove?org=${solo}`, {});
    expect(remove.statusCode).toBe(409);
    expect(remove.body).toContain('only administrator');
    expect(await contactsOf(solo)).toMatchObject([{ user_id: only.id, role: 'admin', title: '' }]);
  });

  it('the admin removes a contact, audited; the removed person loses the organization', async () => {
    const gone = await createAccount(ctx, { name: 'Gale Gone', org: { role: 'contact', organizationId: org } });
    const goneClient = ctx.client();
    await goneClient.signIn(gone.email, PASSWORD);
    const res = await admin.postForm(`/org/contacts/${gone.id}/remove?org=${org}`, {});
    expect(res.statusCode).toBe(303);
    expect((await contactsOf(org)).some((c) => c.user_id === gone.id)).toBe(false);
    expect((await auditOf(ctx, 'portal.contact_removed')).at(-1)).toMatchObject({ actor_user_id: adminId, before: { userId: gone.id, role: 'contact' } });
    expect((await goneClient.get(`/org?org=${org}`)).statusCode).toBe(403);
    expect((await admin.postForm(`/org/contacts/${gone.id}/remove?org=${org}`, {})).statusCode).toBe(404);
  });
});

describe('GET /api/v1/org/contacts', () => {
  it('lists the organization’s contacts with their roles', async () => {
    const res = await plain.getJson(`/api/v1/org/contacts?org=${org}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { organizationId: string; contacts: Array<{ userId: string; role: string; duties: string[] }> };
    expect(body.organizationId).toBe(org);
    expect(body.contacts.find((c) => c.userId === adminId)).toMatchObject({ role: 'admin' });
    expect(Object.keys(body.contacts[0] ?? {}).sort()).toEqual(['duties', 'email', 'name', 'phone', 'role', 'title', 'userId']);
  });
});

// An organization's contacts through HTTP: its administrator invites (the seat is pending until the
// owner of the address accepts the emailed invitation), resends or cancels invitations, changes and
// removes contacts, audited; a plain contact cannot; the last administrator stays; bad input
// changes nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, expireSeatInvitation, tokenOf } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, latestLinkTo, PASSWORD, pathOf, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { dom, textOf, textsOf } from '../../../test/html.js';
import { auditOf, mailTo } from '../../../test/readers.js';
import { formatZonedDay } from '../../lib/format.js';

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

const invitationsTo = (email: string) => ctx.deps.db.selectFrom('seat_invitations').selectAll().where('email', '=', email).orderBy('created_at').execute();

describe('adding a contact', () => {
  it('invites the address: pending until the owner accepts the emailed invitation, then a contact with what the admin typed', async () => {
    const email = uniqueEmail('newcontact');
    const form = await admin.get(`/org/contacts/new?org=${org}`);
    expect(form.statusCode).toBe(200);
    expect(textsOf(form.body, 'legend')).toContain('Roles');
    const res = await admin.postForm(`/org/contacts?org=${org}`, { name: 'Noa New', email, title: 'Council Member', phone: '(217) 555-0100', duties: 'elected' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/org?org=${org}#contacts`);
    // Pending: no account, no seat, an invitation shown as such.
    expect((await contactsOf(org)).find((c) => c.email === email)).toBeUndefined();
    expect(await ctx.deps.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
    const [inv] = await invitationsTo(email);
    expect(inv).toMatchObject({ organization_id: org, name: 'Noa New', role: 'contact', title: 'Council Member', duties: ['elected'], source: 'contact', accepted_at: null });
    const home = await admin.get(`/org?org=${org}`);
    expect(home.body).toContain('Invited, not yet accepted');
    // Its day is the association's: sent at 03:30 UTC, it was the evening before in any US zone.
    const zone = (await ctx.deps.association.get()).time_zone;
    const evening = new Date('2026-03-06T03:30:00Z');
    await ctx.deps.db
      .updateTable('seat_invitations')
      .set({ sent_at: evening })
      .where('id', '=', inv?.id ?? '')
      .execute();
    const shown = (await admin.get(`/org?org=${org}`)).body;
    expect(formatZonedDay(evening, zone)).toBe('Mar 5, 2026');
    expect(shown).toContain('Invited, not yet accepted (sent Mar 5, 2026)');
    const [sent] = (await auditOf(ctx, 'portal.invitation_sent')).filter((r) => JSON.stringify(r.after).includes(inv?.id ?? '?'));
    expect(sent).toMatchObject({ actor_user_id: adminId, entity_id: org, after: { role: 'contact', source: 'contact', duties: ['elected'] } });
    const [mail] = await mailTo(ctx, email);
    expect(mail?.template).toBe('portal.seat_invitation');
    expect(mail?.subject).toMatch(/^Erin Admin invites you to City of Elm on /);
    expect(mail?.body_text).toContain('as a contact');

    const newcomer = ctx.client();
    const accepted = await acceptInvitation(ctx, newcomer, email);
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`/org?org=${org}`);
    const added = (await contactsOf(org)).find((c) => c.email === email);
    expect(added).toMatchObject({ name: 'Noa New', role: 'contact', title: 'Council Member', phone: '(217) 555-0100', duties: ['elected'] });
    // the contacts table: the number on one line, and a phone can call it
    expect((await admin.get(`/org?org=${org}`)).body).toContain('<a class="phone" href="tel:2175550100">(217) 555-0100</a>');
    const user = await ctx.deps.db.selectFrom('users').select(['password_hash', 'email_verified_at']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(user.password_hash).toBeNull();
    expect(user.email_verified_at).not.toBeNull();
    const [audit] = (await auditOf(ctx, 'portal.contact_added')).filter((r) => JSON.stringify(r.after).includes(added?.user_id ?? '?'));
    expect(audit).toMatchObject({ actor_user_id: added?.user_id, entity_id: org, after: { accountCreated: true, duties: ['elected'], role: 'contact', invitationId: inv?.id } });
    expect(JSON.stringify(audit?.after)).not.toContain('555-0100');
    const homeOfNewcomer = await newcomer.get('/org');
    expect(homeOfNewcomer.statusCode).toBe(200);
    expect(textsOf(homeOfNewcomer.body, 'h1')).toContain('City of Elm');
    expect((await admin.get(`/org?org=${org}`)).body).not.toContain('Invited, not yet accepted');
  });

  it('an existing account is invited, not linked; on accepting it keeps its own name and password, and gets the roles and admin', async () => {
    const existing = await createAccount(ctx, { name: 'Kim Known' });
    const res = await admin.postForm(`/org/contacts?org=${org}`, { name: 'Typed Name', email: existing.email.toUpperCase(), duties: 'billing', admin: 'yes' });
    expect(res.statusCode).toBe(303);
    expect((await contactsOf(org)).find((c) => c.user_id === existing.id)).toBeUndefined();
    const [mail] = await mailTo(ctx, existing.email);
    expect(mail?.template).toBe('portal.seat_invitation');
    expect(mail?.body_text).toContain('as an administrator');
    const c = ctx.client();
    expect((await acceptInvitation(ctx, c, existing.email)).statusCode).toBe(303);
    expect((await contactsOf(org)).find((x) => x.user_id === existing.id)).toMatchObject({ name: 'Kim Known', role: 'admin', duties: ['billing'] });
    // A verified account's password is its owner's own: it still works.
    expect((await ctx.client().postForm('/login', { email: existing.email, password: PASSWORD })).statusCode).toBe(303);
  });

  it('inviting an address again renews the invitation: one pending row, a new link, the old one dead', async () => {
    const email = uniqueEmail('twice');
    const sent = await admin.postForm(`/org/contacts?org=${org}`, { name: 'Tia Twice', email });
    expect((await admin.get(String(sent.headers.location))).body).not.toContain('It replaces the invitation');
    const first = pathOf(await latestLinkTo(ctx, email, 'portal.seat_invitation'));
    const sentOn = formatZonedDay(ctx.clock.now(), (await ctx.deps.association.get()).time_zone);
    ctx.clock.advance(1000); // so that the newest email is told apart by its time
    const again = await admin.postForm(`/org/contacts?org=${org}`, { name: 'Tia Again', email, admin: 'yes' });
    // The administrator is told the waiting invitation was replaced, not left to find out.
    expect(textOf((await admin.get(String(again.headers.location))).body, '.flash')).toContain(
      `We emailed an invitation to ${email}. It replaces the invitation sent to that address on ${sentOn} (for Tia Twice), whose link no longer works.`,
    );
    const second = pathOf(await latestLinkTo(ctx, email, 'portal.seat_invitation'));
    expect(second).not.toBe(first);
    expect(await invitationsTo(email)).toMatchObject([{ role: 'admin', accepted_at: null, cancelled_at: null }]);
    const replaced = await ctx.client().get(first);
    expect(replaced.statusCode).toBe(410);
    expect(textsOf(replaced.body, 'h1')).toEqual(['This link was replaced by a newer one']);
    expect((await ctx.client().get(second)).statusCode).toBe(200);
  });

  it('two invitations of the same address at the same moment make one pending row, with the stronger role and both roles', async () => {
    const email = uniqueEmail('race');
    await admin.csrf();
    const results = await Promise.all([
      admin.postForm(`/org/contacts?org=${org}`, { name: 'Rita Race', email, duties: 'staff' }),
      admin.postForm(`/org/contacts?org=${org}`, { name: 'Rita Race', email, duties: 'billing', admin: 'yes' }),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([303, 303]);
    const rows = await invitationsTo(email);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.role).toBe('admin');
    expect([...(rows[0]?.duties ?? [])].sort()).toEqual(['billing', 'staff']);
  });

  it('the admin resends (a new link) or cancels an invitation; a plain contact cannot', async () => {
    const email = uniqueEmail('resend');
    await admin.postForm(`/org/contacts?org=${org}`, { name: 'Rae Resend', email });
    const [inv] = await invitationsTo(email);
    const before = pathOf(await latestLinkTo(ctx, email, 'portal.seat_invitation'));
    expect((await plain.postForm(`/org/invitations/${inv?.id}/resend?org=${org}`, {})).statusCode).toBe(403);
    expect((await plain.postForm(`/org/invitations/${inv?.id}/cancel?org=${org}`, {})).statusCode).toBe(403);
    ctx.clock.advance(1000);
    const resent = await admin.postForm(`/org/invitations/${inv?.id}/resend?org=${org}`, {});
    expect(resent.statusCode).toBe(303);
    const after = pathOf(await latestLinkTo(ctx, email, 'portal.seat_invitation'));
    expect(after).not.toBe(before);
    // The first email's link says it was replaced by a newer one (not "could not find"), and accepts nothing.
    const old = await ctx.client().get(before);
    expect(old.statusCode).toBe(410);
    expect(textsOf(old.body, 'h1')).toEqual(['This link was replaced by a newer one']);
    expect(old.body).toContain(`The most recent one was sent on ${formatZonedDay(ctx.clock.now(), (await ctx.deps.association.get()).time_zone)}.`);
    const visitor = ctx.client();
    await visitor.get('/login');
    const refused = await visitor.postForm('/invitation/accept', { token: tokenOf(before) });
    expect(refused.statusCode).toBe(410);
    expect(refused.body).toContain('This link was replaced by a newer one');
    expect((await invitationsTo(email))[0]?.accepted_at).toBeNull();
    expect((await auditOf(ctx, 'portal.invitation_resent')).at(-1)).toMatchObject({ actor_user_id: adminId, after: { invitationId: inv?.id } });
    // Withdrawing goes through a confirmation page (no JavaScript needed): /org links to it, it says
    // what will happen, and its button posts; a plain contact, or a made-up id, gets no page.
    const confirm = `/org/invitations/${inv?.id}/cancel?org=${org}`;
    expect((await admin.get(`/org?org=${org}`)).body).toContain(`href="${confirm.replace('&', '&amp;')}"`);
    const page = await admin.get(confirm);
    expect(page.statusCode).toBe(200);
    expect(textsOf(page.body, 'h1')).toEqual(['Withdraw the invitation of Rae Resend?']);
    // the way back names the organization, as the other contact pages do
    expect(dom(page.body).querySelector(`main a[href="/org?org=${org}#contacts"]`)?.textContent).toBe('Back to City of Elm');
    expect(page.body).not.toContain('Back to your organization');
    expect(page.body).toContain(`action="${confirm.replace('&', '&amp;')}"`);
    expect((await invitationsTo(email))[0]?.cancelled_at).toBeNull();
    expect((await plain.get(confirm)).statusCode).toBe(403);
    expect((await admin.get(`/org/invitations/${randomUUID()}/cancel?org=${org}`)).statusCode).toBe(404);
    expect((await admin.postForm(confirm, {})).statusCode).toBe(303);
    expect((await invitationsTo(email))[0]?.cancelled_at).not.toBeNull();
    // told in the words of the button pressed, as is the person invited
    expect(textOf((await admin.get(`/org?org=${org}`)).body, '.flash')).toBe('Withdrew the invitation of Rae Resend: its link no longer works.');
    const gone = await ctx.client().get(after);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('This invitation was withdrawn');
    expect(textsOf(gone.body, 'main p')).toContain('Whoever invited you withdrew it. If you think that is a mistake, ask them to invite you again.');
    // the replaced link says what became of the invitation too
    expect((await ctx.client().get(before)).body).toContain('This invitation was withdrawn');
    // Decided once: cancelling again, or another organization's invitation, finds nothing.
    expect((await admin.postForm(`/org/invitations/${inv?.id}/cancel?org=${org}`, {})).statusCode).toBe(404);
    expect((await admin.postForm(`/org/invitations/not-an-id/resend?org=${org}`, {})).statusCode).toBe(404);
  });

  it('an invitation is good for 14 days; expired, the admin sees it so and resends it', async () => {
    const email = uniqueEmail('expiring');
    await admin.postForm(`/org/contacts?org=${org}`, { name: 'Eve Expiring', email });
    const link = pathOf(await latestLinkTo(ctx, email, 'portal.seat_invitation'));
    const [sent] = await invitationsTo(email);
    expect((sent?.expires_at.getTime() ?? 0) - (sent?.sent_at.getTime() ?? 0)).toBe(14 * 86_400_000);
    // Fourteen days later (moving the invitation back, not the clock: the admin's session would end).
    await expireSeatInvitation(ctx, email);
    const page = await ctx.client().get(link);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This invitation has expired');
    expect((await ctx.client().postForm('/invitation/accept', { token: tokenOf(link) })).statusCode).toBe(410);
    expect((await admin.get(`/org?org=${org}`)).body).toContain('Invitation expired on');
    const [inv] = await invitationsTo(email);
    ctx.clock.advance(1000);
    await admin.postForm(`/org/invitations/${inv?.id}/resend?org=${org}`, {});
    expect((await acceptInvitation(ctx, ctx.client(), email)).statusCode).toBe(303);
    expect((await contactsOf(org)).some((c) => c.email === email)).toBe(true);
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
    expect((await invitationsTo(email))[0]?.duties).toEqual(['staff', 'billing']);
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

  it('someone already a contact is a message on the email field (they are on the admin’s own list), and nothing is sent', async () => {
    const before = await contactsOf(org);
    const invitations = await ctx.deps.db.selectFrom('seat_invitations').select('id').execute();
    const plainEmail = before.find((c) => c.user_id === plainId)?.email ?? '';
    const res = await admin.postForm(`/org/contacts?org=${org}`, { name: 'Pat Again', email: plainEmail });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('This person is already a contact of your organization.');
    expect(await contactsOf(org)).toEqual(before);
    expect(await ctx.deps.db.selectFrom('seat_invitations').select('id').execute()).toEqual(invitations);
  });

  it('a plain contact cannot add, change or remove contacts (403), and nothing changes', async () => {
    const before = await contactsOf(org);
    const refused = await plain.get(`/org/contacts/new?org=${org}`);
    expect(refused.statusCode).toBe(403);
    // who to ask: their organization's administrator first
    expect(refused.body).toContain('ask your organization’s administrator, or your association’s membership staff');
    // what only an administrator may do, and the way back to the organization asked for
    expect(textOf(refused.body, 'main')).toContain('Only an administrator of your organization can do that.');
    expect(refused.body).toContain(`href="/org?org=${org}"`);
    // an organization not theirs is never linked
    const other = await plain.get('/org/contacts/new?org=00000000-0000-4000-8000-000000000000');
    expect(other.statusCode).toBe(403);
    expect(other.body).not.toContain('00000000-0000-4000-8000-000000000000"');
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
    expect(textsOf(form.body, 'h1')).toContain('Change Pat Plain');
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
    // The confirmation page says so at once, with no form to confirm.
    const confirm = await c.get(`/org/contacts/${only.id}/remove?org=${solo}`);
    expect(confirm.statusCode).toBe(200);
    expect(textsOf(confirm.body, 'h1')).toEqual(['You cannot be removed yet']);
    expect(confirm.body).toContain('You are Hamlet of One’s only administrator');
    expect(confirm.body).not.toContain('Remove the contact');
    const remove = await c.postForm(`/org/contacts/${only.id}/remove?org=${solo}`, {});
    expect(remove.statusCode).toBe(409);
    // The organization's page again, not an error page: the message beside the contact and in the summary.
    expect(textsOf(remove.body, 'h1')).toEqual(['Hamlet of One']);
    expect(textOf(remove.body, 'title')).toMatch(/^Error: /);
    expect(textOf(remove.body, '.error-summary')).toContain('only administrator');
    expect(textOf(remove.body, `#f-contact-${only.id}`)).toContain('only administrator');
    expect(remove.body).toContain(`href="#f-contact-${only.id}"`);
    expect(await contactsOf(solo)).toMatchObject([{ user_id: only.id, role: 'admin', title: '' }]);
  });

  it('the admin removes a contact, audited; the removed person loses the organization', async () => {
    const gone = await createAccount(ctx, { name: 'Gale Gone', org: { role: 'contact', organizationId: org } });
    const goneClient = ctx.client();
    await goneClient.signIn(gone.email, PASSWORD);
    // The Remove link leads to a confirmation page that says what happens; only its POST removes.
    const home = await admin.get(`/org?org=${org}`);
    expect(home.body).toContain(`href="/org/contacts/${gone.id}/remove?org=${org}"`);
    const confirm = await admin.get(`/org/contacts/${gone.id}/remove?org=${org}`);
    expect(confirm.statusCode).toBe(200);
    expect(textsOf(confirm.body, 'h1')[0]).toMatch(/^Remove Gale Gone from .+\?$/);
    expect(confirm.body).toContain('will lose access to');
    expect(textsOf(confirm.body, 'main button')).toEqual(['Remove the contact']);
    expect((await contactsOf(org)).some((c) => c.user_id === gone.id)).toBe(true);
    expect((await plain.get(`/org/contacts/${gone.id}/remove?org=${org}`)).statusCode).toBe(403);
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

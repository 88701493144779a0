// Issue 11, findings 2 (second half) and 6 ("add contact" half): a seat at an organization goes
// only to the owner of the address, through the invitation emailed to it; "add contact" answers
// the same whether or not the address has an account, and never shows that account's name.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/index.js';
import { seedDuesDemo } from '../../src/modules/dues/seed.js';
import { LOGIN_REQUESTS_QUEUE } from '../../src/modules/portal/index.js';
import { anOrganization } from '../factories/index.js';
import { createAccount, createTestContext, latestLinkTo, PASSWORD, pathOf, type TestClient, type TestContext, uniqueEmail } from '../helpers.js';
import { byId, textsOf } from '../html.js';

/** The token of an invitation link, which its page's form posts. */
const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('token') ?? '';

const SQUATTER_PASSWORD = 'squatter owns this passphrase';

let ctx: TestContext;
let org: string;
let admin: TestClient;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  org = (await anOrganization(ctx, { name: 'City of Harbor', website: 'https://harbor.gov' })).id;
  const a = await createAccount(ctx, { name: 'Hana Admin', org: { role: 'admin', organizationId: org } });
  admin = ctx.client();
  await admin.signIn(a.email, PASSWORD);
  const s = await createAccount(ctx, { roles: ['membership'] });
  staff = ctx.client();
  await staff.signIn(s.email, PASSWORD);
});
afterAll(() => ctx?.close());

const seatsOf = (email: string) =>
  ctx.deps.db.selectFrom('organization_contacts as c').innerJoin('users as u', 'u.id', 'c.user_id').select(['c.organization_id', 'c.role']).where('u.email', '=', email).execute();

/** Someone who is not its owner registers the address first, with a password of their choosing. */
async function squat(email: string) {
  await createUser(ctx.deps, { email, name: 'Mallory Squatter', password: SQUATTER_PASSWORD, verified: false });
  const squatter = ctx.client();
  // Whether or not an unverified account may sign in, its session must reach no organization.
  await squatter.postForm('/login', { email, password: SQUATTER_PASSWORD });
  return squatter;
}

async function expectNoSeat(squatter: TestClient, email: string, organizationId: string) {
  expect(await seatsOf(email)).toEqual([]);
  const home = await squatter.get(`/org?org=${organizationId}`);
  expect(home.statusCode).not.toBe(200);
  expect(textsOf(home.body, 'h1').filter((h) => h.startsWith('City of'))).toEqual([]);
}

/** The owner of the address opens the emailed invitation and accepts it. */
async function acceptAsOwner(email: string) {
  const link = pathOf(await latestLinkTo(ctx, email, 'portal.seat_invitation'));
  expect(link).toMatch(/^\/invitation\?token=[\w-]+$/);
  const owner = ctx.client();
  const page = await owner.get(link);
  expect(page.statusCode).toBe(200);
  const accepted = await owner.postForm('/invitation/accept', { token: tokenOf(link) });
  expect(accepted.statusCode).toBe(303);
  return { owner, link, location: String(accepted.headers.location) };
}

/** After the owner accepted: the squatter's password and session are gone. */
async function expectSquatterLockedOut(squatter: TestClient, email: string, organizationId: string) {
  expect((await squatter.get(`/org?org=${organizationId}`)).statusCode).not.toBe(200);
  const again = await ctx.client().postForm('/login', { email, password: SQUATTER_PASSWORD });
  expect(again.statusCode).toBe(401);
}

describe('2. Unverified email addresses become other people’s seats', () => {
  it('an approved application naming the address gives the squatter nothing; the invitation sent to it gives the owner the seat', async () => {
    const slug = `${Date.now().toString(36)}a`;
    const victim = `clerk-${slug}@seaside${slug}.gov`;
    const squatter = await squat(victim);
    const fields = {
      applicant_email: `applicant-${slug}@seaside${slug}.gov`,
      entity_type: 'city',
      legal_name: `City of Seaside ${slug}`,
      state: 'OR',
      population: 20000,
      population_source: '2020 Census',
      population_year: 2020,
      website: `https://seaside${slug}.gov`,
      staff_name: 'Sam Staff',
      staff_email: victim,
      staff_title: 'City Clerk',
      elected_name: 'Mo Mayor',
      elected_email: `mayor-${slug}@seaside${slug}.gov`,
      elected_title: 'Mayor',
      billing_name: 'Bo Billing',
      billing_email: `ap-${slug}@seaside${slug}.gov`,
      billing_address: '1 Main St',
      po_required: false,
      agree_terms: true,
    };
    const submitted = await ctx.client().sendJson('POST', '/api/v1/applications', fields, { csrf: false });
    expect(submitted.statusCode).toBe(201);
    const approved = await staff.postForm(`/staff/applications/${submitted.json().id}/approve`, {});
    expect(approved.statusCode).toBe(303);
    const created = await ctx.deps.db.selectFrom('organizations').select('id').where('name', '=', fields.legal_name).executeTakeFirstOrThrow();

    await expectNoSeat(squatter, victim, created.id);
    const { owner, location } = await acceptAsOwner(victim);
    expect(location).toBe(`/org?org=${created.id}`);
    expect(await seatsOf(victim)).toEqual([{ organization_id: created.id, role: 'admin' }]);
    expect((await owner.get(location)).statusCode).toBe(200);
    await expectSquatterLockedOut(squatter, victim, created.id);
    // The name the organization sees is the one the application gave, not the squatter's.
    const user = await ctx.deps.db.selectFrom('users').select(['name', 'password_hash', 'email_verified_at']).where('email', '=', victim).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ name: 'Sam Staff', password_hash: null });
    expect(user.email_verified_at).not.toBeNull();
  });

  it('an administrator adding the address as a contact gives the squatter nothing until the owner accepts', async () => {
    const victim = `deputy-${Date.now().toString(36)}@harbor.gov`;
    const squatter = await squat(victim);
    const res = await admin.postForm(`/org/contacts?org=${org}`, { name: 'Dana Deputy', email: victim, admin: 'yes' });
    expect(res.statusCode).toBe(303);
    await expectNoSeat(squatter, victim, org);
    // Pending, and shown as such to the administrator.
    const home = await admin.get(`/org?org=${org}`);
    expect(home.body).toContain('Invited, not yet accepted');
    expect(home.body).toContain('Dana Deputy');

    await acceptAsOwner(victim);
    expect(await seatsOf(victim)).toEqual([{ organization_id: org, role: 'admin' }]);
    await expectSquatterLockedOut(squatter, victim, org);
  });

  it('an approved login request from the address gives the squatter nothing until the owner accepts', async () => {
    const victim = `planner-${Date.now().toString(36)}@harbor.gov`;
    const squatter = await squat(victim);
    expect((await squatter.postForm('/request-access', { name: 'Pat Planner', email: victim, organization: 'City of Harbor' })).statusCode).toBe(200);
    await ctx.deps.jobs.drain(LOGIN_REQUESTS_QUEUE);
    const request = await ctx.deps.db.selectFrom('login_requests').select('id').where('email', '=', victim).executeTakeFirstOrThrow();
    expect((await admin.postForm(`/org/login-requests/${request.id}/approve?org=${org}`, {})).statusCode).toBe(303);
    await expectNoSeat(squatter, victim, org);

    await acceptAsOwner(victim);
    expect(await seatsOf(victim)).toEqual([{ organization_id: org, role: 'contact' }]);
    await expectSquatterLockedOut(squatter, victim, org);
  });

  it('opening the link accepts nothing (mail scanners), the link works once, and a cancelled one not at all', async () => {
    const email = uniqueEmail('scanned');
    await admin.postForm(`/org/contacts?org=${org}`, { name: 'Sky Scanned', email });
    const link = pathOf(await latestLinkTo(ctx, email, 'portal.seat_invitation'));
    expect((await ctx.client().get(link)).statusCode).toBe(200);
    expect((await ctx.client().get(link)).statusCode).toBe(200);
    expect(await seatsOf(email)).toEqual([]);
    const { link: used } = await acceptAsOwner(email);
    const reuse = await ctx.client().postForm('/invitation/accept', { token: tokenOf(used) });
    expect(reuse.statusCode).toBe(410);
    expect(reuse.body).toContain('This invitation has already been accepted');

    const withdrawn = uniqueEmail('withdrawn');
    await admin.postForm(`/org/contacts?org=${org}`, { name: 'Wes Withdrawn', email: withdrawn });
    const invitation = await ctx.deps.db.selectFrom('seat_invitations').select('id').where('email', '=', withdrawn).executeTakeFirstOrThrow();
    expect((await admin.postForm(`/org/invitations/${invitation.id}/cancel?org=${org}`, {})).statusCode).toBe(303);
    const late = pathOf(await latestLinkTo(ctx, withdrawn, 'portal.seat_invitation'));
    const refused = await ctx.client().postForm('/invitation/accept', { token: tokenOf(late) });
    expect(refused.statusCode).toBe(410);
    expect(await seatsOf(withdrawn)).toEqual([]);
  });
});

describe('6. Enumeration: “add contact” tells whether the address had an account and shows its real name', () => {
  /** What the administrator gets back, with the CSRF token and what they typed taken out. */
  async function addContact(name: string, email: string) {
    const res = await admin.postForm(`/org/contacts?org=${org}`, { name, email, title: 'Analyst' });
    const flash = decodeURIComponent(res.cookies.find((c) => c.name === 'flash')?.value ?? '');
    const scrub = (s: string) =>
      s
        .replaceAll(email, '<email>')
        .replaceAll(name, '<name>')
        .replace(/name="_csrf" value="[^"]*"/g, '');
    const page = await admin.get(String(res.headers.location));
    const section = byId(page.body, 'contacts').outerHTML;
    return { status: res.statusCode, location: res.headers.location, body: scrub(res.body), flash: scrub(flash), page: page.body, section };
  }

  it('answers the same for an existing account and a new address, shows only the typed name, and emails the owner', async () => {
    const existing = await createAccount(ctx, { name: 'Victoria Realname', email: `victoria-${Date.now().toString(36)}@elsewhere.gov` });
    const known = await addContact('Vic Typed', existing.email);
    const fresh = await addContact('Nia Typed', uniqueEmail('fresh'));
    expect(known.status).toBe(303);
    expect({ ...known, page: '', section: '' }).toEqual({ ...fresh, page: '', section: '' });
    expect(known.flash).toContain('We emailed an invitation to <email>');
    // The organization's page lists both as invited, by the names typed; the account's own name never appears.
    expect(fresh.section).toContain('Invited, not yet accepted');
    expect(fresh.section).toContain('Vic Typed');
    expect(fresh.section).toContain('Nia Typed');
    expect(known.page).not.toContain('Victoria Realname');
    expect(fresh.page).not.toContain('Victoria Realname');
    const api = await admin.getJson(`/api/v1/org/contacts?org=${org}`);
    expect(api.body).not.toContain('Victoria Realname');
    // The existing owner is emailed an invitation, and holds no seat until accepting it.
    const mail = await ctx.deps.db.selectFrom('outbox').select('template').where('to_address', '=', existing.email).execute();
    expect(mail.map((m) => m.template)).toEqual(['portal.seat_invitation']);
    expect(await seatsOf(existing.email)).toEqual([]);
  });
});

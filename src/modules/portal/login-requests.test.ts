// Login requests (O8) through HTTP: /request-access answers the same whatever was asked, and is
// rate limited; a request is matched by name or slug and flagged when the email's domain is the
// organization's; its administrator approves (an invitation: the contact role once the owner of
// the address accepts it) or declines; with no administrator, or no match, membership staff decide.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, anOrganization } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, PASSWORD, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { textOf, textsOf } from '../../../test/html.js';
import { auditOf, mailTo } from '../../../test/readers.js';
import { LOGIN_REQUESTS_QUEUE } from './login-requests.js';

let ctx: TestContext;
let maple: string;
let mapleSlug: string;
let mapleAdmin: { id: string; email: string };
let admin: TestClient;
let staff: TestClient;
let staffEmail: string;

const contactOf = (email: string) =>
  ctx.deps.db
    .selectFrom('organization_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.organization_id', 'c.role', 'c.title', 'u.name', 'u.password_hash'])
    .where('u.email', '=', email)
    .executeTakeFirst();
const requestsFor = (email: string) => ctx.deps.db.selectFrom('login_requests').selectAll().where('email', '=', email).orderBy('created_at').execute();
/** Asks, then works the queued job that files the request (as the job runner would). */
const ask = async (c: TestClient, body: { name?: string; email: string; title?: string; organization: string }) => {
  const res = await c.postForm('/request-access', { name: 'Robin Asker', title: 'Planner', ...body });
  await ctx.deps.jobs.drain(LOGIN_REQUESTS_QUEUE);
  return res;
};

/** The page as a person reads it: without the CSRF token, which differs per request. */
const comparable = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '');

beforeAll(async () => {
  ctx = await createTestContext();
  ({ id: maple, slug: mapleSlug } = await anOrganization(ctx, { name: 'City of Maple', website: 'https://www.maple.gov' }));
  mapleAdmin = await createAccount(ctx, { name: 'Mara Admin', org: { role: 'admin', organizationId: maple } });
  admin = ctx.client();
  await admin.signIn(mapleAdmin.email, PASSWORD);
  const s = await createAccount(ctx, { roles: ['membership'] });
  staffEmail = s.email;
  staff = ctx.client();
  await staff.signIn(s.email, PASSWORD);
});
afterAll(() => ctx?.close());

describe('/request-access', () => {
  it('answers identically for members and non-members, new and existing emails, and repeats', async () => {
    await anOrganization(ctx, { name: 'Town of Prospect', status: 'prospect' });
    await createOrganization(ctx, { name: 'Village of No Admin' });
    const existing = await createAccount(ctx);
    const repeat = uniqueEmail('repeat');
    const cases = [
      { email: uniqueEmail('fresh'), organization: 'City of Maple' },
      { email: uniqueEmail('nowhere'), organization: 'City of Nowhere At All' },
      { email: existing.email, organization: 'City of Maple' },
      { email: mapleAdmin.email, organization: 'city of maple' },
      { email: uniqueEmail('prospect'), organization: 'Town of Prospect' },
      { email: uniqueEmail('noadmin'), organization: 'Village of No Admin' },
      { email: repeat, organization: 'City of Maple' },
      { email: repeat, organization: 'City of Maple' },
    ];
    const answers = [];
    for (const body of cases) {
      const res = await ask(ctx.client(), body);
      answers.push({ status: res.statusCode, body: comparable(res.body) });
    }
    expect(answers[0]?.status).toBe(200);
    expect(answers[0]?.body).toContain('Thank you: we have your request');
    for (const a of answers) expect(a).toEqual(answers[0]);
    // What was recorded differs, unseen: the repeat once, the existing contact and the prospect not at all.
    expect(await requestsFor(repeat)).toHaveLength(1);
    expect(await requestsFor(mapleAdmin.email)).toHaveLength(0);
    // …and the one who already acts for it is told so by email, instead.
    const told = await ctx.deps.db
      .selectFrom('outbox')
      .select(['template', 'body_text'])
      .where('to_address', '=', mapleAdmin.email)
      .where('template', '=', 'portal.seat_already_held')
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]?.body_text).toContain('You already act for it');
    expect((await requestsFor(cases[1]?.email ?? '')).map((r) => r.organization_id)).toEqual([null]);
    expect((await requestsFor(cases[4]?.email ?? '')).map((r) => r.organization_id)).toEqual([null]);
  });

  it('bad input re-renders the form with messages and records nothing', async () => {
    const res = await ask(ctx.client(), { name: '', email: 'nope', organization: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-name-error"');
    expect(res.body).toContain('id="f-email-error"');
    expect(res.body).toContain('id="f-organization-error"');
    expect(await requestsFor('nope')).toHaveLength(0);
  });

  it('matches by slug or name in any case, flags a matching domain and emails the admin', async () => {
    const email = `jo.${Date.now()}@maple.gov`;
    expect((await ask(ctx.client(), { email, organization: mapleSlug.toUpperCase() })).statusCode).toBe(200);
    const [r] = await requestsFor(email);
    expect(r).toMatchObject({ organization_id: maple, domain_matches: true, status: 'pending' });
    const [mail] = (await mailTo(ctx, mapleAdmin.email)).filter((m) => m.template === 'portal.login_request_new' && m.body_text.includes(email));
    expect(mail?.body_text).toContain('is at your organization’s own domain');
    expect(mail?.body_text).toContain(`/org?org=${maple}#login-requests`);
    const other = uniqueEmail('elsewhere');
    await ask(ctx.client(), { email: other, organization: '  city  OF maple ' });
    expect((await requestsFor(other))[0]).toMatchObject({ organization_id: maple, domain_matches: false });
    const home = await admin.get(`/org?org=${maple}`);
    expect(home.body).toContain('Does not match your organization’s domain: check you know this person');
    expect(home.body).toContain('Matches your organization’s website or email domain');
  });

  it('is rate limited, with a 429 page', async () => {
    const local = await createTestContext({ env: { RATE_LIMIT_SIGNIN_PER_MINUTE: '3' } });
    try {
      const c = local.client();
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await c.postForm('/request-access', { name: 'R', email: `r${i}@example.test`, organization: 'Anywhere' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      const page = await c.postForm('/request-access', { name: 'R', email: 'r@example.test', organization: 'Anywhere' });
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('Too many attempts');
    } finally {
      await local.close();
    }
  });
});

describe('an administrator decides', () => {
  it('approving invites the requester: a contact once they accept the invitation emailed to the address', async () => {
    const email = uniqueEmail('approved');
    await ask(ctx.client(), { name: 'Ari Approved', email, title: 'Analyst', organization: 'City of Maple' });
    const [r] = await requestsFor(email);
    const res = await admin.postForm(`/org/login-requests/${r?.id}/approve?org=${maple}`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/org?org=${maple}#login-requests`);
    expect((await requestsFor(email))[0]).toMatchObject({ status: 'approved', decided_by: mapleAdmin.id });
    expect((await auditOf(ctx, 'portal.login_request_approved')).at(-1)).toMatchObject({ actor_user_id: mapleAdmin.id, entity_id: r?.id, after: { role: 'contact' } });
    // Pending until accepted: no seat, shown as invited.
    expect(await contactOf(email)).toBeUndefined();
    expect((await admin.get(`/org?org=${maple}`)).body).toContain('Invited, not yet accepted');
    const [mail] = await mailTo(ctx, email);
    expect(mail?.template).toBe('portal.seat_invitation');
    expect(mail?.body_text).toContain('Your request for an account at City of Maple was approved by Mara Admin: you are invited to act for it');
    const newcomer = ctx.client();
    expect((await acceptInvitation(ctx, newcomer, email)).statusCode).toBe(303);
    expect(await contactOf(email)).toMatchObject({ role: 'contact', title: 'Analyst', name: 'Ari Approved', password_hash: null });
    const home = await newcomer.get('/org');
    expect(textsOf(home.body, 'h1')).toContain('City of Maple');
    expect(textsOf(home.body, 'dd')).toContain('Contact');
    // Decided once: a second decision finds nothing waiting.
    expect((await admin.postForm(`/org/login-requests/${r?.id}/decline?org=${maple}`, {})).statusCode).toBe(404);
  });

  it('approving someone who already has an account invites them; it is linked only when they accept', async () => {
    const existing = await createAccount(ctx, { name: 'Ezra Existing' });
    await ask(ctx.client(), { email: existing.email, organization: 'City of Maple' });
    const [r] = await requestsFor(existing.email);
    expect((await admin.postForm(`/org/login-requests/${r?.id}/approve?org=${maple}`, {})).statusCode).toBe(303);
    const seat = () => ctx.deps.db.selectFrom('organization_contacts').select('role').where('user_id', '=', existing.id).where('organization_id', '=', maple).executeTakeFirst();
    expect(await seat()).toBeUndefined();
    expect((await acceptInvitation(ctx, ctx.client(), existing.email)).statusCode).toBe(303);
    expect((await seat())?.role).toBe('contact');
  });

  it('approving a request of someone who meanwhile got a seat changes nothing and tells them they have access', async () => {
    const email = uniqueEmail('meanwhile');
    await ask(ctx.client(), { name: 'Max Meanwhile', email, organization: 'City of Maple' });
    const [r] = await requestsFor(email);
    await admin.postForm(`/org/contacts?org=${maple}`, { name: 'Max Meanwhile', email });
    expect((await acceptInvitation(ctx, ctx.client(), email)).statusCode).toBe(303);
    const invitations = await ctx.deps.db.selectFrom('seat_invitations').select('id').where('email', '=', email).execute();
    expect((await admin.postForm(`/org/login-requests/${r?.id}/approve?org=${maple}`, {})).statusCode).toBe(303);
    expect(await ctx.deps.db.selectFrom('seat_invitations').select('id').where('email', '=', email).execute()).toEqual(invitations);
    expect((await mailTo(ctx, email)).map((m) => m.template).sort()).toEqual(['portal.seat_already_held', 'portal.seat_invitation']);
    expect(await contactOf(email)).toMatchObject({ organization_id: maple, role: 'contact' });
  });

  it('declining sends a polite note and gives no access', async () => {
    const email = uniqueEmail('declined');
    await ask(ctx.client(), { email, organization: 'City of Maple' });
    const [r] = await requestsFor(email);
    expect((await admin.postForm(`/org/login-requests/${r?.id}/decline?org=${maple}`, {})).statusCode).toBe(303);
    expect((await requestsFor(email))[0]?.status).toBe('declined');
    const [mail] = await mailTo(ctx, email);
    expect(mail?.template).toBe('portal.login_request_declined');
    expect(mail?.body_text).toContain('Thank you for asking');
    expect(await ctx.deps.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
    expect((await auditOf(ctx, 'portal.login_request_declined')).at(-1)).toMatchObject({ actor_user_id: mapleAdmin.id, entity_id: r?.id });
  });
});

describe('membership staff decide when no administrator can', () => {
  it('a member without an administrator: staff are emailed, see it and approve it', async () => {
    const orphan = await createOrganization(ctx, { name: 'County of Oak' });
    const email = uniqueEmail('oak');
    await ask(ctx.client(), { name: 'Olu Oak', email, organization: 'County of Oak' });
    expect((await mailTo(ctx, staffEmail)).some((m) => m.template === 'portal.login_request_new' && m.body_text.includes('County of Oak'))).toBe(true);
    const page = await staff.get('/staff/login-requests');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Olu Oak');
    expect(page.body).toContain('County of Oak (no administrator)');
    // Requests an administrator decides are not the staff's.
    expect(page.body).not.toContain('Ari Approved');
    const [r] = await requestsFor(email);
    expect((await staff.postForm(`/staff/login-requests/${r?.id}/approve`, { admin: 'yes' })).statusCode).toBe(303);
    expect(await contactOf(email)).toBeUndefined();
    expect((await acceptInvitation(ctx, ctx.client(), email)).statusCode).toBe(303);
    expect(await contactOf(email)).toMatchObject({ organization_id: orphan, role: 'admin' });
    // With an administrator now, the organization's next request is theirs, not the staff's.
    const next = uniqueEmail('oak-next');
    await ask(ctx.client(), { name: 'Nia Next', email: next, organization: 'County of Oak' });
    expect((await staff.get('/staff/login-requests')).body).not.toContain('Nia Next');
    expect((await mailTo(ctx, email)).some((m) => m.template === 'portal.login_request_new' && m.body_text.includes('Nia Next'))).toBe(true);
    expect((await mailTo(ctx, email)).some((m) => m.template === 'portal.seat_invitation')).toBe(true);
  });

  it('an unmatched request: staff choose the member among similar names, or must choose one', async () => {
    const email = uniqueEmail('typo');
    await ask(ctx.client(), { name: 'Tay Typo', email, organization: 'Maple City' });
    const [r] = await requestsFor(email);
    expect(r?.organization_id).toBeNull();
    const page = await staff.get('/staff/login-requests');
    expect(page.body).toContain('Tay Typo');
    expect(textOf(page.body, `option[value="${maple}"]`)).toBe(`City of Maple, CO`);
    const missing = await staff.postForm(`/staff/login-requests/${r?.id}/approve`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Choose the member organization this person works for.');
    expect((await requestsFor(email))[0]?.status).toBe('pending');
    expect((await staff.postForm(`/staff/login-requests/${r?.id}/approve`, { organization: maple })).statusCode).toBe(303);
    expect((await requestsFor(email))[0]).toMatchObject({ status: 'approved', organization_id: maple });
  });

  it('staff cannot decide a request its organization’s administrator decides (404)', async () => {
    const email = uniqueEmail('adminonly');
    await ask(ctx.client(), { email, organization: 'City of Maple' });
    const [r] = await requestsFor(email);
    expect((await staff.postForm(`/staff/login-requests/${r?.id}/decline`, {})).statusCode).toBe(404);
    expect((await requestsFor(email))[0]?.status).toBe('pending');
  });

  it('staff decline an unmatched request', async () => {
    const email = uniqueEmail('nomatch');
    await ask(ctx.client(), { email, organization: 'Republic of Elsewhere' });
    const [r] = await requestsFor(email);
    expect((await staff.postForm(`/staff/login-requests/${r?.id}/decline`, {})).statusCode).toBe(303);
    expect((await requestsFor(email))[0]?.status).toBe('declined');
  });
});

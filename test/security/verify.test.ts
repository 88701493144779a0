// Issue 11 (safe to deploy), findings 2 and 6 (the /join/individual half): an address typed into a
// public form is not its typist's until its owner follows a link sent to it, and joining answers
// the same whether or not the address has an account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/modules/accounts/index.js';
import { seedDuesDemo } from '../../src/modules/dues/seed.js';
import { answerForm, seedLevels } from '../factories/index.js';
import { createAccount, createTestContext, latestLinkTo, PASSWORD, pathOf, type TestClient, type TestContext, uniqueEmail } from '../helpers.js';

let ctx: TestContext;
let levels: Record<string, string>;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  staff = ctx.client();
  await staff.signIn((await createAccount(ctx, { roles: ['membership'] })).email);
});
afterAll(() => ctx?.close());

const ATTACKER_PASSWORD = 'the attacker chose this one';

/** A stranger joins as an individual with someone else's address, through the page. */
async function joinAs(client: TestClient, email: string, o: { password?: string; name?: string } = {}) {
  return client.postForm('/join/individual', {
    ...answerForm('staff'),
    step: 'join',
    level: levels['local-government-staff'],
    name: o.name ?? 'Not The Owner',
    email,
    password: o.password ?? ATTACKER_PASSWORD,
    pay_by: 'invoice',
  });
}

/** Follows the newest link of this template to this address: its page, then its button. */
async function useLink(client: TestClient, email: string, template: string, action: string, extra: Record<string, string> = {}) {
  const link = pathOf(await latestLinkTo(ctx, email, template));
  expect((await client.get(link)).statusCode).toBe(200);
  const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
  return client.postForm(action, { token, ...extra });
}

const me = async (client: TestClient) => client.getJson('/api/v1/me');

describe("2. Unverified email addresses become other people's seats", () => {
  it('someone who joins with victim@city.gov is not signed in, and cannot sign in with the password they chose', async () => {
    const victim = uniqueEmail('victim');
    const attacker = ctx.client();
    await joinAs(attacker, victim);
    expect((await me(attacker)).statusCode).toBe(401);
    const signIn = await attacker.postForm('/login', { email: victim, password: ATTACKER_PASSWORD });
    expect(signIn.statusCode).not.toBe(303);
    expect(signIn.body).toContain('Confirm your email address first');
    expect((await me(attacker)).statusCode).toBe(401);
  });

  it('that account holds no role and no seat: not after an approval names the address, not billed (no invoice to pay), not even with a session', async () => {
    const victim = uniqueEmail('clerk');
    const attacker = ctx.client();
    await joinAs(attacker, victim);
    const account = await ctx.deps.db.selectFrom('users').select('id').where('email', '=', victim).executeTakeFirstOrThrow();

    // An application names the address as its staff contact, and staff approve it.
    const slug = Date.now().toString(36);
    const submitted = await ctx.client().sendJson(
      'POST',
      '/api/v1/applications',
      {
        applicant_email: `applicant-${slug}@springfield${slug}.gov`,
        entity_type: 'city',
        legal_name: `City of Springfield ${slug}`,
        state: 'CO',
        population: 75000,
        population_source: '2020 Census',
        population_year: 2020,
        website: 'https://springfield.example.gov',
        staff_name: 'The Real Clerk',
        staff_email: victim,
        staff_title: 'City Clerk',
        staff_phone: '',
        elected_name: 'Morgan Mayor',
        elected_email: `mayor-${slug}@springfield${slug}.gov`,
        elected_title: 'Mayor',
        billing_name: 'Bailey Billing',
        billing_email: `ap-${slug}@springfield${slug}.gov`,
        billing_address: '1 Main St\nSpringfield, CO 80000',
        po_required: false,
        agree_terms: true,
      },
      { csrf: false },
    );
    expect(submitted.statusCode).toBe(201);
    expect((await staff.postForm(`/staff/applications/${submitted.json().id}/approve`, {})).statusCode).toBe(303);

    // Nothing is billed to the address until its owner confirms it: no invoice anyone could pay
    // to make the membership (and its member role) start, and no invoice email to the owner.
    expect(await ctx.deps.db.selectFrom('invoices').select('id').where('user_id', '=', account.id).execute()).toEqual([]);
    expect(await ctx.deps.db.selectFrom('outbox').select('template').where('to_address', '=', victim).where('template', '=', 'billing.invoice_issued').execute()).toEqual([]);
    const m = await ctx.deps.db.selectFrom('individual_memberships').select('status').where('user_id', '=', account.id).executeTakeFirstOrThrow();
    expect(m.status).toBe('pending');
    expect(await ctx.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', account.id).execute()).toEqual([]);

    // Whatever the stranger tries, nothing of it reaches them.
    expect((await me(attacker)).statusCode).toBe(401);
    expect((await attacker.get('/org')).statusCode).toBe(303);
    expect((await attacker.postForm('/login', { email: victim, password: ATTACKER_PASSWORD })).statusCode).not.toBe(303);
    expect((await me(attacker)).statusCode).toBe(401);
    // Even a session of the account (one from before its address became unconfirmed) gets nothing.
    const token = await createSession(ctx.deps.db, { userId: account.id, mfaPending: false, now: ctx.clock.now(), maxHours: 1 });
    const session = ctx.client();
    session.cookies.set(ctx.app.sessionCookie, token);
    expect((await me(session)).statusCode).toBe(401);
    expect((await session.get('/org')).statusCode).toBe(303);
  });

  it('when the owner follows the confirmation link from their mailbox, the stranger’s password does not come with it', async () => {
    const victim = uniqueEmail('curious');
    const attacker = ctx.client();
    await joinAs(attacker, victim);
    // The stranger asks for a fresh link by signing in (the one sent at joining is a few minutes old).
    ctx.clock.advance(5 * 60_000 + 1000);
    await attacker.postForm('/login', { email: victim, password: ATTACKER_PASSWORD });
    const owner = ctx.client();
    expect((await useLink(owner, victim, 'individuals.join_confirm', '/account/verify')).statusCode).toBe(303);
    expect((await me(owner)).json().email).toBe(victim);
    // Confirmed now: the link the stranger's sign-in sent is dead.
    expect((await owner.get(pathOf(await latestLinkTo(ctx, victim, 'accounts.verify_email')))).statusCode).toBe(400);
    expect((await attacker.postForm('/login', { email: victim, password: ATTACKER_PASSWORD })).statusCode).toBe(401);
    expect((await me(attacker)).statusCode).toBe(401);
  });

  it('when the owner signs in by an emailed link, the stranger’s password stops working and the account is the owner’s', async () => {
    const victim = uniqueEmail('owner');
    await joinAs(ctx.client(), victim);
    const owner = ctx.client();
    await owner.postForm('/login/magic', { email: victim });
    expect((await useLink(owner, victim, 'accounts.magic_link', '/login/magic/verify')).statusCode).toBe(303);
    expect((await me(owner)).json().email).toBe(victim);
    const attacker = await ctx.client().postForm('/login', { email: victim, password: ATTACKER_PASSWORD });
    expect(attacker.statusCode).toBe(401);
    expect(attacker.body).toContain('The email or password is not right');
  });

  it('when the owner resets the password by an emailed link, only the new password works', async () => {
    const victim = uniqueEmail('resetter');
    await joinAs(ctx.client(), victim);
    const owner = ctx.client();
    await owner.postForm('/password/forgot', { email: victim });
    const reset = await useLink(owner, victim, 'accounts.password_reset', '/password/reset', { password: 'the owner’s own new passphrase' });
    expect(reset.statusCode).toBe(303);
    const account = await ctx.deps.db.selectFrom('users').select('email_verified_at').where('email', '=', victim).executeTakeFirstOrThrow();
    expect(account.email_verified_at).not.toBeNull();
    expect((await ctx.client().postForm('/login', { email: victim, password: ATTACKER_PASSWORD })).statusCode).toBe(401);
    await owner.signIn(victim, 'the owner’s own new passphrase');
    expect((await me(owner)).statusCode).toBe(200);
  });
});

describe('6. Enumeration (joining as an individual)', () => {
  /** The page without what differs from one request to the next: the CSRF token and the echoed address. */
  const comparable = (body: string, email: string) => body.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""').replaceAll(email, 'ADDRESS');

  it('an address that has an account and one that has none get the same answer; the owner is told and no second account is made', async () => {
    const existing = await createAccount(ctx, { name: 'Dana Existing' });
    const fresh = uniqueEmail('fresh');
    const taken = await joinAs(ctx.client(), existing.email, { password: PASSWORD });
    const free = await joinAs(ctx.client(), fresh, { password: PASSWORD });
    expect(taken.statusCode).toBe(free.statusCode);
    expect(comparable(taken.body, existing.email)).toBe(comparable(free.body, fresh));
    expect(taken.body).not.toContain('already an account');

    const accounts = await ctx.deps.db.selectFrom('users').select('id').where('email', '=', existing.email).execute();
    expect(accounts).toEqual([{ id: existing.id }]);
    expect(await ctx.deps.db.selectFrom('individual_memberships').select('id').where('user_id', '=', existing.id).execute()).toEqual([]);
    const mail = await ctx.deps.db.selectFrom('outbox').select(['template', 'body_text']).where('to_address', '=', existing.email).execute();
    expect(mail.map((m) => m.template)).toEqual(['individuals.join_attempt']);
    expect(mail[0]?.body_text).toContain('If it was you: sign in, then join from your account.');
  });
});

// The business challenge over HTTP: staff keep the template; a member city starts a challenge
// (copying it); businesses in the city join (others are refused), mark actions done with
// evidence; only the city's administrators verify; only verified actions count; the leaderboard
// ranks ties alike (1, 2, 2, 4); evidence files reach only the business, the city and staff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChallenge, aChallengeBusiness, aMarkedAction, anOrganization, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, latestLinkTo, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf } from '../../../test/html.js';
import { mailTo } from '../../../test/readers.js';
import { addChallengeAction, joinChallenge } from './index.js';
import { outsideJurisdiction } from './jurisdiction.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-05-01T12:00:00Z');
});
afterAll(() => ctx?.close());

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const count = async (table: 'challenge_businesses' | 'challenge_completions' | 'challenges' | 'challenge_template_actions') =>
  Number((await ctx.deps.db.selectFrom(table).select(ctx.deps.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const audits = async (action: string) =>
  Number((await ctx.deps.db.selectFrom('audit_log').select(ctx.deps.db.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

async function leaderboardOf(slug: string) {
  const res = await ctx.client().getJson(`/api/v1/challenges/${slug}/leaderboard`);
  expect(res.statusCode).toBe(200);
  return res.json().leaderboard as Array<{ rank: number; business: string; points: number; badge: string | null; categories: Record<string, number> }>;
}

describe('the catalog template and a new challenge', () => {
  it('programs staff add template actions (audited); a member city’s administrator starts a challenge that copies them', async () => {
    const staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['programs'] })).email);
    const added = await staff.postForm('/staff/challenges/template', { title: 'Switch to LED lighting', category: 'Energy', points: '20', evidenceRequired: 'yes' });
    expect(added.statusCode).toBe(303);
    expect(await audits('challenges.template_action_added')).toBeGreaterThanOrEqual(1);
    const page = await staff.get('/staff/challenges/template');
    expect(dom(page.body).querySelector('main')?.textContent).toContain('Switch to LED lighting');

    const { organizationId, adminEmail } = await aChallenge(ctx, { city: 'Fort Collins' });
    const admin = await signedIn(ctx, adminEmail);
    const made = await admin.postForm('/org/challenges', {
      org: organizationId,
      title: 'Fort Collins Green 2027',
      slug: 'fort-collins-green-2027',
      startsOn: '2027-04-01',
      endsOn: '2027-10-31',
      bronze: '50',
      silver: '100',
      gold: '200',
    });
    expect(made.statusCode, made.body.slice(0, 400)).toBe(303);
    expect(made.headers.location).toBe('/challenges/fort-collins-green-2027/manage');
    const manage = await admin.get('/challenges/fort-collins-green-2027/manage');
    expect(manage.statusCode).toBe(200);
    expect(dom(manage.body).querySelector('main')?.textContent).toContain('Switch to LED lighting');
    expect(await audits('challenges.challenge_created')).toBeGreaterThanOrEqual(1);
  });

  it('bad input is a 400 with the field’s message and changes nothing', async () => {
    const staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['programs'] })).email);
    const before = await count('challenge_template_actions');
    const bad = await staff.postForm('/staff/challenges/template', { title: 'Something', category: 'Energy', points: '0' });
    expect(bad.statusCode).toBe(400);
    expect(dom(bad.body).querySelector('#f-new-action-points-error')?.textContent).toContain('whole number from 1 to 1,000');
    expect(await count('challenge_template_actions')).toBe(before);

    const { organizationId, adminEmail } = await aChallenge(ctx, { city: 'Golden' });
    const admin = await signedIn(ctx, adminEmail);
    const other = await aChallenge(ctx, { city: 'Loveland' });
    const challenges = await count('challenges');
    const res = await admin.postForm('/org/challenges', {
      org: organizationId,
      title: 'X',
      slug: 'Bad Slug!',
      startsOn: '2027-05-01',
      endsOn: '2027-04-01',
      bronze: '50',
      silver: '40',
      gold: 'lots',
    });
    expect(res.statusCode).toBe(400);
    const text = dom(res.body).querySelector('main')?.textContent ?? '';
    expect(text).toContain('Use lowercase letters');
    expect(text).toContain('The last day must not be before the first day');
    expect(await count('challenges')).toBe(challenges);
    // someone else's organization, or one that does not exist: a 404 as the page's GET answers,
    // the same for both, so the answer never says the other organization exists
    for (const org of [other.organizationId, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const refused = await admin.postForm('/org/challenges', {
        org,
        title: 'X',
        slug: 'x-2027',
        startsOn: '2027-05-01',
        endsOn: '2027-06-01',
        bronze: '50',
        silver: '100',
        gold: '200',
      });
      expect(refused.statusCode).toBe(404);
      expect(dom(refused.body).querySelector('main')?.textContent).toContain('We could not find that organization among yours.');
      expect(refused.body).not.toContain('Loveland');
    }
    expect(await count('challenges')).toBe(challenges);
  });
});

describe('the government’s page of challenges', () => {
  it('?org= narrows it to one government of the administrator; a malformed, unknown or other government’s id is a 404 naming none', async () => {
    const mine = await aChallenge(ctx, { city: 'Durango' });
    const theirs = await aChallenge(ctx, { city: 'Salida' });
    const admin = await signedIn(ctx, mine.adminEmail);
    const own = await admin.get(`/org/challenges?org=${mine.organizationId}`);
    expect(own.statusCode).toBe(200);
    expect(dom(own.body).querySelector('main table')?.textContent).toContain('Durango Green Business Challenge');
    for (const org of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', theirs.organizationId, '"><script>alert(1)</script>', 'x'.repeat(5000)]) {
      const res = await admin.get(`/org/challenges?org=${encodeURIComponent(org)}`);
      expect(res.statusCode).toBe(404);
      expect(dom(res.body).querySelector('main')?.textContent).toContain('We could not find that organization among yours.');
      expect(res.body).not.toContain('Green Business Challenge');
    }
  });
});

describe('joining', () => {
  it('a business in the city joins; one outside the jurisdiction is refused with the reason, and nothing is recorded', async () => {
    const { challenge: c } = await aChallenge(ctx, { city: 'Boulder' });
    const owner = await signedIn(ctx, (await createAccount(ctx, { name: 'Bea Baker' })).email);
    const form = { name: 'Bea’s Bakery', addressLine1: '1200 Pearl St', city: 'Denver', state: 'CO', zip: '80202', contactName: 'Bea Baker' };
    const before = await count('challenge_businesses');
    const outside = await owner.postForm(`/challenges/${c.slug}/join`, form);
    expect(outside.statusCode).toBe(422);
    expect(dom(outside.body).querySelector('[role=alert]')?.textContent).toContain('outside it');
    const otherState = await owner.postForm(`/challenges/${c.slug}/join`, { ...form, city: 'Boulder', state: 'UT' });
    expect(otherState.statusCode).toBe(422);
    expect(await count('challenge_businesses')).toBe(before);

    const joined = await owner.postForm(`/challenges/${c.slug}/join`, { ...form, city: 'boulder' });
    expect(joined.statusCode, joined.body.slice(0, 300)).toBe(303);
    expect(joined.headers.location).toBe(`/challenges/${c.slug}/business`);
    expect(await count('challenge_businesses')).toBe(before + 1);
    const again = await owner.postForm(`/challenges/${c.slug}/join`, { ...form, city: 'Boulder', name: 'Another' });
    expect(again.statusCode).toBe(409);
  });

  it('bad input, an unconfirmed address, and a closed season are refused; a visitor is asked to sign in', async () => {
    const { challenge: c } = await aChallenge(ctx, { city: 'Lafayette', startsOn: '2027-04-01', endsOn: '2027-06-30' });
    const ownerEmail = (await createAccount(ctx)).email;
    const owner = await signedIn(ctx, ownerEmail);
    // the address's rules and messages are the shared ones (src/lib/us-address.ts), each beside its field
    const before = await count('challenge_businesses');
    const bad = await owner.postForm(`/challenges/${c.slug}/join`, { name: '', addressLine1: ' ', city: 'Lafayette', state: 'ZZ', zip: '12', contactName: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body, 'zip').message).toBe('Enter the ZIP code: 5 digits, like 62701, or 9 digits, like 62701-1234.');
    expect(errorOf(bad.body, 'state').message).toBe('Choose the state from the list.');
    expect(errorOf(bad.body, 'addressLine1').message).toBe('Enter the street address, like 100 Main Street.');
    expect(dom(bad.body).querySelector('#f-city')?.getAttribute('value')).toBe('Lafayette');
    expect(dom(bad.body).querySelector('#f-addressLine2')).toBeNull();
    for (const zip of ['8002', '80026-12', '800261']) {
      const res = await owner.postForm(`/challenges/${c.slug}/join`, { name: 'Zip Shop', addressLine1: '1 Main St', city: 'Lafayette', state: 'CO', zip, contactName: 'x' });
      expect(res.statusCode, zip).toBe(400);
      expect(errorOf(res.body, 'zip').message, zip).toBe('Enter the ZIP code: 5 digits, like 62701, or 9 digits, like 62701-1234.');
    }
    expect(await count('challenge_businesses')).toBe(before);

    // An unconfirmed account has no session (accounts): signed in, then the address is no longer confirmed
    const unconfirmed = await createAccount(ctx);
    const u = await signedIn(ctx, unconfirmed.email);
    await ctx.deps.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', unconfirmed.id).execute();
    const form = { name: 'Shop', addressLine1: '1 Main St', city: 'Lafayette', state: 'CO', zip: '80026', contactName: 'Pat' };
    const refused = await u.postForm(`/challenges/${c.slug}/join`, form);
    expect([401, 303]).toContain(refused.statusCode);
    await expect(joinChallenge(ctx.deps, unconfirmed.id, c, { ...form, zip: '80026' })).rejects.toThrow('Confirm your email address first');

    const visitor = await ctx.client().get(`/challenges/${c.slug}/join`);
    expect(dom(visitor.body).querySelector('main a[href^="/login"]')).not.toBeNull();

    ctx.clock.set('2027-07-01T12:00:00Z');
    try {
      const late = await (await signedIn(ctx, ownerEmail)).postForm(`/challenges/${c.slug}/join`, form);
      expect(late.statusCode).toBe(409);
      expect(dom(late.body).querySelector('main')?.textContent).toContain('is over: it ran from Apr 1, 2027 to Jun 30, 2027. Businesses could join only during the season.');
    } finally {
      ctx.clock.set('2027-05-01T12:00:00Z');
    }
    expect(await ctx.deps.db.selectFrom('challenge_businesses').select('id').where('challenge_id', '=', c.id).execute()).toEqual([]);
  });
});

describe('a newcomer with no account', () => {
  it('starts with a name and email: one emailed link confirms the address, signs in and returns to the form; the business then joins', async () => {
    const { challenge: c } = await aChallenge(ctx, { city: 'Louisville' });
    const visitor = ctx.client();
    const page = dom((await visitor.get(`/challenges/${c.slug}/join`)).body);
    expect(page.querySelector(`form[action="/challenges/${c.slug}/join/start"] input[name=email]`)).not.toBeNull();

    // bad input: the field's message, no account, no email
    const email = `owner-${Date.now()}@louisville-shop.example`;
    const bad = await visitor.postForm(`/challenges/${c.slug}/join/start`, { contactName: 'Lou Owner', email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(dom(bad.body).querySelector('#f-email-error')?.textContent).toContain('email address');

    const sent = await visitor.postForm(`/challenges/${c.slug}/join/start`, { contactName: 'Lou Owner', email });
    expect(sent.statusCode).toBe(200);
    expect(dom(sent.body).querySelector('[role=status]')?.textContent).toContain(email);
    const account = await ctx.deps.db.selectFrom('users').select(['id', 'email_verified_at', 'password_hash']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(account.email_verified_at).toBeNull();
    expect(account.password_hash).toBeNull();
    // not signed in yet: the join itself still needs a session
    expect((await visitor.getJson('/api/v1/me')).statusCode).toBe(401);

    // the link: confirms the address, signs in, and continues at the sign-up form
    const link = new URL(await latestLinkTo(ctx, email, 'accounts.magic_link'));
    // the email says what it is for: this person asked to join a challenge, not to sign in
    const [mail] = await mailTo(ctx, email);
    expect(mail?.subject).toBe(`Your link to continue joining ${c.title}`);
    expect(mail?.body_text).toContain(`to continue joining ${c.title}. Use the link below within 15 minutes to confirm it is yours`);
    expect(mail?.body_text).not.toContain('to sign in');
    const confirm = await visitor.get(`${link.pathname}${link.search}`);
    expect(confirm.statusCode).toBe(200);
    // what the page's button sends
    const fields = Object.fromEntries(
      dom(confirm.body)
        .querySelectorAll('form[action="/login/magic/verify"] input[type=hidden]')
        .map((i) => [i.getAttribute('name') ?? '', i.getAttribute('value') ?? '']),
    );
    expect(fields.token).toBe(link.searchParams.get('token'));
    const used = await visitor.postForm('/login/magic/verify', fields);
    expect(used.statusCode).toBe(303);
    expect(used.headers.location).toBe(`/challenges/${c.slug}/join`);
    const confirmed = await ctx.deps.db.selectFrom('users').select('email_verified_at').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(confirmed.email_verified_at).not.toBeNull();

    const joined = await visitor.postForm(`/challenges/${c.slug}/join`, {
      name: 'Lou’s Hardware',
      addressLine1: '700 Main St',
      city: 'Louisville',
      state: 'CO',
      zip: '80027',
      contactName: 'Lou Owner',
    });
    expect(joined.statusCode, joined.body.slice(0, 300)).toBe(303);

    // someone else's address with an account: the same answer, and nothing but a sign-in link to its owner
    const other = await createAccount(ctx, { name: 'Existing Owner' });
    const again = await ctx.client().postForm(`/challenges/${c.slug}/join/start`, { contactName: 'Impostor', email: other.email });
    expect(again.statusCode).toBe(200);
    const kept = await ctx.deps.db.selectFrom('users').select(['name', 'email_verified_at']).where('id', '=', other.id).executeTakeFirstOrThrow();
    expect(kept.name).toBe('Existing Owner');
    expect(kept.email_verified_at).not.toBeNull();
  });
});

describe('actions, verification and the leaderboard', () => {
  it('ranks by verified points with ties sharing a rank (1, 2, 2, 4); waiting and rejected actions count nothing', async () => {
    const { challenge: c, adminId } = await aChallenge(ctx, { city: 'Longmont' });
    const act = async (title: string, category: string, points: number) => addChallengeAction(ctx.deps, { userId: adminId }, c.id, { title, category, points });
    const [a30, a20, a10] = [await act('Audit', 'Energy', 30), await act('Compost', 'Waste', 20), await act('Bike racks', 'Transport', 10)];
    const by = { by: adminId, decision: 'verify' as const };
    const alpha = await aChallengeBusiness(ctx, c, 'Alpha Cafe');
    const beta = await aChallengeBusiness(ctx, c, 'Beta Books');
    const gamma = await aChallengeBusiness(ctx, c, 'Gamma Garage');
    const delta = await aChallengeBusiness(ctx, c, 'Delta Deli');
    const eps = await aChallengeBusiness(ctx, c, 'Epsilon Eats');
    await aMarkedAction(ctx, c, alpha, a30, by);
    await aMarkedAction(ctx, c, alpha, a20, by);
    await aMarkedAction(ctx, c, beta, a20, by);
    await aMarkedAction(ctx, c, gamma, a20, by);
    await aMarkedAction(ctx, c, gamma, a10, 'leave');
    await aMarkedAction(ctx, c, delta, a10, by);
    await aMarkedAction(ctx, c, eps, a30, 'leave');
    await aMarkedAction(ctx, c, eps, a20, { by: adminId, decision: 'reject' });

    const board = await leaderboardOf(c.slug);
    expect(board.map((r) => [r.rank, r.business, r.points])).toEqual([
      [1, 'Alpha Cafe', 50],
      [2, 'Beta Books', 20],
      [2, 'Gamma Garage', 20],
      [4, 'Delta Deli', 10],
      [5, 'Epsilon Eats', 0],
    ]);
    expect(board[0]?.categories).toEqual({ Energy: 30, Waste: 20 });
    expect(board[0]?.badge).toBe('bronze');
    expect(board[4]?.badge).toBeNull();
    const page = await ctx.client().get(`/challenges/${c.slug}`);
    const rows = [...dom(page.body).querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td,th')].slice(0, 3).map((td) => td.textContent?.trim()));
    expect(rows.slice(0, 4)).toEqual([
      ['1', 'Alpha Cafe', '50'],
      ['2', 'Beta Books', '20'],
      ['2', 'Gamma Garage', '20'],
      ['4', 'Delta Deli', '10'],
    ]);
  });

  it('only the city’s administrators verify: another organization’s administrator gets 403 and nothing changes; a bad decision is a 400', async () => {
    const { challenge: c, adminEmail, adminId } = await aChallenge(ctx, { city: 'Louisville' });
    const a = await addChallengeAction(ctx.deps, { userId: adminId }, c.id, { title: 'LED', category: 'Energy', points: 20 });
    const shop = await aChallengeBusiness(ctx, c, 'Louisville Lamps');
    const completion = await aMarkedAction(ctx, c, shop, a, 'leave');
    const stranger = await signedIn(ctx, (await createAccount(ctx, { org: { role: 'admin' } })).email);
    const denied = await stranger.postForm(`/challenges/${c.slug}/manage/completions/${completion}`, { decision: 'verify' });
    expect(denied.statusCode).toBe(403);
    expect((await stranger.get(`/challenges/${c.slug}/manage`)).statusCode).toBe(403);
    const contact = await createAccount(ctx, { org: { role: 'contact', organizationId: c.organization_id } });
    expect((await (await signedIn(ctx, contact.email)).postForm(`/challenges/${c.slug}/manage/completions/${completion}`, { decision: 'verify' })).statusCode).toBe(403);
    const staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['programs'] })).email);
    expect((await staff.postForm(`/challenges/${c.slug}/manage/completions/${completion}`, { decision: 'verify' })).statusCode).toBe(403);
    expect((await leaderboardOf(c.slug))[0]?.points).toBe(0);

    const admin = await signedIn(ctx, adminEmail);
    const noReason = await admin.postForm(`/challenges/${c.slug}/manage/completions/${completion}`, { decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    expect(dom(noReason.body).querySelector(`#f-review-${completion}-reason-error`)?.textContent).toContain('Say why');
    const verified = await admin.postForm(`/challenges/${c.slug}/manage/completions/${completion}`, { decision: 'verify' });
    expect(verified.statusCode).toBe(303);
    expect((await leaderboardOf(c.slug))[0]?.points).toBe(20);
    expect(await audits('challenges.action_verified')).toBeGreaterThanOrEqual(1);
    const twice = await admin.postForm(`/challenges/${c.slug}/manage/completions/${completion}`, { decision: 'reject', reason: 'Changed my mind.' });
    expect(twice.statusCode).toBe(409);
    expect((await leaderboardOf(c.slug))[0]?.points).toBe(20);
  });

  it('evidence is required where the action says so; its file reaches only the business, the city’s administrators and staff', async () => {
    const { challenge: c, adminEmail, adminId } = await aChallenge(ctx, { city: 'Erie' });
    const a = await addChallengeAction(ctx.deps, { userId: adminId }, c.id, { title: 'Compost', category: 'Waste', points: 25, evidenceRequired: 'yes' });
    const shop = await aChallengeBusiness(ctx, c, 'Erie Eatery');
    const owner = await signedIn(ctx, shop.email);
    const none = await owner.postMultipart(`/challenges/${c.slug}/business/actions/${a}`, { evidence: '' });
    expect(none.statusCode).toBe(400);
    expect(dom(none.body).querySelector(`#f-action-${a}-evidence-error`)?.textContent).toContain('needs evidence');
    const wrong = await owner.postMultipart(`/challenges/${c.slug}/business/actions/${a}`, { evidence: '' }, [
      { field: 'file', filename: 'bin.png', type: 'image/png', content: Buffer.from('not a png') },
    ]);
    expect(wrong.statusCode).toBe(400);
    expect(await ctx.deps.db.selectFrom('challenge_completions').select('id').where('action_id', '=', a).execute()).toEqual([]);

    const marked = await owner.postMultipart(`/challenges/${c.slug}/business/actions/${a}`, { evidence: 'Bins out back.' }, [
      { field: 'file', filename: 'bins.png', type: 'image/png', content: PNG },
    ]);
    expect(marked.statusCode, marked.body.slice(0, 300)).toBe(303);
    const k = await ctx.deps.db.selectFrom('challenge_completions').select(['id', 'status']).where('action_id', '=', a).executeTakeFirstOrThrow();
    expect(k.status).toBe('submitted');
    const url = `/challenges/evidence/${k.id}`;
    const fetchAs = async (c2: TestClient) => (await c2.get(url)).statusCode;
    expect(await fetchAs(owner)).toBe(200);
    expect(await fetchAs(await signedIn(ctx, adminEmail))).toBe(200);
    expect(await fetchAs(await signedIn(ctx, (await createAccount(ctx, { roles: ['programs'] })).email))).toBe(200);
    const rival = await aChallengeBusiness(ctx, c, 'Erie Rival');
    expect(await fetchAs(await signedIn(ctx, rival.email))).toBe(404);
    expect(await fetchAs(await signedIn(ctx, (await createAccount(ctx, { org: { role: 'admin' } })).email))).toBe(404);
    expect(await fetchAs(await signedIn(ctx, (await createAccount(ctx, { roles: ['finance'] })).email))).toBe(404);
    const visitor = await ctx.client().get(url);
    expect(visitor.statusCode).toBe(303);
    // never on the public page or the API
    const pub = await ctx.client().get(`/challenges/${c.slug}`);
    expect(pub.body).not.toContain('Bins out back');
    expect(pub.body).not.toContain('bins.png');
    expect(JSON.stringify(await leaderboardOf(c.slug))).not.toContain('bins');
  });

  it('the challenge’s page links to a business’s page only for one who has a business in it; a visitor is offered to sign in to it; every link it shows answers', async () => {
    const { challenge: c, adminEmail } = await aChallenge(ctx, { startsOn: '2027-04-01', endsOn: '2027-09-30' });
    const shop = await aChallengeBusiness(ctx, c, 'Linkable Bakery');
    const intro = (body: string) => [...dom(body).querySelectorAll('main p')].map((e) => e.textContent ?? '').find((t) => /Join the challenge|business’s page/.test(t)) ?? '';
    const linksOf = (body: string) =>
      [...dom(body).querySelectorAll('main a')].map((a) => a.getAttribute('href') ?? '').filter((h) => h.startsWith(`/challenges/${c.slug}/`) || h.startsWith('/login'));

    const owner = await signedIn(ctx, shop.email);
    const ownerPage = await owner.get(`/challenges/${c.slug}`);
    expect(intro(ownerPage.body)).toBe('Your business has joined: go to your business’s page.');
    for (const href of linksOf(ownerPage.body)) expect((await owner.get(href)).statusCode, href).toBe(200);

    // the city's administrator, signed in without a business of their own: no link to a page they do not have
    const admin = await signedIn(ctx, adminEmail);
    const adminPage = await admin.get(`/challenges/${c.slug}`);
    expect(intro(adminPage.body)).toBe(`A business in ${c.government}? Join the challenge.`);
    for (const href of linksOf(adminPage.body)) expect((await admin.get(href)).statusCode, href).toBe(200);

    const visitorPage = await ctx.client().get(`/challenges/${c.slug}`);
    expect(intro(visitorPage.body)).toBe(`A business in ${c.government}? Join the challenge, or, if yours has joined, sign in to go to its page.`);
    expect(linksOf(visitorPage.body)).toContain(`/login?next=${encodeURIComponent(`/challenges/${c.slug}/business`)}`);
  });

  it('an unknown challenge is a 404, on the page and in the API', async () => {
    expect((await ctx.client().get('/challenges/no-such-challenge')).statusCode).toBe(404);
    const api = await ctx.client().getJson('/api/v1/challenges/no-such-challenge/leaderboard');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
  });

  it('the leaderboard API is in the OpenAPI document', async () => {
    const doc = (await ctx.client().getJson('/api/openapi.json')).json() as { paths: Record<string, { get?: { responses?: Record<string, unknown> } }> };
    expect(doc.paths['/api/v1/challenges/{slug}/leaderboard']?.get?.responses?.['200']).toBeDefined();
  });
});

describe('the jurisdiction rule', () => {
  const king = { name: 'King County', state: 'WA', entity_type: 'county', place_source: 'us-atlas:53033' };
  it('a county takes places inside its boundary in its state, and refuses the others', async () => {
    expect(await outsideJurisdiction(king, { city: 'Seattle', state: 'WA' })).toBeNull();
    expect(await outsideJurisdiction({ ...king, place_source: null }, { city: 'Bellevue', state: 'WA' })).toBeNull();
    expect(await outsideJurisdiction(king, { city: 'Spokane', state: 'WA' })).toContain('outside it');
    expect(await outsideJurisdiction(king, { city: 'Nowhere Special', state: 'WA' })).toContain('outside it');
  });
  it('a city takes its own name, however it is written, and nothing else', async () => {
    const stl = { name: 'City of St. Louis', state: 'MO', entity_type: 'city', place_source: null };
    expect(await outsideJurisdiction(stl, { city: 'Saint Louis', state: 'MO' })).toBeNull();
    expect(await outsideJurisdiction(stl, { city: 'ST LOUIS', state: 'MO' })).toBeNull();
    expect(await outsideJurisdiction(stl, { city: 'St. Louis Park', state: 'MO' })).toContain('outside it');
    expect(await outsideJurisdiction(stl, { city: 'St. Louis', state: 'MN' })).toContain('outside it');
  });
});

describe('a county’s challenge over HTTP', () => {
  it('takes a business in a place inside the county and refuses one in the state outside it (422, nothing recorded)', async () => {
    const county = await anOrganization(ctx, { name: 'King County', state: 'WA', entity_type: 'county', place_source: 'us-atlas:53033' });
    const admin = await signedIn(ctx, (await createAccount(ctx, { org: { role: 'admin', organizationId: county.id } })).email);
    const slug = 'king-county-green-2027';
    const made = await admin.postForm('/org/challenges', {
      org: county.id,
      title: 'King County Green 2027',
      slug,
      startsOn: '2027-04-01',
      endsOn: '2027-10-31',
      bronze: '50',
      silver: '100',
      gold: '200',
    });
    expect(made.statusCode, made.body.slice(0, 300)).toBe(303);
    const owner = await signedIn(ctx, (await createAccount(ctx)).email);
    const form = { name: 'Rainier Roasters', addressLine1: '100 Main St', state: 'WA', zip: '98004', contactName: 'Ray' };
    const before = await count('challenge_businesses');
    for (const city of ['Spokane', 'Tacoma']) {
      const outside = await owner.postForm(`/challenges/${slug}/join`, { ...form, city });
      expect(outside.statusCode, city).toBe(422);
      expect(dom(outside.body).querySelector('[role=alert]')?.textContent).toContain(`Your address (${city}, WA) is outside it`);
    }
    expect(await count('challenge_businesses')).toBe(before);
    const inside = await owner.postForm(`/challenges/${slug}/join`, { ...form, city: 'Bellevue' });
    expect(inside.statusCode, inside.body.slice(0, 300)).toBe(303);
    expect(await count('challenge_businesses')).toBe(before + 1);
    expect((await leaderboardOf(slug)).map((r) => r.business)).toEqual(['Rainier Roasters']);
  });
});

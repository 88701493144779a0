// Finding the challenge again: a government's home (/org) lists its challenges, with what waits for
// its administrators' verification and a link to manage each (contacts see the leaderboards only),
// or invites an administrator of a member city to start one; a business's contact finds "My
// business" on home and /account; a members' page still offers a business contact membership.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChallenge, aChallengeBusiness, aContact, aMarkedAction, anOrganization, aTemplateAction, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-05-01T12:00:00Z');
  // every challenge copies these
  await aTemplateAction(ctx, { title: 'Compost food scraps', category: 'Waste' });
  await aTemplateAction(ctx, { title: 'Switch to LED lighting', category: 'Energy' });
});
afterAll(() => ctx?.close());

const section = async (client: Awaited<ReturnType<typeof signedIn>>, orgId: string) => {
  const res = await client.get(`/org?org=${orgId}`);
  expect(res.statusCode).toBe(200);
  return dom(res.body).querySelector('#challenges');
};
const actionsOf = (challengeId: string) => ctx.deps.db.selectFrom('challenge_actions').select('id').where('challenge_id', '=', challengeId).orderBy('title').execute();

describe('the organization home', () => {
  it('lists the government’s challenges: its administrators get the waiting actions and the way to manage, its contacts the leaderboard', async () => {
    const { challenge: c, organizationId, adminEmail, adminId } = await aChallenge(ctx, { city: 'Arvada' });
    const [a1, a2] = await actionsOf(c.id);
    if (!a1 || !a2) throw new Error('the challenge has no actions');
    const b = await aChallengeBusiness(ctx, c, 'Arvada Bakery');
    await aMarkedAction(ctx, c, b, a1.id, 'leave');
    await aMarkedAction(ctx, c, b, a2.id, { by: adminId, decision: 'verify' });

    const admin = await signedIn(ctx, adminEmail);
    const mine = await section(admin, organizationId);
    expect(mine?.querySelector('h2')?.textContent).toBe('Business challenges');
    expect(mine?.textContent).toContain('Arvada Green Business Challenge');
    expect(mine?.textContent).toContain('1 business joined.');
    const verify = [...(mine?.querySelectorAll('a') ?? [])].find((l) => l.textContent === 'Verify 1 action waiting');
    expect(verify?.getAttribute('href')).toBe(`/challenges/${c.slug}/manage`);
    expect(mine?.querySelector(`a[href="/org/challenges?org=${organizationId}"]`)?.textContent).toBe('Start another challenge');

    const contactAccount = await createAccount(ctx, { org: { role: 'contact', organizationId } });
    const contact = await signedIn(ctx, contactAccount.email);
    const theirs = await section(contact, organizationId);
    expect(theirs?.querySelector(`a[href="/challenges/${c.slug}"]`)).not.toBeNull();
    expect(theirs?.querySelector(`a[href="/challenges/${c.slug}/manage"]`)).toBeNull();
    expect(theirs?.querySelector('a[href^="/org/challenges"]')).toBeNull();
  });

  it('invites an administrator of a member city with no challenge to start one; says nothing to its contacts, nor where the organization may not run one', async () => {
    const city = await anOrganization(ctx, { name: 'City of Westminster', state: 'CO', entity_type: 'city' });
    const admin = await signedIn(ctx, (await createAccount(ctx, { org: { role: 'admin', organizationId: city.id } })).email);
    expect((await section(admin, city.id))?.querySelector(`a[href="/org/challenges?org=${city.id}"]`)?.textContent).toBe('Start a business challenge');
    const contact = await signedIn(ctx, (await createAccount(ctx, { org: { role: 'contact', organizationId: city.id } })).email);
    expect(await section(contact, city.id)).toBeNull();

    const region = await anOrganization(ctx, { name: 'Front Range Council', state: 'CO', entity_type: 'region' });
    const regionAdmin = await signedIn(ctx, (await createAccount(ctx, { org: { role: 'admin', organizationId: region.id } })).email);
    expect(await section(regionAdmin, region.id)).toBeNull();
    const lapsed = await anOrganization(ctx, { name: 'City of Lapsewood', state: 'CO', entity_type: 'city', status: 'lapsed' });
    const lapsedAdmin = await signedIn(ctx, (await createAccount(ctx, { org: { role: 'admin', organizationId: lapsed.id } })).email);
    expect(await section(lapsedAdmin, lapsed.id)).toBeNull();
  });
});

describe('the ways back from the government’s challenge pages', () => {
  it('an administrator of two organizations keeps the one whose home they came from: its challenges page leads back to it, and a challenge’s page back to its challenges', async () => {
    const { challenge: c, organizationId } = await aChallenge(ctx, { city: 'Golden' });
    const other = await anOrganization(ctx, { name: 'City of Lakewood', state: 'CO', entity_type: 'city' });
    const both = await createAccount(ctx, { org: { role: 'admin', organizationId } });
    await aContact(ctx, { organizationId: other.id, userId: both.id, role: 'admin' });
    const admin = await signedIn(ctx, both.email);
    const start = (await section(admin, other.id))?.querySelector('a[href^="/org/challenges"]');
    expect(start?.getAttribute('href')).toBe(`/org/challenges?org=${other.id}`);
    const page = await admin.get(start?.getAttribute('href') ?? '');
    expect(page.statusCode).toBe(200);
    const back = (html: string) =>
      [...dom(html).querySelectorAll('main a')].filter((a) => (a.textContent ?? '').startsWith('Back to')).map((a) => [a.getAttribute('href'), a.textContent]);
    expect(back(page.body)).toEqual([[`/org?org=${other.id}#challenges`, 'Back to City of Lakewood']]);
    expect(dom(page.body).querySelector('select[name="org"]')).toBeNull();
    const all = await admin.get('/org/challenges');
    expect(back(all.body)).toEqual([['/org', 'Back to your organizations']]);
    const manage = await admin.get(`/challenges/${c.slug}/manage`);
    expect(manage.statusCode).toBe(200);
    expect(back(manage.body)).toEqual([[`/org/challenges?org=${organizationId}`, `Back to the challenges of ${c.government}`]]);
  });
});

describe('a business’s contact', () => {
  it('finds their business on home and on /account; a members’ page still offers them membership, not their business', async () => {
    const { challenge: c } = await aChallenge(ctx, { city: 'Lakewood' });
    const b = await aChallengeBusiness(ctx, c, 'Lakewood Bikes');
    const owner = await signedIn(ctx, b.email);
    for (const path of ['/', '/account']) {
      const page = dom((await owner.get(path)).body);
      const link = page.querySelector(`main a[href="/challenges/${c.slug}/business"]`);
      expect(link?.textContent, page.querySelector('main')?.textContent).toBe('My business: Lakewood Bikes');
    }
    expect(dom((await owner.get('/')).body).querySelector('main')?.textContent).toContain(`My business: Lakewood Bikes — Business contact in ${c.title}`);
    const refused = await owner.get('/directory');
    expect(refused.statusCode).toBe(403);
    const main = dom(refused.body).querySelector('main');
    expect(main?.querySelector('a[href="/join/individual"]')?.textContent).toBe('Become an individual member');
    expect(main?.textContent).not.toContain('Your membership is not active yet');

    // someone else sees no business of theirs
    const stranger = await signedIn(ctx, (await createAccount(ctx)).email);
    expect(dom((await stranger.get('/')).body).querySelector(`a[href="/challenges/${c.slug}/business"]`)).toBeNull();
  });
});

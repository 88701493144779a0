// A business hears of each decision on an action it marked done: the government's administrator
// verifies it (the email gives the points, the new total, the place on the leaderboard, and links
// to the business's page) or rejects it (the email gives the reason and how to send it again).
// A decision refused (another government, no reason, already decided) sends nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChallenge, aChallengeBusiness, aMarkedAction, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, pathOf, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';
import { mailTo } from '../../../test/readers.js';
import { addChallengeAction } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-05-01T12:00:00Z');
});
afterAll(() => ctx?.close());

const decisionUrl = (slug: string, id: string) => `/challenges/${slug}/manage/completions/${id}`;
const linkIn = (text: string, label: string) => new RegExp(`${label}: (https?://\\S+)`).exec(text)?.[1];

/** A challenge with three actions (30, 20 and 10 points) and two businesses. */
async function aRunningChallenge(city: string, o: { startsOn?: string; endsOn?: string; website?: string; listed?: boolean } = {}) {
  const made = await aChallenge(ctx, { city, ...o });
  const { challenge: c, adminId } = made;
  const act = (title: string, points: number) => addChallengeAction(ctx.deps, { userId: adminId }, c.id, { title, category: 'Energy', points });
  const actions = { audit: await act('Energy audit', 30), led: await act('Switch to LED lighting', 20), racks: await act('Bike racks', 10) };
  const rival = await aChallengeBusiness(ctx, c, `${city} Rival`);
  await aMarkedAction(ctx, c, rival, actions.audit, { by: adminId, decision: 'verify' });
  const shop = await aChallengeBusiness(ctx, c, `${city} Coffee`);
  return { ...made, actions, shop, rival };
}

describe('the business is emailed each decision', () => {
  it('verifying emails the contact the action, its points, the new total, the place on the leaderboard and a link to the business’s page', async () => {
    const { challenge: c, adminEmail, adminId, actions, shop } = await aRunningChallenge('Arvada');
    await aMarkedAction(ctx, c, shop, actions.racks, { by: adminId, decision: 'verify' });
    const waiting = await aMarkedAction(ctx, c, shop, actions.led, 'leave');
    const before = (await mailTo(ctx, shop.email)).length;

    const admin = await signedIn(ctx, adminEmail);
    const res = await admin.postForm(decisionUrl(c.slug, waiting), { decision: 'verify' });
    expect(res.statusCode).toBe(303);
    const flash = dom((await admin.get(res.headers.location as string)).body).querySelector('[role=status]')?.textContent ?? '';
    expect(flash).toContain('We have emailed Arvada Coffee');

    const mail = await mailTo(ctx, shop.email);
    expect(mail.length).toBe(before + 1);
    // the racks' email came first, at the same moment of the test clock
    const m = mail.find((x) => x.subject.includes('LED'));
    expect(m?.template).toBe('challenges.action_verified');
    expect(m?.subject).toBe('Verified: “Switch to LED lighting” earns Arvada Coffee 20 points');
    const text = m?.body_text ?? '';
    expect(text).toContain('City of Arvada verified “Switch to LED lighting” for Arvada Coffee in Arvada Green Business Challenge: it earns 20 points.');
    // 10 + 20 = 30 points, the same as the rival's: they share first place
    expect(text).toContain('Arvada Coffee now has 30 points from verified actions, and is tied 1st of 2 businesses on the leaderboard');
    expect(text).toContain('Bronze, the first badge, is at 50 points: 20 more to go.');
    const link = linkIn(text, 'Your business’s page');
    expect(link).toBe(`${ctx.deps.config.publicUrl}/challenges/${c.slug}/business`);

    // the link, followed by the business's contact: their page, the action verified
    const page = await (await signedIn(ctx, shop.email)).get(pathOf(link as string));
    expect(page.statusCode).toBe(200);
    const section = dom(page.body).querySelector(`#action-${actions.led}`);
    expect(section?.textContent).toContain('Status: Verified');
  });

  it('rejecting emails the reason and how to send it again, linking to the action on the business’s page; a hostile reason stays text', async () => {
    const { challenge: c, adminEmail, actions, shop } = await aRunningChallenge('Golden');
    const waiting = await aMarkedAction(ctx, c, shop, actions.led, 'leave');
    const reason = 'The photo shows the old bulbs. <script>alert(1)</script> & “quotes”';
    const admin = await signedIn(ctx, adminEmail);
    const res = await admin.postForm(decisionUrl(c.slug, waiting), { decision: 'reject', reason });
    expect(res.statusCode).toBe(303);
    expect(dom((await admin.get(res.headers.location as string)).body).querySelector('[role=status]')?.textContent).toContain('we have emailed Golden Coffee your reason');

    const [m] = await mailTo(ctx, shop.email);
    expect(m?.template).toBe('challenges.action_rejected');
    expect(m?.subject).toBe('Not accepted: “Switch to LED lighting” for Golden Coffee');
    const text = m?.body_text ?? '';
    expect(text).toContain('City of Golden did not accept “Switch to LED lighting” for Golden Coffee in Golden Green Business Challenge, so its 20 points do not count yet.');
    expect(text).toContain(`Their reason: ${reason}`);
    expect(text).toContain('choose “Send again”');
    expect(text).toContain('You can send it until May 1, 2027, the season’s last day.');
    const link = linkIn(text, 'Send it again');
    expect(link).toBe(`${ctx.deps.config.publicUrl}/challenges/${c.slug}/business#action-${actions.led}`);
    const html = (
      await ctx.deps.db.selectFrom('outbox').select('body_html').where('to_address', '=', shop.email).where('template', '=', 'challenges.action_rejected').executeTakeFirstOrThrow()
    ).body_html;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script>');

    // the link lands on the action, with its reason and its form to send it again
    const page = await (await signedIn(ctx, shop.email)).get(pathOf(link as string));
    const section = dom(page.body).querySelector(`#action-${actions.led}`);
    expect(section?.textContent).toContain('Not accepted');
    expect(section?.textContent).toContain('The photo shows the old bulbs.');
    expect(section?.querySelector('button[type=submit]')?.textContent).toBe('Send again');
    // signed out, the sign-in loses the link's #action: the page's top lists what to send again
    const top = dom(page.body).querySelector('main section[aria-labelledby=send-again-h]');
    expect(top?.querySelector('h2')?.textContent).toBe('An action to send again');
    expect(top?.querySelector(`a[href="#action-${actions.led}"]`)?.textContent).toBe('Switch to LED lighting');
    expect(top?.textContent).toContain('The photo shows the old bulbs.');
  });

  it('a rejection after the season says the action can no longer be sent again, and whom to ask: the government’s public website and the association', async () => {
    const {
      challenge: c,
      adminEmail,
      actions,
      shop,
    } = await aRunningChallenge('Lakewood', { startsOn: '2027-04-01', endsOn: '2027-05-01', website: 'https://www.lakewood.example.gov' });
    const waiting = await aMarkedAction(ctx, c, shop, actions.led, 'leave');
    ctx.clock.set('2027-05-03T12:00:00Z');
    try {
      const res = await (await signedIn(ctx, adminEmail)).postForm(decisionUrl(c.slug, waiting), { decision: 'reject', reason: 'No photo.' });
      expect(res.statusCode).toBe(303);
    } finally {
      ctx.clock.set('2027-05-01T12:00:00Z');
    }
    const [m] = await mailTo(ctx, shop.email);
    expect(m?.body_text).toContain('The season ended on May 1, 2027, so the action can no longer be sent again.');
    expect(m?.body_text).toContain(
      'If you think this is a mistake, ask City of Lakewood (https://www.lakewood.example.gov), or write to Test Association, which runs the network, at info@test.example.',
    );
    expect(m?.body_text).not.toContain('Send again');
    expect(linkIn(m?.body_text ?? '', 'Your business’s page')).toBe(`${ctx.deps.config.publicUrl}/challenges/${c.slug}/business`);
    ctx.clock.set('2027-05-03T12:00:00Z');
    try {
      const page = await (await signedIn(ctx, shop.email)).get(`/challenges/${c.slug}/business`);
      expect(dom(page.body).querySelector('main section[aria-labelledby=send-again-h]')).toBeNull();
    } finally {
      ctx.clock.set('2027-05-01T12:00:00Z');
    }
  });

  it('after the season, a government that is not listed publicly is named without its website; the association’s address is given', async () => {
    const {
      challenge: c,
      adminEmail,
      actions,
      shop,
    } = await aRunningChallenge('Edgewater', {
      startsOn: '2027-04-01',
      endsOn: '2027-05-01',
      website: 'https://www.edgewater.example.gov',
      listed: false,
    });
    const waiting = await aMarkedAction(ctx, c, shop, actions.led, 'leave');
    ctx.clock.set('2027-05-03T12:00:00Z');
    try {
      expect((await (await signedIn(ctx, adminEmail)).postForm(decisionUrl(c.slug, waiting), { decision: 'reject', reason: 'No photo.' })).statusCode).toBe(303);
    } finally {
      ctx.clock.set('2027-05-01T12:00:00Z');
    }
    const [m] = await mailTo(ctx, shop.email);
    expect(m?.body_text).toContain('If you think this is a mistake, ask City of Edgewater, or write to Test Association, which runs the network, at info@test.example.');
    expect(m?.body_text).not.toContain('edgewater.example.gov');
  });

  it('a decision refused sends nothing: another government’s administrator, a rejection without a reason, an action already decided, an unknown id', async () => {
    const { challenge: c, adminEmail, actions, shop } = await aRunningChallenge('Wheat Ridge');
    const waiting = await aMarkedAction(ctx, c, shop, actions.led, 'leave');
    const before = (await mailTo(ctx, shop.email)).length;
    const url = decisionUrl(c.slug, waiting);

    const stranger = await signedIn(ctx, (await createAccount(ctx, { org: { role: 'admin' } })).email);
    expect((await stranger.postForm(url, { decision: 'verify' })).statusCode).toBe(403);
    const admin = await signedIn(ctx, adminEmail);
    expect((await admin.postForm(url, { decision: 'reject', reason: '   ' })).statusCode).toBe(400);
    expect((await admin.postForm(url, { decision: 'maybe' })).statusCode).toBe(400);
    expect((await admin.postForm(`/challenges/${c.slug}/manage/completions/00000000-0000-4000-8000-000000000000`, { decision: 'verify' })).statusCode).toBe(404);
    expect((await mailTo(ctx, shop.email)).length).toBe(before);

    expect((await admin.postForm(url, { decision: 'verify' })).statusCode).toBe(303);
    expect((await mailTo(ctx, shop.email)).length).toBe(before + 1);
    const twice = await admin.postForm(url, { decision: 'reject', reason: 'Changed my mind.' });
    expect(twice.statusCode).toBe(409);
    expect((await mailTo(ctx, shop.email)).length).toBe(before + 1);
  });
});

// The government's manage page lists what it decided newest first, says how many there are, and
// pages through them ("Older decisions", "Newer decisions") instead of stopping silently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChallenge, aChallengeBusiness, aMarkedAction, signedIn } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, textOf } from '../../../test/html.js';
import { addChallengeAction } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-05-01T12:00:00Z');
});
afterAll(() => ctx?.close());

const DECIDED = 'Decided, newest first';

describe('the decided actions on the manage page', () => {
  it('are newest first, counted, and paged with Older and Newer links; a page past the end or a bad page number shows the first', async () => {
    const { challenge: c, adminEmail, adminId } = await aChallenge(ctx, { city: 'Louisville', startsOn: '2027-04-01', endsOn: '2027-06-30' });
    const act = (title: string) => addChallengeAction(ctx.deps, { userId: adminId }, c.id, { title, category: 'Energy', points: 10 });
    const actions = [await act('Energy audit'), await act('Bike racks')];
    // 26 businesses × 2 actions = 52 decisions, a minute apart: one more than two pages of 25 … of 50
    for (let i = 1; i <= 26; i++) {
      const b = await aChallengeBusiness(ctx, c, `Shop ${String(i).padStart(2, '0')}`);
      for (const a of actions) {
        ctx.clock.advance(60_000);
        await aMarkedAction(ctx, c, b, a, { by: adminId, decision: 'verify' });
      }
    }
    const waiting = await aChallengeBusiness(ctx, c, 'Shop waiting');
    await aMarkedAction(ctx, c, waiting, actions[0] as string, 'leave');

    const admin = await signedIn(ctx, adminEmail);
    const first = await admin.get(`/challenges/${c.slug}/manage`);
    expect(first.statusCode).toBe(200);
    const rows = rowsOf(first.body, DECIDED);
    expect(rows.length).toBe(50);
    // the last decided first: Shop 26's bike racks, then its energy audit
    expect(rows[0]?.slice(0, 3)).toEqual(['Shop 26', 'Bike racks', 'Verified']);
    expect(rows[1]?.slice(0, 2)).toEqual(['Shop 26', 'Energy audit']);
    expect(textOf(first.body, '#decided-count')).toBe('52 actions decided. Showing 1 to 50, newest first.');
    const page = dom(first.body);
    expect(page.querySelector('nav[aria-label="Pages of decided actions"] a[rel=prev]')).toBeNull();
    const older = page.querySelector('nav[aria-label="Pages of decided actions"] a[rel=next]');
    expect(older?.textContent).toBe('Older decisions');
    // the one waiting is still listed above, whatever the page of decisions
    expect(page.querySelector('main')?.textContent).toContain('Shop waiting: Energy audit');

    const second = await admin.get(older?.getAttribute('href') ?? '');
    expect(second.statusCode).toBe(200);
    expect(rowsOf(second.body, DECIDED).map((r) => r.slice(0, 2))).toEqual([
      ['Shop 01', 'Bike racks'],
      ['Shop 01', 'Energy audit'],
    ]);
    expect(textOf(second.body, '#decided-count')).toBe('52 actions decided. Showing 51 to 52, newest first.');
    expect(dom(second.body).querySelector('nav[aria-label="Pages of decided actions"] a[rel=next]')).toBeNull();
    const newer = dom(second.body).querySelector('nav[aria-label="Pages of decided actions"] a[rel=prev]');
    expect(newer?.textContent).toBe('Newer decisions');
    expect(rowsOf((await admin.get(newer?.getAttribute('href') ?? '')).body, DECIDED)[0]?.[0]).toBe('Shop 26');

    for (const bad of ['0', '-1', 'abc', '99', '1e3', '<script>']) {
      const res = await admin.get(`/challenges/${c.slug}/manage?decided=${encodeURIComponent(bad)}`);
      expect(res.statusCode).toBe(200);
      expect(rowsOf(res.body, DECIDED)[0]?.[0]).toBe('Shop 26');
    }
  });

  it('says so when nothing is decided yet', async () => {
    const { challenge: c, adminEmail } = await aChallenge(ctx, { city: 'Superior' });
    const res = await (await signedIn(ctx, adminEmail)).get(`/challenges/${c.slug}/manage`);
    expect(rowsOf(res.body, DECIDED)).toEqual([['Nothing decided yet.']]);
    expect(dom(res.body).querySelector('#decided-count')).toBeNull();
    expect(dom(res.body).querySelector('nav[aria-label="Pages of decided actions"]')).toBeNull();
  });
});

// The business challenge's journey (issue 20, O16): a business owner finds Springfield's Green
// Business Challenge, is refused with an address outside the city, joins with one inside, marks
// two actions done (one with evidence); the city's administrator verifies them; the business
// climbs the leaderboard, sharing a rank with the business it ties. axe runs on every page reached.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

const SLUG = 'springfield-green-business';
const BUSINESS = 'Dana’s Deli';
const AUDIT = 'Get a free energy audit from the utility';
const COMPOST = 'Compost food scraps';

describe('business challenge', () => {
  const app = useBrowserApp();

  it('a business joins a challenge, marks actions, the city verifies them, and the business climbs the leaderboard', async () => {
    // 1. The leaderboard before: the demo's three businesses.
    const owner = await app.newPage();
    await visit(owner, `/challenges/${SLUG}`);
    const rowOf = async (name: string) => (await owner.getByRole('row').filter({ hasText: name }).locator('td').allTextContents()).slice(0, 4);
    expect(await rowOf('Lincoln Hardware')).toEqual(['3', 'Lincoln Hardware', '55', 'Bronze']);

    // 2. Signing in, and joining: an address outside Springfield is refused, then one inside.
    await signIn(owner, 'member@example.org');
    await visit(owner, `/challenges/${SLUG}/join`);
    await owner.getByLabel('Business name').fill(BUSINESS);
    await owner.getByLabel('Street address').fill('400 E Monroe St');
    await owner.getByLabel('City').fill('Chicago');
    await owner.getByLabel('ZIP code').fill('62701');
    await submit(owner, () => owner.getByRole('button', { name: 'Join the challenge' }).click(), { status: 422 });
    expect(await owner.getByRole('alert').textContent()).toContain('outside it');
    await owner.getByLabel('City').fill('Springfield');
    await submit(owner, () => owner.getByRole('button', { name: 'Join the challenge' }).click());
    expect(await owner.getByRole('heading', { level: 1 }).textContent()).toBe(BUSINESS);

    // 3. Marking two actions: the compost needs evidence (a message until it is given).
    const audit = owner.getByRole('region', { name: AUDIT });
    await audit.getByLabel('What you did').fill('The utility audited us on May 3; report attached at the counter.');
    await submit(owner, () => audit.getByRole('button', { name: 'Mark done' }).click());
    const compost = owner.getByRole('region', { name: COMPOST });
    await submit(owner, () => compost.getByRole('button', { name: 'Mark done' }).click(), { status: 400 });
    expect(await owner.getByRole('region', { name: COMPOST }).textContent()).toContain('needs evidence');
    await owner.getByRole('region', { name: COMPOST }).getByLabel('What you did').fill('Scraps go to the city compost program, picked up weekly.');
    await submit(owner, () => owner.getByRole('region', { name: COMPOST }).getByRole('button', { name: 'Mark done' }).click());
    expect(await owner.getByRole('region', { name: COMPOST }).textContent()).toContain('Waiting for verification');
    // not verified yet: no points
    await visit(owner, `/challenges/${SLUG}`);
    expect(await rowOf(BUSINESS)).toEqual(['4', BUSINESS, '0', 'None yet']);

    // 4. The city's administrator verifies both.
    const city = await app.newPage();
    await signIn(city, 'orgadmin@example.org');
    await visit(city, '/org/challenges');
    await submit(city, () => city.getByRole('link', { name: 'Springfield Green Business Challenge' }).click());
    for (const action of [AUDIT, COMPOST]) {
      const item = city.getByRole('region', { name: `${BUSINESS}: ${action}` });
      await submit(city, () => item.getByRole('button', { name: 'Verify' }).click());
      expect(await city.getByRole('status').textContent()).toContain('Verified');
    }

    // 5. The business has climbed: 55 points, tied with Lincoln Hardware for third, Bronze.
    await visit(owner, `/challenges/${SLUG}`);
    expect(await rowOf(BUSINESS)).toEqual(['3', BUSINESS, '55', 'Bronze']);
    expect(await rowOf('Lincoln Hardware')).toEqual(['3', 'Lincoln Hardware', '55', 'Bronze']);
    await visit(owner, `/challenges/${SLUG}/business`);
    expect(await owner.getByRole('main').textContent()).toContain('You have 55 points from verified actions and rank 3.');

    // 6. Programs staff keep the template every new challenge copies.
    const staff = await app.newPage();
    await signIn(staff, 'programs@example.org');
    await visit(staff, '/staff/challenges/template');
    expect(await staff.getByRole('heading', { level: 3 }).allTextContents()).toContain(AUDIT);
  });
});

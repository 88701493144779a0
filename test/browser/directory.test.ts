// Profiles and Who's Who in a real browser: a member edits their profile (phone to staff only,
// work email to members, a photo), another member finds them with a misspelled name and sees only
// what members may see, and a visitor who is not signed in is sent to sign in. axe on every page.
import { describe, expect, it } from 'vitest';
import { aMember, ensureActiveMember, TINY_PNG } from '../factories/index.js';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe("profiles and Who's Who", () => {
  const app = useBrowserApp();

  it('a member hides a field from members, another member finds them by a misspelled name and sees only what members may see', async () => {
    const danaId = await ensureActiveMember(app.server, 'member@example.org');
    await ensureActiveMember(app.server, 'manager@example.org');

    // Dana edits her profile.
    const dana = await app.newPage();
    await signIn(dana, 'member@example.org');
    await submit(dana, () => dana.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My profile' }).click());
    expect(await dana.getByRole('heading', { level: 1 }).textContent()).toBe('My profile');
    await dana.getByLabel('Current title').fill('Deputy City Manager');
    await dana.getByRole('group', { name: 'Who may see your phone number' }).getByLabel('Membership staff only').check();
    await dana.getByRole('group', { name: 'Who may see your work email' }).getByLabel('Members and staff only').check();
    await dana.getByRole('group', { name: 'Who may open your profile page' }).getByLabel('Everyone, including visitors who are not signed in').check();
    await submit(dana, () => dana.getByRole('button', { name: 'Save profile' }).click());
    expect(await dana.locator('.flash').textContent()).toContain('Your profile is saved.');
    await dana.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'dana.png', mimeType: 'image/png', buffer: TINY_PNG });
    await submit(dana, () => dana.getByRole('button', { name: 'Upload photo' }).click());
    expect(await dana.locator('.flash').textContent()).toContain('Your photo is saved.');
    expect(await dana.getByRole('img', { name: 'Dana Morales' }).count()).toBe(1);

    // Chris, another member, searches Who's Who with a typo.
    const chris = await app.newPage();
    await signIn(chris, 'manager@example.org');
    await submit(chris, () => chris.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Who’s Who' }).click());
    await chris.getByLabel('Name').fill('Dana Moralez');
    await submit(chris, () => chris.getByRole('button', { name: 'Search' }).click());
    expect(await chris.getByRole('status').textContent()).toContain('1 member matches.');
    const card = chris.getByRole('listitem').filter({ has: chris.getByRole('link', { name: 'Dana Morales' }) });
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Deputy City Manager');
    expect(text).toContain('City of Springfield, Illinois');
    expect(text).toContain('dmorales@springfield.example.gov');
    expect(text).not.toContain('(217) 555-0134');
    expect(text).not.toContain('800 E Monroe St');

    await submit(chris, () => chris.getByRole('link', { name: 'Dana Morales' }).click());
    expect(new URL(chris.url()).pathname).toBe(`/people/${danaId}`);
    const profile = (await chris.locator('main').textContent()) ?? '';
    expect(profile).toContain('dmorales@springfield.example.gov');
    expect(profile).toContain('Budget Director, City of Peoria (IL), 2015 to 2021');
    expect(profile).not.toContain('(217) 555-0134');
    expect(profile).not.toContain('800 E Monroe St');
    expect(await chris.getByRole('img', { name: 'Dana Morales' }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

    // A visitor who is not signed in is sent to sign in.
    const visitor = await app.newPage();
    await visit(visitor, '/directory?q=Dana');
    expect(new URL(visitor.url()).pathname).toBe('/login');
    expect(new URL(visitor.url()).searchParams.get('next')).toBe('/directory?q=Dana');
    // Dana opened her profile page to everyone; it shows only what she shows to everyone: nothing of her contact details now.
    await visit(visitor, `/people/${danaId}`);
    const pub = (await visitor.locator('main').textContent()) ?? '';
    expect(pub).toContain('Dana Morales');
    expect(pub).not.toContain('dmorales@springfield.example.gov');
    expect(pub).not.toContain('(217) 555-0134');
  });

  it('a grid of result cards on a wide screen puts each term above its value, so long words are not broken in a narrow column', async () => {
    for (const first of ['Ada', 'Ben', 'Cleo', 'Dev', 'Eli']) {
      await aMember(app.server, {
        name: `${first} Widecard`,
        title: 'Sustainability Manager',
        employer: 'City of Boulder',
        state: 'CO',
        expertise: ['intergovernmental relations'],
      });
    }
    const page = await app.newPage({ width: 1280, height: 900 });
    await signIn(page, 'member@example.org');
    await visit(page, '/directory?q=Widecard');
    const cards = page.locator('.cards > li');
    expect(await cards.count()).toBe(5);
    for (const card of await cards.all()) {
      const box = await card.locator('dl').evaluate((dl) => {
        const dt = dl.querySelector('dt')?.getBoundingClientRect();
        const dd = dl.querySelector('dd')?.getBoundingClientRect();
        return { dtLeft: dt?.left, dtBottom: dt?.bottom, ddLeft: dd?.left, ddTop: dd?.top, ddWidth: dd?.width, dlWidth: dl.getBoundingClientRect().width };
      });
      expect(box.ddLeft).toBe(box.dtLeft);
      expect(box.ddTop).toBeGreaterThanOrEqual(box.dtBottom ?? Number.POSITIVE_INFINITY);
      expect(box.ddWidth).toBe(box.dlWidth);
    }
    // the title stays on one line: "Sustainability" is not broken mid-word
    const title = page.locator('.cards > li').first().locator('dd').first();
    expect(await title.textContent()).toBe('Sustainability Manager');
    expect(await title.evaluate((dd) => dd.getBoundingClientRect().height < 2 * Number.parseFloat(getComputedStyle(dd).lineHeight))).toBe(true);
  });
});

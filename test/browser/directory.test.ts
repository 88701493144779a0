// Profiles and Who's Who in a real browser: a member edits their profile (phone to staff only,
// work email to members, a photo), another member finds them with a misspelled name and sees only
// what members may see, and a visitor who is not signed in is sent to sign in. axe on every page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { launchBrowser, newContext, type RunningApp, signIn, startApp, submit, visit } from './harness.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** The demo members' memberships come from the individuals module's demo data; make sure. */
async function ensureActiveMember(deps: Deps, email: string): Promise<string> {
  const db = deps.db;
  const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const active = await db.selectFrom('individual_memberships').select('id').where('user_id', '=', user.id).where('status', '=', 'active').executeTakeFirst();
  if (!active) {
    await db
      .insertInto('member_levels')
      .values({ slug: 'browser-test', name: 'Browser test level', rule: 'free', eligibility: '{}' })
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    const level = await db.selectFrom('member_levels').select('id').where('slug', '=', 'browser-test').executeTakeFirstOrThrow();
    await db.deleteFrom('individual_memberships').where('user_id', '=', user.id).where('status', 'in', ['pending', 'lapsed']).execute();
    await db
      .insertInto('individual_memberships')
      .values({ user_id: user.id, level_id: level.id, status: 'active', term_start: '2026-01-01', term_end: '2026-12-31', quoted_cents: 0, answers: '{}' })
      .execute();
  }
  await db
    .insertInto('user_roles')
    .values({ user_id: user.id, role: 'member' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return user.id;
}

describe("profiles and Who's Who", () => {
  let server: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a member hides a field from members, another member finds them by a misspelled name and sees only what members may see', async () => {
    const danaId = await ensureActiveMember(server.deps, 'member@example.org');
    await ensureActiveMember(server.deps, 'manager@example.org');

    // Dana edits her profile.
    const dana = await (await newContext(browser, server.baseURL)).newPage();
    await signIn(dana, 'member@example.org');
    await submit(dana, () => dana.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My profile' }).click());
    expect(await dana.getByRole('heading', { level: 1 }).textContent()).toBe('My profile');
    await dana.getByLabel('Current title').fill('Deputy City Manager');
    await dana.getByRole('group', { name: 'Who may see your phone number' }).getByLabel('Association staff only').check();
    await dana.getByRole('group', { name: 'Who may see your work email' }).getByLabel('Members and staff only').check();
    await dana.getByRole('group', { name: 'Who may open your profile page' }).getByLabel('Everyone, including visitors who are not signed in').check();
    await submit(dana, () => dana.getByRole('button', { name: 'Save profile' }).click());
    expect(await dana.locator('.flash').textContent()).toContain('Your profile is saved.');
    await dana.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'dana.png', mimeType: 'image/png', buffer: PNG });
    await submit(dana, () => dana.getByRole('button', { name: 'Upload photo' }).click());
    expect(await dana.locator('.flash').textContent()).toContain('Your photo is saved.');
    expect(await dana.getByRole('img', { name: 'Dana Morales' }).count()).toBe(1);

    // Chris, another member, searches Who's Who with a typo.
    const chris = await (await newContext(browser, server.baseURL)).newPage();
    await signIn(chris, 'manager@example.org');
    await submit(chris, () => chris.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: "Who's Who" }).click());
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
    const visitor = await (await newContext(browser, server.baseURL)).newPage();
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
});

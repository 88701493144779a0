// Member groups' journey (issue 19, C3): a member finds an open group from the footer, joins it and
// starts a thread; another member replies; the first member gets the reply notification by email,
// follows its link back to the thread, and switches the group's emails to a daily digest. axe runs
// on every page reached at 1280 px, and the group and thread pages again at 390 px. An
// organization's administrator and a visitor who follow the same link learn whom groups are for.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { check, latestEmail, signIn, submit, visit } from './harness.js';

const TITLE = 'Cooling buses for outdoor workers';
const fits = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

describe('member groups', () => {
  const app = useBrowserApp();

  it('a member joins a group, posts, hears of a reply by email and switches to a daily digest', async () => {
    // 1. Dana joins "Climate and resilience" and starts a thread.
    const dana = await app.newPage();
    await signIn(dana, 'member@example.org');
    await submit(dana, () => dana.getByRole('contentinfo').getByRole('link', { name: 'Groups' }).click());
    await submit(dana, () => dana.getByRole('link', { name: 'Climate and resilience' }).click());
    await submit(dana, () => dana.getByRole('button', { name: 'Join this group' }).click());
    expect(await dana.getByRole('status').textContent()).toContain('Welcome to Climate and resilience');
    await submit(dana, () => dana.getByRole('link', { name: 'Start a thread' }).click());
    await dana.getByLabel('Title').fill(TITLE);
    await dana.getByLabel('Your post').fill('Has anyone run **air-conditioned buses** as mobile cooling stations for crews? @ChrisOduya');
    await submit(dana, () => dana.getByRole('button', { name: 'Post the thread' }).click());
    expect(await dana.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    expect(await dana.locator('main strong').first().textContent()).toBe('air-conditioned buses');

    // 2. Chris (a member of the group, mentioned) replies.
    const chris = await app.newPage();
    await signIn(chris, 'manager@example.org');
    const mention = await latestEmail(app.server, 'manager@example.org', /mentioned you/);
    const threadPath = mention.paths.find((p) => p.includes('/threads/')) ?? '';
    expect(threadPath).not.toBe('');
    await visit(chris, threadPath);
    await chris.getByLabel('Your reply').fill('Yes: two retired transit buses, parked by the parks crews at noon.');
    await submit(chris, () => chris.getByRole('button', { name: 'Post the reply' }).click());
    expect(await chris.getByRole('status').textContent()).toContain('Your reply is posted');

    // 3. Dana gets the reply notification, with its one-click unsubscribe, and follows it.
    const reply = await latestEmail(app.server, 'member@example.org', /replied to/);
    expect(reply.subject).toBe(`Chris Oduya replied to “${TITLE}”`);
    expect(reply.paths.some((p) => p.startsWith('/groups/unsubscribe?m='))).toBe(true);
    await visit(dana, reply.paths.find((p) => p.includes('/threads/')) ?? '');
    expect(await dana.getByRole('main').textContent()).toContain('two retired transit buses');

    // 4. She switches the group to a daily digest.
    await submit(dana, () => dana.getByRole('link', { name: 'Climate and resilience' }).click());
    await dana.getByLabel('One email a day (daily digest)').check();
    await submit(dana, () => dana.getByRole('button', { name: 'Save email choice' }).click());
    expect(await dana.getByRole('status').textContent()).toContain('daily digest');
    expect(await dana.getByLabel('One email a day (daily digest)').isChecked()).toBe(true);

    // 5. The group and the thread at 390 px.
    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, 'member@example.org');
    await visit(phone, '/groups/climate-and-resilience');
    await fits(phone);
    await check(phone);
    await submit(phone, () => phone.getByRole('link', { name: TITLE }).click());
    await fits(phone);
    await check(phone);
  }, 300_000);

  for (const width of [1280, 390]) {
    it(`an organization's administrator and a visitor who follow the footer's Groups link are told whom groups are for and how to join (${width} px)`, async () => {
      const admin = await app.newPage({ width });
      await signIn(admin, 'orgadmin@example.org');
      await submit(admin, () => admin.getByRole('contentinfo').getByRole('link', { name: 'Groups' }).click(), { status: 403 });
      expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe('This page is for members');
      expect(await admin.getByRole('main').textContent()).toContain('Your organization’s membership does not include it');
      if (width === 390) await fits(admin);
      await check(admin);
      await submit(admin, () => admin.getByRole('main').getByRole('link', { name: 'Become an individual member' }).click());
      expect(new URL(admin.url()).pathname).toBe('/join/individual');

      const visitor = await app.newPage({ width });
      await visit(visitor, '/');
      await submit(visitor, () => visitor.getByRole('contentinfo').getByRole('link', { name: 'Groups' }).click());
      expect(new URL(visitor.url()).pathname).toBe('/login');
      expect(await visitor.locator('main .notice').textContent()).toContain('The page you asked for is for individual members');
      if (width === 390) await fits(visitor);
      await check(visitor);
    }, 120_000);
  }
});

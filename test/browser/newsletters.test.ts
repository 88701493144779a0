// Newsletters (issue 19, C4) in the browser: a visitor subscribes to "Network news" (demo data),
// confirms through the link in the confirmation email, gets the next campaign, and unsubscribes in
// one click from its link; the public archive shows the past issue; communications staff choose a
// campaign's population bands and see them kept, and find a list's subscribers. axe runs on every
// page reached, at 1280 px and at 390 px.
import { describe, expect, it } from 'vitest';
import { releaseCampaign, runCampaign, saveCampaign } from '../../src/modules/newsletters/index.js';
import { useBrowserApp } from './app.js';
import { check, latestEmail, signIn, submit, visit } from './harness.js';

describe('newsletters', () => {
  const app = useBrowserApp();

  for (const width of [1280, 390]) {
    it(`a visitor subscribes, confirms and unsubscribes in one click (${width} px)`, async () => {
      const email = `reader-${width}-${Date.now().toString(36)}@example.net`;
      const page = await app.newPage({ width, height: 900 });
      await visit(page, '/newsletters');
      await page.getByLabel('Network news').check();
      await page.getByLabel('Email address').fill(email);
      await submit(page, () => page.getByRole('button', { name: 'Subscribe' }).click());
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your inbox');

      const confirmation = await latestEmail(app.server, email, /Confirm your subscription/);
      const link = confirmation.paths.find((p) => p.startsWith('/newsletters/confirm')) ?? '';
      await visit(page, link);
      await submit(page, () => page.getByRole('button', { name: 'Confirm my subscription' }).click());
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Subscription confirmed');

      // The next issue goes out (as communications staff would send it); it reaches the reader.
      const deps = app.server.deps;
      const list = await deps.db.selectFrom('newsletter_lists').select('id').where('slug', '=', 'network-news').executeTakeFirstOrThrow();
      const id = await saveCampaign(deps, { listId: list.id, subject: `Network news for ${width}`, body: 'The conference program is out.', segment: {} }, { userId: null });
      await releaseCampaign(deps, id, null, { userId: null });
      await runCampaign(deps, id, { pace: false });
      const issue = await latestEmail(app.server, email, new RegExp(`Network news for ${width}`));
      const unsubscribe = issue.paths.find((p) => p.startsWith('/newsletters/unsubscribe/')) ?? '';
      expect(unsubscribe).not.toBe('');

      await visit(page, unsubscribe);
      await submit(page, () => page.getByRole('button', { name: 'Unsubscribe' }).click());
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are unsubscribed from Network news');
      const row = await deps.db
        .selectFrom('newsletter_subscriptions as s')
        .innerJoin('newsletter_subscribers as b', 'b.id', 's.subscriber_id')
        .select('s.status')
        .where('b.email', '=', email)
        .where('s.list_id', '=', list.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('unsubscribed');

      await visit(page, '/newsletters/archive');
      await submit(page, () => page.getByRole('link', { name: /heat pumps, street trees/ }).click());
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Network news');
    }, 120_000);
  }

  it('communications staff segment a campaign by population band, at 1280 px and 390 px', async () => {
    const page = await app.newPage({ width: 1280, height: 900 });
    await signIn(page, 'communications@example.org');
    await visit(page, '/staff/newsletters/campaigns/new');
    const population = page.getByRole('group', { name: 'Population' });
    expect((await population.locator('label').allTextContents()).map((t) => t.trim())).toEqual([
      'Under 10,000',
      '10,000 to 49,999',
      '50,000 to 99,999',
      '100,000 to 249,999',
      '250,000 to 999,999',
      '1,000,000 and over',
    ]);
    await page.getByLabel('Subject').fill('For members of 50,000 to 249,999');
    await page.getByLabel('Newsletter', { exact: true }).fill('Hello.');
    await population.getByLabel('50,000 to 99,999').check();
    await population.getByLabel('100,000 to 249,999').check();
    await submit(page, () => page.getByRole('button', { name: 'Save the draft' }).click());
    const saved = page.getByRole('group', { name: 'Population' });
    expect(await saved.getByLabel('50,000 to 99,999').isChecked()).toBe(true);
    expect(await saved.getByLabel('100,000 to 249,999').isChecked()).toBe(true);
    expect(await saved.getByLabel('Under 10,000').isChecked()).toBe(false);
    await page.setViewportSize({ width: 390, height: 900 });
    await check(page);
    await page.close();
  }, 120_000);

  it('communications staff find a list’s subscribers from the newsletters page, at 1280 px and 390 px', async () => {
    const page = await app.newPage({ width: 1280, height: 900 });
    await signIn(page, 'communications@example.org');
    await visit(page, '/staff/newsletters');
    await submit(page, () => page.getByRole('link', { name: 'Network news', exact: true }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Subscribers of Network news');
    const table = page.getByRole('table', { name: 'Subscribers, by address' });
    expect(await table.getByRole('rowheader').allTextContents()).toContain('reader@example.net');
    await page.getByLabel('Address or name').fill('clerk@');
    await submit(page, () => page.getByRole('button', { name: 'Find' }).click());
    expect((await table.getByRole('rowheader').allTextContents()).map((t) => t.trim())).toEqual(['clerk@example.net']);
    await page.setViewportSize({ width: 390, height: 900 });
    await check(page);
    await page.close();
  }, 120_000);
});

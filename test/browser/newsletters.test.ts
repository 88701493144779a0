// Newsletters (issue 19, C4) in the browser: a visitor subscribes to "Network news" (demo data),
// confirms through the link in the confirmation email, gets the next campaign, and unsubscribes in
// one click from its link; the public archive shows the past issue. axe runs on every page reached,
// at 1280 px and at 390 px.
import { describe, expect, it } from 'vitest';
import { releaseCampaign, runCampaign, saveCampaign } from '../../src/modules/newsletters/index.js';
import { useBrowserApp } from './app.js';
import { latestEmail, submit, visit } from './harness.js';

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
      const id = await saveCampaign(deps, { listId: list.id, subject: `Network news for ${width}`, body: 'The conference programme is out.', segment: {} }, { userId: null });
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
});

// Membership staff's review of one application, in the browser at 1280 and 390 px: the facts,
// then one decision area whose three ways (approve, ask for more information, decline) are forms
// of their own, named by their headings, in order. A blank request for information is refused
// beside its field; Decline opens its confirmation and Cancel comes back; Approve approves.
// axe runs on every page reached.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe('reviewing an application', () => {
  const app = useBrowserApp();

  const headings = (page: Page) =>
    page
      .locator('main')
      .locator('h1, h2, h3, h4')
      .evaluateAll((hs) => hs.map((h) => `${h.tagName.slice(1)} ${h.textContent?.trim()}`));

  it('reads top to bottom at both widths, and each decision is its own form', async () => {
    const application = await app.server.deps.db
      .selectFrom('applications')
      .select(['id', 'legal_name'])
      .where('legal_name', '=', 'Town of Chapel Hill')
      .where('status', '=', 'submitted')
      .executeTakeFirstOrThrow();
    const url = `/staff/applications/${application.id}`;

    for (const width of [390, 1280]) {
      const page = await app.newPage({ width });
      await signIn(page, 'membership@example.org');
      await visit(page, url);
      expect(await headings(page)).toEqual([
        `1 ${application.legal_name}`,
        '2 The application',
        '2 Your decision',
        '3 Approve',
        '3 Ask for more information',
        '3 Decline',
        '2 History',
      ]);
      const decision = page.getByRole('region', { name: 'Your decision' });
      await decision.getByRole('form', { name: 'Approve' }).getByRole('button', { name: 'Approve the application' }).waitFor();
      await decision.getByRole('form', { name: 'Ask for more information' }).getByRole('button', { name: 'Ask for more information' }).waitFor();
      await decision.getByRole('form', { name: 'Decline' }).getByRole('button', { name: 'Decline the application' }).waitFor();
      // the buttons sit one under another, never side by side in boxes
      const boxes = await Promise.all(
        ['Approve the application', 'Ask for more information', 'Decline the application'].map((n) => decision.getByRole('button', { name: n }).boundingBox()),
      );
      const tops = boxes.map((b) => b?.y ?? 0);
      expect(tops).toEqual([...tops].sort((a, b) => a - b));
      expect(new Set(tops).size).toBe(3);
      await page.context().close();
    }

    const page = await app.newPage({ width: 390 });
    await signIn(page, 'membership@example.org');
    await visit(page, url);
    // A blank request for information: refused beside its field, nothing changed.
    const ask = page.getByRole('form', { name: 'Ask for more information' });
    await submit(page, () => ask.getByRole('button', { name: 'Ask for more information' }).click(), { status: 400 });
    const field = page.getByRole('textbox', { name: 'Information needed' });
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').first().textContent()).toBeTruthy();

    // Decline opens its confirmation; Cancel comes back to the application, still submitted.
    await submit(page, () => page.getByRole('form', { name: 'Decline' }).getByRole('button', { name: 'Decline the application' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Decline the application of ${application.legal_name}?`);
    await submit(page, () => page.getByRole('link', { name: 'Cancel' }).click());
    expect(new URL(page.url()).pathname).toBe(url);

    // Approve approves.
    await submit(page, () => page.getByRole('form', { name: 'Approve' }).getByRole('button', { name: 'Approve the application' }).click());
    expect(await page.getByRole('status').textContent()).toContain('Approved');
    expect(await page.getByRole('region', { name: 'Your decision' }).count()).toBe(0);
  });
});

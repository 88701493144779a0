// The dues schedule editor in the browser: membership staff draft a new version, fix a mistake from
// the error summary, and publish it through its confirmation page (Cancel first, which changes
// nothing), by keyboard; axe on every page, and the confirmation at 390 px.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

/** Presses Tab until the focused element is the link or button with this name (at most 200 times). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => (document.activeElement?.textContent ?? '').replace(/\s+/g, ' ').trim());
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}" on ${page.url()}`);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('dues schedules', () => {
  const app = useBrowserApp();
  const publishedAt = async (day: string) =>
    (await app.server.deps.db.selectFrom('dues_schedules').select('published_at').where('effective_from', '=', day).executeTakeFirstOrThrow()).published_at;

  it('membership staff draft a version, fix its bands from the error summary and publish it through the confirmation, by keyboard', async () => {
    const year = new Date().getUTCFullYear() + 3;
    const day = `${year}-01-01`;
    const page = await app.newPage();
    await signIn(page, 'membership@example.org');
    await visit(page, '/staff/dues/new');
    expect(await page.getByText('Population bands for cities (needed when dues are set by population band)').count()).toBe(1);
    await page.getByLabel('Starts on').fill(day);
    await page.getByLabel('Population bands for cities').fill('');
    await tabTo(page, 'Create this version');
    await submit(page, () => page.keyboard.press('Enter'), { status: 400 });

    // The summary says what is wrong in a sentence, and its link takes focus to the field.
    const needed = 'Cities are priced by population band, so their bands are needed: write at least one band, or set “How dues are set” to “Contact us”.';
    expect(await page.locator('.error-summary a').allTextContents()).toEqual([needed]);
    await tabTo(page, needed);
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('f-bands_city');
    await page.keyboard.type('1 - 50,000: 650\n50,001 and over: 1,300');
    await tabTo(page, 'Create this version');
    await submit(page, () => page.keyboard.press('Enter'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Dues schedule from Jan 1, ${year}`);
    const draftPath = new URL(page.url()).pathname;

    // Publish leads to the confirmation; Cancel goes back and the version is still a draft.
    await tabTo(page, 'Publish this version');
    await submit(page, () => page.keyboard.press('Enter'));
    expect(new URL(page.url()).pathname).toBe(`${draftPath}/publish`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Publish the dues schedule from Jan 1, ${year}?`);
    const said = (await page.locator('main').textContent()) ?? '';
    expect(said).toContain(`Renewals of terms that start on or after Jan 1, ${year} pay these dues`);
    expect(said).toContain(`“New dues from Jan 1, ${year}”`);
    await tabTo(page, 'Cancel');
    await submit(page, () => page.keyboard.press('Enter'));
    expect(new URL(page.url()).pathname).toBe(draftPath);
    expect(await publishedAt(day)).toBeNull();

    // The confirmation on a phone: nothing sideways, axe clean.
    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, 'membership@example.org');
    await visit(phone, `${draftPath}/publish`);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

    // Publish, for real this time.
    await tabTo(page, 'Publish this version');
    await submit(page, () => page.keyboard.press('Enter'));
    await tabTo(page, 'Publish this version');
    await submit(page, () => page.keyboard.press('Enter'));
    expect(new URL(page.url()).pathname).toBe(draftPath);
    expect(await page.getByRole('status').textContent()).toContain('Published.');
    expect(await publishedAt(day)).not.toBeNull();

    const visitor = await app.newPage();
    await visit(visitor, '/dues');
    expect(await visitor.getByRole('heading', { name: `New dues from Jan 1, ${year}` }).count()).toBe(1);
  });
});

// News and stories (issue 18, C7) in the browser: communications staff write a story with an
// uploaded image (alt text), save it as a draft, make a preview link that another browser opens,
// then publish it; a visitor finds it on /news and reads it, at 1280 px and at 390 px, and the
// feed the list links to parses as XML in the browser. axe runs on every page reached.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { check, signIn, submit, visit } from './harness.js';

const TITLE = 'Riverside reopens its flood-proofed library';
const ALT = 'The library’s raised entrance with its flood barrier folded away';

describe('news and stories', () => {
  const app = useBrowserApp();

  it('staff write a story with an image, preview it and publish it; a visitor reads it on /news', async () => {
    // 1. Communications staff start a story, type its first lines, then upload its image: the
    //    upload does not leave the page, and the image's Markdown lands where the cursor was.
    const staff = await app.newPage();
    await signIn(staff, 'communications@example.org');
    await visit(staff, '/staff/news');
    await submit(staff, () => staff.getByRole('link', { name: 'Write a story' }).click());
    await staff.getByLabel('Title', { exact: true }).fill(TITLE);
    await staff.getByLabel('Summary').fill('Two years after the flood, the library reopens with its books a floor higher.');
    const story = staff.getByLabel('Story', { exact: true });
    await story.fill('The library reopened on Monday.\n\n## What changed\n\n- Shelving moved upstairs\n- A folding flood barrier at the door');
    await story.evaluate((t: HTMLTextAreaElement) => t.setSelectionRange(33, 33)); // after the first paragraph
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#2f6f8f' } })
      .png()
      .toBuffer();
    await staff.getByLabel('Image', { exact: true }).setInputFiles({ name: 'library.png', mimeType: 'image/png', buffer: png });
    await staff.getByLabel('Alt text').fill(ALT);
    const before = staff.url();
    await staff.getByRole('button', { name: 'Upload the image' }).click();
    await staff.getByRole('status').filter({ hasText: 'Image uploaded and added to the Story' }).waitFor();
    expect(staff.url()).toBe(before);
    await check(staff);
    const text = await story.inputValue();
    const markdown = /!\[[^\]]+\]\(\/media\/images\/[0-9a-f-]{36}\)/.exec(text)?.[0] ?? '';
    expect(markdown).toContain(ALT);
    expect(text).toBe(`The library reopened on Monday.\n\n${markdown}\n\n## What changed\n\n- Shelving moved upstairs\n- A folding flood barrier at the door`);
    expect(await staff.getByLabel('Title', { exact: true }).inputValue()).toBe(TITLE);

    // 2. The story, saved as a draft.
    await staff.getByLabel('Resilient').check();
    await submit(staff, () => staff.getByRole('button', { name: 'Save the story' }).click());
    expect(await staff.locator('.flash').textContent()).toContain('Saved as a draft');
    const storyId = new URL(staff.url()).pathname.split('/')[3] ?? '';
    expect(storyId).toMatch(/^[0-9a-f-]{36}$/);

    // 3. A preview link, opened by someone else: the draft in full, with its image.
    await submit(staff, () => staff.getByRole('button', { name: 'Make a preview link' }).click());
    const previewUrl = /https?:\/\/\S+\?preview=[A-Za-z0-9_-]+/.exec((await staff.locator('.flash').textContent()) ?? '')?.[0] ?? '';
    expect(previewUrl).toContain('/news/riverside-reopens-its-flood-proofed-library?preview=');
    const reviewer = await app.newPage();
    await visit(reviewer, new URL(previewUrl).pathname + new URL(previewUrl).search);
    expect(await reviewer.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    await reviewer.getByRole('img', { name: ALT }).waitFor();
    const visitor = await app.newPage();
    await visit(visitor, '/news/riverside-reopens-its-flood-proofed-library', { status: 404 });

    // 4. Published.
    await staff.getByLabel('State').selectOption('published');
    await submit(staff, () => staff.getByRole('button', { name: 'Save the story' }).click());
    expect(await staff.locator('.flash').textContent()).toContain('Published');
    expect(await staff.getByRole('table', { name: 'Revision history' }).locator('tbody tr').count()).toBe(2);

    // 5. A visitor finds it on /news (through the footer) and reads it.
    await visit(visitor, '/');
    await submit(visitor, () => visitor.getByRole('contentinfo').getByRole('link', { name: 'News and stories' }).click());
    await submit(visitor, () => visitor.getByRole('link', { name: TITLE }).click());
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    await visitor.getByRole('img', { name: ALT }).waitFor();
    expect(await visitor.getByRole('heading', { name: 'What changed' }).count()).toBe(1);
    expect(await visitor.locator('meta[property="og:title"]').getAttribute('content')).toBe(TITLE);

    // 6. The feed the list links to is XML the browser parses, with the story in it.
    await visit(visitor, '/news');
    const feed = await visitor.evaluate(async () => {
      const href = document.querySelector('link[rel="alternate"][type="application/atom+xml"]')?.getAttribute('href') ?? '';
      const doc = new DOMParser().parseFromString(await (await fetch(href)).text(), 'application/xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, titles: [...doc.querySelectorAll('entry > title')].map((t) => t.textContent) };
    });
    expect(feed.error).toBeNull();
    expect(feed.titles).toContain(TITLE);

    // 7. On a phone: the list and the story fit, and pass axe.
    const phone = await app.newPage({ width: 390, height: 844 });
    await visit(phone, '/news');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await submit(phone, () => phone.getByRole('link', { name: TITLE }).click());
    await phone.getByRole('img', { name: ALT }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await check(phone);
    const staffPhone = await app.newPage({ width: 390, height: 844 });
    await signIn(staffPhone, 'communications@example.org');
    await visit(staffPhone, `/staff/news/${storyId}`);
  });
});

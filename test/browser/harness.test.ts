// The accessibility check itself: it finds violations (so a journey's clean pass means something),
// both on a page whose context loaded axe as it opened and on a page that did not; it checks a
// document again whenever anything in it changed. And the browser it runs in: no hidden pages of
// Chromium's own.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, launchBrowser, newContext } from './harness.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const broken =
  '<!doctype html><html><head><title>t</title></head><body><main><h1>A form</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>';
const clean = '<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>A form</h1><label>Name <input type="text"></label></main></body></html>';

describe('check', () => {
  it('throws on every violation of a page, and passes a clean one', async () => {
    for (const context of [await newContext(browser, 'http://127.0.0.1'), await browser.newContext()]) {
      const page = await context.newPage();
      await page.setContent(broken);
      const error = await check(page).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      for (const rule of ['image-alt', 'label', 'html-has-lang']) expect(error).toContain(rule);
      await page.setContent(clean);
      await expect(check(page)).resolves.toBeUndefined();
      await context.close();
    }
  });

  it('does not run axe again on a document exactly like one found clean, and does on any change to it', async () => {
    const context = await newContext(browser, 'http://127.0.0.1');
    const page = await context.newPage();
    const unlabelled = clean.replace('<label>Name <input type="text"></label>', '<input type="text">');
    await page.setContent(clean.replace('A form', 'Another form'));
    await expect(check(page)).resolves.toBeUndefined();
    // from here on, running axe in this page is seen
    await page.evaluate(() => {
      (window as unknown as { axe: { run(): never } }).axe.run = () => {
        throw new Error('axe ran');
      };
    });
    await expect(check(page)).resolves.toBeUndefined();
    await page.getByRole('textbox', { name: 'Name' }).fill('typed');
    await expect(check(page)).rejects.toThrow('axe ran');
    await page.setContent(unlabelled.replace('A form', 'Another form'));
    await expect(check(page)).rejects.toThrow('axe ran');
    await context.close();
  });
});

describe('the browser', () => {
  it('has no pages of its own beside ours (the address bar popup Chromium draws as a web page, even headless)', async () => {
    const context = await newContext(browser, 'http://127.0.0.1');
    const page = await context.newPage();
    await page.setContent(clean);
    const cdp = await browser.newBrowserCDPSession();
    const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{}] })) as { targetInfos: Array<{ type: string; url: string }> };
    await cdp.detach();
    await context.close();
    expect(targetInfos.map((t) => t.type).sort()).toEqual(['page', 'tab']);
  });
});

// The accessibility check itself: it finds violations (so a journey's clean pass means something),
// both on a page whose context loaded axe as it opened and on a page that did not.
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
});

// One app and one Chromium per test file, started before its tests and stopped after them, with
// the browser contexts its tests opened: what every journey file used to write out by hand.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchBrowser, newContext, type RunningApp, startApp } from './harness.js';

export interface BrowserApp {
  readonly server: RunningApp;
  readonly browser: Browser;
  /** a page in a new browser context (its own cookies: one person), closed after the file */
  newPage(viewport?: { width?: number; height?: number }): Promise<Page>;
  /** a new browser context (one person, who may open several pages), closed after the file */
  newContext(viewport?: { width?: number; height?: number }): Promise<BrowserContext>;
}

export function useBrowserApp(): BrowserApp {
  let server: RunningApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([startApp({ template: inject('browserTemplate') }), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });
  const started = () => {
    if (!server || !browser) throw new Error('useBrowserApp: the app is not started yet (use it inside a test)');
    return { server, browser };
  };
  return {
    get server() {
      return started().server;
    },
    get browser() {
      return started().browser;
    },
    async newContext(viewport) {
      const s = started();
      const context = await newContext(s.browser, s.server.baseURL, viewport);
      contexts.push(context);
      return context;
    },
    async newPage(viewport) {
      return (await this.newContext(viewport)).newPage();
    },
  };
}

// One app per test file, started before its tests and stopped after them, with the browser
// contexts its tests opened: what every journey file used to write out by hand. The files of a
// worker (isolate: false) share one Chromium: a launch costs about 1.5 s of CPU, and a file's
// people each get a context of their own (cookies, storage), closed when the file is done.
// Playwright ends the browser as the worker exits.
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

let workerBrowser: Promise<Browser> | undefined;

/** The worker's Chromium, launched again if it is gone (a crash in an earlier file). */
async function sharedBrowser(): Promise<Browser> {
  const running = await workerBrowser?.catch(() => undefined);
  if (running?.isConnected()) return running;
  workerBrowser = launchBrowser();
  return workerBrowser;
}

export function useBrowserApp(): BrowserApp {
  let server: RunningApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([startApp({ template: inject('browserTemplate') }), sharedBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
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

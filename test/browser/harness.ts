// Browser test harness: the real app in-process (demo data, fresh temporary directory, free port),
// Debian's Chromium through playwright-core, and axe-core run on every page a test reaches.
import { cpSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AxeResults, RunOptions } from 'axe-core';
import * as OTPAuth from 'otpauth';
import { type Browser, type BrowserContext, chromium, type Page, type Response } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import { shiftedClock } from '../../src/lib/clock.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { startServer } from '../../src/server.js';

export { DEMO_PASSWORD };

export interface RunningApp {
  baseURL: string;
  /** the running app's dependencies, to check what a journey stored */
  deps: Deps;
  /** moves the app's clock forward (the system's time plus what was shifted): an event can start
   * and end without the test waiting for it */
  shiftClock(ms: number): void;
  close(): Promise<void>;
}

/** The environment the browser tests' app runs with, on this data directory. */
export function browserAppConfig(dataDir: string): Record<string, string | undefined> {
  return { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'development', DATABASE_URL: '', MAX_EVENT_LOOP_DELAY_MS: '0' };
}

/**
 * Starts the app with demo data in a fresh temporary directory on a free port. With `template` (the
 * migrated, demo-seeded data directory the browser project's global setup builds), the directory
 * starts as a copy of it, so the app finds the schema current and the demo loaded and does neither.
 */
export async function startApp(opts: { template?: string } = {}): Promise<RunningApp> {
  const dir = await mkdtemp(join(tmpdir(), 'civnet-browser-'));
  try {
    if (opts.template) cpSync(opts.template, dir, { recursive: true });
    const clock = shiftedClock();
    const { app, deps, database } = await startServer(loadConfig(browserAppConfig(dir)), { clock });
    const { port } = app.server.address() as AddressInfo;
    return {
      baseURL: `http://127.0.0.1:${port}`,
      deps,
      shiftClock: (ms) => clock.shift(ms),
      async close() {
        try {
          await app.close();
          await deps.jobs.stop();
          await database.close();
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

// Features switched off in the browser. Chromium 15x draws its address bar's suggestion popup as a
// web page of its own (chrome://omnibox-popup.top-chrome/, twice), even headless, in a renderer
// process for every window: each of our browser contexts paid about 1.2 s of CPU for pages nobody
// sees, a quarter of Chromium's time in a journey (harness.test.ts checks they stay away). Chromium
// reads one --disable-features, so the list repeats playwright-core's own (its chromiumSwitches).
const DISABLED_FEATURES = [
  ...['AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable', 'LensOverlay', 'MediaRouter'],
  ...['PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect', 'TcpPortRandomizationWin', 'OptimizationHints'],
  ...['NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch'],
  ...['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'],
];

/** Debian's Chromium; never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      ...['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      `--disable-features=${DISABLED_FEATURES.join(',')}`,
    ],
  });
}

/** axe-core's browser build, read once per test file. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A browser context whose every page has axe-core loaded as it opens (an init script, which the
 * pages' Content-Security-Policy does not apply to), so `check` need not send it again. */
export async function newContext(browser: Browser, baseURL: string, opts: { width?: number; height?: number } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 } });
  await context.addInitScript({ content: axeSource });
  return context;
}

// WCAG 2.0–2.2 A and AA, and axe's best practices (headings in order, landmarks named apart…).
const AXE_OPTIONS: RunOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] };

/**
 * What axe's answer depends on, as a short digest: the document as it stands (its markup, and what
 * has been typed or chosen in its fields) and the viewport's size. The hidden fields' values are
 * left out: the CSRF token differs on every copy of a page and nobody sees it. The stylesheets are
 * the run's own, the same for every page.
 */
const documentDigest = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    for (const input of copy.querySelectorAll('input[type="hidden"]')) input.removeAttribute('value');
    const fields = [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')]
      .map((f) => (f instanceof HTMLInputElement && (f.type === 'checkbox' || f.type === 'radio') ? String(f.checked) : f.type === 'hidden' ? '' : f.value))
      .join('\u0000');
    const text = `${window.innerWidth}x${window.innerHeight}\u0000${copy.outerHTML}\u0000${fields}`;
    // cyrb53 twice over, with two seeds: 106 bits, for the few thousand documents of a run. (No
    // named function in here: tsx, which runs test/browser/screenshots.ts, would wrap it in a
    // `__name` helper that the page does not have.)
    const [first, second] = [1, 2].map((seed) => {
      let h1 = 0xdeadbeef ^ seed;
      let h2 = 0x41c6ce57 ^ seed;
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ ch, 2654435761);
        h2 = Math.imul(h2 ^ ch, 1597334677);
      }
      h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
      h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
      return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
    });
    return `${text.length}:${first}:${second}`;
  });

/** Documents axe found clean in this worker. A journey comes back to the same page again and again
 * (the sign-in form about a hundred times a run): the same document at the same size gets the same
 * answer, so it is checked once, and any change to it (a message, a typed value) is checked anew. */
const passed = new Set<string>();

/** Runs axe (WCAG 2.0–2.2 A and AA and best practices) on the page and throws, listing every violation, if any is found.
 * A document exactly like one already found clean (documentDigest) is not checked again. */
export async function check(page: Page): Promise<void> {
  const digest = await documentDigest(page);
  if (passed.has(digest)) return;
  await runAxe(page);
  passed.add(digest);
}

async function runAxe(page: Page): Promise<void> {
  // axe runs in the page, on the copy the context's init script loaded (a page from a context not
  // made by newContext gets it here). @axe-core/playwright sent its 550 kB source with every run:
  // 1.1–2.2 s a page instead of 0.1–0.5 s, most of the browser suite's time.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (options) => (window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResults> } }).axe.run(document, options),
    AXE_OPTIONS,
  );
  if (results.violations.length === 0) return;
  const lines = results.violations.map((v) => {
    const nodes = v.nodes.map((n) => `    - ${n.target.map(String).join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`);
    return `  ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}\n    ${v.helpUrl}\n${nodes.join('\n')}`;
  });
  throw new Error(`Accessibility violations on ${page.url()}:\n${lines.join('\n')}`);
}

function expectStatus(page: Page, response: Response | null, status: number | undefined): Response {
  if (!response) throw new Error(`No response for navigation to ${page.url()}`);
  if (status !== undefined && response.status() !== status) {
    throw new Error(`Expected HTTP ${status} for ${page.url()}, got ${response.status()}`);
  }
  return response;
}

/** Opens a page by address, checks its final HTTP status (200 unless told) and runs axe on it. */
export async function visit(page: Page, url: string, opts: { status?: number } = {}): Promise<Response> {
  const response = expectStatus(page, await page.goto(url), opts.status ?? 200);
  await check(page);
  return response;
}

/**
 * Performs an action that navigates (submitting a form, following a link), waits for the new page,
 * checks its final HTTP status (after redirects; 200 unless told) and runs axe on it.
 */
export async function submit(page: Page, action: () => Promise<unknown>, opts: { status?: number } = {}): Promise<Response> {
  const [response] = await Promise.all([page.waitForNavigation(), action()]);
  const res = expectStatus(page, response, opts.status ?? 200);
  await check(page);
  return res;
}

/** Signs in through the form at /login and checks that the navigation shows "Sign out". */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await visit(page, '/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await submit(page, () => page.getByRole('button', { name: 'Sign in' }).click());
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The current code of an authenticator app holding this base32 secret. */
export function totpCode(secret: string): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
}

/**
 * Signs in as a staff admin who has no second factor yet: the app sends them to /account/2fa,
 * where this reads the secret, submits the current code and returns the recovery codes shown.
 */
export async function signInAndEnrollTotp(page: Page, email: string, password = DEMO_PASSWORD): Promise<string[]> {
  await signIn(page, email, password);
  // Signing in sends an admin without a second factor straight to enrollment.
  if (new URL(page.url()).pathname !== '/account/2fa') throw new Error(`Expected to be sent to /account/2fa, got ${page.url()}`);
  const secret = (await page.locator('code.secret').textContent())?.trim() ?? '';
  if (!/^[A-Z2-7]+=*$/.test(secret)) throw new Error(`No two-factor secret on the page (found "${secret}")`);
  await page.getByLabel('Code from your app').fill(totpCode(secret));
  await submit(page, () => page.getByRole('button', { name: 'Turn on' }).click());
  await page.getByRole('heading', { level: 1, name: 'Two-factor sign-in is on' }).waitFor();
  return (await page.locator('main ul code').allTextContents()).map((c) => c.trim());
}

export interface Email {
  subject: string;
  text: string;
  /** the path and query of every link in the message, to visit on the test's own origin */
  paths: string[];
}

/** The newest email to an address (optionally with a subject that matches), read from the outbox
 * the way the development mailbox keeps it, so that a journey can follow its links. */
export async function latestEmail(server: RunningApp, to: string, subject?: RegExp): Promise<Email> {
  const rows = await server.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', to).orderBy('created_at', 'desc').limit(50).execute();
  const row = rows.find((r) => !subject || subject.test(r.subject));
  if (!row) throw new Error(`no email to ${to}${subject ? ` with a subject like ${subject}` : ''}`);
  const paths = [...row.body_text.matchAll(/https?:\/\/[^\s<>"')]+/g)].map((m) => {
    const u = new URL(m[0]);
    return `${u.pathname}${u.search}`;
  });
  return { subject: row.subject, text: row.body_text, paths };
}

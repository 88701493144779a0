// Screenshots for the documentation: `npx tsx test/browser/screenshots.ts` starts the app with demo
// data (as the browser tests do) and writes PNGs into docs/screenshots/: each page at 1280x900
// (`name.png`) and as a phone shows it, 390x844 (`name-390.png`). `SHOTS=sponsorship,api-tokens`
// writes only the screenshots named (the journey still walks every page).
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext, type RunningApp, signIn, signInAndEnrollTotp, startApp, visit } from './harness.js';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const VIEWPORT = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const ONLY = process.env.SHOTS ? new Set(process.env.SHOTS.split(',').map((n) => n.trim())) : null;

/** The page at desktop width, then at phone width (the layout reflows; no reload needed). */
async function shoot(page: Page, name: string): Promise<void> {
  if (ONLY && !ONLY.has(name)) return;
  for (const [size, suffix] of [
    [VIEWPORT, ''],
    [PHONE, '-390'],
  ] as const) {
    await page.setViewportSize(size);
    const path = `${OUT}${name}${suffix}.png`;
    await page.screenshot({ path, type: 'png', animations: 'disabled', caret: 'hide' });
    console.log(`wrote ${path}`);
  }
  await page.setViewportSize(VIEWPORT);
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  let server: RunningApp | undefined;
  let browser: Browser | undefined;
  try {
    [server, browser] = await Promise.all([startApp(), launchBrowser()]);

    const visitor = await (await newContext(browser, server.baseURL, VIEWPORT)).newPage();
    await visit(visitor, '/');
    await shoot(visitor, 'home');
    await visit(visitor, '/login');
    await shoot(visitor, 'login');
    await visit(visitor, '/network');
    await shoot(visitor, 'network');
    await visit(visitor, '/dues?entityType=city&population=75000');
    await shoot(visitor, 'dues');
    await visit(visitor, '/join');
    await shoot(visitor, 'join');
    await visit(visitor, '/apply');
    await shoot(visitor, 'apply');
    await visitor
      .getByRole('button', { name: /submit|send|apply/i })
      .last()
      .click();
    await visitor.waitForLoadState('load');
    await shoot(visitor, 'apply-errors');
    await visit(visitor, '/join/individual');
    await shoot(visitor, 'join-individual');
    await visit(visitor, '/events');
    await shoot(visitor, 'events');
    await visit(visitor, '/events/annual-conference');
    await shoot(visitor, 'event');
    await visit(visitor, '/partners/sponsorship');
    await shoot(visitor, 'sponsorship');
    await visit(visitor, '/commitments/resilient-communities-for-america');
    await shoot(visitor, 'commitments');
    await visit(visitor, '/challenges/springfield-green-business');
    await shoot(visitor, 'challenge-leaderboard');

    const org = await (await newContext(browser, server.baseURL, VIEWPORT)).newPage();
    await signIn(org, 'orgadmin@example.org');
    await visit(org, '/org');
    await shoot(org, 'org-home');
    await visit(org, '/account');
    await shoot(org, 'account');
    await visit(org, '/org/invoices');
    await org.locator('a[href^="/invoices/"]').first().click();
    await org.waitForLoadState('load');
    await shoot(org, 'invoice');

    const member = await (await newContext(browser, server.baseURL, VIEWPORT)).newPage();
    await signIn(member, 'manager@example.org');
    await visit(member, '/directory?q=Dana');
    await shoot(member, 'directory');
    await visit(member, '/me');
    await shoot(member, 'me');
    await visit(member, '/events/annual-conference/register');
    await shoot(member, 'event-register');
    await visit(member, '/account/tokens');
    await shoot(member, 'api-tokens');

    const staff = await (await newContext(browser, server.baseURL, VIEWPORT)).newPage();
    await signIn(staff, 'membership@example.org');
    await visit(staff, '/staff');
    await shoot(staff, 'staff');
    await visit(staff, '/staff/applications');
    await shoot(staff, 'applications');
    await visit(staff, '/staff/assistance');
    await shoot(staff, 'assistance');
    await visit(staff, '/staff/organizations?q=spr');
    await shoot(staff, 'organizations');
    await staff.getByRole('link', { name: 'City of Springfield', exact: true }).first().click();
    await staff.waitForLoadState('load');
    await shoot(staff, 'organization-record');
    await visit(staff, '/staff/renewals');
    await shoot(staff, 'renewals');
    await visit(staff, '/staff/people?q=jordan');
    await shoot(staff, 'people');

    const finance = await (await newContext(browser, server.baseURL, VIEWPORT)).newPage();
    await signIn(finance, 'finance@example.org');
    await visit(finance, '/staff/receivables');
    await shoot(finance, 'receivables');

    const admin = await (await newContext(browser, server.baseURL, VIEWPORT)).newPage();
    await signInAndEnrollTotp(admin, 'admin@example.org');
    await visit(admin, '/staff/audit');
    await shoot(admin, 'audit');
  } finally {
    await browser?.close();
    await server?.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

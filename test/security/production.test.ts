// Finding 1 of issue 11: `NODE_ENV=production npm start` on a fresh database loaded the demo
// accounts, whose password is printed in the README; anyone could sign in as the staff admin.
// Now production never loads demo data, refuses a database that holds it, and the first staff admin
// is made out of band with `civnet admin create` and a one-time link.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createStaffAdmin, createUser, currentTotpCode } from '../../src/modules/accounts/index.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { startServer } from '../../src/server.js';
import { migratedDataDir } from '../db.js';
import { createTestContext, TestClient } from '../helpers.js';

// A new deployment's data directory: migrated (loaded from the suite's template), nothing in it.
const dirs: Array<{ remove(): Promise<void> }> = [];
const freshDir = async () => {
  const made = await migratedDataDir(inject('dbTemplate'), 'civnet-prod-');
  dirs.push(made);
  return made.dir;
};
afterAll(async () => {
  for (const d of dirs) await d.remove();
});

const env = (dir: string, extra: Record<string, string> = {}) => ({
  NODE_ENV: 'production',
  DATA_DIR: dir,
  DATABASE_URL: '',
  PUBLIC_URL: 'https://civnet.example',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  JOBS: 'false',
  // not a test of shedding load (test/overload.test.ts is): on a busy CI machine the event loop can
  // fall 2 s behind, and a 503 would fail a test about something else
  MAX_EVENT_LOOP_DELAY_MS: '0',
  ...extra,
});

/** Runs the real server start on a data directory, and stops it after `use`. */
async function withServer<T>(config: Record<string, string>, use: (client: () => TestClient) => Promise<T>): Promise<T> {
  const { app, deps, database } = await startServer(loadConfig(config));
  try {
    return await use(() => new TestClient(app));
  } finally {
    await app.close();
    await deps.jobs.stop();
    await database.close();
  }
}

const civnet = (args: string[], vars: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/civnet.js', ...args], { env: { ...process.env, ...vars }, encoding: 'utf8', timeout: 60_000 });

const DEMO_EMAILS = ['admin@example.org', 'membership@example.org', 'finance@example.org', 'orgadmin@example.org', 'member@example.org'];

describe('1. A production start loads the demo data', () => {
  it('production never loads demo data: SEED_DEMO defaults to false there and true is refused in one line', () => {
    expect(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://civnet.example' }).SEED_DEMO).toBe(false);
    expect(loadConfig({}).SEED_DEMO).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://civnet.example', SEED_DEMO: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://civnet.example', SEED_DEMO: 'true' })).toThrow(/^Invalid configuration: SEED_DEMO /);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/^Invalid configuration: PUBLIC_URL is required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'http://civnet.example' })).toThrow(/^Invalid configuration: PUBLIC_URL must start with https:/);
  });

  it('a production start on a fresh data directory: the demo passwords sign nobody in', async () => {
    const dir = await freshDir();
    await withServer(env(dir), async (client) => {
      for (const email of DEMO_EMAILS) {
        const res = await client().postForm('/login', { email, password: DEMO_PASSWORD });
        expect(res.statusCode, email).toBe(401);
      }
    });
  }, 120_000);

  it('a production start on a database that holds the demo accounts refuses, in one line naming the fix', async () => {
    const dir = await freshDir();
    const seeded = civnet(['seed'], { DATA_DIR: dir, DATABASE_URL: '', NODE_ENV: 'development' });
    expect(seeded.status).toBe(0);
    await expect(startServer(loadConfig(env(dir)))).rejects.toThrow(/holds the demo accounts .* Start on a new database/);
    const run = civnet(['serve'], env(dir));
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^This database holds the demo accounts \(admin@example\.org, .*civnet admin create/)]);
    // and demo data cannot be loaded into a production database either
    const refused = civnet(['seed'], env(await freshDir()));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('refused in production');
  }, 120_000);

  it('civnet admin create → one-time link → password and two-factor sign-in → /staff works', async () => {
    const dir = await freshDir();
    const made = civnet(['admin', 'create', '--email', 'ada@city.example', '--name', 'Ada Whitfield'], env(dir));
    expect(made.status).toBe(0);
    const link = /https:\/\/civnet\.example(\/account\/setup\?token=[\w-]+)/.exec(made.stdout)?.[1];
    expect(link).toBeTruthy();
    expect(made.stdout).toContain('expires in 24 hours');
    await withServer(env(dir), async (client) => {
      const c = client();
      // Nobody can sign in as the new admin before the link is used: there is no password yet.
      expect((await client().postForm('/login', { email: 'ada@city.example', password: DEMO_PASSWORD })).statusCode).toBe(401);
      const page = await c.get(link ?? '');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Set up your staff admin account');
      const weak = await c.postForm('/account/setup', { token: new URL(`https://x${link}`).searchParams.get('token') ?? '', password: 'short' });
      expect(weak.statusCode).toBe(400);
      const token = new URL(`https://x${link}`).searchParams.get('token') ?? '';
      const saved = await c.postForm('/account/setup', { token, password: 'harbour lantern copper thistle' });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe('/account/2fa');
      // Staff tools wait for two-factor sign-in.
      expect((await c.get('/staff')).headers.location).toBe('/account/2fa');
      const setup = await c.get('/account/2fa');
      const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(setup.body)?.[1] ?? '';
      expect(secret).not.toBe('');
      const enabled = await c.postForm('/account/2fa', { code: currentTotpCode(secret, new Date()) });
      expect(enabled.statusCode).toBe(200);
      expect(enabled.body).toContain('Two-factor sign-in is on');
      const staff = await c.get('/staff');
      expect(staff.statusCode).toBe(200);
      expect(staff.body).toContain('Staff area');
      expect(staff.body).not.toContain('/dev/mailbox');
      // The fresh deployment's profile can be saved (it did not exist).
      const settings = await c.postForm('/staff/settings', {
        name: 'Association of Example Cities',
        short_name: 'AEC',
        contact_email: 'info@city.example',
        founded_year: '1990',
        membership_year_start_month: '7',
      });
      expect(settings.statusCode).toBe(303);
      // The link worked once.
      expect((await client().get(link ?? '')).statusCode).toBe(400);
      expect((await client().postForm('/account/setup', { token, password: 'another long passphrase here' })).statusCode).toBe(400);
    });
  }, 120_000);

  it('the set-up link expires after 24 hours, and an address that belongs to someone else is refused', async () => {
    const ctx = await createTestContext();
    try {
      const admin = await createStaffAdmin(ctx.deps, { email: 'late@city.example', name: 'Late Admin' });
      ctx.clock.advance(24 * 3_600_000 + 1_000);
      const path = new URL(admin.url).pathname + new URL(admin.url).search;
      expect((await ctx.client().get(path)).statusCode).toBe(400);
      // Running it again gives a new link (the old one stays dead).
      const again = await createStaffAdmin(ctx.deps, { email: 'late@city.example', name: 'Late Admin' });
      expect((await ctx.client().get(new URL(again.url).pathname + new URL(again.url).search)).statusCode).toBe(200);
      await createUser(ctx.deps, { email: 'taken@city.example', name: 'Someone', password: 'someone else entirely' });
      await expect(createStaffAdmin(ctx.deps, { email: 'taken@city.example', name: 'Mallory' })).rejects.toThrow(/already an account/);
    } finally {
      await ctx.close();
    }
  });
});

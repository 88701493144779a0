// Test harness: an app on its own database per test file, a movable clock, and an HTTP client
// with a cookie jar that speaks to the app through `inject()` (real routing, hooks and plugins).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Insertable } from 'kysely';
import { inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { GlobalRole, OrganizationsTable, OrgRole } from '../src/db/types.js';
import { createDeps, type Deps } from '../src/deps.js';
import { type Clock, fixedClock } from '../src/lib/clock.js';
import { dayIn } from '../src/lib/today.js';
import { createUser, currentTotpCode, EMAIL_LINKS_QUEUE } from '../src/modules/accounts/index.js';
import { wireModules } from '../src/modules/index.js';
import { createTestDatabase } from './db.js';

export const PASSWORD = 'a long test passphrase';
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** The test association's time zone: "today" in the app is the day there. */
export const TEST_TIME_ZONE = 'America/New_York';
/** Today ('YYYY-MM-DD') in the test association's time zone, by the test clock. */
export const todayThere = (ctx: { clock: Clock }): string => dayIn(ctx.clock.now(), TEST_TIME_ZONE);
/** The day `days` after (before, when negative) today in the test association's time zone. */
export const dayFromToday = (ctx: { clock: Clock }, days: number): string => new Date(Date.parse(`${todayThere(ctx)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export interface TestContext {
  app: FastifyInstance;
  deps: Deps;
  clock: ReturnType<typeof fixedClock>;
  client(): TestClient;
  close(): Promise<void>;
}

export async function createTestContext(
  opts: {
    env?: Record<string, string>;
    startJobs?: boolean;
    extraRoutes?: (app: FastifyInstance) => void /** receives the log lines (with env LOG_LEVEL) */;
    logStream?: { write(line: string): unknown };
    /** a database instance of its own (see createTestDatabase) */
    freshDatabase?: boolean;
    /** PGlite: how long the connection's holder may sit idle while others wait (see createTestDatabase) */
    idleHoldMs?: number;
    /** PGlite: without the guard that refuses a root-handle query inside a transaction at once, as in production */
    unguarded?: boolean;
  } = {},
): Promise<TestContext> {
  const { database, drop } = await createTestDatabase(inject('dbTemplate'), { fresh: opts.freshDatabase, idleHoldMs: opts.idleHoldMs, unguarded: opts.unguarded });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    // production requires an https:// address (its cookies are Secure)
    PUBLIC_URL: opts.env?.NODE_ENV === 'production' ? 'https://civnet.test' : 'http://civnet.test',
    RATE_LIMIT_SIGNIN_PER_MINUTE: '10000',
    // Several apps share a worker here; one's start-up must not make another answer 503.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    ...opts.env,
  });
  // CIVNET_TEST_NOW starts every test clock at another moment than now (the evening in the
  // Americas, when the association's day and UTC's differ: CIVNET_TEST_NOW=2026-12-04T02:30:00Z)
  const clock = fixedClock(process.env.CIVNET_TEST_NOW ? new Date(process.env.CIVNET_TEST_NOW) : new Date());
  const deps = createDeps(config, database, clock, { wire: wireModules, pollingIntervalSeconds: 0.5 });
  await deps.db
    .insertInto('association')
    .values({
      id: 1,
      name: 'Test Association',
      short_name: 'TA',
      contact_email: 'info@test.example',
      phone: '',
      address: '',
      website: '',
      founded_year: 1991,
      time_zone: TEST_TIME_ZONE,
      membership_year_start_month: 1,
      updated_at: clock.now(),
    })
    .execute();
  await deps.jobs.start({ work: opts.startJobs ?? false });
  const app = await buildApp(deps, { extraRoutes: opts.extraRoutes, logStream: opts.logStream });
  await app.ready();
  return {
    app,
    deps,
    clock,
    client: () => new TestClient(app),
    async close() {
      await app.close();
      await deps.jobs.stop();
      await drop();
    },
  };
}

type Body = Record<string, string | undefined>;

export class TestClient {
  readonly cookies = new Map<string, string>();
  private csrfToken: string | null = null;
  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as Array<{ name: string; value: string; expires?: Date; maxAge?: number }>) {
      if (c.value === '' || (c.expires && c.expires.getTime() <= Date.now()) || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, opts: { headers?: Record<string, string>; payload?: string | Buffer | object } = {}) {
    const cookie = this.cookieHeader();
    const res = await this.app.inject({ method, url, headers: { ...(cookie ? { cookie } : {}), ...opts.headers }, payload: opts.payload as string | undefined });
    return this.remember(res);
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request('GET', url, { headers: { accept: 'text/html', ...headers } });
  }

  getJson(url: string) {
    return this.request('GET', url, { headers: { accept: 'application/json' } });
  }

  /** A CSRF token for this client's cookie, read from a form the way a browser would. */
  async csrf(): Promise<string> {
    if (this.csrfToken && this.cookies.has('csrf')) return this.csrfToken;
    const res = await this.get('/login');
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!match?.[1]) throw new Error(`no CSRF token on /login (${res.statusCode}: ${res.body.slice(0, 200)})`);
    this.csrfToken = match[1];
    return this.csrfToken;
  }

  async postForm(url: string, body: Body, opts: { csrf?: boolean } = {}) {
    const form = new URLSearchParams();
    if (opts.csrf !== false) form.set('_csrf', await this.csrf());
    for (const [k, v] of Object.entries(body)) if (v !== undefined) form.set(k, v);
    return this.request('POST', url, { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: form.toString() });
  }

  /** A multipart form post as a browser sends it: `_csrf` first, then the fields, then the files. */
  async postMultipart(url: string, fields: Body, files: Array<{ field?: string; filename: string; type: string; content: Buffer }> = [], opts: { csrf?: boolean } = {}) {
    const boundary = `----civnet${Math.random().toString(36).slice(2)}`;
    const chunks: Buffer[] = [];
    const part = (headers: string, content: Buffer | string) => chunks.push(Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n'));
    const entries = Object.entries(opts.csrf === false ? fields : { _csrf: await this.csrf(), ...fields });
    for (const [k, v] of entries) if (v !== undefined) part(`Content-Disposition: form-data; name="${k}"`, v);
    for (const f of files) part(`Content-Disposition: form-data; name="${f.field ?? 'attachments'}"; filename="${f.filename}"\r\nContent-Type: ${f.type}`, f.content);
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return this.request('POST', url, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html' }, payload: Buffer.concat(chunks) });
  }

  async sendJson(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body: unknown, opts: { csrf?: boolean } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (opts.csrf !== false) headers['x-csrf-token'] = await this.csrf();
    return this.request(method, url, { headers, payload: JSON.stringify(body) });
  }

  /** Signs in; with a TOTP secret, also passes the second step (advancing the clock so that
   * each sign-in gets a fresh code). */
  async signIn(email: string, password = PASSWORD, totp?: { secret: string; clock: { now(): Date; advance(ms: number): void } }) {
    const res = await this.postForm('/login', { email, password });
    if (res.statusCode !== 303) throw new Error(`sign-in of ${email} failed with ${res.statusCode}`);
    if (res.headers.location?.toString().startsWith('/login/2fa')) {
      if (!totp) throw new Error(`${email} needs a second factor`);
      totp.clock.advance(30_000);
      const second = await this.postForm('/login/2fa', { code: currentTotpCode(totp.secret, totp.clock.now()) });
      if (second.statusCode !== 303) throw new Error(`second factor of ${email} failed with ${second.statusCode}`);
      return second;
    }
    return res;
  }
}

let counter = 0;
export const uniqueEmail = (prefix = 'user') => `${prefix}-${Date.now().toString(36)}-${++counter}@test.example`;

/** An account (through the accounts module), with global roles and (optionally) a seat at an
 * organization; a staff admin gets a known TOTP secret. More factories are in `test/factories/`. */
export async function createAccount(
  ctx: Pick<TestContext, 'deps'>,
  opts: { roles?: GlobalRole[]; org?: { role: OrgRole; organizationId?: string }; email?: string; name?: string; password?: string; totpSecret?: string } = {},
) {
  const email = opts.email ?? uniqueEmail(opts.roles?.[0] ?? opts.org?.role ?? 'user');
  const id = await createUser(ctx.deps, { email, name: opts.name ?? 'Test Person', password: opts.password ?? PASSWORD, roles: opts.roles });
  // Staff admins must have two-factor on; give them a known secret so tests can sign in.
  const totpSecret = opts.totpSecret ?? (opts.roles?.includes('admin') ? TEST_TOTP_SECRET : undefined);
  if (totpSecret) await ctx.deps.db.updateTable('users').set({ totp_secret: totpSecret, totp_enabled_at: ctx.deps.clock.now() }).where('id', '=', id).execute();
  let organizationId = opts.org?.organizationId;
  if (opts.org) {
    organizationId ??= await createOrganization(ctx);
    await ctx.deps.db.insertInto('organization_contacts').values({ organization_id: organizationId, user_id: id, role: opts.org.role }).execute();
  }
  return { id, email, organizationId, totpSecret };
}

export async function createOrganization(ctx: Pick<TestContext, 'deps'>, opts: { name?: string; state?: string; population?: number } = {}): Promise<string> {
  return (await insertOrganization(ctx, opts)).id;
}

/** An organization row, active by default (a city in Colorado of 50,000 people); `anOrganization`
 * in `test/factories/` is the way tests call it. */
export async function insertOrganization(ctx: Pick<TestContext, 'deps'>, overrides: Partial<Insertable<OrganizationsTable>> = {}) {
  const n = ++counter;
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return ctx.deps.db
    .insertInto('organizations')
    .values({
      slug: `test-org-${Date.now().toString(36)}-${n}`,
      name: `Test City ${n}`,
      entity_type: 'city',
      state: 'CO',
      population: 50_000,
      status: 'active',
      ...given,
    })
    .returning(['id', 'slug', 'name'])
    .executeTakeFirstOrThrow();
}

/** The first link in the newest message to this address (of this template), from the outbox. */
export async function latestLinkTo(ctx: Pick<TestContext, 'deps'>, email: string, template?: string): Promise<string> {
  // Reset and sign-in links are written by a queued job (the answer must not depend on the account).
  await ctx.deps.jobs.drain(EMAIL_LINKS_QUEUE);
  let q = ctx.deps.db.selectFrom('outbox').select('body_text').where('to_address', '=', email);
  if (template) q = q.where('template', '=', template);
  // The test clock stands still: two emails at one moment have no order, and which one the
  // database returns first differs between engines. Say so rather than pick one by chance.
  const [msg, before] = await q.select('created_at').orderBy('created_at', 'desc').limit(2).execute();
  const link = msg ? /https?:\/\/\S+/.exec(msg.body_text)?.[0] : undefined;
  if (!link) throw new Error(`no link in mail to ${email}`);
  if (before && before.created_at.getTime() === msg?.created_at.getTime() && /https?:\/\/\S+/.exec(before.body_text)?.[0] !== link)
    throw new Error(`two emails with links to ${email} at one moment of the test clock: advance the clock between them`);
  return link;
}

/** path and query of an absolute URL, for `inject`. */
export const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** Resolves the next time `channel` changes for `deps` (deps.changes: this process's notify, or
 * another's through LISTEN/NOTIFY). */
export const nextChange = (deps: Pick<Deps, 'changes'>, channel: string): Promise<void> =>
  new Promise<void>((resolve) => {
    const off = deps.changes.on(channel, () => {
      off();
      resolve();
    });
  });

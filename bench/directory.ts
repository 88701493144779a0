// `npm run bench` (after the renewal run), or `npx tsx bench/directory.ts`: Who's Who name search
// with a typo over HTTP, on PostgreSQL with the national data set (`seed --scale 20000`: 100,000
// people, each an individual member with a profile). It creates a fresh database (through the admin
// connection BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), migrates and
// loads it, starts Civnet and a bare Fastify hello-world in child processes, signs in as the demo
// member, and times sequential requests (one at a time, keep-alive): p50, p95 and p99, next to the
// hello-world's in the same run. Then it prints the EXPLAIN (ANALYZE, BUFFERS) plan of the search
// statement and drops the database. The budget is p95 under 30 ms; timings never go into tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { directoryQuerySql } from '../src/modules/directory/search.js';
import { DEMO_PASSWORD } from '../src/seed/demo.js';
import { seedScale } from '../src/seed/scale/index.js';

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return n;
}

const ORGANIZATIONS = positiveInt('BENCH_DIRECTORY_ORGS', 20_000);
const REQUESTS = positiveInt('BENCH_DIRECTORY_REQUESTS', 1_000);
const WARMUP = 100;
const BUDGET_P95_MS = 30;
/** Names of the generated data set, each with a typo, and the name that must be among the first five answers. */
const QUERIES: Array<[typo: string, expected: string]> = [
  ['Micheal Jonson', 'Michael Johnson'],
  ['Jenifer Garsia', 'Jennifer Garcia'],
  ['Wiliam Tompson', 'William Thompson'],
  ['Elizabet Martines', 'Elizabeth Martinez'],
  ['Kimberley Andersen', 'Kimberly Anderson'],
  ['Stephenie Robinsen', 'Stephanie Robinson'],
];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const adminUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const shown = (url: string) => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};
const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

interface Child {
  port: number;
  stop(): Promise<void>;
}

function startChild(script: string, env: NodeJS.ProcessEnv): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-10_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 120 s\n${output}`)), 120_000);
    child.on('message', (msg: unknown) => {
      const port = (msg as { port?: unknown } | null)?.port;
      if (typeof port !== 'number') return;
      clearTimeout(timer);
      resolve({ port, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (code ${code})\n${output}`));
    });
  });
}

/** Signs in through the form, as a browser does; returns the Cookie header of the session. */
async function signIn(base: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${base}/login`, { headers: { accept: 'text/html' } });
  keep(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('no CSRF token on /login');
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(), accept: 'text/html' },
    body: new URLSearchParams({ _csrf: token, email, password: DEMO_PASSWORD }).toString(),
  });
  await res.arrayBuffer();
  if (res.status !== 303) throw new Error(`sign-in of ${email} answered ${res.status}`);
  keep(res);
  return cookie();
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** Sequential requests (the next one starts when the last answer is read): latency quantiles in ms. */
async function time(urls: string[], headers: Record<string, string>, count: number): Promise<{ p50: number; p95: number; p99: number; max: number }> {
  const one = async (url: string) => {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < WARMUP; i++) await one(urls[i % urls.length] as string);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await one(urls[i % urls.length] as string));
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), p99: quantile(samples, 0.99), max: samples[samples.length - 1] ?? Number.NaN };
}

const ms = (x: number) => x.toFixed(1).padStart(6);

async function main(): Promise<number> {
  try {
    await admin('select 1');
  } catch (err) {
    console.log(`Directory bench: skipped, PostgreSQL is not reachable at ${shown(adminUrl)} (${err instanceof Error ? err.message : String(err)}).`);
    return 0;
  }
  const name = `civnet_bench_directory_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(adminUrl, name);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'civnet-bench-directory-'));
  await admin(`create database ${name}`);
  let database: Database | null = null;
  const children: Child[] = [];
  const cleanup = async () => {
    for (const c of children.splice(0)) await c.stop().catch(() => {});
    await database?.close().catch(() => {});
    database = null;
    await admin(`drop database if exists ${name} with (force)`);
    await rm(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });
  try {
    const started = Date.now();
    const db = openPostgres(url, 4);
    database = db;
    await migrate(db);
    const loaded = await seedScale(db, { organizations: ORGANIZATIONS, seed: 1 });
    const counts = await sql<{ people: number; listed: number }>`
      select count(*)::int as people, count(*) filter (where p.listed)::int as listed
      from individual_memberships im join member_profiles p on p.user_id = im.user_id where im.status = 'active'`.execute(db.db);
    const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db.db);
    console.log(
      `\nDirectory bench: ${counts.rows[0]?.people.toLocaleString('en-US')} individual members (${counts.rows[0]?.listed.toLocaleString('en-US')} listed) from ` +
        `${(loaded?.organizations ?? 0).toLocaleString('en-US')} organizations, PostgreSQL ${version.rows[0]?.v ?? '?'}, ${os.cpus().length} CPUs ` +
        `(set up in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );

    const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development', LOG_LEVEL: 'silent' };
    const civnet = await startChild('bench/servers/civnet.ts', { ...env, BENCH_DATABASE_URL: url, BENCH_DATA_DIR: dataDir });
    children.push(civnet);
    const hello = await startChild('bench/servers/hello-world.ts', env);
    children.push(hello);
    const base = `http://127.0.0.1:${civnet.port}`;
    const cookie = await signIn(base, 'member@example.org');

    // The answers must be right before they are timed.
    for (const [typo, expected] of QUERIES) {
      const res = await fetch(`${base}/api/v1/directory?q=${encodeURIComponent(typo)}`, { headers: { cookie, accept: 'application/json' } });
      const body = (await res.json()) as { total?: number; results?: Array<{ name: string }> };
      if (res.status !== 200 || !body.results?.slice(0, 5).some((r) => r.name === expected)) {
        console.error(`Directory bench: FAILED, "${typo}" answered ${res.status} with ${JSON.stringify(body).slice(0, 300)}`);
        return 1;
      }
    }

    const apiUrls = QUERIES.map(([typo]) => `${base}/api/v1/directory?q=${encodeURIComponent(typo)}`);
    const pageUrls = QUERIES.map(([typo]) => `${base}/directory?q=${encodeURIComponent(typo)}`);
    const baseline = await time([`http://127.0.0.1:${hello.port}/`], {}, REQUESTS);
    const me = await time([`${base}/api/v1/me`], { cookie, accept: 'application/json' }, REQUESTS);
    const api = await time(apiUrls, { cookie, accept: 'application/json' }, REQUESTS);
    const page = await time(pageUrls, { cookie, accept: 'text/html' }, Math.ceil(REQUESTS / 2));

    console.log(
      `\n${REQUESTS.toLocaleString('en-US')} sequential requests each (pages: half as many), after ${WARMUP} warm-up requests; ${QUERIES.length} typo queries in turn.\n`,
    );
    console.log('route                             p50 ms  p95 ms  p99 ms  max ms  p50 vs hello');
    console.log('--------------------------------  ------  ------  ------  ------  ------------');
    const line = (label: string, t: typeof api) =>
      console.log(`${label.padEnd(32)}  ${ms(t.p50)}  ${ms(t.p95)}  ${ms(t.p99)}  ${ms(t.max)}  ${`${(t.p50 / baseline.p50).toFixed(1)}×`.padStart(12)}`);
    line('hello-world GET /', baseline);
    line('GET /api/v1/me (signed in)', me);
    line('GET /api/v1/directory?q=<typo>', api);
    line('GET /directory?q=<typo> (page)', page);
    console.log(
      `\nBudget: p95 under ${BUDGET_P95_MS} ms for the API search: ${api.p95 < BUDGET_P95_MS ? 'met' : 'NOT MET'} (${api.p95.toFixed(1)} ms); ` +
        `the page: ${page.p95 < BUDGET_P95_MS ? 'met' : 'NOT MET'} (${page.p95.toFixed(1)} ms).`,
    );

    // The plan of the statement the API runs for the first query, as a member sees it.
    const compiled = directoryQuerySql({ q: QUERIES[0]?.[0] }, { userId: null, audience: 'members' }, 1).compile(db.db);
    // The third run: the first ones read the lexicon and indexes into the cache, as any server's would be.
    let plan = await db.db.executeQuery<{ 'QUERY PLAN': string }>({ ...compiled, sql: `explain (analyze, buffers) ${compiled.sql}` });
    for (let i = 0; i < 2; i++) plan = await db.db.executeQuery<{ 'QUERY PLAN': string }>({ ...compiled, sql: `explain (analyze, buffers) ${compiled.sql}` });
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the search for "${QUERIES[0]?.[0]}":\n`);
    for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
    return 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);

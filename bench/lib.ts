// What the PostgreSQL benchmarks share: the admin connection (BENCH_DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/postgres) that creates and drops their scratch databases,
// child servers that report their port over IPC, and signing in through the form as a browser does
// (sequential timing: timing.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cp, readdir, rename, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo.js';

export function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return n;
}

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const adminUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL without its password, for messages. */
export const shown = (url: string) => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};

export const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/** One statement on the admin connection (create or drop a database). */
export async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** True when the file at `url` is the script node was started with (not imported by bench/all.ts). */
export const isEntry = (url: string) => process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === url;

/** Runs a part's main() when it is started on its own: its code is the exit code, an error exits 1. */
export function runAsScript(url: string, main: () => Promise<unknown>): void {
  if (!isEntry(url)) return;
  main().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}

/** A hash of the migration files (names and contents): a template made with other migrations is not used. */
function migrationsKey(): string {
  const dir = path.join(ROOT, 'src', 'db', 'migrations');
  const hash = createHash('sha256');
  for (const f of readdirSync(dir).sort())
    hash
      .update(`${f}\0`)
      .update(readFileSync(path.join(dir, f)))
      .update('\0');
  return hash.digest('hex').slice(0, 12);
}

/**
 * A new database `name` holding what `load` puts into a migrated database, copied from a template
 * kept between runs (`civnet_bench_kept_<part>_<key>`, the key a hash of the migrations and
 * `version`: what the part loads and how many, and the day when the rows' dates hang on it). The
 * first run loads the template (and copies it, a second more); later runs copy it in about a second
 * instead of loading for 5–8 s. `load` must close its connections. The copy is what a part
 * measures and changes; the template is never used directly. A part's older templates are dropped.
 */
export async function createLoadedDatabase(name: string, part: string, version: string, load: (url: string) => Promise<void>, base?: 'demo'): Promise<{ loaded: boolean }> {
  const { template, lock, make } = loadedTemplate(part, version, load, base);
  return copyOfKept(name, template, lock, make);
}

/**
 * Makes the part's kept template now if the server has none (what createLoadedDatabase would do
 * first), so that `npm run bench` can make every part's side by side before it measures anything.
 */
export async function prepareLoadedTemplate(part: string, version: string, load: (url: string) => Promise<void>, base?: 'demo'): Promise<void> {
  const { template, lock, make } = loadedTemplate(part, version, load, base);
  await withKept(template, lock, make, async () => {});
}

/** Each part's templates are made under their own lock, so that parts can make them side by side.
 * `base` 'demo': the part loads its rows over the demo data (createDemoDatabase) instead of into a
 * migrated database. */
function loadedTemplate(part: string, version: string, load: (url: string) => Promise<void>, base?: 'demo') {
  const key = createHash('sha256')
    .update(`${base === 'demo' ? demoKey() : migrationsKey()}\0${version}`)
    .digest('hex')
    .slice(0, 12);
  const lock = 1 + (Number.parseInt(createHash('sha256').update(part).digest('hex').slice(0, 6), 16) % 1_000_000);
  const make = async (making: string) => {
    await (base === 'demo' ? createDemoDatabase(making) : createMigratedDatabase(making));
    await load(withDatabase(adminUrl, making));
  };
  return { template: { prefix: `civnet_bench_kept_${part}_`, key }, lock, make };
}

/** The demo template's key: the migrations, the demo seed's own files and the day (its dates count
 * from today; a module's demo rows changed another day are seen the next). */
function demoKey(): string {
  const hash = createHash('sha256').update(`${migrationsKey()}\0${new Date().toISOString().slice(0, 10)}\0`);
  const dir = path.join(ROOT, 'src', 'seed');
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.ts') && !f.endsWith('.test.ts')) hash.update(`${f}\0`).update(readFileSync(path.join(dir, f)));
  return hash.digest('hex').slice(0, 12);
}

/**
 * A new database `name` migrated and loaded with the demo data, as `civnet seed` loads it, copied
 * from a template kept on the server for the day (`civnet_bench_demo_<key>`): the job search bench's
 * server starts on it without seeding, and the resource bench's catalogue goes over it. Seeding
 * took a server's first start about 3 s each time.
 */
export async function createDemoDatabase(name: string): Promise<void> {
  await copyOfKept(name, { prefix: 'civnet_bench_demo_', key: demoKey() }, DEMO_LOCK, async (making) => {
    await createMigratedDatabase(making);
    const url = withDatabase(adminUrl, making);
    const db = openPostgres(url, 2);
    try {
      await seedDemo(db.db, { config: loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', NODE_ENV: 'development' }) });
    } finally {
      await db.close();
    }
  });
}
const DEMO_LOCK = 1_000_001;

/**
 * A new database `name` with every migration applied, copied from a migrated template kept on the
 * server between runs (`civnet_bench_migrated_<key>`, the key a hash of the migration files): a copy
 * takes about a second where migrating takes two to three and a half, and each part of
 * `npm run bench` makes one. A template of other migrations is dropped when a new one is made.
 */
export async function createMigratedDatabase(name: string): Promise<void> {
  await copyOfKept(name, { prefix: 'civnet_bench_migrated_', key: migrationsKey() }, 0, async (making) => {
    await admin(`create database ${making}`);
    const db = openPostgres(withDatabase(adminUrl, making), 2);
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
  });
}

/**
 * Database `name` as a copy of the template `prefix + key`, made first by `make` (under another
 * name, renamed when whole) if the server has none, the templates of other keys dropped. One maker
 * of a template at a time (advisory lock 1089, `lock`): two `npm run bench` might run at once.
 */
async function copyOfKept(name: string, template: { prefix: string; key: string }, lock: number, make: (making: string) => Promise<void>): Promise<{ loaded: boolean }> {
  return withKept(template, lock, make, async (client, kept) => {
    await client.query(`create database ${name} template ${kept} strategy file_copy`);
  });
}

/** Runs `use` with the template `prefix + key`, made first by `make` if the server has none. */
async function withKept(
  { prefix, key }: { prefix: string; key: string },
  lock: number,
  make: (making: string) => Promise<void>,
  use: (client: pg.Client, template: string) => Promise<void>,
): Promise<{ loaded: boolean }> {
  const template = `${prefix}${key}`;
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  let loaded = false;
  try {
    await client.query('select pg_advisory_lock(1089, $1)', [lock]);
    const found = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix.replaceAll('_', '\\_')}%`]);
    if (!found.rows.some((r) => r.datname === template)) {
      for (const r of found.rows) await client.query(`drop database if exists ${r.datname} with (force)`);
      const making = `${template}_making`;
      await client.query(`drop database if exists ${making} with (force)`);
      await make(making);
      await client.query(`alter database ${making} rename to ${template}`);
      loaded = true;
    }
    await use(client, template);
  } finally {
    await client.query('select pg_advisory_unlock(1089, $1)', [lock]).catch(() => {});
    await client.end();
  }
  return { loaded };
}

export interface Child {
  port: number;
  /** the child's process id (the national bench reads its memory) */
  pid: number;
  stop(): Promise<void>;
}

/** Starts `script` (a bench/servers file) in a child process; resolves with the port it reports. */
export function startChild(script: string, env: NodeJS.ProcessEnv): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, [...childArgs(), '--import', 'tsx', path.join(ROOT, script)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const { output, stop } = watch(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 120 s\n${output()}`)), 120_000);
    child.on('message', (msg: unknown) => {
      const port = (msg as { port?: unknown } | null)?.port;
      if (typeof port !== 'number') return;
      clearTimeout(timer);
      resolve({ port, pid: child.pid ?? 0, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (code ${code})\n${output()}`));
    });
  });
}

/**
 * Fills `dataDir` with a copy of an embedded database that `civnet seed` migrated and loaded with
 * the demo data, kept in the temporary directory between runs (`civnet-bench-pglite-<key>`, the key
 * the day and every source file's path, size and time, so a changed migration or seed, or a new
 * day's dates, makes a new one). Copying takes a fraction of a second; migrating and seeding PGlite
 * took Civnet's first start about 8 s. The copy is what the server opens: the kept one is never used.
 */
export async function copySeededPglite(dataDir: string): Promise<void> {
  await cp(await seededPglite(), dataDir, { recursive: true });
}

/** The kept seeded PGlite directory, seeded first if there is none for these sources and day. */
export async function seededPglite(): Promise<string> {
  const hash = createHash('sha256').update(new Date().toISOString().slice(0, 10));
  const walk = async (dir: string) => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (/\.(ts|tsx|json|sql)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const st = await stat(full);
        hash.update(`${path.relative(ROOT, full)}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  await walk(path.join(ROOT, 'src'));
  const kept = path.join(os.tmpdir(), `civnet-bench-pglite-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(kept)) {
    for (const old of await readdir(os.tmpdir())) if (old.startsWith('civnet-bench-pglite-')) await rm(path.join(os.tmpdir(), old), { recursive: true, force: true });
    const making = `${kept}.${process.pid}`;
    const seeded = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'bin/civnet.js'), 'seed'], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: making, DATABASE_URL: '', LOG_LEVEL: 'silent' },
        stdio: 'ignore',
      });
      child.once('exit', (code) => resolve(code));
    });
    if (seeded !== 0) throw new Error(`civnet seed into ${making} exited with ${seeded}`);
    // The job queues and schedules too, as a server's first start makes them: a copy of a database
    // served before, as every server but the first starts on (creating the forty queues took each
    // start on the copy about 1.4 s of PGlite's time).
    const [{ openDatabase }, { prepareJobs }] = await Promise.all([import('../src/db/client.js'), import('../src/server.js')]);
    const database = await openDatabase({ dataDir: making });
    try {
      await prepareJobs(loadConfig({ DATA_DIR: making, LOG_LEVEL: 'silent', NODE_ENV: 'development' }), database);
    } finally {
      await database.close();
    }
    await rename(making, kept);
  }
  return kept;
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address !== 'string' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Civnet as `civnet serve` runs it (bin/civnet.js: the compiled bundle, which starts in about a
 * second where the sources through tsx take three), on a free port on 127.0.0.1, quiet, with the
 * demo data. `env` carries BENCH_DATABASE_URL (PostgreSQL; PGlite in BENCH_DATA_DIR without it)
 * and any other setting. Resolves when /healthz answers 200.
 */
export async function startCivnet(env: NodeJS.ProcessEnv): Promise<Child> {
  const port = await freePort();
  const { BENCH_DATA_DIR: dataDir = '', BENCH_DATABASE_URL: databaseUrl = '', ...rest } = env;
  const child: ChildProcess = spawn(process.execPath, [...childArgs(), path.join(ROOT, 'bin', 'civnet.js'), 'serve'], {
    cwd: ROOT,
    env: { ...rest, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SEED_DEMO: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackCivnetChild(child);
  const { output, exited, stop } = watch(child);
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`civnet serve exited (${child.signalCode ?? `code ${child.exitCode}`})\n${output()}`);
    if (Date.now() - started > 120_000) {
      await stop();
      throw new Error(`civnet serve did not answer /healthz within 120 s\n${output()}`);
    }
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      async (res) => {
        await res.arrayBuffer();
        return res.status === 200;
      },
      () => false,
    );
    if (ok) break;
    await Promise.race([exited, new Promise((r) => setTimeout(r, 100))]);
  }
  return { port, pid: child.pid ?? 0, stop };
}

export const childArgs = (): string[] => (process.env.BENCH_CHILD_ARGS ? process.env.BENCH_CHILD_ARGS.split(' ') : []);

/** The tail of what a child prints, a promise of its exit, and a stop: SIGTERM, then SIGKILL after 20 s. */
/**
 * `civnet serve` children, written down (a file per child in the temporary directory, holding the
 * pid of the bench that started it) until they exit: a bench killed with SIGKILL cannot stop them,
 * and `civnet serve` has no channel to notice its parent is gone. The next bench to start one stops
 * (SIGTERM) those whose bench is gone and that are still a `civnet serve` process.
 */
const CHILDREN_DIR = path.join(os.tmpdir(), 'civnet-bench-children');
export function trackCivnetChild(child: ChildProcess): void {
  sweepOrphanedChildren();
  const pid = child.pid;
  if (!pid) return;
  mkdirSync(CHILDREN_DIR, { recursive: true });
  const file = path.join(CHILDREN_DIR, String(pid));
  writeFileSync(file, String(process.pid));
  child.once('exit', () => rmSync(file, { force: true }));
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};
function sweepOrphanedChildren(): void {
  if (!existsSync(CHILDREN_DIR)) return;
  for (const name of readdirSync(CHILDREN_DIR)) {
    const file = path.join(CHILDREN_DIR, name);
    try {
      const bench = Number(readFileSync(file, 'utf8'));
      if (bench === process.pid || alive(bench)) continue; // this bench's, or another's still running
      if (/civnet\.js\0serve/.test(readFileSync(`/proc/${name}/cmdline`, 'utf8'))) process.kill(Number(name), 'SIGTERM');
    } catch {
      // the file or the child gone meanwhile (another bench's sweep, its exit), or no /proc here
    }
    rmSync(file, { force: true });
  }
}

function watch(child: ChildProcess): { output(): string; exited: Promise<void>; stop(): Promise<void> } {
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
  return { output: () => output, exited, stop };
}

/** Signs in through the form, as a browser does; returns the Cookie header of the session. */
export async function signIn(base: string, email: string): Promise<string> {
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

// What the PostgreSQL benchmarks share: the admin connection (BENCH_DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/postgres) that creates and drops their scratch databases,
// child servers that report their port over IPC, signing in through the form as a browser does,
// and sequential timing with quantiles taken from every sample.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Database } from '../src/db/client.js';
import { DEMO_PASSWORD } from '../src/seed/demo.js';

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

export interface Child {
  port: number;
  /** the child's process id (the national bench reads its memory) */
  pid: number;
  stop(): Promise<void>;
}

/** Starts `script` (a bench/servers file) in a child process; resolves with the port it reports. */
export function startChild(script: string, env: NodeJS.ProcessEnv): Promise<Child> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(process.env.BENCH_CHILD_ARGS ? process.env.BENCH_CHILD_ARGS.split(' ') : []), '--import', 'tsx', path.join(ROOT, script)],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
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
      resolve({ port, pid: child.pid ?? 0, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (code ${code})\n${output}`));
    });
  });
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

export interface Timing {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  count: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** Sequential requests (the next starts when the last answer is read), after `warmup` discarded ones: quantiles in ms of every sample. */
export async function time(urls: string[], headers: Record<string, string>, count: number, warmup = 100): Promise<Timing> {
  const one = async (url: string) => {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < warmup; i++) await one(urls[i % urls.length] as string);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await one(urls[i % urls.length] as string));
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), p99: quantile(samples, 0.99), max: samples[samples.length - 1] ?? Number.NaN, count };
}

const ms = (x: number) => x.toFixed(1).padStart(6);

/** The table of timings, with each row's p50 as a multiple of the baseline's (measured in the same run). */
export function printTimings(rows: Array<[label: string, t: Timing]>, baseline: Timing): void {
  console.log('route                                         n  p50 ms  p95 ms  p99 ms  max ms  p50 vs hello');
  console.log('----------------------------------------  -----  ------  ------  ------  ------  ------------');
  for (const [label, t] of rows) {
    console.log(
      `${label.padEnd(40)}  ${String(t.count).padStart(5)}  ${ms(t.p50)}  ${ms(t.p95)}  ${ms(t.p99)}  ${ms(t.max)}  ${`${(t.p50 / baseline.p50).toFixed(1)}×`.padStart(12)}`,
    );
  }
}

/** What a section of bench/scale.ts is given: the database, Civnet's base URL, the baseline timing and the request count. */
export interface ScaleContext {
  db: Database;
  base: string;
  baseline: Timing;
  requests: number;
}

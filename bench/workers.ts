// `npx tsx bench/workers.ts` (alone), or `benchWorkers` from the national bench: throughput of
// `GET /api/v1/network/members` served by `civnet serve --workers 1` and `--workers 2` on the same
// PostgreSQL database, side by side in one run (autocannon, 10 connections, alternating 1, 2, 1, 2
// so that both see the same machine load; the median of each), and the ratio 2 ÷ 1.
// Alone, it creates a scratch database (BENCH_DATABASE_URL's server), loads a generated data set of
// BENCH_WORKERS_ORGS organizations (default 2,000), runs, and drops it.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import autocannon from 'autocannon';
import { openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { seedScale } from '../src/seed/scale/index.js';
import { admin, adminUrl, positiveInt, ROOT, shown, withDatabase } from './lib.js';
import { median } from './timing.js';

export interface WorkersResult {
  path: string;
  connections: number;
  seconds: number;
  /** requests per second of each round */
  one: number[];
  two: number[];
  /** medians */
  oneWorker: number;
  twoWorkers: number;
  ratio: number;
  loadAverage: number[];
}

const PATH = '/api/v1/network/members';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

function get(port: number, path: string): Promise<{ status: number; worker: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: String(res.headers['civnet-worker'] ?? '') }));
      })
      .on('error', reject);
  });
}

/** Starts `civnet serve --workers n` and resolves once each of its processes has answered. */
async function startCivnet(databaseUrl: string, workers: number): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['bin/civnet.js', 'serve', '--workers', String(workers)], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      JOBS: 'false',
      WEB_WORKERS: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (c: Buffer) => {
    errors = (errors + c.toString()).slice(-4_000);
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const seen = new Set<string>();
  const end = Date.now() + 180_000;
  while (seen.size < workers) {
    if (child.exitCode !== null || Date.now() > end) {
      await stop();
      throw new Error(`civnet serve --workers ${workers} did not start: ${errors}`);
    }
    const r = await get(port, '/healthz').catch(() => null);
    if (r?.status === 200) seen.add(r.worker);
    else await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { port, stop };
}

async function throughput(port: number, connections: number, seconds: number): Promise<number> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}${PATH}`, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${PATH}: ${result.non2xx} answers not 2xx, ${result.errors} errors`);
  return result.requests.average;
}

/** Measures 1 vs 2 web processes on `databaseUrl` (a loaded database); prints and returns the figures. */
export async function benchWorkers(databaseUrl: string, opts: { connections?: number; seconds?: number; rounds?: number } = {}): Promise<WorkersResult> {
  const connections = opts.connections ?? 10;
  const seconds = opts.seconds ?? 10;
  const rounds = opts.rounds ?? 2;
  const one: number[] = [];
  const two: number[] = [];
  const servers = { 1: await startCivnet(databaseUrl, 1), 2: await startCivnet(databaseUrl, 2) };
  try {
    for (const workers of [1, 2] as const) await throughput(servers[workers].port, connections, 2); // warm up
    for (let round = 0; round < rounds; round++) {
      one.push(await throughput(servers[1].port, connections, seconds));
      two.push(await throughput(servers[2].port, connections, seconds));
    }
  } finally {
    await Promise.all([servers[1].stop(), servers[2].stop()]);
  }
  const result: WorkersResult = {
    path: PATH,
    connections,
    seconds,
    one,
    two,
    oneWorker: median(one),
    twoWorkers: median(two),
    ratio: median(two) / median(one),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  const fmt = (n: number) => n.toFixed(0);
  console.log(`Web processes: GET ${PATH}, ${connections} connections, ${seconds} s a round, ${rounds} rounds alternating (load average ${result.loadAverage.join(' ')})`);
  console.log(`  1 worker : ${fmt(result.oneWorker)} requests/s (rounds: ${one.map(fmt).join(', ')})`);
  console.log(`  2 workers: ${fmt(result.twoWorkers)} requests/s (rounds: ${two.map(fmt).join(', ')})`);
  console.log(`  ratio 2 ÷ 1: ${result.ratio.toFixed(2)}× ${result.ratio > 1 ? '(more with two)' : '(no gain)'}`);
  return result;
}

async function main(): Promise<number> {
  try {
    await admin('select 1');
  } catch (err) {
    console.log(`Workers bench: skipped, PostgreSQL is not reachable at ${shown(adminUrl)} (${err instanceof Error ? err.message : String(err)}).`);
    return 0;
  }
  const name = `civnet_bench_workers_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(adminUrl, name);
  await admin(`create database ${name}`);
  try {
    const database = openPostgres(url, 4);
    try {
      await migrate(database);
      await seedScale(database, { organizations: positiveInt('BENCH_WORKERS_ORGS', 2_000), seed: 1 });
    } finally {
      await database.close();
    }
    await benchWorkers(url, { seconds: positiveInt('BENCH_WORKERS_SECONDS', 10), rounds: positiveInt('BENCH_WORKERS_ROUNDS', 2) });
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

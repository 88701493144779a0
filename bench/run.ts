// `npm run bench`: throughput of Civnet's pages against a bare Fastify hello-world measured in the
// same run. Each server runs in its own child process (autocannon needs a CPU of its own), the
// routes are measured one after another, and the results go to the terminal and to
// bench/results/latest.json. See bench/README.md. Timings never go into test assertions.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { admin, adminUrl, childArgs, copySeededPglite, createDemoDatabase, freePort, isEntry, positiveInt, trackCivnetChild, withDatabase } from './lib.js';
import { combined, cpuSecondsOf, cpuSummary, duesThisRun, failed, gitCommit, type Measured, type Measurement, type Report, readPrevious, table } from './run-report.js';
import { median } from './timing.js';

interface BenchRoute {
  /** short unique name, used by `--only` and in the results */
  name: string;
  /** path and query on the Civnet server */
  path: string;
  /** extra request headers, e.g. a session cookie or `accept` */
  headers?: Record<string, string>;
}

/** The Civnet routes measured, in order. Later entries go here: one line per route. */
const ROUTES: BenchRoute[] = [
  { name: 'healthz', path: '/healthz' },
  { name: 'home', path: '/', headers: { accept: 'text/html' } },
  { name: 'login', path: '/login', headers: { accept: 'text/html' } },
  { name: 'dues-quote', path: '/api/v1/dues/quote?entityType=city&population=75000' },
];

const BASELINE: BenchRoute = { name: 'hello-world', path: '/' };
/** The route whose ratio to the baseline is the median of alternating rounds (issue 15). */
const DUES_ROUTE = 'dues-quote';
const DUES_ROUNDS = 3;
/** Each round of the dues ratio is cut into this many short runs of each server in turn: the CPUs
 * of this shared machine change speed by up to 2× within seconds (bare Fastify alone measured
 * 19.9k and 41.8k requests/s two seconds apart), and a slow moment then falls on both sides of a
 * round rather than on one. */
const DUES_SLICES = 4;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'latest.json');
const WARMUP_SECONDS = 0.5;
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
/** a route whose responses are more than this share non-2xx or errors fails the run */
const MAX_FAILURE_SHARE = 0.5;

// ---------------------------------------------------------------------------------------------
// Child processes

interface ServerProcess {
  name: string;
  port: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ServerProcess>();

/**
 * Starts a server in a child process: `args` after node's own. It is up when it reports its port
 * over IPC (the hello-world) or, given `port`, when GET /healthz answers 200 there (Civnet, run by
 * `civnet serve` as in production).
 */
function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, port?: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...childArgs(), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // Civnet (a port to poll) does not stop with the IPC channel as the hello-world does.
  if (port !== undefined) trackCivnetChild(child);
  // Keep the tail of what the child prints; shown only when something goes wrong.
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
  };

  return new Promise<ServerProcess>((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      void stop().then(() => reject(new Error(`${name} server did not start: ${why}\n${indent(output)}`)));
    };
    const up = (port: number) => {
      cleanup();
      const server: ServerProcess = {
        name,
        port,
        child,
        output: () => output,
        stop: async () => {
          await stop();
          running.delete(server);
        },
      };
      running.add(server);
      resolve(server);
    };
    const onMessage = (msg: unknown) => {
      const reported = (msg as { port?: unknown } | null)?.port;
      if (port === undefined && typeof reported === 'number') up(reported);
    };
    let polling = port !== undefined;
    const poll = async (at: number) => {
      while (polling) {
        const ok = await fetch(`http://127.0.0.1:${at}/healthz`).then(
          async (res) => {
            await res.arrayBuffer();
            return res.status === 200;
          },
          () => false,
        );
        if (ok && polling) return up(at);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited (${signal ?? `code ${code}`})`);
    const onError = (err: Error) => fail(err.message);
    const timer = setTimeout(() => fail(`not up within ${STARTUP_TIMEOUT_MS / 1000} s`), STARTUP_TIMEOUT_MS);
    function cleanup() {
      polling = false;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('error', onError);
    if (port !== undefined) void poll(port);
  });
}

const indent = (text: string) =>
  text.trim() === ''
    ? '    (no output)'
    : text
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n');

// ---------------------------------------------------------------------------------------------
// Measuring

let activeCannon: autocannon.Instance | null = null;

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    activeCannon = autocannon(opts, (err: unknown, result: autocannon.Result) => {
      activeCannon = null;
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(result);
    });
  });
}

/** One route: a probe, a warm-up (unless `warm` is false: the dues rounds after the first, on servers just measured) and the measurement. */
async function measure(server: ServerProcess, route: BenchRoute, settings: { seconds: number; connections: number }, warm = true): Promise<Omit<Measurement, 'ratio'>> {
  const url = `http://127.0.0.1:${server.port}${route.path}`;
  const base = { name: route.name, server: server.name as Measurement['server'], path: route.path };

  // One plain request first, so that a redirect or an error page is named rather than timed.
  const probe = await fetch(url, { headers: route.headers, redirect: 'manual' });
  await probe.arrayBuffer();
  if (probe.status < 200 || probe.status > 299) {
    const where = probe.headers.get('location');
    return failed(base, `probe answered ${probe.status}${where ? ` → ${where}` : ''}`);
  }

  const options: autocannon.Options = {
    url,
    connections: settings.connections,
    pipelining: 1,
    headers: route.headers,
  };
  if (warm) await cannon({ ...options, duration: WARMUP_SECONDS });
  const cpu0 = cpuSecondsOf(server.child.pid);
  const t0 = performance.now();
  const r = await cannon({ ...options, duration: settings.seconds });
  const cpu = (cpuSecondsOf(server.child.pid) ?? Number.NaN) - (cpu0 ?? Number.NaN);
  const seconds = (performance.now() - t0) / 1000;
  const serverCpu = Number.isFinite(cpu) && r.requests.total > 0 ? { busy: cpu / seconds, usPerRequest: (cpu * 1e6) / r.requests.total } : undefined;

  const attempts = r['2xx'] + r.non2xx + r.errors;
  const bad = r.non2xx + r.errors;
  let failure: string | undefined;
  if (r['2xx'] === 0) failure = 'no 2xx responses';
  else if (bad / attempts > MAX_FAILURE_SHARE) failure = `${bad} of ${attempts} requests were non-2xx or errors`;
  if (server.child.exitCode !== null || server.child.signalCode !== null) failure = `${server.name} server exited during the run`;

  return {
    ...base,
    requestsPerSec: { mean: r.requests.mean, stddev: r.requests.stddev, min: r.requests.min, max: r.requests.max },
    latencyMs: { mean: r.latency.mean, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    requests: r.requests.total,
    seconds,
    status2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    ...(serverCpu ? { serverCpu } : {}),
    ok: failure === undefined,
    ...(failure ? { failure } : {}),
  };
}

/** One round of the dues ratio: DUES_SLICES short runs of the baseline and of the quote in turn,
 * each side's runs added up (requests over seconds measured, CPU over requests). */
async function duesRound(
  hello: ServerProcess,
  civnet: ServerProcess,
  route: BenchRoute,
  settings: { seconds: number; connections: number },
): Promise<{ hello: Measured; quote: Measured }> {
  const slice = { ...settings, seconds: settings.seconds / DUES_SLICES };
  const h: Measured[] = [];
  const q: Measured[] = [];
  for (let i = 0; i < DUES_SLICES; i++) {
    h.push(await measure(hello, BASELINE, slice, false));
    q.push(await measure(civnet, route, slice, false));
  }
  return { hello: combined(h), quote: combined(q) };
}

// ---------------------------------------------------------------------------------------------
// Main

async function measureAll(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string', multiple: true } }, allowPositionals: false });
  const only = values.only
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (only?.length) {
    const unknown = only.filter((n) => !ROUTES.some((r) => r.name === n));
    if (unknown.length) throw new Error(`--only: unknown route ${unknown.join(', ')} (known: ${ROUTES.map((r) => r.name).join(', ')})`);
  }
  const routes = only?.length ? ROUTES.filter((r) => only.includes(r.name)) : ROUTES;
  const settings = { seconds: positiveInt('BENCH_SECONDS', 2), connections: positiveInt('BENCH_CONNECTIONS', 10) };
  // The national profile is PostgreSQL's (issue 15): there the routes, the dues quote among them,
  // are measured on a copy of the demo database on PostgreSQL, as production runs, and the copy is
  // dropped afterwards. Otherwise on the embedded PGlite the README starts, or BENCH_DATABASE_URL.
  let databaseUrl = process.env.BENCH_DATABASE_URL ?? '';
  if (!databaseUrl && process.env.BENCH_SCALE === 'national') {
    const name = `civnet_bench_routes_${process.pid}`;
    await createDemoDatabase(name);
    scratchDatabases.add(name);
    databaseUrl = withDatabase(adminUrl, name);
  }
  const database = databaseUrl ? 'postgresql' : 'pglite';

  console.log(`Civnet bench: ${settings.seconds} s per route after ${WARMUP_SECONDS} s warm-up, ${settings.connections} connections, pipelining 1, ${database}`);

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'civnet-bench-'));
  tempDirs.add(dataDir);
  try {
    const started = Date.now();
    if (!databaseUrl) await copySeededPglite(dataDir);
    // Both servers start together (Civnet's first start migrates and seeds, which takes a while).
    const [hello, civnet] = await Promise.allSettled([
      startChild('hello-world', ['--import', 'tsx', path.join(ROOT, 'bench/servers/hello-world.ts')], { ...process.env }),
      freePort().then((port) =>
        startChild(
          'civnet',
          [path.join(ROOT, 'bin/civnet.js'), 'serve'],
          { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SEED_DEMO: 'true' },
          port,
        ),
      ),
    ]);
    if (hello.status === 'rejected') throw hello.reason;
    if (civnet.status === 'rejected') throw civnet.reason;
    console.log(`Servers up in ${((Date.now() - started) / 1000).toFixed(1)} s; measuring ${1 + routes.length} routes…\n`);

    const raw: Array<Omit<Measurement, 'ratio'>> = [];
    raw.push(await measure(hello.value, BASELINE, settings));
    // The dues quote right after the baseline: the pair is the first of its alternating rounds.
    const ordered = [...routes.filter((r) => r.name === DUES_ROUTE), ...routes.filter((r) => r.name !== DUES_ROUTE)];
    for (const route of ordered) raw.push(await measure(civnet.value, route, settings));

    const baseline = raw[0]?.ok ? raw[0].requestsPerSec.mean : 0;
    const results: Measurement[] = raw.map((r) => ({ ...r, ratio: baseline > 0 && r.ok ? r.requestsPerSec.mean / baseline : 0 }));
    // The dues quote's ratio: the median of three rounds, each cut into short runs of the baseline
    // and the quote in turn (duesRound), so that a burst of load on the machine moves one round
    // rather than the figure, and falls on both sides of a round alike.
    const dues = results.find((r) => r.name === DUES_ROUTE && r.ok);
    const duesRoute = ROUTES.find((r) => r.name === DUES_ROUTE);
    if (dues && duesRoute) {
      const pairs: Array<{ hello: Omit<Measurement, 'ratio'>; quote: Omit<Measurement, 'ratio'> }> = [];
      for (let i = 0; i < DUES_ROUNDS; i++) {
        const pair = await duesRound(hello.value, civnet.value, duesRoute, settings);
        if (pair.hello.ok && pair.quote.ok && pair.hello.requestsPerSec.mean > 0) pairs.push(pair);
      }
      const rounds = pairs.map((p) => p.quote.requestsPerSec.mean / p.hello.requestsPerSec.mean);
      const byCpu = cpuSummary(pairs);
      if (rounds.length) {
        dues.ratio = median(rounds);
        dues.ratioRounds = rounds;
        duesThisRun.ratio = dues.ratio;
        duesThisRun.rounds = rounds;
        console.log(
          `dues-quote vs hello, ${rounds.length} rounds of ${DUES_SLICES} alternating runs of ${settings.seconds / DUES_SLICES} s each: ${rounds.map((x) => `${x.toFixed(2)}×`).join(', ')}; median ${dues.ratio.toFixed(2)}× (goal ≥ 0.70×)`,
        );
        if (byCpu) {
          dues.cpuRatioRounds = byCpu.ratios;
          console.log(`  ${byCpu.text}`);
        }
      }
    }

    await hello.value.stop();
    await civnet.value.stop();
    if (civnet.value.child.exitCode !== 0) {
      console.error(`warning: civnet server exited with ${civnet.value.child.signalCode ?? `code ${civnet.value.child.exitCode}`}\n${indent(civnet.value.output())}`);
    }

    const previous = await readPrevious(RESULTS_FILE);
    console.log(table(results, previous));
    console.log('\nvs hello = requests/s ÷ the hello-world baseline in this run (1.00× = as fast as bare Fastify).');

    const failures = results.filter((r) => !r.ok);
    for (const r of results) {
      if (r.ok && r.non2xx + r.errors > 0) console.error(`warning: ${r.name}: ${r.non2xx} non-2xx responses, ${r.errors} errors (${r.timeouts} timeouts)`);
    }
    if (failures.length) {
      for (const r of failures) console.error(`FAIL ${r.name} (${r.path}): ${r.failure}`);
      console.error(`\n${failures.length} route(s) failed; ${path.relative(ROOT, RESULTS_FILE)} was not written.`);
      return 1;
    }

    const report: Report = {
      version: 1,
      date: new Date().toISOString(),
      commit: gitCommit(ROOT),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      database,
      nodeEnv: process.env.NODE_ENV ?? 'development',
      seconds: settings.seconds,
      warmupSeconds: WARMUP_SECONDS,
      connections: settings.connections,
      pipelining: 1,
      results,
    };
    if (only?.length) {
      console.log(`--only run: ${path.relative(ROOT, RESULTS_FILE)} is kept as it was (it holds full runs only).`);
      return 0;
    }
    await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`Results written to ${path.relative(ROOT, RESULTS_FILE)}.`);
    return 0;
  } finally {
    await stopAll();
  }
}

const tempDirs = new Set<string>();
const scratchDatabases = new Set<string>();

/** Stops any measurement and server still running and removes the temporary data directory. */
async function stopAll() {
  activeCannon?.stop();
  await Promise.all([...running].map((s) => s.stop()));
  for (const dir of tempDirs) {
    await rm(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  }
  for (const name of scratchDatabases) {
    await admin(`drop database if exists ${name} with (force)`);
    scratchDatabases.delete(name);
  }
}

let interrupted = false;
const onSignal = (signal: NodeJS.Signals) => {
  if (interrupted) return;
  interrupted = true;
  console.error(`\n${signal}: stopping the servers…`);
  void stopAll().finally(() => process.exit(130));
};

/** The route bench (its servers stopped on SIGINT or SIGTERM while it runs); resolves with its exit code. */
export async function main(): Promise<number> {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await measureAll();
  } catch (err) {
    await stopAll();
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

if (isEntry(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
      // Everything is closed by now; if some handle still holds the loop open, say so and leave.
      setTimeout(() => {
        console.error('bench: open handles remain after shutdown; exiting anyway');
        process.exit(code);
      }, 3000).unref();
    },
    (err: unknown) => {
      console.error(err instanceof Error ? `bench: ${err.message}` : err);
      process.exit(1);
    },
  );
}

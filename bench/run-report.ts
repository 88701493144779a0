// The results of `npm run bench` (bench/run.ts): what one measurement holds, the report written to
// bench/results/latest.json, and the table printed next to the previous run's ratios.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { median } from './timing.js';

export interface Measurement {
  name: string;
  server: 'hello-world' | 'civnet';
  path: string;
  requestsPerSec: { mean: number; stddev: number; min: number; max: number };
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  requests: number;
  /** the measured window's length, seconds (requests ÷ seconds: the rate over several short runs) */
  seconds?: number;
  status2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** requests/s divided by the hello-world baseline's requests/s in the same run (the dues quote:
   * the median of `ratioRounds`, alternating rounds of the baseline and the route) */
  ratio: number;
  ratioRounds?: number[];
  /** the server's CPU over the measured window (Linux, /proc): seconds of CPU a second (1 = one
   * core all the time) and microseconds a request */
  serverCpu?: { busy: number; usPerRequest: number };
  /** the dues quote: each round's bare Fastify CPU a request divided by the quote's (the ratio the
   * requests/s would show if the servers alone set the pace) */
  cpuRatioRounds?: number[];
  ok: boolean;
  failure?: string;
}

/** A measurement before its ratio to the baseline is known. */
export type Measured = Omit<Measurement, 'ratio'>;

export interface Report {
  version: 1;
  date: string;
  commit: string | null;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  database: 'pglite' | 'postgresql';
  nodeEnv: string;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  pipelining: 1;
  results: Measurement[];
}

export function gitCommit(root: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

export async function readPrevious(file: string): Promise<Report | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Report>;
    return parsed.version === 1 && Array.isArray(parsed.results) ? (parsed as Report) : null;
  } catch {
    return null;
  }
}

export function table(results: Measurement[], previous: Report | null): string {
  const prev = new Map(previous?.results.filter((r) => r.ok).map((r) => [r.name, r]) ?? []);
  const header = ['route', 'path', 'req/s', 'p99 ms', 'vs hello', 'non-2xx', ...(prev.size ? ['prev ratio'] : [])];
  const rows = results.map((r) => [
    r.name,
    r.path,
    r.ok ? Math.round(r.requestsPerSec.mean).toLocaleString('en-US') : 'FAILED',
    r.ok ? String(r.latencyMs.p99) : '-',
    r.ok ? `${r.ratio.toFixed(2)}×` : '-',
    r.ok || r.requests > 0 ? String(r.non2xx + r.errors) : '-',
    ...(prev.size ? [prev.get(r.name) ? `${(prev.get(r.name)?.ratio ?? 0).toFixed(2)}×` : 'new'] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const numeric = new Set([2, 3, 4, 5, 6]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Seconds of CPU (user and system) a process has used so far, from /proc; null elsewhere. */
export function cpuSecondsOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks of USER_HZ (100 on Linux)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** What the dues rounds' server CPU says: the ratio by CPU a request, and whether bare Fastify's
 * server was kept busy (when it was not, the load generator set the pace of both, and the
 * requests/s ratio reads high). Null when /proc gave nothing. */
/** The dues quote's ratio as the route bench measured it in this process (`npm run bench` runs the
 * route bench first): the national profile prints it among its budget lines (issue 15). Empty when
 * the route bench did not measure it in this process. */
export const duesThisRun: { ratio?: number; rounds?: number[] } = {};

export function cpuSummary(rounds: Array<{ hello: Pick<Measurement, 'serverCpu'>; quote: Pick<Measurement, 'serverCpu'> }>): { ratios: number[]; text: string } | null {
  const measured = rounds.flatMap(({ hello, quote }) => (hello.serverCpu && quote.serverCpu ? [{ hello: hello.serverCpu, quote: quote.serverCpu }] : []));
  if (measured.length === 0) return null;
  const ratios = measured.map((r) => r.hello.usPerRequest / r.quote.usPerRequest);
  const us = (xs: number[]) => `${median(xs).toFixed(1)} µs`;
  const idle = measured.filter((r) => r.hello.busy < 0.9);
  const text =
    `server CPU a request: bare Fastify ${us(measured.map((r) => r.hello.usPerRequest))}, the quote ${us(measured.map((r) => r.quote.usPerRequest))}; ` +
    `by CPU ${ratios.map((x) => `${x.toFixed(2)}×`).join(', ')}, median ${median(ratios).toFixed(2)}×` +
    (idle.length
      ? `\n  in ${idle.length} of ${measured.length} rounds bare Fastify's server was busy only ${idle.map((r) => `${Math.round(r.hello.busy * 100)}%`).join(', ')} of the time: the load generator set the pace, and the requests/s ratio reads high`
      : '');
  return { ratios, text };
}

/** A route that could not be measured, and why. */
export function failed(base: Pick<Measurement, 'name' | 'server' | 'path'>, failure: string): Omit<Measurement, 'ratio'> {
  return {
    ...base,
    requestsPerSec: { mean: 0, stddev: 0, min: 0, max: 0 },
    latencyMs: { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 },
    requests: 0,
    status2xx: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    ok: false,
    failure,
  };
}

/** Runs of one server added up: requests/s over all the seconds measured, CPU over all requests. */
export function combined(runs: Measured[]): Measured {
  const first = runs[0];
  if (!first) throw new Error('combined: no runs');
  const failedRun = runs.find((r) => !r.ok);
  if (failedRun) return failedRun;
  const sum = (f: (r: Measured) => number) => runs.reduce((a, r) => a + f(r), 0);
  const requests = sum((r) => r.requests);
  const seconds = sum((r) => r.seconds ?? 0);
  const rates = runs.map((r) => (r.seconds ? r.requests / r.seconds : 0));
  const cpu = runs.every((r) => r.serverCpu) ? sum((r) => ((r.serverCpu?.usPerRequest ?? 0) * r.requests) / 1e6) : undefined;
  return {
    ...first,
    requestsPerSec: { mean: seconds > 0 ? requests / seconds : 0, stddev: 0, min: Math.min(...rates), max: Math.max(...rates) },
    latencyMs: { ...first.latencyMs, p99: Math.max(...runs.map((r) => r.latencyMs.p99)), max: Math.max(...runs.map((r) => r.latencyMs.max)) },
    requests,
    seconds,
    status2xx: sum((r) => r.status2xx),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    ...(cpu !== undefined && requests > 0 && seconds > 0 ? { serverCpu: { busy: cpu / seconds, usPerRequest: (cpu * 1e6) / requests } } : {}),
  };
}

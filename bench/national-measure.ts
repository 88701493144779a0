// The measurements of the national bench (bench/national.ts): autocannon at N connections with
// p50/p95/p99 from every response's time (the 'response' event, not autocannon's histogram
// buckets), a staff CSV export's first byte and the server's memory growth while it streams, and
// the lines each figure prints with its budget and PASS or FAIL, each with the share of the
// machine's CPU time its hypervisor took while it was measured (steal).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import autocannon from 'autocannon';

export interface Loaded {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** bytes of one answer (the last one read), uncompressed unless the headers ask otherwise */
  bytes: number;
  /** the share of CPU time stolen by the hypervisor while measured (null where unknown) */
  stolen: number | null;
}

interface CpuTimes {
  total: number;
  steal: number;
}

/** The machine's CPU time so far, all cores, and the part of it the hypervisor gave to other guests
 * (Linux /proc/stat, "steal"); null where there is no such file. A virtual machine's cores can be
 * taken away under load: seen here at 16–42% while a route was measured, when the same code ran
 * at about twice the rate on another day. */
export function cpuTimes(): CpuTimes | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal (guest time is counted in user already)
    const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (f.length < 8 || f.some((x) => !Number.isFinite(x))) return null;
    return { total: f.reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
  } catch {
    return null;
  }
}

/** The share of CPU time stolen between two readings. */
export function stolenBetween(a: CpuTimes | null, b: CpuTimes | null): number | null {
  if (!a || !b || b.total <= a.total) return null;
  return (b.steal - a.steal) / (b.total - a.total);
}

export const pct = (x: number | null) => (x === null ? 'unknown' : `${Math.round(x * 100)}%`);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** `seconds` of requests at `connections`, after one second of warm-up; quantiles of every sample. */
export async function load(url: string, headers: Record<string, string>, opts: { seconds: number; connections: number }): Promise<Loaded> {
  const run = (duration: number, samples: number[] | null) =>
    new Promise<autocannon.Result & { bytes: number }>((resolve, reject) => {
      let bytes = 0;
      const instance = autocannon({ url, headers, connections: opts.connections, pipelining: 1, duration }, (err: unknown, result: autocannon.Result) => {
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve({ ...result, bytes });
      });
      instance.on('response', (_client: unknown, _status: number, resBytes: number, responseTime: number) => {
        samples?.push(responseTime);
        bytes = resBytes;
      });
    });
  await run(1, null);
  const samples: number[] = [];
  const cpu0 = cpuTimes();
  const r = await run(opts.seconds, samples);
  const stolen = stolenBetween(cpu0, cpuTimes());
  samples.sort((a, b) => a - b);
  return {
    rps: r.requests.mean,
    p50: quantile(samples, 0.5),
    p95: quantile(samples, 0.95),
    p99: quantile(samples, 0.99),
    requests: samples.length,
    non2xx: r.non2xx,
    errors: r.errors,
    bytes: r.bytes,
    stolen,
  };
}

/** One request at a time, after `warmup` discarded ones: `count` samples or as many as `maxSeconds`
 * allow (a slow route still ends), quantiles of every sample. Each sample is the time from sending
 * the request to its answer's last byte, over one kept-alive connection (node:http, as autocannon
 * measures): the body is read as sent, compressed when the headers ask for it, not decoded. */
export async function single(
  url: string,
  headers: Record<string, string>,
  opts: { count: number; maxSeconds: number; warmup: number },
): Promise<{ p50: number; p95: number; p99: number; n: number; stolen: number | null }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const req = http.get(url, { agent, headers }, (res) => {
        res.on('data', () => {});
        res.on('error', reject);
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`${url} answered ${res.statusCode}`))));
      });
      req.on('error', reject);
    });
  try {
    for (let i = 0; i < opts.warmup; i++) await one();
    const samples: number[] = [];
    const cpu0 = cpuTimes();
    const end = performance.now() + opts.maxSeconds * 1000;
    while (samples.length < opts.count && performance.now() < end) samples.push(await one());
    const stolen = stolenBetween(cpu0, cpuTimes());
    samples.sort((a, b) => a - b);
    return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), p99: quantile(samples, 0.99), n: samples.length, stolen };
  } finally {
    agent.destroy();
  }
}

/** Resident memory of a process, in bytes (Linux /proc). */
export async function rss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}

export interface ExportRun {
  firstByteMs: number;
  totalMs: number;
  bytes: number;
  rows: number;
  /** the server's peak resident memory during the export minus before it, in bytes */
  growth: number;
  status: number;
}

/** Downloads a CSV export, sampling the server's memory every 50 ms. */
export async function exportRun(url: string, headers: Record<string, string>, pid: number): Promise<ExportRun> {
  const before = await rss(pid);
  let peak = before;
  const timer = setInterval(() => {
    void rss(pid).then(
      (m) => {
        peak = Math.max(peak, m);
      },
      () => {},
    );
  }, 50);
  const t0 = performance.now();
  try {
    const res = await fetch(url, { headers });
    const reader = res.body?.getReader();
    let firstByteMs = Number.NaN;
    let bytes = 0;
    let rows = 0;
    for (;;) {
      const chunk = reader ? await reader.read() : null;
      if (!chunk || chunk.done) break;
      if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - t0;
      bytes += chunk.value.length;
      for (const b of chunk.value) if (b === 10) rows++;
    }
    peak = Math.max(peak, await rss(pid));
    return { firstByteMs, totalMs: performance.now() - t0, bytes, rows: Math.max(0, rows - 1), growth: peak - before, status: res.status };
  } finally {
    clearInterval(timer);
  }
}

export interface Verdict {
  label: string;
  figure: string;
  budget: string;
  pass: boolean;
  /** CPU stolen by the hypervisor while the figure was measured, when it was timed */
  stolen?: number | null;
}

export const verdicts: Verdict[] = [];

/** Records and prints one budget line. */
export function judge(label: string, figure: string, budget: string, pass: boolean, stolen?: number | null): void {
  verdicts.push({ label, figure, budget, pass, stolen });
  const steal = stolen === undefined ? '' : `   (CPU stolen ${pct(stolen)})`;
  console.log(`${pass ? 'PASS' : 'FAIL'}  ${label.padEnd(52)} ${figure.padStart(24)}   budget ${budget}${steal}`);
}

export const ms = (x: number) => `${x.toFixed(1)} ms`;
export const mb = (x: number) => `${(x / 1024 / 1024).toFixed(1)} MB`;

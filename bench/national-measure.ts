// The measurements of the national bench (bench/national.ts): autocannon at N connections with
// p50/p95/p99 from every response's time (the 'response' event, not autocannon's histogram
// buckets), a staff CSV export's first byte and the server's memory growth while it streams, and
// the lines each figure prints with its budget and PASS or FAIL.
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
}

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
  const r = await run(opts.seconds, samples);
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
): Promise<{ p50: number; p95: number; p99: number; n: number }> {
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
    const end = performance.now() + opts.maxSeconds * 1000;
    while (samples.length < opts.count && performance.now() < end) samples.push(await one());
    samples.sort((a, b) => a - b);
    return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), p99: quantile(samples, 0.99), n: samples.length };
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
}

export const verdicts: Verdict[] = [];

/** Records and prints one budget line. */
export function judge(label: string, figure: string, budget: string, pass: boolean): void {
  verdicts.push({ label, figure, budget, pass });
  console.log(`${pass ? 'PASS' : 'FAIL'}  ${label.padEnd(52)} ${figure.padStart(24)}   budget ${budget}`);
}

export const ms = (x: number) => `${x.toFixed(1)} ms`;
export const mb = (x: number) => `${(x / 1024 / 1024).toFixed(1)} MB`;

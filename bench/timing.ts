// Sequential timing for the benchmarks: the median, and quantiles (p50/p95/p99) taken from every
// sample of requests made one after another, printed beside a baseline measured in the same run.
import type { Database } from '../src/db/client.js';

/** The median of the values (the mean of the middle two of an even count); 0 for none. */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

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

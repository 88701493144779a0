// `npx tsx bench/export.ts <database URL> [path …]`: the staff CSV export part of the national
// bench alone, against a database that already holds the data (a copy of the national template,
// never the template itself). Civnet starts in a child process as in bench/national.ts, a staff
// user signs in, and each export (default /staff/directory.csv) is read once per encoding
// (identity, gzip, brotli), with the server's resident memory sampled every 50 ms
// (`exportRun`): first byte, rows, bytes and the growth of the server's memory over its level
// before the export. BENCH_EXPORT_ENCODINGS picks encodings (comma-separated: identity,gzip,br).
// NODE_OPTIONS reaches the child (e.g. --trace-gc).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { signIn, startCivnet } from './lib.js';
import { exportRun, mb, ms } from './national-measure.js';

const [url, ...paths] = process.argv.slice(2);
if (!url) {
  console.error('usage: tsx bench/export.ts <database URL> [path …]');
  process.exit(2);
}
const encodings = (process.env.BENCH_EXPORT_ENCODINGS ?? 'identity,gzip,br').split(',').map((e) => e.trim());
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'civnet-bench-export-'));
const server = await startCivnet({
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  LOG_LEVEL: 'silent',
  BENCH_DATABASE_URL: url,
  BENCH_DATA_DIR: dataDir,
});
try {
  const base = `http://127.0.0.1:${server.port}`;
  const cookie = await signIn(base, 'membership@example.org');
  console.log(
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  for (const p of paths.length ? paths : ['/staff/directory.csv']) {
    for (const encoding of encodings) {
      const exp = await exportRun(`${base}${p}`, { cookie, accept: 'text/csv', 'accept-encoding': encoding }, server.pid);
      console.log(
        `${p} (${encoding}): ${exp.status}, first byte ${ms(exp.firstByteMs)}, ${exp.rows.toLocaleString('en-US')} rows, ` +
          `${mb(exp.bytes)} in ${(exp.totalMs / 1000).toFixed(1)} s, server memory growth ${mb(exp.growth)}`,
      );
    }
  }
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}

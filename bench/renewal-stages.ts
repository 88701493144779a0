// `npx tsx bench/renewal-stages.ts`: where a renewal run's time goes, on a database of your own
// loaded with data (a copy of the national one: it is changed by the run). Runs renewals
// BENCH_RUNS times (default 2: the full run, then one with nothing to do) and prints, for each,
// the time of every stage (runRenewals' onStage) and the statements that took the most time in
// all, as the client saw them (Kysely's query log: round trip included), with their count, and
// the CPU time of this process (under load, CPU seconds compare runs better than wall time).
//
//   BENCH_RENEWALS_DATABASE_URL=postgres://postgres@127.0.0.1:5432/civnet_mine npx tsx bench/renewal-stages.ts
//
// BENCH_TODAY (YYYY-MM-DD, default today) is the day to run for; BENCH_TOP (default 12) how many
// statements to list. Timings never go into tests.
import os from 'node:os';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { createDeps } from '../src/deps.js';
import { systemClock } from '../src/lib/clock.js';
import { runRenewals } from '../src/modules/billing/index.js';
import { wireModules } from '../src/modules/index.js';
import { positiveInt } from './lib.js';

const url = process.env.BENCH_RENEWALS_DATABASE_URL;
const RUNS = positiveInt('BENCH_RUNS', 2);
const TOP = positiveInt('BENCH_TOP', 12);

/** A statement's text with its parameter lists folded ($1, $2, … → $…), so batches of any size add up. */
const shape = (text: string) =>
  text
    .replace(/\(\$\d+(?:, \$\d+)*\)(?:, \(\$\d+(?:, \$\d+)*\))*/g, '($…)')
    .replace(/\$\d+(?:, \$\d+)+/g, '$…')
    .replace(/\s+/g, ' ');

async function main(): Promise<number> {
  if (!url) {
    console.error('Set BENCH_RENEWALS_DATABASE_URL to a database of your own (the run changes it).');
    return 2;
  }
  const today = process.env.BENCH_TODAY || new Date().toISOString().slice(0, 10);
  const statements = new Map<string, { ms: number; count: number }>();
  const db = openPostgres(url, 4, {
    log: (event) => {
      const key = shape(event.query.sql);
      const s = statements.get(key) ?? { ms: 0, count: 0 };
      s.ms += event.queryDurationMillis;
      s.count++;
      statements.set(key, s);
    },
  });
  await migrate(db);
  const deps = createDeps(loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' }), db, systemClock, { wire: wireModules });
  await deps.jobs.start({ work: false });
  try {
    for (let run = 1; run <= RUNS; run++) {
      statements.clear();
      const stages: string[] = [];
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const c = await runRenewals(deps, { today, trigger: 'cli', actorLabel: 'bench', onStage: (stage, ms) => stages.push(`${stage} ${(ms / 1000).toFixed(2)} s`) });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const load = os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(', ');
      console.log(`\nrun ${run} for ${today}: ${c.issued} issued, ${c.reminded} reminded, ${c.lapsed} lapsed, ${c.skipped} skipped in ${seconds.toFixed(1)} s (load ${load})`);
      console.log(`  stages: ${stages.join(' · ')}`);
      // This process's CPU (JavaScript, parsing and sending): the rest of the time is PostgreSQL's or waiting.
      console.log(`  this process: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU`);
      if (c.issued > 0) console.log(`  ${Math.round(c.issued / seconds)} invoices/s`);
      const top = [...statements].sort((a, b) => b[1].ms - a[1].ms).slice(0, TOP);
      for (const [text, s] of top) console.log(`  ${(s.ms / 1000).toFixed(2).padStart(7)} s  ×${String(s.count).padEnd(6)} ${text.slice(0, 220)}`);
    }
  } finally {
    await deps.jobs.stop();
    await db.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);

// `BENCH_SCALE=N npm run bench` (last), or `BENCH_SCALE=N npx tsx bench/scale.ts`: the pages and APIs whose cost grows with the
// network, timed over HTTP on PostgreSQL with the national data set (`seed --scale 23000`:
// 23,000 organizations, 115,000 people, each an individual member with a profile). It creates a
// fresh database (through the admin connection BENCH_DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/postgres), migrates and loads it once, starts Civnet and a bare
// Fastify hello-world in child processes, and runs each section (bench/scale-*.ts): Who's Who
// name search as a member, the staff organizations list and search as membership staff. Each
// section checks its answers before timing them, times sequential requests (p50/p95/p99 of every
// sample, next to the hello-world's in the same run), prints whether its budget is met and the
// plan of its statement. Then it drops the database. Timings never go into tests.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { type Database, openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { seedScale } from '../src/seed/scale/index.js';
import { admin, adminUrl, type Child, positiveInt, runAsScript, shown, startChild, startCivnet, withDatabase } from './lib.js';
import { benchDirectory } from './scale-directory.js';
import { benchOrganizations } from './scale-organizations.js';
import { type ScaleContext, time } from './timing.js';

const REQUESTS = positiveInt('BENCH_SCALE_REQUESTS', 1_000);

export async function main(): Promise<number> {
  // Only on request: BENCH_SCALE=N (organizations, `seed --scale N`) or BENCH_SCALE=national (bench/national.ts).
  const scale = process.env.BENCH_SCALE;
  if (!scale) {
    console.log('Scale bench: skipped (set BENCH_SCALE=N for N organizations, or BENCH_SCALE=national).');
    return 0;
  }
  if (scale === 'national') return (await import('./national.js')).benchNational();
  const ORGANIZATIONS = positiveInt('BENCH_SCALE', 23_000);
  try {
    await admin('select 1');
  } catch (err) {
    console.log(`Scale bench: skipped, PostgreSQL is not reachable at ${shown(adminUrl)} (${err instanceof Error ? err.message : String(err)}).`);
    return 0;
  }
  // BENCH_SCALE_KEEP=<name>: load into that database once and keep it, so the next run starts at once.
  const kept = process.env.BENCH_SCALE_KEEP;
  if (kept !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(kept)) throw new Error('BENCH_SCALE_KEEP must be a database name (lowercase letters, digits, _)');
  const name = kept || `civnet_bench_scale_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(adminUrl, name);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'civnet-bench-scale-'));
  await admin(`create database ${name}`).catch((err: unknown) => {
    if (!kept) throw err; // a kept database may exist already
  });
  let database: Database | null = null;
  const children: Child[] = [];
  const cleanup = async () => {
    for (const c of children.splice(0)) await c.stop().catch(() => {});
    await database?.close().catch(() => {});
    database = null;
    if (!kept) await admin(`drop database if exists ${name} with (force)`);
    await rm(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });
  try {
    const started = Date.now();
    const db = openPostgres(url, 4);
    database = db;
    await migrate(db);
    await seedScale(db, { organizations: ORGANIZATIONS, seed: 1 });
    // A kept database may have been migrated since it was loaded: statistics for what is new.
    if (kept) await sql`analyze`.execute(db.db);
    const counts = await sql<{ organizations: number; people: number; listed: number }>`
      select (select count(*)::int from organizations) as organizations, count(*)::int as people, count(*) filter (where p.listed)::int as listed
      from individual_memberships im join member_profiles p on p.user_id = im.user_id where im.status = 'active'`.execute(db.db);
    const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db.db);
    console.log(
      `\nScale bench: ${counts.rows[0]?.organizations.toLocaleString('en-US')} organizations, ${counts.rows[0]?.people.toLocaleString('en-US')} individual members ` +
        `(${counts.rows[0]?.listed.toLocaleString('en-US')} listed), PostgreSQL ${version.rows[0]?.v ?? '?'}, ${os.cpus().length} CPUs ` +
        `(set up in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );

    const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development', LOG_LEVEL: 'silent' };
    // One account makes every search here, so its per-person Who's Who limit (60 in 10 minutes) is lifted.
    const civnet = await startCivnet({
      ...env,
      BENCH_DATABASE_URL: url,
      BENCH_DATA_DIR: dataDir,
      RATE_LIMIT_DIRECTORY_PER_10_MINUTES: '1000000',
    });
    children.push(civnet);
    const hello = await startChild('bench/servers/hello-world.ts', env);
    children.push(hello);
    const baseline = await time([`http://127.0.0.1:${hello.port}/`], {}, REQUESTS);
    const ctx: ScaleContext = { db, base: `http://127.0.0.1:${civnet.port}`, baseline, requests: REQUESTS };
    const failed = [!(await benchDirectory(ctx)), !(await benchOrganizations(ctx))].some(Boolean);
    return failed ? 1 : 0;
  } finally {
    await cleanup();
  }
}

runAsScript(import.meta.url, main);

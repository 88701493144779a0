// Test databases. Every test file gets a database as the migrated template left it, and gives it
// back when it is done: a worker keeps the databases given back and hands them out again emptied
// (every table's rows deleted with triggers and foreign keys standing aside, the template's own rows
// and sequence values put back). On PGlite that takes a tenth of the two seconds that loading the
// template image again takes; on PostgreSQL it replaces a CREATE DATABASE from the template and a
// DROP DATABASE per file (0.5–4.5 s between them on this machine). Deleting replaced TRUNCATE, which
// makes every table and index anew (0.6–0.8 s on PGlite against 0.14–0.3 s). A database whose
// schema is no longer the template's (a test that migrated it) is closed or dropped instead.
import { randomBytes } from 'node:crypto';
import { cpSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, openPGlite, openPostgres, wrapPGlite } from '../src/db/client.js';

export const testDbKind = (): 'pg' | 'pglite' => (process.env.TEST_DB === 'pg' ? 'pg' : 'pglite');
export const adminUrl = () => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  database: Database;
  drop(): Promise<void>;
}

/** `fresh`: on PGlite, an instance of its own, loaded from the template and closed after, not one
 * reused by the worker's earlier files (whose data directory has grown with their work: a test
 * that copies the whole directory, like the backup's, pays for all of it). */
/** On PGlite, how long the one connection's holder may sit idle while others wait (PGlitePool):
 * shorter than a test's time-out, so that a read through the root handle inside a transaction
 * fails its test with HeldConnectionError and where the transaction began, not with a time-out. */
const TEST_IDLE_HOLD_MS = 10_000;

export async function createTestDatabase(template: string, opts: { fresh?: boolean; idleHoldMs?: number; unguarded?: boolean } = {}): Promise<TestDatabase> {
  const idleHoldMs = opts.idleHoldMs ?? TEST_IDLE_HOLD_MS;
  // a test of what production does when the guard is not there (the guard: wrapPGlite)
  const guard = !opts.unguarded;
  if (testDbKind() === 'pg') {
    const pool = pgPools.get(template) ?? { free: [] };
    pgPools.set(template, pool);
    let name = pool.free.pop();
    if (!name) {
      name = `${testDatabasePrefix(template)}${randomBytes(6).toString('hex')}`;
      await adminQuery(`create database ${name} template ${template}`);
    }
    const database = openPostgres(withDatabase(adminUrl(), name), 5);
    const taken = name;
    return {
      database,
      async drop() {
        await database.close();
        if (await emptyPostgres(taken, template)) pool.free.push(taken);
        else await adminQuery(`drop database if exists ${taken} with (force)`);
      },
    };
  }
  if (opts.fresh) {
    const database = wrapPGlite(await openPGlite({ loadDataDir: new Blob([await readFile(template)]) }), { idleHoldMs, guard });
    return { database, drop: () => database.close() };
  }
  const pglite = await takePGlite(template);
  const database = wrapPGlite(pglite, { idleHoldMs, guard });
  return {
    database,
    async drop() {
      await database.db.destroy();
      await givePGliteBack(template, pglite);
    },
  };
}

/**
 * A data directory for a `civnet` process (or startServer) on the embedded database, for tests of
 * what a start does with it, not of migrating. On PGlite (`template` is the unit suite's image) it
 * is loaded with the migrated template, so the process starts without migrating: each migration of
 * an empty directory costs about 15 s of CPU, and a dozen tests paid it on every suite run. On the
 * pg suite (`template` names a database) it is empty and the process migrates it. `civnet migrate`
 * on an empty directory is tested by test/platform.test.ts and .ci/smoke.
 */
export async function migratedDataDir(template: string, prefix = 'civnet-'): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  // synchronous: fs.promises.cp took seconds over the ~1,900 files that cpSync copies in half a second
  if (testDbKind() === 'pglite') cpSync(await dataDirImage(template), dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

// The template image loaded once per worker into a data directory of its own, which each
// migratedDataDir copies (loading the image costs seconds, copying the directory a fraction).
const dataDirImages = new Map<string, Promise<string>>();

function dataDirImage(template: string): Promise<string> {
  let image = dataDirImages.get(template);
  if (!image) {
    image = (async () => {
      const dir = await mkdtemp(join(tmpdir(), 'civnet-datadir-image-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const pglite = await openPGlite({ dataDir: dir, loadDataDir: new Blob([await readFile(template)]) });
      await pglite.close();
      return dir;
    })();
    dataDirImages.set(template, image);
  }
  return image;
}

/** Where the global setup keeps the `Fresh` of a template image. */
export const freshFile = (template: string) => `${template}.fresh.json`;

/** What a database fresh from the template holds, to put it back after a test file. */
export interface Fresh {
  /** every table a test may fill: the public schema but the migrator's own, and pg-boss's jobs */
  tables: string[];
  /** the template's own rows (written by migrations), as `insert` statements */
  restore: string[];
  /** one statement setting every sequence back */
  sequences: string;
  fingerprint: string;
}

/** Empties a database given back and puts the template's rows and sequences back, in one string:
 * rows deleted with triggers and foreign-key checks standing aside (`session_replication_role`,
 * as a superuser may), then the template's rows written as any insert is. */
const emptying = (fresh: Fresh): string =>
  [
    'set session_replication_role = replica',
    ...fresh.tables.map((t) => `delete from ${t}`),
    'set session_replication_role = origin',
    ...fresh.restore,
    ...(fresh.sequences ? [fresh.sequences] : []),
  ].join(';\n');

interface Pool {
  free: PGlite[];
  image?: Blob;
  fresh?: Fresh;
}

// One pool per worker process and template: the test files of a worker run one after another
// (files share a worker, `isolate: false`), and a file may hold several databases at once.
const pools = new Map<string, Pool>();

const FINGERPRINT = `select (select count(*) from kysely_migration)::text || '/' || (select count(*) from pg_tables where schemaname = 'public')::text as f`;

/** On PostgreSQL, where any test may have changed the schema it was given: its columns,
 * constraints, indexes, triggers (enabled or not) and functions, and the migrations applied. */
export const PG_FINGERPRINT = `select md5(coalesce(string_agg(x, ',' order by x), '')) as f from (
  select c.relname || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull::text || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') as x
    from pg_attribute a join pg_class c on c.oid = a.attrelid left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
   where c.relnamespace = 'public'::regnamespace and a.attnum > 0 and not a.attisdropped
  union all select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where connamespace = 'public'::regnamespace
  union all select indexdef from pg_indexes where schemaname = 'public'
  union all select tgrelid::regclass::text || ' ' || tgname || ' ' || tgenabled::text from pg_trigger where not tgisinternal
  union all select p.oid::regprocedure::text || ' ' || md5(p.prosrc) from pg_proc p where p.pronamespace = 'public'::regnamespace
  union all select 'migrations ' || count(*)::text from kysely_migration
) s`;

type Query = <T>(text: string) => Promise<{ rows: T[] }>;

/** Read by the global setup from the migrated template, before it is dumped or copied. */
export async function freshOf(query: Query, fingerprintQuery = FINGERPRINT): Promise<Fresh> {
  const tables = (
    await query<{ s: string; t: string }>(
      `select schemaname s, tablename t from pg_tables
        where (schemaname = 'public' and tablename not like 'kysely_migration%')
           or (schemaname = 'pgboss' and tablename in ('job', 'archive', 'schedule', 'subscription'))
        order by 1, 2`,
    )
  ).rows.map((r) => `"${r.s}"."${r.t}"`);
  const restore: string[] = [];
  for (const table of tables) {
    const cols = (
      await query<{ a: string }>(
        `select quote_ident(attname) a from pg_attribute where attrelid = '${table}'::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
      )
    ).rows.map((r) => r.a);
    const rows = (await query<{ j: string | null }>(`select json_agg(t)::text j from (select ${cols.join(', ')} from ${table}) t`)).rows[0]?.j;
    if (rows)
      restore.push(
        `insert into ${table} (${cols.join(', ')}) overriding system value select ${cols.join(', ')} from json_populate_recordset(null::${table}, '${rows.replace(/'/g, "''")}')`,
      );
  }
  const seqs = (
    await query<{ q: string }>(
      `select format('setval(%L, %s, %L)', schemaname || '.' || sequencename, coalesce(last_value, start_value), last_value is not null) q from pg_sequences`,
    )
  ).rows;
  const fingerprint = (await query<{ f: string }>(fingerprintQuery)).rows[0]?.f ?? '';
  return { tables, restore, sequences: seqs.length ? `select ${seqs.map((r) => r.q).join(', ')}` : '', fingerprint };
}

// On PostgreSQL: the databases a worker was given back, per template, named after the template
// (the global teardown drops every one of them).
const pgPools = new Map<string, { free: string[]; fresh?: Promise<Fresh> }>();

/** The start of the name of every test database made from `template` (civnet_tpl_<hex>). */
export const testDatabasePrefix = (template: string) => `civnet_test_${template.replace(/^civnet_tpl_/, '')}_`;

/** Where the global setup keeps the `Fresh` of a PostgreSQL template. */
export const pgFreshFile = (template: string) => join(tmpdir(), `${template}.fresh.json`);

/** Empties a PostgreSQL test database given back; false when it cannot be handed out again (its
 * schema changed, or anything failed), and it is then dropped. */
async function emptyPostgres(name: string, template: string): Promise<boolean> {
  const pool = pgPools.get(template);
  if (!pool) return false;
  pool.fresh ??= readFile(pgFreshFile(template), 'utf8').then((text) => JSON.parse(text) as Fresh);
  const client = new pg.Client({ connectionString: withDatabase(adminUrl(), name) });
  try {
    const fresh = await pool.fresh;
    await client.connect();
    // whatever the test left connected (a process it started, a pool it did not close)
    await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    const fingerprint = (await client.query<{ f: string }>(PG_FINGERPRINT)).rows[0]?.f;
    if (fingerprint !== fresh.fingerprint) return false;
    await client.query(`begin;\n${emptying(fresh)};\ncommit`);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function takePGlite(template: string): Promise<PGlite> {
  let pool = pools.get(template);
  if (!pool) {
    pool = { free: [] };
    pools.set(template, pool);
  }
  const reused = pool.free.pop();
  if (reused) return reused;
  pool.image ??= new Blob([await readFile(template)]);
  pool.fresh ??= JSON.parse(await readFile(freshFile(template), 'utf8')) as Fresh;
  return openPGlite({ loadDataDir: pool.image });
}

async function givePGliteBack(template: string, pglite: PGlite): Promise<void> {
  const pool = pools.get(template);
  if (pglite.closed) return;
  try {
    if (!pool?.fresh) throw new Error('no pool');
    const fresh = pool.fresh;
    await pglite.exec('rollback').catch(() => undefined);
    const fingerprint = (await pglite.query<{ f: string }>(FINGERPRINT)).rows[0]?.f;
    if (fingerprint !== fresh.fingerprint) throw new Error('the schema changed');
    await pglite.exec(`reset all;\n${emptying(fresh)}`);
    pool.free.push(pglite);
  } catch {
    await pglite.close();
  }
}

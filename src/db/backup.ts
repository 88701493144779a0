// `civnet backup FILE` and `civnet restore FILE` (issue 21, P9), on both engines.
//
// A backup file is a short header and the engine's own dump:
//   line 1  `CIVNET-BACKUP 1`
//   line 2  the manifest (JSON): the engine, the schema version (the newest migration applied),
//           when it was made, and what it holds: the row count of every table and the invoice
//           numbers (how many, the first, the last, and a digest of them all)
//   then    PostgreSQL: `pg_dump --format=custom` of the whole database; PGlite: its data
//           directory as a gzipped tarball (`dumpDataDir`).
// A restore goes into an empty database (refused otherwise unless --force, which first empties
// it), refuses a backup of a newer schema than this code knows, and then counts the restored
// database and compares it with the manifest.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { type Database, type Db, openDatabase, openPGlite, wrapPGlite } from './client.js';
import { latestMigrationName } from './migrator.js';

const run = promisify(execFile);
const MAGIC = 'CIVNET-BACKUP 1';
/** the header (two lines) is read from at most this many bytes */
const HEADER_MAX = 4 * 1024 * 1024;

export interface Snapshot {
  /** the newest migration applied */
  schemaVersion: string;
  /** rows per table of the public schema, by name */
  counts: Record<string, number>;
  invoices: { count: number; first: string | null; last: string | null; digest: string };
}

export interface Manifest extends Snapshot {
  format: 'civnet-backup';
  version: 1;
  engine: 'pg' | 'pglite';
  createdAt: string;
}

/** Exit codes shared with the CLI (README: "Exit codes"). */
export class BackupRefusal extends Error {
  constructor(
    message: string,
    readonly exitCode: 3 | 4,
  ) {
    super(message);
  }
}

/** Says where a backup or restore is (the CLI's progress on stderr). */
export type OnProgress = (message: string) => void;

/** What the database holds: the schema version, every table's rows, the invoice numbers. */
export async function snapshot(db: Db, onProgress?: OnProgress): Promise<Snapshot> {
  const version = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db).catch(() => ({ rows: [] as Array<{ name: string }> }));
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const [i, t] of tables.rows.entries()) {
    if (!/^[a-z_][a-z0-9_]*$/.test(t.name)) continue;
    onProgress?.(`Counting rows: table ${i + 1} of ${tables.rows.length} (${t.name})`);
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t.name)}`.execute(db);
    counts[t.name] = r.rows[0]?.n ?? 0;
  }
  let invoices: Snapshot['invoices'] = { count: 0, first: null, last: null, digest: createHash('sha256').digest('hex') };
  if ('invoices' in counts) {
    onProgress?.('Reading the invoice numbers');
    const rows = await sql<{ number: string }>`select number from invoices where number is not null order by number`.execute(db);
    const numbers = rows.rows.map((r) => r.number);
    invoices = { count: numbers.length, first: numbers[0] ?? null, last: numbers.at(-1) ?? null, digest: createHash('sha256').update(numbers.join('\n')).digest('hex') };
  }
  return { schemaVersion: version.rows[0]?.name ?? '', counts, invoices };
}

/** The differences between what a backup says it holds and what a database holds (empty: the same). */
export function compareSnapshots(expected: Snapshot, actual: Snapshot): string[] {
  const problems: string[] = [];
  if (expected.schemaVersion !== actual.schemaVersion) problems.push(`schema version ${actual.schemaVersion}, the backup's is ${expected.schemaVersion}`);
  for (const [table, n] of Object.entries(expected.counts)) {
    if (actual.counts[table] !== n) problems.push(`${table}: ${actual.counts[table] ?? 'missing'} rows, the backup had ${n}`);
  }
  for (const table of Object.keys(actual.counts)) if (!(table in expected.counts)) problems.push(`${table}: not in the backup`);
  if (expected.invoices.digest !== actual.invoices.digest || expected.invoices.count !== actual.invoices.count) {
    problems.push(`invoice numbers differ (${actual.invoices.count} restored, ${expected.invoices.count} in the backup)`);
  }
  return problems;
}

const majorOf = (version: string) => Number(/(\d+)/.exec(version)?.[1] ?? 0);

/** pg_dump / pg_restore on the PATH, of a major version at least the server's. */
async function pgTool(tool: 'pg_dump' | 'pg_restore', database: Database): Promise<string> {
  let out: string;
  try {
    out = (await run(tool, ['--version'])).stdout;
  } catch {
    throw new BackupRefusal(`${tool} was not found. Install the PostgreSQL client tools of your server's version (Debian: apt install postgresql-client-NN).`, 3);
  }
  const server = await sql<{ v: string }>`select current_setting('server_version_num') as v`.execute(database.db);
  const serverMajor = Math.floor(Number(server.rows[0]?.v ?? 0) / 10000);
  const toolMajor = majorOf(out.replace(/^[^)]*\)/, ''));
  if (toolMajor < serverMajor) {
    throw new BackupRefusal(
      `${tool} is version ${toolMajor} but the server is PostgreSQL ${serverMajor}: ${tool} must be at least the server's version. Install postgresql-client-${serverMajor}.`,
      3,
    );
  }
  return tool;
}

async function writeBackup(file: string, manifest: Manifest, payload: string | Uint8Array): Promise<void> {
  const out = createWriteStream(file, { mode: 0o600 });
  const head = `${MAGIC}\n${JSON.stringify(manifest)}\n`;
  await new Promise<void>((resolve, reject) => out.write(head, (err) => (err ? reject(err) : resolve())));
  if (typeof payload === 'string') await pipeline(createReadStream(payload), out);
  else await new Promise<void>((resolve, reject) => out.end(payload, () => resolve()).on('error', reject));
}

/** Makes a backup of the database into `file`; returns its manifest. */
export async function backup(database: Database, file: string, opts: { now?: Date; onProgress?: OnProgress } = {}): Promise<Manifest> {
  const say = opts.onProgress ?? (() => {});
  const snap = await snapshot(database.db, opts.onProgress);
  const manifest: Manifest = { format: 'civnet-backup', version: 1, engine: database.kind, createdAt: (opts.now ?? new Date()).toISOString(), ...snap };
  if (database.kind === 'pglite') {
    if (!database.pglite) throw new Error('the PGlite instance is not reachable');
    say('Dumping the data directory');
    const blob = await database.pglite.dumpDataDir('gzip');
    say(`Writing ${file} (${Math.ceil(blob.size / 1024)} KB)`);
    await writeBackup(file, manifest, new Uint8Array(await blob.arrayBuffer()));
    return manifest;
  }
  if (!database.connectionString) throw new Error('the database has no connection string');
  const tool = await pgTool('pg_dump', database);
  const dir = await mkdtemp(join(tmpdir(), 'civnet-backup-'));
  try {
    const dump = join(dir, 'dump');
    say('Dumping the database with pg_dump');
    await run(tool, ['--format=custom', '--no-owner', '--no-privileges', `--file=${dump}`, `--dbname=${database.connectionString}`], { maxBuffer: 16 * 1024 * 1024 });
    say(`Writing ${file} (${Math.ceil((await stat(dump)).size / 1024)} KB)`);
    await writeBackup(file, manifest, dump);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return manifest;
}

/** Reads a backup's header: its manifest and where the dump starts. */
export async function readManifest(file: string): Promise<{ manifest: Manifest; offset: number }> {
  const fh = await open(file, 'r').catch(() => {
    throw new BackupRefusal(`There is no file ${file}.`, 3);
  });
  try {
    const buf = Buffer.alloc(Math.min(HEADER_MAX, (await fh.stat()).size));
    await fh.read(buf, 0, buf.length, 0);
    const first = buf.indexOf(10);
    const second = first < 0 ? -1 : buf.indexOf(10, first + 1);
    if (first < 0 || second < 0 || buf.subarray(0, first).toString('utf8') !== MAGIC) throw new BackupRefusal(`${file} is not a Civnet backup (made by civnet backup).`, 3);
    const manifest = JSON.parse(buf.subarray(first + 1, second).toString('utf8')) as Manifest;
    if (manifest.format !== 'civnet-backup' || manifest.version !== 1) throw new BackupRefusal(`${file} is a backup of an unknown format.`, 3);
    return { manifest, offset: second + 1 };
  } finally {
    await fh.close();
  }
}

export interface RestoreResult {
  manifest: Manifest;
  restored: Snapshot;
  /** what differs between the backup and the restored database (empty: identical) */
  problems: string[];
}

/** Restores `file` into the database of `target` (DATABASE_URL, else DATA_DIR). */
export async function restore(target: { databaseUrl?: string; dataDir: string }, file: string, opts: { force?: boolean; onProgress?: OnProgress } = {}): Promise<RestoreResult> {
  const say = opts.onProgress ?? (() => {});
  say(`Reading the manifest of ${file}`);
  const { manifest, offset } = await readManifest(file);
  const known = latestMigrationName();
  if (manifest.schemaVersion > known) {
    throw new BackupRefusal(
      `This backup was made by a newer Civnet: its schema is ${manifest.schemaVersion}, and this version knows up to ${known}. Restore it with the version of Civnet that made it (or a newer one).`,
      3,
    );
  }
  const engine = target.databaseUrl ? 'pg' : 'pglite';
  if (manifest.engine !== engine) {
    throw new BackupRefusal(
      `This is a backup of ${manifest.engine === 'pg' ? 'PostgreSQL' : 'the embedded database (PGlite)'}; the target is ${engine === 'pg' ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${target.dataDir}`}. Restore it into the same kind of database.`,
      3,
    );
  }
  let database: Database;
  if (engine === 'pglite') {
    const dir = target.dataDir;
    const holds = existsSync(dir) && (await stat(dir)).isDirectory() && (await readdir(dir)).length > 0;
    if (holds && !opts.force) throw new BackupRefusal(`${dir} already holds a database. Restore into an empty DATA_DIR, or add --force to replace it.`, 3);
    if (holds) await rm(dir, { recursive: true, force: true });
    say(`Loading the data directory into ${dir}`);
    const chunks: Buffer[] = [];
    for await (const c of createReadStream(file, { start: offset })) chunks.push(c as Buffer);
    const blob = new Blob([Buffer.concat(chunks)], { type: 'application/x-gzip' });
    database = wrapPGlite(await openPGlite({ dataDir: dir, loadDataDir: blob }));
  } else {
    database = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
    try {
      const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`.execute(
        database.db,
      );
      if ((tables.rows[0]?.n ?? 0) > 0) {
        if (!opts.force) throw new BackupRefusal('The database at DATABASE_URL is not empty. Restore into an empty database, or add --force to replace what it holds.', 3);
        const schemas = await sql<{ name: string }>`select nspname as name from pg_namespace
          where nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and nspname not like 'pg_temp%' and nspname not like 'pg_toast_temp%'`.execute(database.db);
        say('Emptying the target database (--force)');
        for (const s of schemas.rows) await sql`drop schema ${sql.id(s.name)} cascade`.execute(database.db);
        await sql`create schema public`.execute(database.db);
      }
      const tool = await pgTool('pg_restore', database);
      const dir = await mkdtemp(join(tmpdir(), 'civnet-restore-'));
      try {
        const dump = join(dir, 'dump');
        await pipeline(createReadStream(file, { start: offset }), createWriteStream(dump));
        say('Restoring with pg_restore');
        await new Promise<void>((resolve, reject) => {
          const child = spawn(tool, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${target.databaseUrl}`, dump], {
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let err = '';
          child.stderr.on('data', (c: Buffer) => {
            err += c.toString('utf8');
          });
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pg_restore failed (${code}): ${err.trim().slice(0, 2000)}`))));
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    } catch (err) {
      await database.close();
      throw err;
    }
  }
  try {
    say('Checking the restored database against the backup');
    const restored = await snapshot(database.db, opts.onProgress);
    return { manifest, restored, problems: compareSnapshots(manifest, restored) };
  } finally {
    await database.close();
  }
}

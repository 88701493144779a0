// Opens the database: PGlite (embedded, one connection) or PostgreSQL through `pg`.
// Both are reached through Kysely's PostgresDialect so that SQL is the same everywhere.

import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CompiledQuery, Kysely, type KyselyConfig, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { DB } from './types.js';

export type Db = Kysely<DB>;

/** What pg-boss and raw callers need: run SQL text with positional values. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface Database {
  kind: 'pglite' | 'pg';
  db: Db;
  /** executes on the root (outside any transaction) */
  executor: SqlExecutor;
  connectionString?: string;
  pglite?: PGlite;
  /** queries waiting for a connection right now (the pool guard answers 503 past MAX_DB_WAITING) */
  waiting(): number;
  /** PostgreSQL only: runs `work` on a connection of its own from the pool (bulk loads' COPY, db/bulk.ts) */
  withPgClient?<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Same value shapes on both engines: int8 as number (cents stay far below 2^53),
// date as 'YYYY-MM-DD', numeric as string, timestamps as Date.
const OID = { int8: 20, date: 1082, numeric: 1700, timestamp: 1114, timestamptz: 1184 } as const;
const parseInt8 = (v: string) => Number(v);
const parseDate = (v: string) => v;
const parseTs = (v: string) => new Date(v.includes('T') || v.includes('+') || v.endsWith('Z') ? v : `${v}Z`);

export function kyselyExecutor(db: Kysely<DB> | { executeQuery: Kysely<DB>['executeQuery'] }): SqlExecutor {
  return {
    async executeSql(text, values = []) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as Record<string, unknown>[] };
    },
  };
}

/** A pool of one over a PGlite instance: a connection is held exclusively until released,
 * so a transaction's statements never interleave with another request's. */
class PGlitePool implements PostgresPool {
  private queue: Array<() => void> = [];
  private busy = false;
  constructor(private readonly pglite: PGlite) {}

  get waiting(): number {
    return this.queue.length;
  }

  async connect(): Promise<PostgresPoolClient> {
    if (this.busy) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.busy = true;
    let released = false;
    const pglite = this.pglite;
    return {
      query: (async (sqlText: string, parameters: readonly unknown[]) => {
        const command = /^\s*(\w+)/.exec(sqlText)?.[1]?.toUpperCase() ?? 'SELECT';
        if (parameters.length === 0 && /;\s*\S/.test(sqlText)) {
          const results = await pglite.exec(sqlText);
          const last = results[results.length - 1];
          return { command, rowCount: last?.affectedRows ?? 0, rows: last?.rows ?? [] };
        }
        const r = await pglite.query(sqlText, parameters as unknown[]);
        return { command, rowCount: r.affectedRows ?? r.rows.length, rows: r.rows };
      }) as unknown as PostgresPoolClient['query'],
      release: () => {
        if (released) return;
        released = true;
        const next = this.queue.shift();
        if (next) next();
        else this.busy = false;
      },
    };
  }

  async end(): Promise<void> {}
}

export async function openPGlite(opts: { dataDir?: string; loadDataDir?: Blob | File }): Promise<PGlite> {
  return PGlite.create(opts.dataDir ?? 'memory://', {
    extensions: { pg_trgm, citext },
    loadDataDir: opts.loadDataDir,
    parsers: {
      [OID.int8]: parseInt8,
      [OID.date]: parseDate,
      [OID.timestamp]: parseTs,
      [OID.timestamptz]: parseTs,
    },
  });
}

export function wrapPGlite(pglite: PGlite): Database {
  const pool = new PGlitePool(pglite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'pglite',
    db,
    pglite,
    waiting: () => pool.waiting,
    executor: kyselyExecutor(db),
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** A statement that starts with this comment is sent to PostgreSQL as a named prepared statement
 * (named by a digest of its text), kept by each connection: parsed once per connection, and planned
 * once when PostgreSQL's plan cache finds its generic plan as good as the custom ones. For the few
 * searches whose planning cost as much as their running (Who's Who: 1.5 ms of 4 ms). Only for
 * statements with a bounded number of distinct texts (values as parameters); on PGlite it is a
 * comment. */
export const PREPARED = '/* prepared */';

/** Makes a new pg client send PREPARED statements as named ones. */
function preparing(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const names = new Map<string, string>();
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, ...rest: unknown[]) => {
    if (typeof text !== 'string' || !text.startsWith(PREPARED) || typeof rest[0] === 'function') return query(text, ...rest);
    let name = names.get(text);
    if (!name) {
      name = `civnet_${createHash('sha1').update(text).digest('base64url')}`;
      names.set(text, name);
    }
    return query({ name, text, values: rest[0] ?? [] }, ...rest.slice(1));
  };
}

/** `log`: Kysely's query log (the renewal profile, bench/renewal-stages.ts, sums time by statement). */
export function openPostgres(connectionString: string, max = 10, opts: { log?: KyselyConfig['log'] } = {}): Database {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === OID.int8) return parseInt8;
      if (oid === OID.date) return parseDate;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString, max, types });
  // An idle client's error (server restart) must not crash the process.
  pool.on('error', () => {});
  pool.on('connect', preparing);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: opts.log });
  return {
    kind: 'pg',
    db,
    connectionString,
    waiting: () => pool.waitingCount,
    executor: kyselyExecutor(db),
    async withPgClient(work) {
      const client = await pool.connect();
      try {
        const result = await work(client);
        client.release();
        return result;
      } catch (err) {
        client.release(err instanceof Error ? err : true); // not back to the pool mid-COPY or mid-transaction
        throw err;
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(opts.dataDir, { recursive: true });
  return wrapPGlite(await openPGlite({ dataDir: opts.dataDir }));
}

// Opens the database: PGlite (embedded, one connection) or PostgreSQL through `pg`.
// Both are reached through Kysely's PostgresDialect so that SQL is the same everywhere.

import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CompiledQuery, Kysely, type KyselyConfig, PostgresDialect, type PostgresPool, type PostgresPoolClient, type Transaction, type TransactionBuilder } from 'kysely';
import pg from 'pg';
import { AppError } from '../lib/errors.js';
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

/** How long the connection's holder may sit idle (no statement running) while others wait for it
 * before they are refused: the embedded database's `idle_in_transaction_session_timeout`. */
export const PGLITE_IDLE_HOLD_MS = 30_000;

/** What a query is told when no connection comes free in time: a busy server to the person asking;
 * in the log, `reason` and (PGlite) with `cause` where the holder's transaction began. A read
 * through the root handle inside a transaction waits for a connection its own transaction may be
 * holding: on PGlite always (one connection), on PostgreSQL once every pooled one is held so. */
export class HeldConnectionError extends AppError {
  readonly reason: string;
  constructor(reason: string, cause?: Error) {
    super('unavailable', { message: 'The service is busy. Please try again in a few seconds.' });
    this.name = 'HeldConnectionError';
    this.reason = reason;
    if (cause) this.cause = cause;
  }
}

const idleHolderReason = (idleMs: number, inTransaction: boolean) =>
  `the embedded database's one connection has been held ${inTransaction ? 'in a transaction ' : ''}with no statement running for ${Math.round(idleMs)} ms while this query waited for it (a read through the root handle inside a transaction waits for that transaction forever)`;

/** Thrown (where the guard is on: the test databases) by a query through the root handle, or a
 * cached read that may make one, from inside a transaction callback of the same database: on
 * PGlite that query waits for the connection its own transaction holds. At once, with the stack of
 * the offending call, instead of a HeldConnectionError 503 after the idle limit, and only when the
 * cache happened to be cold. */
export class RootInTransactionError extends Error {
  constructor(what: string) {
    super(
      `${what} through the root database handle inside a transaction: use the transaction's executor (trx, { ...deps, db: trx }, associationThrough(trx)). On PGlite it waits for the one connection its own transaction holds.`,
    );
    this.name = 'RootInTransactionError';
  }
}

/** The transaction callback the current async context runs in (guarded databases only). */
const inTransaction = new AsyncLocalStorage<{ db: Db; open: boolean }>();

/** Throws RootInTransactionError when called from inside a transaction callback of `db` (a root
 * handle) on a guarded database; otherwise nothing (a lookup that finds no store). */
export function assertOutsideTransaction(db: Db | Transaction<DB>, what: string): void {
  const mark = inTransaction.getStore();
  if (mark?.open && mark.db === db) throw new RootInTransactionError(what);
}

/** Runs `work` as if outside any transaction: for work deliberately left running in the background
 * (a cache's refresh), which waits its turn for a connection and is awaited by no transaction. */
export function detachedFromTransaction<T>(work: () => T): T {
  return inTransaction.exit(work);
}

/** Marks every transaction callback of `db` (the async context it runs in) so that the pool and the
 * caches can refuse a root-handle read made from inside it. */
function guardTransactions(db: Db): void {
  const wrap = (builder: TransactionBuilder<DB>): TransactionBuilder<DB> =>
    ({
      setAccessMode: (mode: Parameters<TransactionBuilder<DB>['setAccessMode']>[0]) => wrap(builder.setAccessMode(mode)),
      setIsolationLevel: (level: Parameters<TransactionBuilder<DB>['setIsolationLevel']>[0]) => wrap(builder.setIsolationLevel(level)),
      execute: <T>(callback: (trx: Transaction<DB>) => Promise<T>) =>
        builder.execute(async (trx) => {
          const mark = { db, open: true };
          try {
            return await inTransaction.run(mark, () => callback(trx));
          } finally {
            mark.open = false; // work it left running may use the root handle once it has ended
          }
        }),
    }) as unknown as TransactionBuilder<DB>;
  const transaction = db.transaction.bind(db);
  db.transaction = () => wrap(transaction());
}

type Waiter = { resolve: () => void; reject: (err: Error) => void; since: number };

/** A pool of one over a PGlite instance: a connection is held exclusively until released,
 * so a transaction's statements never interleave with another request's.
 *
 * A holder that runs no statement for `idleHoldMs` while others wait frees them with
 * HeldConnectionError: those who began waiting after its last statement (the one it may be waiting
 * for among them) instead of waiting forever, and the whole server with them. Where the holder's
 * transaction began (a stack, formatted only if read) goes with the error as its cause. */
class PGlitePool implements PostgresPool {
  private queue: Waiter[] = [];
  private busy = false;
  /** the holder: whether a statement runs, when its last one ended, whether it is in a transaction */
  private holder = { running: false, lastActivity: 0, inTransaction: false, took: undefined as Error | undefined };
  private watchdog: NodeJS.Timeout | undefined;
  /** set (guarded databases) once the Kysely instance over this pool exists */
  guarded: Db | undefined;
  constructor(
    private readonly pglite: PGlite,
    private readonly idleHoldMs = PGLITE_IDLE_HOLD_MS,
  ) {}

  get waiting(): number {
    return this.queue.length;
  }

  async connect(): Promise<PostgresPoolClient> {
    if (this.guarded) assertOutsideTransaction(this.guarded, 'A query');
    if (this.busy) {
      await new Promise<void>((resolve, reject) => {
        this.queue.push({ resolve, reject, since: performance.now() });
        this.watch();
      });
    }
    this.busy = true;
    const holder = { running: false, lastActivity: performance.now(), inTransaction: false, took: undefined as Error | undefined };
    this.holder = holder;
    let released = false;
    const pglite = this.pglite;
    return {
      query: (async (sqlText: string, parameters: readonly unknown[]) => {
        const command = /^\s*(\w+)/.exec(sqlText)?.[1]?.toUpperCase() ?? 'SELECT';
        holder.running = true;
        // where a transaction began: V8 keeps the frames and formats them only if the stack is read
        if (command === 'BEGIN' || command === 'START') holder.took = new Error('the transaction began here');
        try {
          if (parameters.length === 0 && /;\s*\S/.test(sqlText)) {
            const results = await pglite.exec(sqlText);
            const last = results[results.length - 1];
            return { command, rowCount: last?.affectedRows ?? 0, rows: last?.rows ?? [] };
          }
          const r = await pglite.query(sqlText, parameters as unknown[]);
          return { command, rowCount: r.affectedRows ?? r.rows.length, rows: r.rows };
        } finally {
          holder.running = false;
          holder.lastActivity = performance.now();
          if (command === 'BEGIN' || command === 'START') holder.inTransaction = true;
          else if (command === 'COMMIT' || command === 'ROLLBACK' || command === 'END' || command === 'ABORT') holder.inTransaction = false;
        }
      }) as unknown as PostgresPoolClient['query'],
      release: () => {
        if (released) return;
        released = true;
        const next = this.queue.shift();
        if (next) next.resolve();
        else this.busy = false;
      },
    };
  }

  /** Looks again when the holder would have been idle for idleHoldMs (one timer, while anyone waits). */
  private watch(): void {
    if (this.watchdog || this.queue.length === 0) return;
    const due = this.holder.running ? this.idleHoldMs : Math.max(0, this.holder.lastActivity + this.idleHoldMs - performance.now());
    this.watchdog = setTimeout(() => {
      this.watchdog = undefined;
      const h = this.holder;
      const idle = performance.now() - h.lastActivity;
      if (this.busy && !h.running && idle >= this.idleHoldMs) {
        const stuck = this.queue.filter((w) => w.since >= h.lastActivity);
        this.queue = this.queue.filter((w) => w.since < h.lastActivity);
        for (const w of stuck) w.reject(new HeldConnectionError(idleHolderReason(idle, h.inTransaction), h.took));
      }
      this.watch();
    }, due);
    this.watchdog.unref();
  }

  async end(): Promise<void> {
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }
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

/** `idleHoldMs`: see PGlitePool (tests give a shorter one). `guard`: refuse at once, with
 * RootInTransactionError, a root-handle query made from inside one of its transactions (the test
 * databases: such a query is a bug that waits on PGlite, and passes unseen while a cache is warm). */
export function wrapPGlite(pglite: PGlite, opts: { idleHoldMs?: number; guard?: boolean } = {}): Database {
  const pool = new PGlitePool(pglite, opts.idleHoldMs);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  if (opts.guard) {
    guardTransactions(db);
    pool.guarded = db;
  }
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

/** How long a query waits for a connection of the PostgreSQL pool before HeldConnectionError, by
 * default (PG_CONNECTION_WAIT_MS in the environment, config.ts). */
export const PG_CONNECTION_WAIT_MS = 30_000;

/** `log`: Kysely's query log (the renewal profile, bench/renewal-stages.ts, sums time by statement).
 * `connectionWaitMs`: see PG_CONNECTION_WAIT_MS (tests give a shorter one). */
export function openPostgres(connectionString: string, max = 10, opts: { log?: KyselyConfig['log']; connectionWaitMs?: number } = {}): Database {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === OID.int8) return parseInt8;
      if (oid === OID.date) return parseDate;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const connectionWaitMs = opts.connectionWaitMs ?? PG_CONNECTION_WAIT_MS;
  const pool = new pg.Pool({ connectionString, max, types, connectionTimeoutMillis: connectionWaitMs });
  // An idle client's error (server restart) must not crash the process.
  pool.on('error', () => {});
  pool.on('connect', preparing);
  // pg's own time-out error says only 'timeout exceeded when trying to connect': a 500 to the person
  const waiting: PostgresPool = {
    connect: () =>
      pool.connect().catch((err: unknown) => {
        if (err instanceof Error && /^timeout exceeded when trying to connect/.test(err.message)) {
          throw new HeldConnectionError(
            `no connection of the pool (${max}) came free, or could be opened, within ${connectionWaitMs} ms while this query waited (a read through the root handle inside a transaction, while every connection is held so, waits forever)`,
            err,
          );
        }
        throw err;
      }),
    end: () => pool.end(),
  };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: waiting }), log: opts.log });
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

/** `poolSize` and `connectionWaitMs` (PostgreSQL only): PG_POOL_SIZE and PG_CONNECTION_WAIT_MS
 * (config.ts's `databaseOptions`); by default 10 connections and PG_CONNECTION_WAIT_MS. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; poolSize?: number; connectionWaitMs?: number }): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize, { connectionWaitMs: opts.connectionWaitMs });
  const { mkdir } = await import('node:fs/promises');
  await mkdir(opts.dataDir, { recursive: true });
  return wrapPGlite(await openPGlite({ dataDir: opts.dataDir }));
}

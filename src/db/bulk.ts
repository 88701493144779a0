// Bulk loading for generated data sets (`civnet seed --scale`): rows go in `batch` at a time (each
// batch its own transaction), by COPY on PostgreSQL (one text stream, the cheapest way in for
// both sides) and by a multi-row `insert … select from unnest(…)` on PGlite. Each module loads its own tables with it.
// Every batch runs with the session setting `civnet.bulk_load` on, which the statement triggers
// that keep derived tables (Who's Who's name index, the network summaries) read to skip their
// work: a bulk loader rebuilds those once at the end (the owning modules' rebuild functions).
// A loader into (nearly) empty tables may also leave their secondary indexes and foreign keys out
// until it is done (`deferIndexesAndForeignKeys`).
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Database, kyselyExecutor } from './client.js';
import type { DB } from './types.js';

/** A column: its name, its element type for the unnest array, and a cast of each value when the
 * array holds literals of another type (a `text[]` column loaded from array literals). */
export type BulkColumn<T> = readonly [name: keyof T & string, pgType: string, cast?: string];

export interface InsertOptions {
  /** Triggers of `table` to leave out: each batch then runs in a transaction that disables them,
   * inserts and enables them again (DDL is transactional: other sessions never see them off, and
   * wait for the batch). For row triggers whose work the caller does set-based instead, or that a
   * load has no use for; the owning module names them (its bulk function). */
  withoutTriggers?: readonly string[];
}

/** The setting (for the transaction) that derived-table triggers read to skip their work. */
export const BULK_LOAD_SETTING = 'civnet.bulk_load';

/** Inserts `rows` into `table`, `batch` at a time: by COPY on PostgreSQL, column by column through
 * unnest on PGlite (the column's unnest type and cast, `BulkColumn`, serve that path only). */
export async function insertRows<T extends object>(
  database: Database,
  table: keyof DB & string,
  columns: ReadonlyArray<BulkColumn<T>>,
  rows: readonly T[],
  batch: number,
  opts: InsertOptions = {},
): Promise<void> {
  const names = columns.map((c) => c[0]).join(', ');
  const off = opts.withoutTriggers ?? [];
  // Durability of each batch is the load's as a whole (a failed load is loaded again): no wait for
  // the WAL flush at each commit. More memory for the GIN indexes' pending-list merges
  // (ginInsertCleanup works in work_mem): fewer, larger merges.
  const setup = `select set_config('${BULK_LOAD_SETTING}', 'on', true), set_config('synchronous_commit', 'off', true), set_config('work_mem', '64MB', true)`;
  const { withPgClient } = database;
  if (withPgClient) {
    const copy = `copy ${table} (${names}) from stdin`;
    for (let i = 0; i < rows.length; i += batch) {
      const text = copyText(columns, rows, i, Math.min(rows.length, i + batch));
      await withPgClient((client) =>
        inTransaction(client, async () => {
          await client.query(setup);
          for (const t of off) await client.query(`alter table ${table} disable trigger ${t}`);
          await copyIn(client, copy, text);
          for (const t of off) await client.query(`alter table ${table} enable trigger ${t}`);
        }),
      );
    }
    return;
  }
  const params = columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(', ');
  const selected = columns.map((c, i) => (c[2] ? `c${i}::${c[2]}` : `c${i}`)).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const text = `insert into ${table} (${names}) select ${selected} from unnest(${params}) as x(${aliases})`;
  const data = columns.map((c) => rows.map((row) => row[c[0]]));
  for (let i = 0; i < rows.length; i += batch) {
    const values = data.map((col) => col.slice(i, i + batch));
    await database.db.transaction().execute(async (trx) => {
      const ex = kyselyExecutor(trx);
      await ex.executeSql(setup);
      for (const t of off) await ex.executeSql(`alter table ${table} disable trigger ${t}`);
      await ex.executeSql(text, values);
      for (const t of off) await ex.executeSql(`alter table ${table} enable trigger ${t}`);
    });
  }
}

async function inTransaction(client: pg.PoolClient, work: () => Promise<void>): Promise<void> {
  await client.query('begin');
  try {
    await work();
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  }
  await client.query('commit');
}

/** Sends `text` (COPY's text format) through `copy … from stdin`. */
function copyIn(client: pg.PoolClient, copy: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(copy));
    stream.on('error', reject);
    stream.on('finish', () => resolve());
    stream.end(text);
  });
}

/** Rows `from` to `to` in COPY's text format: a line a row, tab between columns, `\N` for null. */
export function copyText<T extends object>(columns: ReadonlyArray<BulkColumn<T>>, rows: readonly T[], from: number, to: number): string {
  const keys = columns.map((c) => c[0]);
  let out = '';
  for (let r = from; r < to; r++) {
    const row = rows[r] as T;
    for (let k = 0; k < keys.length; k++) {
      if (k) out += '\t';
      out += copyValue(row[keys[k] as keyof T]);
    }
    out += '\n';
  }
  return out;
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One value as COPY's text format reads it into its column (the column's own input function). */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  else if (typeof v === 'boolean') return v ? 't' : 'f';
  else if (v instanceof Date) return v.toISOString();
  else if (Array.isArray(v)) s = arrayLiteral(v);
  else s = JSON.stringify(v);
  return COPY_SPECIAL.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c] as string) : s;
}

/** A PostgreSQL array literal: every element quoted (so commas, braces and spaces are data). */
function arrayLiteral(items: readonly unknown[]): string {
  const parts = items.map((e) => {
    if (e === null || e === undefined) return 'NULL';
    if (Array.isArray(e)) return arrayLiteral(e);
    const s = e instanceof Date ? e.toISOString() : typeof e === 'object' ? JSON.stringify(e) : String(e);
    return `"${s.replace(/[\\"]/g, '\\$&')}"`;
  });
  return `{${parts.join(',')}}`;
}

/** Secondary indexes and foreign keys a bulk load dropped, to be made again once the rows are in. */
export interface Deferred {
  /** Makes the dropped indexes and foreign keys of `table` again (of every table when none is
   * given), each as PostgreSQL described it before (`pg_get_indexdef`, `pg_get_constraintdef`),
   * with its name; those already made are skipped. */
  restore(table?: string): Promise<void>;
}

/**
 * Drops the secondary indexes (not unique, not a constraint's: those check the rows as they go in)
 * and the foreign keys of `tables`, for a bulk load into (nearly) empty tables; `restore` makes
 * them again after it. An index is then built with one sort instead of a million insertions (a
 * GIN index, trigrams or name words, several times cheaper, and with no pending list left), and a
 * foreign key is checked with one join instead of a lookup per row that also locks the referenced
 * row (a write to its page; a MultiXact when two loads lock the same account). The caller restores
 * them in `finally`: a load that fails leaves its tables as they were (a process killed mid-load
 * leaves them without, in a half-loaded database that is to be dropped anyway).
 *
 * The unique constraints named in `opts.unique` are dropped too, and added again with the rest
 * (the rows are then checked once, by the constraint's index build: a duplicate fails the restore,
 * not the insert): for a unique key whose values come in no order, such as users' email, which
 * otherwise takes a random insertion a row into an index larger than the buffer cache. A unique
 * constraint a foreign key points at stays.
 */
export async function deferIndexesAndForeignKeys(database: Database, tables: readonly string[], opts: { unique?: readonly string[] } = {}): Promise<Deferred> {
  const { rows } = await database.executor.executeSql(
    `select t.relname as "table", i.relname as name, 'index' as kind, pg_get_indexdef(i.oid) as definition, array_position($1::text[], t.relname::text) as n
     from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
     where t.relnamespace = current_schema()::regnamespace and t.relname = any($1::text[])
       and not x.indisunique and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
     union all
     select t.relname, c.conname, 'foreign key', pg_get_constraintdef(c.oid), array_position($1::text[], t.relname::text)
     from pg_constraint c join pg_class t on t.oid = c.conrelid
     where t.relnamespace = current_schema()::regnamespace and t.relname = any($1::text[]) and c.contype = 'f'
     union all
     select t.relname, c.conname, 'unique', pg_get_constraintdef(c.oid), array_position($1::text[], t.relname::text)
     from pg_constraint c join pg_class t on t.oid = c.conrelid
     where t.relnamespace = current_schema()::regnamespace and t.relname = any($1::text[]) and c.contype = 'u' and c.conname = any($2::text[])
       and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = c.conindid)
     order by n, kind desc, name`,
    [tables, opts.unique ?? []],
  );
  const dropped = rows.map((r) => ({ table: String(r.table), name: String(r.name), kind: String(r.kind), definition: String(r.definition), made: false }));
  for (const d of dropped) {
    if (d.kind === 'index') await database.executor.executeSql(`drop index ${quoteName(d.name)}`);
    else await database.executor.executeSql(`alter table ${quoteName(d.table)} drop constraint ${quoteName(d.name)}`);
  }
  return {
    async restore(table?: string) {
      for (const d of dropped) {
        if (d.made || (table !== undefined && d.table !== table)) continue;
        await database.db.transaction().execute(async (trx) => {
          // An index build sorts, a foreign key's check hash-joins: in memory where it fits.
          await kyselyExecutor(trx).executeSql(`select set_config('maintenance_work_mem', '256MB', true), set_config('work_mem', '256MB', true)`);
          await kyselyExecutor(trx).executeSql(d.kind === 'index' ? d.definition : `alter table ${quoteName(d.table)} add constraint ${quoteName(d.name)} ${d.definition}`);
        });
        d.made = true;
      }
    },
  };
}

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

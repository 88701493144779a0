// Bulk loading for generated data sets (`civnet seed --scale`): rows go in with multi-row
// `insert … select from unnest(…)` statements, `batch` rows a statement (each statement its own
// transaction), thousands of rows per round trip. Each module loads its own tables with it.
// Every batch runs with the session setting `civnet.bulk_load` on, which the statement triggers
// that keep derived tables (Who's Who's name index, the network summaries) read to skip their
// work: a bulk loader rebuilds those once at the end (the owning modules' rebuild functions).
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

/** Inserts `rows` into `table`, column by column through unnest. */
export async function insertRows<T extends object>(
  database: Database,
  table: keyof DB & string,
  columns: ReadonlyArray<BulkColumn<T>>,
  rows: readonly T[],
  batch: number,
  opts: InsertOptions = {},
): Promise<void> {
  const names = columns.map((c) => c[0]).join(', ');
  const params = columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(', ');
  const selected = columns.map((c, i) => (c[2] ? `c${i}::${c[2]}` : `c${i}`)).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const text = `insert into ${table} (${names}) select ${selected} from unnest(${params}) as x(${aliases})`;
  const data = columns.map((c) => rows.map((row) => row[c[0]]));
  const off = opts.withoutTriggers ?? [];
  for (let i = 0; i < rows.length; i += batch) {
    const values = data.map((col) => col.slice(i, i + batch));
    await database.db.transaction().execute(async (trx) => {
      const ex = kyselyExecutor(trx);
      // Durability of each batch is the load's as a whole (a failed load is loaded again): no
      // wait for the WAL flush at each commit. More memory for the GIN indexes' pending-list
      // merges (ginInsertCleanup works in work_mem): fewer, larger merges.
      await ex.executeSql(`select set_config('${BULK_LOAD_SETTING}', 'on', true), set_config('synchronous_commit', 'off', true), set_config('work_mem', '64MB', true)`);
      for (const t of off) await ex.executeSql(`alter table ${table} disable trigger ${t}`);
      await ex.executeSql(text, values);
      for (const t of off) await ex.executeSql(`alter table ${table} enable trigger ${t}`);
    });
  }
}

// Bulk loading for generated data sets (`civnet seed --scale`): rows go in with multi-row
// `insert … select from unnest(…)` statements, `batch` rows a statement (each statement its own
// transaction), thousands of rows per round trip. Each module loads its own tables with it.
import type { Database } from './client.js';
import type { DB } from './types.js';

/** A column: its name, its element type for the unnest array, and a cast of each value when the
 * array holds literals of another type (a `text[]` column loaded from array literals). */
export type BulkColumn<T> = readonly [name: keyof T & string, pgType: string, cast?: string];

/** Inserts `rows` into `table`, column by column through unnest. */
export async function insertRows<T extends object>(
  database: Database,
  table: keyof DB & string,
  columns: ReadonlyArray<BulkColumn<T>>,
  rows: readonly T[],
  batch: number,
): Promise<void> {
  const names = columns.map((c) => c[0]).join(', ');
  const params = columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(', ');
  const selected = columns.map((c, i) => (c[2] ? `c${i}::${c[2]}` : `c${i}`)).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const text = `insert into ${table} (${names}) select ${selected} from unnest(${params}) as x(${aliases})`;
  const data = columns.map((c) => rows.map((row) => row[c[0]]));
  for (let i = 0; i < rows.length; i += batch) {
    await database.executor.executeSql(
      text,
      data.map((col) => col.slice(i, i + batch)),
    );
  }
}

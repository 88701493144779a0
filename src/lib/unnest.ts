// Many rows in one insert, one array parameter per column (`insert … select from unnest(…)`):
// the statement's text and plan stay the same whatever the number of rows, where a multi-row
// VALUES list carries a parameter per cell (a batch of 500 invoices: 11,000 parameters to bind
// and plan). Used by the hot batch paths (a renewal run's invoices, their lines, audit rows and
// emails); each caller stays the writer of its own table.
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Db } from '../db/client.js';
import type { DB } from '../db/types.js';

/** A column and its element type for the unnest array (`uuid`, `text`, `bigint`, `jsonb`, …). */
export type UnnestColumn<T> = readonly [name: keyof T & string, pgType: string];

function statement<T extends object>(table: keyof DB & string, columns: ReadonlyArray<UnnestColumn<T>>, rows: readonly T[]): RawBuilder<unknown> {
  const names = sql.join(columns.map((c) => sql.ref(c[0])));
  const arrays = sql.join(columns.map((c) => sql`${rows.map((row) => row[c[0]] ?? null)}::${sql.raw(c[1])}[]`));
  return sql`insert into ${sql.table(table)} (${names}) select * from unnest(${arrays})`;
}

/** Inserts `rows` into `table` with one statement. */
export async function insertUnnest<T extends object>(
  executor: Transaction<DB> | Db,
  table: keyof DB & string,
  columns: ReadonlyArray<UnnestColumn<T>>,
  rows: readonly T[],
): Promise<void> {
  if (rows.length === 0) return;
  await statement(table, columns, rows).execute(executor);
}

/** Inserts `rows` into `table` with one statement and returns the stored rows (any order). */
export async function insertUnnestReturning<T extends object, R>(
  executor: Transaction<DB> | Db,
  table: keyof DB & string,
  columns: ReadonlyArray<UnnestColumn<T>>,
  rows: readonly T[],
): Promise<R[]> {
  if (rows.length === 0) return [];
  const result = await sql<R>`${statement(table, columns, rows)} returning *`.execute(executor);
  return result.rows;
}

// Billing's streamed exports (invoices, payments): every row under the staff filters, read in
// keyset batches, never an offset and never cut short.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { balanceSql, filteredInvoices, filteredPayments, type InvoiceRow, type PaymentRow } from './queries.js';
import type { InvoiceFilters, PaymentFilters } from './schemas.js';

/** Rows per read of a streamed export. */
const EXPORT_BATCH = 2_000;

/** The order of an export, as a keyset: a sort key (nulls folded into a sentinel, so that a row
 * comparison can continue after the last row), then (created_at, id). */
interface ExportOrder {
  /** the sort column as an SQL expression, and the type its value is read back as */
  key: RawBuilder<unknown> | null;
  cast: 'date' | 'bigint' | 'text';
  dir: 'asc' | 'desc';
}
interface KeysetRow {
  id: string;
  created_key: string;
  sort_key: unknown;
}

/** Reads a whole export in batches: each batch continues after the last row of the one before (a
 * keyset, never an offset), so an export of any size streams, is never cut short, and neither
 * loses nor repeats a row at a batch boundary (rows created in one instant included). */
async function* keysetBatches<R extends KeysetRow>(
  table: 'invoices' | 'payments',
  order: ExportOrder,
  read: (extra: { sortKey: RawBuilder<unknown>; after: RawBuilder<SqlBool>; orderBy: RawBuilder<unknown>; limit: number }) => Promise<R[]>,
  batchSize: number,
): AsyncGenerator<R[]> {
  const t = sql.table(table);
  const dir = sql.raw(order.dir);
  const cmp = sql.raw(order.dir === 'asc' ? '>' : '<');
  // without a sort key the read is an index range scan of (created_at, id)
  const key = order.key ?? sql`null::bigint`;
  const columns = order.key ? sql`${order.key}, ${t}.created_at, ${t}.id` : sql`${t}.created_at, ${t}.id`;
  const orderBy = order.key ? sql`${order.key} ${dir}, ${t}.created_at ${dir}, ${t}.id ${dir}` : sql`${t}.created_at ${dir}, ${t}.id ${dir}`;
  let after: R | null = null;
  for (;;) {
    const last: R | null = after;
    const values = last
      ? order.key
        ? sql`${last.sort_key}::${sql.raw(order.cast)}, ${last.created_key}::timestamptz, ${last.id}::uuid`
        : sql`${last.created_key}::timestamptz, ${last.id}::uuid`
      : null;
    const where = values ? sql<SqlBool>`(${columns}) ${cmp} (${values})` : sql<SqlBool>`true`;
    const rows = await read({ sortKey: key, after: where, orderBy, limit: batchSize });
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1] ?? null;
  }
}

const FAR_DATE = sql`date '9999-12-31'`;

/** Every invoice under the filters, in the list's sort when one is chosen (else in the order they
 * were created), read in keyset batches (`keysetBatches`). */
export async function* streamInvoices(db: Db, f: InvoiceFilters, today: string, batchSize = EXPORT_BATCH): AsyncGenerator<InvoiceRow[]> {
  const dir = f.dir ?? 'asc';
  const order: ExportOrder =
    f.sort === 'issued'
      ? { key: sql`coalesce(invoices.issued_on, ${FAR_DATE})`, cast: 'date', dir }
      : f.sort === 'due'
        ? { key: sql`coalesce(invoices.due_on, ${FAR_DATE})`, cast: 'date', dir }
        : f.sort === 'total'
          ? { key: sql`invoices.total_cents`, cast: 'bigint', dir }
          : f.sort === 'balance'
            ? { key: balanceSql, cast: 'bigint', dir }
            : f.sort === 'number'
              ? { key: sql`(coalesce(invoices.year, 9999)::bigint * 10000000 + coalesce(invoices.seq, 0))`, cast: 'bigint', dir }
              : { key: null, cast: 'bigint', dir };
  yield* keysetBatches(
    'invoices',
    order,
    ({ sortKey, after, orderBy, limit }) =>
      filteredInvoices(db, f, today)
        .select([sql<string>`invoices.created_at::text`.as('created_key'), sql<unknown>`${sortKey}`.as('sort_key')])
        .where(after)
        .orderBy(orderBy)
        .limit(limit)
        .execute(),
    batchSize,
  );
}

/** Every payment under the filters, in the list's sort when one is chosen (else in the order they
 * were recorded), in keyset batches (as `streamInvoices`). */
export async function* streamPayments(db: Db, f: PaymentFilters, batchSize = EXPORT_BATCH): AsyncGenerator<PaymentRow[]> {
  const dir = f.dir ?? 'asc';
  const order: ExportOrder =
    f.sort === 'amount'
      ? { key: sql`payments.amount_cents`, cast: 'bigint', dir }
      : f.sort === 'invoice'
        ? { key: sql`coalesce(invoices.number, '')`, cast: 'text', dir }
        : f.sort === 'received'
          ? { key: sql`payments.received_on`, cast: 'date', dir }
          : { key: null, cast: 'bigint', dir };
  yield* keysetBatches(
    'payments',
    order,
    ({ sortKey, after, orderBy, limit }) =>
      filteredPayments(db, f)
        .select([sql<string>`payments.created_at::text`.as('created_key'), sql<unknown>`${sortKey}`.as('sort_key')])
        .where(after)
        .orderBy(orderBy)
        .limit(limit)
        .execute(),
    batchSize,
  );
}

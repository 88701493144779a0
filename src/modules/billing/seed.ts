// Generated data of billing (`civnet seed --scale`): the only place seeds write invoice
// counters, invoices, their lines and payments. Rows go in with the bulk loader; timestamps are
// ISO strings.
import { type BulkColumn, insertRows } from '../../db/bulk.js';
import type { Database } from '../../db/client.js';
import type { InvoicePurpose, InvoiceStatus, PaymentMethod } from '../../db/types.js';

/**
 * Moves each year's invoice counter on by the count given, in one statement, so that numbers are
 * never handed out twice; returns the first number reserved in each year.
 */
export async function reserveInvoiceNumbers(database: Database, perYear: Map<number, number>): Promise<Map<number, number>> {
  const years = [...perYear.keys()].sort();
  const bumped = await database.executor.executeSql(
    `insert into invoice_counters (year, last_number) select * from unnest($1::int4[], $2::int4[])
     on conflict (year) do update set last_number = invoice_counters.last_number + excluded.last_number
     returning year, last_number`,
    [years, years.map((y) => perYear.get(y) ?? 0)],
  );
  const first = new Map<number, number>();
  for (const row of bumped.rows) first.set(Number(row.year), Number(row.last_number) - (perYear.get(Number(row.year)) ?? 0) + 1);
  return first;
}

export interface BulkInvoice {
  id: string;
  number: string;
  year: number;
  seq: number;
  organization_id: string;
  membership_id: string;
  purpose: InvoicePurpose;
  period_start: string;
  period_end: string;
  status: InvoiceStatus;
  total_cents: number;
  paid_cents: number;
  issued_on: string;
  due_on: string;
  po_number: string | null;
  bill_to_name: string;
  bill_to_email: string;
  bill_to_address: string;
  public_token: string;
  void_reason: string | null;
  voided_at: string | null;
  created_at: string;
}

const INVOICE_COLUMNS: Array<BulkColumn<BulkInvoice>> = [
  ['id', 'uuid'],
  ['number', 'text'],
  ['year', 'int4'],
  ['seq', 'int4'],
  ['organization_id', 'uuid'],
  ['membership_id', 'uuid'],
  ['purpose', 'text'],
  ['period_start', 'date'],
  ['period_end', 'date'],
  ['status', 'text'],
  ['total_cents', 'int8'],
  ['paid_cents', 'int8'],
  ['issued_on', 'date'],
  ['due_on', 'date'],
  ['po_number', 'text'],
  ['bill_to_name', 'text'],
  ['bill_to_email', 'text'],
  ['bill_to_address', 'text'],
  ['public_token', 'text'],
  ['void_reason', 'text'],
  ['voided_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
];

/** Invoices numbered from `reserveInvoiceNumbers`. */
export async function bulkInsertInvoices(database: Database, rows: BulkInvoice[], batch: number): Promise<void> {
  await insertRows(database, 'invoices', INVOICE_COLUMNS, rows, batch);
}

export interface BulkInvoiceLine {
  invoice_id: string;
  position: number;
  description: string;
  quantity: number;
  unit_cents: number;
  amount_cents: number;
}

export async function bulkInsertInvoiceLines(database: Database, rows: BulkInvoiceLine[], batch: number): Promise<void> {
  const columns: Array<BulkColumn<BulkInvoiceLine>> = [
    ['invoice_id', 'uuid'],
    ['position', 'int4'],
    ['description', 'text'],
    ['quantity', 'int4'],
    ['unit_cents', 'int8'],
    ['amount_cents', 'int8'],
  ];
  await insertRows(database, 'invoice_lines', columns, rows, batch);
}

export interface BulkPayment {
  id: string;
  invoice_id: string;
  amount_cents: number;
  method: PaymentMethod;
  reference: string;
  received_on: string;
  recorded_by: string | null;
  created_at: string;
}

export async function bulkInsertPayments(database: Database, rows: BulkPayment[], batch: number): Promise<void> {
  const columns: Array<BulkColumn<BulkPayment>> = [
    ['id', 'uuid'],
    ['invoice_id', 'uuid'],
    ['amount_cents', 'int8'],
    ['method', 'text'],
    ['reference', 'text'],
    ['received_on', 'date'],
    ['recorded_by', 'uuid'],
    ['created_at', 'timestamptz'],
  ];
  await insertRows(database, 'payments', columns, rows, batch);
}

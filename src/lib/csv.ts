// CSV exports for spreadsheets (csv-stringify), with formula injection neutralised: a text cell
// that a spreadsheet would read as a formula (= + - @, tab, carriage return) gets a leading
// apostrophe, so it shows as text and never runs. Plain numbers ("-50.00") are left as numbers.

import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import type { Db } from '../db/client.js';
import { auditExport } from './audit.js';
import { acceptedEncoding, compressEach } from './encoding.js';

export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function neutralizeCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return stringify([header.map(neutralizeCell), ...rows.map((r) => r.map(neutralizeCell))], { record_delimiter: 'windows' });
}

/** Rows of CSV without a header (a batch of a streamed export), neutralised as `toCsv` does. */
export function csvRows(rows: CsvCell[][]): string {
  return rows.length
    ? stringify(
        rows.map((r) => r.map(neutralizeCell)),
        { record_delimiter: 'windows' },
      )
    : '';
}

/** Cents as a decimal number for spreadsheets, with integer arithmetic: 120050 → '1200.50'. */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Sends a CSV file as a download. */
export function sendCsv(reply: FastifyReply, filename: string, csv: string): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(csv);
}

/** Streams a CSV download: the header, then each batch of rows as it is read, so that a large
 * export is never whole in memory. */
export function sendCsvStream(reply: FastifyReply, filename: string, header: string[], batches: AsyncIterable<CsvCell[][]>): FastifyReply {
  async function* chunks() {
    yield csvRows([header]);
    for await (const rows of batches) yield csvRows(rows);
  }
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store');
  // Compressed here when the client accepts it, each batch flushed as it is read (compressEach):
  // the first rows go out at once. One chunk read ahead at most: the next batch is read only once
  // the socket takes the last, so the export's memory stays flat whatever its length.
  const encoding = acceptedEncoding(reply.request.headers['accept-encoding']);
  if (!encoding) return reply.send(Readable.from(chunks(), { highWaterMark: 1 }));
  return reply
    .header('content-encoding', encoding)
    .header('vary', 'accept-encoding')
    .send(Readable.from(compressEach(chunks(), encoding), { highWaterMark: 1 }));
}

/** Streams an export of rows read in batches (`sendCsvStream`), and audits it (`auditExport`)
 * once it ends or is cut short, with the rows actually sent. */
export function sendAuditedCsvStream<T>(
  reply: FastifyReply,
  db: Db,
  audit: { now: () => Date; actorUserId: string | null; requestId?: string; name: string; filters?: unknown },
  header: string[],
  batches: AsyncIterable<T[]>,
  toRow: (item: T) => CsvCell[],
): FastifyReply {
  let rows = 0;
  async function* counted() {
    try {
      for await (const batch of batches) {
        rows += batch.length;
        yield batch.map(toRow);
      }
    } finally {
      await auditExport(db, { at: audit.now(), actorUserId: audit.actorUserId, name: audit.name, rows, filters: audit.filters, requestId: audit.requestId });
    }
  }
  return sendCsvStream(reply, `${audit.name}-${audit.now().toISOString().slice(0, 10)}.csv`, header, counted());
}

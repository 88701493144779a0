// CSV exports for spreadsheets (RFC 4180, CRLF records), with formula injection neutralised: a text cell
// that a spreadsheet would read as a formula (= + - @, tab, carriage return) gets a leading
// apostrophe, so it shows as text and never runs. Plain numbers ("-50.00") are left as numbers.

import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { type RawBuilder, sql } from 'kysely';
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

/** The byte order mark every CSV file starts with: Excel reads a file without it in the
 * computer's legacy code page ("José" shows as "JosÃ©"); with it, as UTF-8. Google Sheets, Numbers,
 * LibreOffice and csv-parse (`bom: true`, as our own import reads files) skip it. */
export const CSV_BOM = '\uFEFF';

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return csvRows([header]) + csvRows(rows);
}

const NEEDS_QUOTES = /[",\r\n]/;

/** Rows of CSV without a header (a batch of a streamed export), neutralised as `toCsv` does: CRLF
 * records, and a cell holding a quote, a comma or a line break quoted with its quotes doubled
 * (RFC 4180; what csv-stringify writes with `quote_record_delimiter`; without it csv-stringify
 * left a lone LF unquoted, so a mailing address on two lines split its row in a spreadsheet).
 * Written straight into one string: csv-stringify makes several arrays and strings per cell, which
 * for a million-row export is a great deal of garbage, and it took ~14 ms of CPU per 2,000 rows
 * where this takes ~3. */
export function csvRows(rows: CsvCell[][]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const cell = neutralizeCell(row[i]);
      if (i > 0) out += ',';
      out += NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
    }
    out += '\r\n';
  }
  return out;
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
    .send(csv.startsWith(CSV_BOM) ? csv : CSV_BOM + csv);
}

/** Streams a CSV download: the header, then each piece of CSV text as it is made, so that a large
 * export is never whole in memory. */
function streamCsv(reply: FastifyReply, filename: string, header: string[], pieces: AsyncIterable<string>): FastifyReply {
  async function* chunks() {
    yield CSV_BOM + csvRows([header]);
    yield* pieces;
  }
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store');
  // Compressed here when the client accepts it, each batch flushed as it is read (compressEach):
  // the first rows go out at once. One chunk read ahead at most: the next batch is read only once
  // the socket takes the last (Fastify pipes the stream into the response, which waits for
  // 'drain'), so the export's memory stays flat whatever its length.
  const encoding = acceptedEncoding(reply.request.headers['accept-encoding']);
  if (!encoding) return reply.send(Readable.from(chunks(), { highWaterMark: 1 }));
  return reply
    .header('content-encoding', encoding)
    .header('vary', 'accept-encoding')
    .send(Readable.from(compressEach(chunks(), encoding), { highWaterMark: 1 }));
}

interface ExportAudit {
  now: () => Date;
  actorUserId: string | null;
  requestId?: string;
  name: string;
  filters?: unknown;
  /** the download's file name (default `<name>-<today>.csv`); characters other than letters,
   * digits, '.', '-' and '_' become '_' */
  filename?: string;
}

/** Streams the pieces of an export and audits it (`auditExport`) once it ends or is cut short,
 * with the rows actually sent. */
function streamAudited(reply: FastifyReply, db: Db, audit: ExportAudit, header: string[], pieces: AsyncIterable<CsvText>): FastifyReply {
  let rows = 0;
  async function* counted() {
    try {
      for await (const piece of pieces) {
        rows += piece.rows;
        yield piece.csv;
      }
    } finally {
      await auditExport(db, { at: audit.now(), actorUserId: audit.actorUserId, name: audit.name, rows, filters: audit.filters, requestId: audit.requestId });
    }
  }
  return streamCsv(reply, audit.filename ?? `${audit.name}-${audit.now().toISOString().slice(0, 10)}.csv`, header, counted());
}

/** Streams an export of rows read in batches, each batch written as CSV here (`csvRows`), and
 * audits it. */
export function sendAuditedCsvStream<T>(
  reply: FastifyReply,
  db: Db,
  audit: ExportAudit,
  header: string[],
  batches: AsyncIterable<T[]>,
  toRow: (item: T) => CsvCell[],
): FastifyReply {
  async function* written() {
    for await (const batch of batches) yield { rows: batch.length, csv: csvRows(batch.map(toRow)) };
  }
  return streamAudited(reply, db, audit, header, written());
}

/** A batch of an export already written as CSV (by the database: `csvLineSql`), and its rows. */
export interface CsvText {
  rows: number;
  csv: string;
}

/** Streams an export whose batches come from the database already written as CSV, and audits
 * it. For the largest exports: no row is ever an object in this process (a million rows read as
 * objects were ~140 MB of garbage per 50,000 rows, much of it promoted before it died). */
export function sendAuditedCsvText(reply: FastifyReply, db: Db, audit: ExportAudit, header: string[], batches: AsyncIterable<CsvText>): FastifyReply {
  return streamAudited(reply, db, audit, header, batches);
}

// The same cell, written by the database: neutralised as `neutralizeCell` does and quoted as
// `csvRows` does, with the same patterns (bound as parameters; [0-9] for \d, which in PostgreSQL
// may match other digits).
const SQL_FORMULA_START = '^[=+@\t\r-]';
const SQL_PLAIN_NUMBER = '^-?[0-9]+([.][0-9]+)?$';
const SQL_NEEDS_QUOTES = '[",\r\n]';

/** One CSV cell as an SQL expression: `value` as text (null → ''), neutralised and quoted
 * exactly as `csvRows` writes it. */
export function csvCellSql(value: RawBuilder<unknown>): RawBuilder<string> {
  const v = sql`coalesce((${value})::text, '')`;
  const neutral = sql`(case when ${v} ~ ${SQL_FORMULA_START} and ${v} !~ ${SQL_PLAIN_NUMBER} then '''' || ${v} else ${v} end)`;
  return sql<string>`(case when ${v} ~ ${SQL_NEEDS_QUOTES} then '"' || replace(${neutral}, '"', '""') || '"' else ${neutral} end)`;
}

/** One CSV record as an SQL expression: the cells (`csvCellSql`) joined by commas, then CRLF. */
export function csvLineSql(cells: RawBuilder<unknown>[]): RawBuilder<string> {
  return sql<string>`(${sql.join(cells.map(csvCellSql), sql` || ',' || `)} || ${'\r\n'})`;
}

// The exports' CSV writer (csvRows, toCsv) writes what csv-stringify writes for the same
// neutralised cells with every line break quoted (RFC 4180), byte for byte, whatever the cells
// hold: quotes, commas, line breaks, formula starts, numbers, empty and missing values.
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/helpers.js';
import { readCsv } from '../../test/readers.js';
import { CSV_BOM, csvLineSql, csvRows, neutralizeCell, toCsv } from './csv.js';

const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', ',', '\r', '\n', ';', '=', '+', '-', '@', '\t', "'", 'é', '1', '.') }),
  fc.string(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.constant(null),
  fc.constant(undefined),
);
const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 });

describe('csvRows', () => {
  it('writes exactly what csv-stringify writes for the neutralised cells', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        expect(csvRows(rs)).toBe(
          stringify(
            rs.map((r) => r.map(neutralizeCell)),
            { record_delimiter: 'windows', quote_record_delimiter: true },
          ),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads back as the neutralised cells', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        expect(readCsv(CSV_BOM + csvRows(rs))).toEqual(rs.map((r) => r.map(neutralizeCell)));
      }),
      { numRuns: 500 },
    );
  });

  it('quotes a cell with a quote, a comma or a line break, and neutralises a formula', () => {
    expect(csvRows([['plain', 'a "b"', 'c,d', 'e\nf', '=SUM(A1)', -5, null]])).toBe('plain,"a ""b""","c,d","e\nf",\'=SUM(A1),-5,\r\n');
    expect(csvRows([])).toBe('');
    // a mailing address on two lines stays in its cell (csv-stringify's windows records left it bare)
    expect(toCsv(['Name', 'Mailing address'], [['Ada', '1 Main St\nSpringfield']])).toBe('Name,Mailing address\r\nAda,"1 Main St\nSpringfield"\r\n');
  });
});

describe('csvLineSql', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('the database writes a record exactly as csvRows writes it', async () => {
    // text PostgreSQL can hold (no NUL), with every character the rules look at
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', ',', '\r', '\n', ';', '=', '+', '-', '@', '\t', "'", 'é', '1', '.', '٣') });
    const values = fc.array(fc.option(text, { nil: null }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(values, async (cells) => {
        const line = csvLineSql(cells.map((c) => sql`${c}::text`));
        const row = await sql<{ line: string }>`select ${line} as line`.execute(ctx.deps.db);
        expect(row.rows[0]?.line).toBe(csvRows([cells]));
      }),
      { numRuns: 150 },
    );
  });
});

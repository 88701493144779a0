// Reading an uploaded or given CSV file as a stream of records, never the whole file in memory:
// bytes are checked to be UTF-8 text as they pass (a file in another encoding, or not text at
// all, is refused with a clear message), then parsed by csv-parse. The first record is the
// header row.
import { Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';

/** A file that cannot be read as CSV: the message says why, for the page or the command line. */
export class ImportFileError extends Error {}

/** Checks each chunk is UTF-8 (across chunk edges) and that the file is text, not binary. */
function utf8Check(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (chunk.includes(0)) return done(new ImportFileError('The file is not a CSV file: it has binary content. Save it from the spreadsheet as "CSV UTF-8".'));
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return done(
          new ImportFileError(`The file is not UTF-8 text (an unreadable byte near byte ${offset + 1}). Save it from the spreadsheet as "CSV UTF-8" and upload it again.`),
        );
      }
      offset += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      try {
        decoder.decode();
      } catch {
        return done(new ImportFileError('The file is not UTF-8 text (it ends in the middle of a character). Save it as "CSV UTF-8".'));
      }
      done();
    },
  });
}

/** Splits a buffer into a stream of pieces (a stored upload read as a file would be). */
export function bufferStream(bytes: Uint8Array, piece = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += piece) yield Buffer.from(bytes.subarray(i, i + piece));
    })(),
  );
}

/** The records of a CSV stream: the header row first. Errors are ImportFileErrors. */
export async function* csvRecords(input: Readable): AsyncGenerator<string[]> {
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: false, trim: false, max_record_size: 1024 * 1024 });
  const checked = input.pipe(utf8Check());
  checked.on('error', (err) => parser.destroy(err));
  input.on('error', (err) => parser.destroy(err));
  checked.pipe(parser);
  let seen = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      seen++;
      yield record;
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code === 'ENOENT') throw new ImportFileError('There is no such file.');
    if (code.startsWith('CSV_')) {
      const line = (err as { lines?: number }).lines;
      throw new ImportFileError(`The file is not valid CSV${line ? ` (line ${line})` : ''}: ${(err as Error).message.replace(/^Invalid Record Length: /, '')}`);
    }
    throw err;
  }
  if (seen === 0) throw new ImportFileError('The file is empty: it has no header row and no rows.');
}

/** The header row, then batches of data rows of `size` with their row numbers (the header is row 1). */
export async function* csvBatches(input: Readable, size = 1000): AsyncGenerator<{ headers: string[] } | { rows: Array<{ row: number; values: string[] }> }> {
  let row = 0;
  let batch: Array<{ row: number; values: string[] }> = [];
  for await (const record of csvRecords(input)) {
    row++;
    if (row === 1) {
      yield { headers: record.map((h) => h.trim()) };
      continue;
    }
    batch.push({ row, values: record });
    if (batch.length >= size) {
      yield { rows: batch };
      batch = [];
    }
  }
  if (batch.length) yield { rows: batch };
  if (row === 1) throw new ImportFileError('The file has a header row but no rows to import.');
}

// The batch runner of renewals (organizations' in billing, individuals' in individuals): keyset
// pages of the rows that are due, and only those, each handed to the caller's work (one
// transaction per page, typically). The selection is the caller's, written so that a partial
// index on the due condition answers it (memberships_renewable, individual_memberships_renewable:
// active and not flagged, by (term_end, id)), and a row the work has done (invoiced, lapsed,
// flagged as impossible to price) no longer matches it: so a run reads each due row once, and a
// run with nothing to do reads no row at all. `onVisit` sees every row read (tests count them).

/** Where a keyset page starts: after this row of the page before (null: at the first row). */
export interface TermKey {
  termEnd: string;
  id: string;
}

/** A row as the runner reports it to `onVisit`. */
export interface Visit {
  /** which runner read it: 'organization', 'person', 'reminder', … */
  kind: string;
  /** the stage of the run: 'issue', 'remind', 'lapse' */
  stage: string;
  id: string;
}

export type OnVisit = (visit: Visit) => void;

export interface BatchRun<Row, Key> {
  kind: string;
  stage: string;
  batchSize: number;
  /** the next page of due rows after `after` (null: from the start), at most `limit` rows, in key order */
  select: (after: Key | null, limit: number) => Promise<Row[]>;
  /** the key of a row: where the next page starts */
  keyOf: (row: Row) => Key;
  idOf: (row: Row) => string;
  onVisit?: OnVisit;
}

/** The pages of due rows, until one comes back empty. */
export async function* dueBatches<Row, Key>(run: BatchRun<Row, Key>): AsyncGenerator<Row[]> {
  if (!Number.isInteger(run.batchSize) || run.batchSize < 1) throw new RangeError('batchSize must be a whole number of rows, 1 or more');
  let after: Key | null = null;
  for (;;) {
    const page = await run.select(after, run.batchSize);
    const last = page[page.length - 1];
    if (last === undefined) return;
    if (run.onVisit) for (const row of page) run.onVisit({ kind: run.kind, stage: run.stage, id: run.idOf(row) });
    after = run.keyOf(last);
    yield page;
    if (page.length < run.batchSize) return;
  }
}

/** `dueBatches` over rows keyed by (term_end, id), as the renewal stages walk memberships. */
export function termBatches<Row extends { id: string; term_end: string | null }>(run: Omit<BatchRun<Row, TermKey>, 'keyOf' | 'idOf'>): AsyncGenerator<Row[]> {
  return dueBatches({ ...run, keyOf: (row) => ({ termEnd: row.term_end ?? '', id: row.id }), idOf: (row) => row.id });
}

/** Runs `work` on each page of due rows in turn; returns how many rows were read. */
export async function runBatches<Row, Key>(run: BatchRun<Row, Key>, work: (batch: Row[]) => Promise<void>): Promise<number> {
  let read = 0;
  for await (const batch of dueBatches(run)) {
    read += batch.length;
    await work(batch);
  }
  return read;
}

// The dry run and the import of a file of any kind (kinds/). Both read the file as a stream in
// batches and run the same checks (the kind's row checks, then its checks against the database);
// the import does it inside one transaction and writes each batch with multi-row statements, so a
// file with any bad row, a failure or a killed process leaves nothing (the transaction never
// commits). Rows are matched to what they became before by their external id (per kind and
// source): a row whose values have not changed is left alone, an edited row updates it.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB, ImportKind } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { dayIn } from '../../lib/today.js';
import { csvBatches, ImportFileError } from './csv-read.js';
import { type Checked, guessMapping, IMPORT_KINDS, type KindSpec, type MadeLink, type Mapping, mappingProblems, type RowProblem } from './kinds/index.js';
import { counted } from './words.js';

/** At most this many problems are kept for the report (all are counted). */
export const MAX_REPORTED = 10_000;
export const BATCH_ROWS = 1000;
/** How many of the records an import created its page links (the counts cover them all). */
export const MADE_SHOWN = 20;

/** A mapping that does not fit the file: by field key, what is wrong. */
export class ImportMappingError extends Error {
  constructor(
    readonly problems: Record<string, string>,
    readonly headers: string[],
  ) {
    super(Object.values(problems).join(' '));
  }
}

export interface ImportResult {
  dryRun: boolean;
  rows: number;
  problems: number;
  report: RowProblem[];
  /** more problems than MAX_REPORTED: the report lists the first ones */
  truncated: boolean;
  created: number;
  updated: number;
  unchanged: number;
  /** the rows were written (false on a dry run or when any row has a problem) */
  imported: boolean;
  /** the first MADE_SHOWN records the import created, linked, for kinds that have a page for them */
  made?: MadeLink[];
}

/** The file's rows had problems: the import wrote nothing. */
export class ImportRejected extends Error {
  constructor(readonly result: ImportResult) {
    super(`${counted(result.problems, 'problem')} in the file; nothing was imported.`);
  }
}

export interface ImportOptions {
  source: string;
  /** the columns to read each field from; none: the one remembered for the source, or guessed from the headers */
  mapping?: Mapping | null;
  dryRun: boolean;
  actorUserId: string | null;
  actorLabel?: string;
  at: Date;
  onProgress?: (rowsDone: number) => void | Promise<void>;
}

export async function rememberedMapping(db: Db, kind: ImportKind, source: string): Promise<Mapping | null> {
  const row = await db.selectFrom('import_mappings').select('mapping').where('kind', '=', kind).where('source', '=', source).executeTakeFirst();
  return row?.mapping ?? null;
}

export async function rememberMapping(db: Db | Transaction<DB>, kind: ImportKind, source: string, mapping: Mapping, at: Date): Promise<void> {
  const json = JSON.stringify(mapping);
  await db
    .insertInto('import_mappings')
    .values({ kind, source, mapping: json, updated_at: at })
    .onConflict((oc) => oc.columns(['kind', 'source']).doUpdateSet({ mapping: json, updated_at: at }))
    .execute();
}

/** The mapping to use for these headers: the one given, else the source's remembered one when it fits, else a guess. */
export async function mappingFor(db: Db, kind: ImportKind, source: string, headers: string[], given?: Mapping | null): Promise<Mapping> {
  if (given) return given;
  const fields = IMPORT_KINDS[kind].fields;
  const remembered = await rememberedMapping(db, kind, source);
  if (remembered && Object.keys(mappingProblems(fields, remembered, headers)).length === 0) return remembered;
  return guessMapping(fields, headers);
}

/** Checks batches of rows: repeated external ids (and the kind's other duplicates) across the whole file, each row's values, then the database's answers. */
class Checker {
  readonly seen = new Map<string, number>();
  readonly seenKey = new Map<string, number>();
  rows = 0;
  problems = 0;
  readonly report: RowProblem[] = [];
  constructor(
    readonly spec: KindSpec<unknown>,
    readonly columns: Record<string, number>,
    readonly headerOf: Record<string, string>,
    /** today in the association's time zone, for the checks that compare days with it */
    readonly today: string,
  ) {}

  private column = (key: string) => this.headerOf[key] ?? key;

  private note(p: RowProblem) {
    this.problems++;
    if (this.report.length < MAX_REPORTED) this.report.push(p);
  }

  async check(db: Db | Transaction<DB>, source: string, at: Date, batch: Array<{ row: number; values: string[] }>): Promise<Array<Checked<unknown>>> {
    const valid: Array<Checked<unknown>> = [];
    const dup = this.spec.duplicate;
    for (const { row, values } of batch) {
      this.rows++;
      const problems: RowProblem[] = [];
      const reader = {
        row,
        today: this.today,
        get: (key: string) => {
          const i = this.columns[key];
          return i === undefined ? '' : (values[i] ?? '').trim();
        },
        fail: (key: string, value: string, problem: string) => problems.push({ row, column: this.column(key), value, problem }),
      };
      const externalId = reader.get('external_id');
      if (!externalId) reader.fail('external_id', externalId, 'The external id is missing.');
      else if (externalId.length > 100) reader.fail('external_id', externalId, 'The external id is longer than 100 characters.');
      const value = this.spec.check(reader);
      if (problems.length || value === null) {
        for (const p of problems) this.note(p);
        continue;
      }
      const first = this.seen.get(externalId);
      if (first !== undefined) {
        this.note({ row, column: this.column('external_id'), value: externalId, problem: `The external id is also on row ${first}: each ${this.spec.noun} once.` });
        continue;
      }
      this.seen.set(externalId, row);
      if (dup) {
        const key = dup.key(value);
        const firstKey = this.seenKey.get(key);
        if (firstKey !== undefined) {
          this.note({ row, column: this.column(dup.field), value: reader.get(dup.field), problem: dup.problem(firstKey) });
          continue;
        }
        this.seenKey.set(key, row);
      }
      valid.push({ row, externalId, value, hash: createHash('sha1').update(JSON.stringify(value)).digest('hex') });
    }
    if (!this.spec.resolve || valid.length === 0) return valid;
    const r = await this.spec.resolve(db, { source, at, today: this.today }, valid);
    for (const p of r.problems) this.note({ ...p, column: this.column(p.column) });
    return r.ok;
  }
}

/** Writes one batch of valid rows: new ones created, edited ones updated, the same ones left alone. */
async function writeBatch(trx: Transaction<DB>, spec: KindSpec<unknown>, source: string, rows: Array<Checked<unknown>>, at: Date, today: string, made: MadeLink[]) {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const kind = spec.kind;
  const known = new Map(
    (
      await trx
        .selectFrom('import_keys')
        .select(['external_id', 'target_id', 'row_hash'])
        .where('kind', '=', kind)
        .where('source', '=', source)
        .where(
          'external_id',
          'in',
          rows.map((r) => r.externalId),
        )
        .execute()
    ).map((k) => [k.external_id, k]),
  );
  const fresh = rows.filter((r) => !known.has(r.externalId));
  const edited = rows.filter((r) => {
    const k = known.get(r.externalId);
    return k !== undefined && k.row_hash !== r.hash;
  });
  if (fresh.length || edited.length) {
    const ids = await spec.write(
      trx,
      { source, at, today },
      fresh.map((r) => r.value),
      edited.map((r) => ({ id: known.get(r.externalId)?.target_id as string, value: r.value })),
    );
    if (spec.made) for (let i = 0; i < fresh.length && made.length < MADE_SHOWN; i++) made.push(spec.made((fresh[i] as Checked<unknown>).value, ids[i] as string));
    if (fresh.length)
      await trx
        .insertInto('import_keys')
        .values(fresh.map((r, i) => ({ kind, source, external_id: r.externalId, target_id: ids[i] as string, row_hash: r.hash, updated_at: at })))
        .execute();
  }
  if (edited.length) {
    const values = sql.join(edited.map((r) => sql`(${r.externalId}, ${r.hash})`));
    await sql`update import_keys k set row_hash = v.row_hash, updated_at = ${at}
      from (values ${values}) as v(external_id, row_hash)
      where k.kind = ${kind} and k.source = ${source} and k.external_id = v.external_id`.execute(trx);
  }
  return { created: fresh.length, updated: edited.length, unchanged: rows.length - fresh.length - edited.length };
}

/**
 * Reads a file of `kind`; on a dry run checks every row, else imports them all or nothing. Throws
 * an ImportFileError (not CSV, not UTF-8, empty), an ImportMappingError, or (not a dry run) an
 * ImportRejected with the report when any row has a problem.
 */
export async function importFile(db: Db, kind: ImportKind, input: Readable, o: ImportOptions): Promise<ImportResult> {
  const spec = IMPORT_KINDS[kind];
  const batches = csvBatches(input, BATCH_ROWS);
  const head = await batches.next();
  if (head.done || !('headers' in head.value)) throw new ImportFileError('The file is empty: it has no header row and no rows.');
  const headers = head.value.headers;
  const mapping = await mappingFor(db, kind, o.source, headers, o.mapping);
  const problems = mappingProblems(spec.fields, mapping, headers);
  if (Object.keys(problems).length) throw new ImportMappingError(problems, headers);
  const columns: Record<string, number> = {};
  const headerOf: Record<string, string> = {};
  for (const f of spec.fields) {
    const h = mapping[f.key];
    if (h) {
      columns[f.key] = headers.indexOf(h);
      headerOf[f.key] = h;
    }
  }
  // the association's day: a term ending today is still current there
  const zone = (await db.selectFrom('association').select('time_zone').where('id', '=', 1).executeTakeFirst())?.time_zone ?? 'UTC';
  const checker = new Checker(spec, columns, headerOf, dayIn(o.at, zone));
  const totals = { created: 0, updated: 0, unchanged: 0 };
  const made: MadeLink[] = [];
  const result = (imported: boolean): ImportResult => ({
    dryRun: o.dryRun,
    rows: checker.rows,
    problems: checker.problems,
    report: checker.report,
    truncated: checker.problems > checker.report.length,
    ...totals,
    imported,
  });

  if (o.dryRun) {
    for await (const b of batches) {
      if ('rows' in b) await checker.check(db, o.source, o.at, b.rows);
      await o.onProgress?.(checker.rows);
    }
    await rememberMapping(db, kind, o.source, mapping, o.at);
    return result(false);
  }

  return db.transaction().execute(async (trx) => {
    for await (const b of batches) {
      if (!('rows' in b)) continue;
      const valid = await checker.check(trx, o.source, o.at, b.rows);
      // After a first problem, the rest is only checked (for a whole report), never written.
      if (checker.problems === 0) {
        const n = await writeBatch(trx, spec, o.source, valid, o.at, checker.today, made);
        totals.created += n.created;
        totals.updated += n.updated;
        totals.unchanged += n.unchanged;
      }
      await o.onProgress?.(checker.rows);
    }
    if (checker.problems > 0) throw new ImportRejected({ ...result(false), created: 0, updated: 0, unchanged: 0 });
    await rememberMapping(trx, kind, o.source, mapping, o.at);
    await writeAudit(trx, {
      actorUserId: o.actorUserId,
      action: `imports.${kind}_imported`,
      entityType: 'import',
      entityId: null,
      after: { source: o.source, rows: checker.rows, ...totals, by: o.actorLabel ?? null },
      at: o.at,
    });
    return { ...result(true), ...(spec.made ? { made } : {}) };
  });
}

/** The organizations import (what the first version exported). */
export const importOrganizations = (db: Db, input: Readable, o: ImportOptions) => importFile(db, 'organizations', input, o);

// The dry run and the import of an organizations file. Both read the file as a stream in batches
// and run the same checks; the import does it inside one transaction and writes each batch with
// multi-row statements, so a file with any bad row, a failure or a killed process leaves nothing
// (the transaction never commits). Rows are matched to organizations imported before by their
// external id (per source): a row whose values have not changed is left alone, an edited row
// updates its organization.
import type { Readable } from 'node:stream';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { insertImportedOrganizations, updateImportedOrganizations } from '../organizations/index.js';
import { csvBatches, ImportFileError } from './csv-read.js';
import { checkRow, guessMapping, type Mapping, mappingProblems, ORGANIZATION_FIELDS, type RowProblem, type ValidRow } from './organization-rows.js';

/** At most this many problems are kept for the report (all are counted). */
export const MAX_REPORTED = 10_000;
export const BATCH_ROWS = 1000;

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
}

/** The file's rows had problems: the import wrote nothing. */
export class ImportRejected extends Error {
  constructor(readonly result: ImportResult) {
    super(`${result.problems} problem(s) in the file; nothing was imported.`);
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
  onProgress?: (rowsDone: number) => void;
}

export async function rememberedMapping(db: Db, source: string): Promise<Mapping | null> {
  const row = await db.selectFrom('import_mappings').select('mapping').where('kind', '=', 'organizations').where('source', '=', source).executeTakeFirst();
  return row?.mapping ?? null;
}

export async function rememberMapping(db: Db | Transaction<DB>, source: string, mapping: Mapping, at: Date): Promise<void> {
  const json = JSON.stringify(mapping);
  await db
    .insertInto('import_mappings')
    .values({ kind: 'organizations', source, mapping: json, updated_at: at })
    .onConflict((oc) => oc.columns(['kind', 'source']).doUpdateSet({ mapping: json, updated_at: at }))
    .execute();
}

/** The mapping to use for these headers: the one given, else the source's remembered one when it fits, else a guess. */
export async function mappingFor(db: Db, source: string, headers: string[], given?: Mapping | null): Promise<Mapping> {
  if (given) return given;
  const remembered = await rememberedMapping(db, source);
  if (remembered && Object.keys(mappingProblems(remembered, headers)).length === 0) return remembered;
  return guessMapping(headers);
}

/** Checks batches of rows: duplicates of external ids across the whole file, each row's values. */
class Checker {
  readonly seen = new Map<string, number>();
  rows = 0;
  problems = 0;
  readonly report: RowProblem[] = [];
  constructor(
    readonly columns: Record<string, number>,
    readonly headerOf: Record<string, string>,
  ) {}

  private note(p: RowProblem) {
    this.problems++;
    if (this.report.length < MAX_REPORTED) this.report.push(p);
  }

  check(batch: Array<{ row: number; values: string[] }>): ValidRow[] {
    const valid: ValidRow[] = [];
    for (const { row, values } of batch) {
      this.rows++;
      const r = checkRow(row, values, this.columns, this.headerOf);
      if (!r.ok) {
        for (const p of r.problems) this.note(p);
        continue;
      }
      const first = this.seen.get(r.value.externalId);
      if (first !== undefined) {
        this.note({
          row,
          column: this.headerOf.external_id ?? 'external_id',
          value: r.value.externalId,
          problem: `The external id is also on row ${first}: each organization once.`,
        });
        continue;
      }
      this.seen.set(r.value.externalId, row);
      valid.push(r.value);
    }
    return valid;
  }
}

/** Writes one batch of valid rows: new ones inserted, edited ones updated, the same ones left alone. */
async function writeBatch(trx: Transaction<DB>, source: string, rows: ValidRow[], at: Date): Promise<{ created: number; updated: number; unchanged: number }> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const known = new Map(
    (
      await trx
        .selectFrom('import_keys')
        .select(['external_id', 'target_id', 'row_hash'])
        .where('kind', '=', 'organizations')
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
  const ids = await insertImportedOrganizations(
    trx,
    fresh.map((r) => r.organization),
  );
  if (fresh.length)
    await trx
      .insertInto('import_keys')
      .values(fresh.map((r, i) => ({ kind: 'organizations' as const, source, external_id: r.externalId, target_id: ids[i] as string, row_hash: r.hash, updated_at: at })))
      .execute();
  if (edited.length) {
    await updateImportedOrganizations(
      trx,
      edited.map((r) => ({ ...r.organization, id: known.get(r.externalId)?.target_id as string })),
    );
    const values = sql.join(edited.map((r) => sql`(${r.externalId}, ${r.hash})`));
    await sql`update import_keys k set row_hash = v.row_hash, updated_at = ${at}
      from (values ${values}) as v(external_id, row_hash)
      where k.kind = 'organizations' and k.source = ${source} and k.external_id = v.external_id`.execute(trx);
  }
  return { created: fresh.length, updated: edited.length, unchanged: rows.length - fresh.length - edited.length };
}

/**
 * Reads the file; on a dry run checks every row, else imports them all or nothing. Throws an
 * ImportFileError (not CSV, not UTF-8, empty), an ImportMappingError, or (not a dry run) an
 * ImportRejected with the report when any row has a problem.
 */
export async function importOrganizations(db: Db, input: Readable, o: ImportOptions): Promise<ImportResult> {
  const batches = csvBatches(input, BATCH_ROWS);
  const head = await batches.next();
  if (head.done || !('headers' in head.value)) throw new ImportFileError('The file is empty: it has no header row and no rows.');
  const headers = head.value.headers;
  const mapping = await mappingFor(db, o.source, headers, o.mapping);
  const problems = mappingProblems(mapping, headers);
  if (Object.keys(problems).length) throw new ImportMappingError(problems, headers);
  const columns: Record<string, number> = {};
  const headerOf: Record<string, string> = {};
  for (const f of ORGANIZATION_FIELDS) {
    const h = mapping[f.key];
    if (h) {
      columns[f.key] = headers.indexOf(h);
      headerOf[f.key] = h;
    }
  }
  const checker = new Checker(columns, headerOf);
  const totals = { created: 0, updated: 0, unchanged: 0 };
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
      if ('rows' in b) checker.check(b.rows);
      o.onProgress?.(checker.rows);
    }
    await rememberMapping(db, o.source, mapping, o.at);
    return result(false);
  }

  return db.transaction().execute(async (trx) => {
    for await (const b of batches) {
      if (!('rows' in b)) continue;
      const valid = checker.check(b.rows);
      // After a first problem, the rest is only checked (for a whole report), never written.
      if (checker.problems === 0) {
        const n = await writeBatch(trx, o.source, valid, o.at);
        totals.created += n.created;
        totals.updated += n.updated;
        totals.unchanged += n.unchanged;
      }
      o.onProgress?.(checker.rows);
    }
    if (checker.problems > 0) throw new ImportRejected({ ...result(false), created: 0, updated: 0, unchanged: 0 });
    await rememberMapping(trx, o.source, mapping, o.at);
    await writeAudit(trx, {
      actorUserId: o.actorUserId,
      action: 'imports.organizations_imported',
      entityType: 'import',
      entityId: null,
      after: { source: o.source, rows: checker.rows, ...totals, by: o.actorLabel ?? null },
      at: o.at,
    });
    return result(true);
  });
}

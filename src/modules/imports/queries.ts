// The uploads kept at /staff/import: the list, one, a new one (audited), what its dry run found,
// and its import in the background (claimed, its progress, its end).

import type { Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB, ImportKind } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import type { Mapping, RowProblem } from './kinds/index.js';
import type { ImportResult } from './service.js';

/** An import that started this long ago and has not ended is taken to have stopped (its process died; its transaction rolled back). */
export const STALE_IMPORT_MS = 30 * 60 * 1000;

export const recentUploads = (db: Db) =>
  db.selectFrom('import_uploads').select(['id', 'kind', 'source', 'filename', 'created_at', 'rows', 'problems', 'imported_at']).orderBy('created_at', 'desc').limit(50).execute();

export const uploadById = (db: Db, id: string) => db.selectFrom('import_uploads').selectAll().where('id', '=', id).executeTakeFirst();

export async function saveUpload(
  db: Db,
  actor: { userId: string; requestId: string },
  u: { kind: ImportKind; source: string; filename: string; content: Buffer; headers: string[] },
  at: Date,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('import_uploads')
      .values({ kind: u.kind, source: u.source, filename: u.filename, content: u.content, headers: u.headers, created_by: actor.userId, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'imports.file_uploaded',
      entityType: 'import_upload',
      entityId: row.id,
      after: { kind: u.kind, source: u.source, filename: u.filename, bytes: u.content.length },
      requestId: actor.requestId,
      at,
    });
    return row.id;
  });
}

export async function saveDryRun(db: Db, id: string, mapping: Mapping, result: { rows: number; problems: number; report: RowProblem[] }): Promise<void> {
  await db
    .updateTable('import_uploads')
    .set({ mapping: JSON.stringify(mapping), rows: result.rows, problems: result.problems, report: JSON.stringify(result.report) })
    .where('id', '=', id)
    .execute();
}

/** Claims the upload for one background import: false when it is imported, or an import of it is running. */
export async function claimImport(db: Db | Transaction<DB>, id: string, at: Date): Promise<boolean> {
  const stale = new Date(at.getTime() - STALE_IMPORT_MS);
  const r = await db
    .updateTable('import_uploads')
    .set({ started_at: at, rows_done: 0, failure: null })
    .where('id', '=', id)
    .where('imported_at', 'is', null)
    .where((eb) => eb.or([eb('started_at', 'is', null), eb('failure', 'is not', null), eb('started_at', '<', stale)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function saveProgress(db: Db, id: string, rowsDone: number): Promise<void> {
  await db.updateTable('import_uploads').set({ rows_done: rowsDone }).where('id', '=', id).execute();
}

/** The import ended without writing: why, and the rows' problems when it was them. */
export async function markFailed(db: Db, id: string, failure: string, result?: ImportResult): Promise<void> {
  await db
    .updateTable('import_uploads')
    .set({
      failure,
      ...(result ? { rows: result.rows, problems: result.problems, report: JSON.stringify(result.report) } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function markImported(db: Db, id: string, result: ImportResult, at: Date): Promise<void> {
  await db
    .updateTable('import_uploads')
    .set({ imported_at: at, rows: result.rows, rows_done: result.rows, problems: 0, report: '[]', result: JSON.stringify(result), failure: null })
    .where('id', '=', id)
    .execute();
}

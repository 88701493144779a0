// The uploads kept at /staff/import: the list, one, a new one (audited), and what its dry run and
// import found.
import type { Db } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { Mapping, RowProblem } from './organization-rows.js';
import type { ImportResult } from './service.js';

export const recentUploads = (db: Db) =>
  db.selectFrom('import_uploads').select(['id', 'source', 'filename', 'created_at', 'rows', 'problems', 'imported_at']).orderBy('created_at', 'desc').limit(50).execute();

export const uploadById = (db: Db, id: string) => db.selectFrom('import_uploads').selectAll().where('id', '=', id).executeTakeFirst();

export async function saveUpload(
  db: Db,
  actor: { userId: string; requestId: string },
  u: { source: string; filename: string; content: Buffer; headers: string[] },
  at: Date,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('import_uploads')
      .values({ kind: 'organizations', source: u.source, filename: u.filename, content: u.content, headers: u.headers, created_by: actor.userId, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'imports.file_uploaded',
      entityType: 'import_upload',
      entityId: row.id,
      after: { source: u.source, filename: u.filename, bytes: u.content.length },
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

export async function markImported(db: Db, id: string, result: ImportResult, at: Date): Promise<void> {
  await db
    .updateTable('import_uploads')
    .set({ imported_at: at, rows: result.rows, problems: 0, report: '[]', result: JSON.stringify(result) })
    .where('id', '=', id)
    .execute();
}

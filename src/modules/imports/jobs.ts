// The import of an uploaded file runs as a background job (queue `imports-run`), so that the page
// can show its progress: each batch written moves `rows_done` on the upload (on PostgreSQL, from
// another connection than the import's transaction; PGlite has one connection, so there the page
// shows the progress only once the import has ended). The file's rows still go in one
// transaction: a failure or a killed process leaves nothing, and the upload says why.
import type { Deps } from '../../deps.js';
import { bufferStream, ImportFileError } from './csv-read.js';
import { isImportKind } from './kinds/index.js';
import { markFailed, markImported, saveProgress, uploadById } from './queries.js';
import { ImportMappingError, ImportRejected, importFile } from './service.js';
import { problemsInRows } from './words.js';

export const IMPORT_QUEUE = 'imports-run';

export interface ImportJob {
  uploadId: string;
  actorUserId: string | null;
  actorLabel: string;
}

export function registerImportJobs(deps: Deps): void {
  deps.jobs.register({ name: IMPORT_QUEUE, retryLimit: 0, retryDelaySeconds: 60, retryBackoff: false, deadLetter: false }, async (data) => {
    const uploadId = String(data.uploadId ?? '');
    const u = await uploadById(deps.db, uploadId);
    if (!u || u.imported_at || !isImportKind(u.kind)) return;
    const progress = deps.database.kind === 'pg' ? (rows: number) => saveProgress(deps.db, u.id, rows) : undefined;
    try {
      const result = await importFile(deps.db, u.kind, bufferStream(u.content), {
        source: u.source,
        mapping: u.mapping,
        dryRun: false,
        actorUserId: typeof data.actorUserId === 'string' ? data.actorUserId : null,
        actorLabel: String(data.actorLabel ?? ''),
        at: deps.clock.now(),
        onProgress: progress,
      });
      await markImported(deps.db, u.id, result, deps.clock.now());
    } catch (err) {
      if (err instanceof ImportRejected) return markFailed(deps.db, u.id, `${problemsInRows(err.result)}: nothing was imported.`, err.result);
      if (err instanceof ImportFileError || err instanceof ImportMappingError) return markFailed(deps.db, u.id, `${err.message} Nothing was imported.`);
      await markFailed(deps.db, u.id, 'The import stopped on an error: nothing was imported. Try again; if it fails again, tell your administrator.');
      throw err;
    }
  });
}

// Staff's import (issue 21, P5): membership staff and staff admins. The upload form takes a CSV
// and what it holds (organizations, contacts, individual members; multipart, in this module's
// own plugin scope); the file is kept until it is imported. Its page matches its columns to the
// kind's fields, runs the dry run (422 with the report when a row has a problem) and starts the
// import as a background job (jobs.ts), whose progress the page shows. The report downloads as CSV.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { access, actorOf } from '../../lib/access.js';
import { sendCsv } from '../../lib/csv.js';
import { AppError } from '../../lib/errors.js';
import { cleanFilename, readMultipartForm, registerUploads } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { bufferStream, csvRecords, ImportFileError } from './csv-read.js';
import { IMPORT_QUEUE } from './jobs.js';
import { IMPORT_KINDS, isImportKind, type Mapping, type RowProblem } from './kinds/index.js';
import { claimImport, recentUploads, saveDryRun, saveUpload, uploadById } from './queries.js';
import { reportCsv } from './report.js';
import { ImportMappingError, type ImportResult, importFile, mappingFor } from './service.js';
import { FilePage, isRunning, type UploadDetail, UploadPage } from './views.js';
import { counted } from './words.js';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const importStaff = () => access.staff('membership');

const notFound = () => new AppError('not_found', { message: 'There is no such import.' });
/** The messages after asking for an import: while it runs, and when it has ended by the time its page shows. */
const STARTED = 'The import has started. This page shows how far it has got; you can leave it and come back.';
const RUNNING_ALREADY = 'This file is being imported already.';
const FINISHED = 'The import has finished: the result is below.';

export async function importsRoutes(app: FastifyInstance) {
  await registerUploads(app, { maxFileBytes: MAX_UPLOAD_BYTES, maxFiles: 1 });
  const deps = app.deps;
  const config = { access: importStaff() };

  const uploads = () => recentUploads(deps.db);

  async function detail(id: string): Promise<UploadDetail & { content: Uint8Array }> {
    const u = isUuid(id) ? await uploadById(deps.db, id) : undefined;
    if (!u || !isImportKind(u.kind)) throw notFound();
    return {
      ...u,
      kind: u.kind,
      mapping: u.mapping ?? (await mappingFor(deps.db, u.kind, u.source, u.headers)),
      report: (u.report as RowProblem[] | null) ?? [],
      result: (u.result as ImportResult | null) ?? null,
    };
  }

  app.get('/staff/import', { config }, async (req, reply) => sendPage(reply, UploadPage({ ctx: await pageContext(req, reply), uploads: await uploads() })));

  app.post('/staff/import', { config }, async (req, reply) => {
    const form = await readMultipartForm(req);
    const again = async (errors: Record<string, string>, status = 400) =>
      sendPage(reply, UploadPage({ ctx: await pageContext(req, reply), uploads: await uploads(), values: form.fields, errors }), status);
    const source = (form.fields.source ?? '').trim();
    const kind = form.fields.kind ?? 'organizations';
    const errors: Record<string, string> = {};
    if (!isImportKind(kind)) errors.kind = 'Choose what the file holds: organizations, contacts or individual members.';
    if (!source) errors.source = 'Name the system the file comes from, like “Old CRM”.';
    else if (source.length > 100) errors.source = 'The source is longer than 100 characters.';
    const file = form.files.find((f) => f.field === 'file');
    const filename = cleanFilename(file?.filename ?? '', 'import.csv');
    if (form.tooManyFiles) errors.file = 'Upload one file.';
    else if (!file) errors.file = 'Choose a CSV file to upload.';
    else if (file.tooLarge)
      return again({ ...errors, file: `${filename} is larger than 50 MB. Import it from the command line: civnet import ${isImportKind(kind) ? kind : 'KIND'} FILE.` }, 413);
    else if (file.bytes.length === 0) errors.file = `${filename} is empty.`;
    else if (!/\.(csv|txt)$/i.test(filename)) errors.file = `${filename} is not a CSV file. Save the spreadsheet as “CSV UTF-8 (.csv)” and upload that.`;
    let headers: string[] = [];
    if (file && !errors.file) {
      try {
        for await (const record of csvRecords(bufferStream(file.bytes))) {
          headers = record.map((h) => h.trim());
          break;
        }
      } catch (err) {
        if (!(err instanceof ImportFileError)) throw err;
        errors.file = err.message;
      }
    }
    if (Object.keys(errors).length || !file || !isImportKind(kind)) return again(errors);
    const id = await saveUpload(deps.db, actorOf(req), { kind, source, filename, content: file.bytes, headers }, deps.clock.now());
    return reply.redirect(`/staff/import/${id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/staff/import/:id', { config }, async (req, reply) => {
    const u = await detail(req.params.id);
    const now = deps.clock.now();
    const checked = u.rows !== null && !u.imported_at ? storedResult(u) : null;
    const ctx = await pageContext(req, reply);
    // A small file may be imported (or refused) before this page loads: the start's message would
    // then contradict the page, so it says the import has finished, or gives way to the failure.
    if ((ctx.flash === STARTED || ctx.flash === RUNNING_ALREADY) && !isRunning(u, now)) ctx.flash = u.imported_at ? FINISHED : null;
    return sendPage(reply, FilePage({ ctx, upload: u, checked, now }));
  });

  /** A finished import is not checked or run again (its page says why, and what to do instead); nothing changes. */
  const alreadyImported = (reply: FastifyReply, id: string) => {
    setFlash(reply, 'This file has been imported already: checking or importing it again would change nothing. To bring in changes, upload the new file.');
    return reply.redirect(`/staff/import/${id}`, 303);
  };

  /** The stored dry run as a result (the page shows it again after a reload). */
  const storedResult = (u: UploadDetail): ImportResult => ({
    dryRun: true,
    rows: u.rows ?? 0,
    problems: u.problems ?? 0,
    report: u.report,
    truncated: (u.problems ?? 0) > u.report.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    imported: false,
  });

  async function fileFailure(req: FastifyRequest, reply: FastifyReply, u: UploadDetail, err: unknown) {
    if (err instanceof ImportFileError) return sendPage(reply, FilePage({ ctx: await pageContext(req, reply), upload: u, fileError: err.message, now: deps.clock.now() }), 400);
    if (err instanceof ImportMappingError)
      return sendPage(reply, FilePage({ ctx: await pageContext(req, reply), upload: u, mappingErrors: err.problems, now: deps.clock.now() }), 400);
    throw err;
  }

  app.post<{ Params: { id: string } }>('/staff/import/:id/check', { config }, async (req, reply) => {
    const u = await detail(req.params.id);
    if (u.imported_at) return alreadyImported(reply, u.id);
    const body = formValues(req.body);
    const mapping: Mapping = {};
    for (const f of IMPORT_KINDS[u.kind].fields) if (body[f.key]) mapping[f.key] = body[f.key] as string;
    const shown = { ...u, mapping };
    let result: ImportResult;
    try {
      result = await importFile(deps.db, u.kind, bufferStream(u.content), { source: u.source, mapping, dryRun: true, actorUserId: actorOf(req).userId, at: deps.clock.now() });
    } catch (err) {
      return fileFailure(req, reply, shown, err);
    }
    await saveDryRun(deps.db, u.id, mapping, result);
    const upload = { ...shown, rows: result.rows, problems: result.problems, report: result.report, failure: null };
    return sendPage(reply, FilePage({ ctx: await pageContext(req, reply), upload, checked: result, now: deps.clock.now() }), result.problems ? 422 : 200);
  });

  app.get<{ Params: { id: string } }>('/staff/import/:id/report.csv', { config }, async (req, reply) => {
    const u = await detail(req.params.id);
    return sendCsv(reply, `import-report-${u.id.slice(0, 8)}.csv`, reportCsv(u.report));
  });

  /** Starts the import in the background, once a dry run found no problem; the page shows its progress. */
  app.post<{ Params: { id: string } }>('/staff/import/:id/run', { config }, async (req, reply) => {
    const u = await detail(req.params.id);
    if (u.imported_at) return alreadyImported(reply, u.id);
    if (u.rows === null || (u.problems ?? 0) > 0) {
      const message =
        u.rows === null
          ? 'Check every row with a dry run before importing.'
          : `${counted(u.problems ?? 0, 'problem')} in the file: fix ${u.problems === 1 ? 'it' : 'them'}, upload the file again and check it.`;
      return sendPage(
        reply,
        FilePage({ ctx: await pageContext(req, reply), upload: u, checked: u.rows === null ? null : storedResult(u), fileError: message, now: deps.clock.now() }),
        422,
      );
    }
    const actor = actorOf(req);
    const started = await deps.db.transaction().execute(async (trx) => {
      if (!(await claimImport(trx, u.id, deps.clock.now()))) return false;
      await deps.jobs.send(trx, IMPORT_QUEUE, { uploadId: u.id, actorUserId: actor.userId, actorLabel: actor.name });
      return true;
    });
    setFlash(reply, started ? STARTED : RUNNING_ALREADY);
    return reply.redirect(`/staff/import/${u.id}`, 303);
  });
}

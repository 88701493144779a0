// Staff's import of organizations (issue 21, P5): membership staff and staff admins. The upload
// form takes a CSV (multipart, in this module's own plugin scope); the file is kept until it is
// imported. Its page matches its columns to ours, runs the dry run (422 with the report when a
// row has a problem) and the import (all or nothing). The report downloads as CSV.
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
import { type Mapping, ORGANIZATION_FIELDS, type RowProblem } from './organization-rows.js';
import { markImported, recentUploads, saveDryRun, saveUpload, uploadById } from './queries.js';
import { reportCsv } from './report.js';
import { ImportMappingError, ImportRejected, type ImportResult, importOrganizations, mappingFor } from './service.js';
import { FilePage, type UploadDetail, UploadPage } from './views.js';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const importStaff = () => access.staff('membership');

const notFound = () => new AppError('not_found', { message: 'There is no such import.' });

export async function importsRoutes(app: FastifyInstance) {
  await registerUploads(app, { maxFileBytes: MAX_UPLOAD_BYTES, maxFiles: 1 });
  const deps = app.deps;
  const config = { access: importStaff() };

  const uploads = () => recentUploads(deps.db);

  async function detail(id: string): Promise<UploadDetail & { content: Uint8Array }> {
    const u = isUuid(id) ? await uploadById(deps.db, id) : undefined;
    if (!u) throw notFound();
    return {
      ...u,
      mapping: u.mapping ?? (await mappingFor(deps.db, u.source, u.headers)),
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
    const errors: Record<string, string> = {};
    if (!source) errors.source = 'Name the system the file comes from, like “Old CRM”.';
    else if (source.length > 100) errors.source = 'The source is longer than 100 characters.';
    const file = form.files.find((f) => f.field === 'file');
    const filename = cleanFilename(file?.filename ?? '', 'import.csv');
    if (form.tooManyFiles) errors.file = 'Upload one file.';
    else if (!file) errors.file = 'Choose a CSV file to upload.';
    else if (file.tooLarge) return again({ ...errors, file: `${filename} is larger than 50 MB. Import it from the command line: civnet import organizations FILE.` }, 413);
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
    if (Object.keys(errors).length || !file) return again(errors);
    const actor = actorOf(req);
    const at = deps.clock.now();
    const id = await saveUpload(deps.db, actor, { source, filename, content: file.bytes, headers }, at);
    return reply.redirect(`/staff/import/${id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/staff/import/:id', { config }, async (req, reply) => {
    const u = await detail(req.params.id);
    const checked = u.rows !== null && !u.imported_at ? storedResult(u) : null;
    return sendPage(reply, FilePage({ ctx: await pageContext(req, reply), upload: u, checked }));
  });

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
    if (err instanceof ImportFileError) return sendPage(reply, FilePage({ ctx: await pageContext(req, reply), upload: u, fileError: err.message }), 400);
    if (err instanceof ImportMappingError) return sendPage(reply, FilePage({ ctx: await pageContext(req, reply), upload: u, mappingErrors: err.problems }), 400);
    throw err;
  }

  app.post<{ Params: { id: string } }>('/staff/import/:id/check', { config }, async (req, reply) => {
    const u = await detail(req.params.id);
    const body = formValues(req.body);
    const mapping: Mapping = {};
    for (const f of ORGANIZATION_FIELDS) if (body[f.key]) mapping[f.key] = body[f.key] as string;
    const shown = { ...u, mapping };
    let result: ImportResult;
    try {
      result = await importOrganizations(deps.db, bufferStream(u.content), { source: u.source, mapping, dryRun: true, actorUserId: actorOf(req).userId, at: deps.clock.now() });
    } catch (err) {
      return fileFailure(req, reply, shown, err);
    }
    await saveDryRun(deps.db, u.id, mapping, result);
    const upload = { ...shown, rows: result.rows, problems: result.problems, report: result.report };
    return sendPage(reply, FilePage({ ctx: await pageContext(req, reply), upload, checked: result }), result.problems ? 422 : 200);
  });

  app.get<{ Params: { id: string } }>('/staff/import/:id/report.csv', { config }, async (req, reply) => {
    const u = await detail(req.params.id);
    return sendCsv(reply, `import-report-${u.id.slice(0, 8)}.csv`, reportCsv(u.report));
  });

  app.post<{ Params: { id: string } }>('/staff/import/:id/run', { config }, async (req, reply) => {
    const u = await detail(req.params.id);
    const actor = actorOf(req);
    let result: ImportResult;
    try {
      result = await importOrganizations(deps.db, bufferStream(u.content), {
        source: u.source,
        mapping: u.mapping,
        dryRun: false,
        actorUserId: actor.userId,
        actorLabel: actor.name,
        at: deps.clock.now(),
      });
    } catch (err) {
      if (err instanceof ImportRejected) {
        const r = err.result;
        return sendPage(reply, FilePage({ ctx: await pageContext(req, reply), upload: { ...u, rows: r.rows, problems: r.problems, report: r.report }, checked: r }), 422);
      }
      return fileFailure(req, reply, u, err);
    }
    await markImported(deps.db, u.id, result, deps.clock.now());
    setFlash(reply, `Imported ${result.rows} row(s): ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged.`);
    return reply.redirect(`/staff/import/${u.id}`, 303);
  });
}

// The agreement form and its file, in their own plugin scope (the only one of the module that
// accepts multipart bodies): saving the agreement (dates, scope, a partnership's project and
// amount, and optionally a new file), and downloading the file (as an attachment).
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../lib/access.js';
import { AppError, refusalOf } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { readMultipartForm, registerUploads, sendDownload } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { checkAgreementFile, MAX_AGREEMENT_BYTES } from './files.js';
import { agreementFile, relationshipById } from './queries.js';
import { agreementForm } from './schemas.js';
import { saveAgreement } from './service.js';
import { notFound, REFUSED } from './shared.js';
import { partnersStaff } from './staff-routes.js';
import { RelationshipPage } from './staff-views.js';

export async function agreementRoutes(app: FastifyInstance) {
  await registerUploads(app, { maxFileBytes: MAX_AGREEMENT_BYTES, maxFiles: 1 });
  const deps = app.deps;
  const config = { access: partnersStaff() };

  app.post<{ Params: { id: string } }>('/staff/partners/:id/agreement', { config }, async (req, reply) => {
    const id = req.params.id;
    if (!isUuid(id)) throw notFound();
    const form = await readMultipartForm(req);
    const r = await relationshipById(deps.db, id);
    if (!r) throw notFound();
    const again = async (errors: Record<string, string>, status = 400) =>
      sendPage(reply, RelationshipPage({ ctx: await pageContext(req, reply), r, today: await todayIn(deps), form: { name: 'agreement', values: form.fields, errors } }), status);
    if (form.tooManyFiles) return again({ file: 'Upload one file.' });
    const parsed = parseForm(agreementForm, form.fields);
    if (!parsed.ok) return again(parsed.errors);
    const upload = form.files.find((f) => f.field === 'file' && (f.filename !== '' || f.bytes.length > 0));
    let file = null;
    if (upload) {
      const checked = await checkAgreementFile(upload);
      if (!checked.ok) return again({ file: checked.message }, upload.tooLarge ? 413 : 400);
      file = checked.file;
    }
    try {
      await saveAgreement(deps, actorOf(req), id, parsed.data, file);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return again(fields);
      if (err instanceof AppError && err.status === 409)
        return sendPage(reply, RelationshipPage({ ctx: await pageContext(req, reply), r, today: await todayIn(deps), refused: refusalOf(err, REFUSED) }), 409);
      throw err;
    }
    setFlash(reply, 'The agreement is saved.');
    return reply.redirect(`/staff/partners/${id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/staff/partners/:id/agreement', { config }, async (req, reply) => {
    const f = isUuid(req.params.id) ? await agreementFile(deps.db, req.params.id) : undefined;
    if (!f) throw new AppError('not_found', { message: 'There is no agreement file.' });
    return sendDownload(reply, f);
  });
}

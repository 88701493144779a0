// A business marks an action done, with its evidence (text and/or a file: a photo or a PDF of at
// most 10 MB, checked by checkUpload), in its own plugin scope (the only one of the module that
// accepts multipart bodies); and the evidence file, served as an attachment only to the business's
// contact, the government's administrators and the network's staff.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { access, actsFor, hasStaffRole } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { checkUpload, JPEG_KIND, PDF_KIND, PNG_KIND, readMultipartForm, registerUploads, sendDownload } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { setFlash } from '../../web/context.js';
import { fieldErrorsOf, parseForm } from '../../web/forms.js';
import { type Challenge, evidenceFile } from './queries.js';
import { completionForm } from './schemas.js';
import { type EvidenceFile, markActionDone } from './service.js';

/** The business's page, answered again (routes.tsx gives it). */
export type SendBusiness = (
  req: FastifyRequest,
  reply: FastifyReply,
  c: Challenge,
  form?: { actionId: string; errors: FieldErrors; values: Record<string, string> },
  status?: number,
) => Promise<FastifyReply>;

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export async function businessRoutes(app: FastifyInstance, opts: { sendBusiness: SendBusiness; challengeOr404: (slug: string) => Promise<Challenge> }) {
  await registerUploads(app, { maxFileBytes: MAX_EVIDENCE_BYTES, maxFiles: 1 });
  const deps = app.deps;
  const config = { access: access.signedIn() };

  app.post<{ Params: { slug: string; actionId: string } }>('/challenges/:slug/business/actions/:actionId', { config }, async (req, reply) => {
    const c = await opts.challengeOr404(req.params.slug);
    const actionId = req.params.actionId;
    if (!isUuid(actionId)) throw new AppError('not_found', { message: 'There is no such action in this challenge.' });
    const form = await readMultipartForm(req);
    const again = (errors: Record<string, string>, status = 400) => opts.sendBusiness(req, reply, c, { actionId, errors, values: form.fields }, status);
    if (form.tooManyFiles) return again({ file: 'Attach one file.' });
    const parsed = parseForm(completionForm, form.fields);
    if (!parsed.ok) return again(parsed.errors);
    const upload = form.files.find((f) => f.field === 'file');
    let file: EvidenceFile | null = null;
    if (upload) {
      const checked = await checkUpload(upload, [PDF_KIND, PNG_KIND, JPEG_KIND], {
        maxBytes: MAX_EVIDENCE_BYTES,
        accepted: 'a photo (PNG or JPEG) or a PDF',
        fallbackName: 'evidence',
      });
      if (!checked.ok) return again({ file: checked.message }, upload.tooLarge ? 413 : 400);
      file = checked.file;
    }
    const p = req.principal;
    if (!p) throw new AppError('unauthenticated');
    try {
      await markActionDone(deps, p.userId, c, actionId, parsed.data.evidence, file);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return again(fields);
      if (err instanceof AppError && err.status === 409) return again({ evidence: err.message }, 409);
      throw err;
    }
    setFlash(reply, `Marked done. ${c.government} will check it; it counts once verified.`);
    return reply.redirect(`/challenges/${c.slug}/business`, 303);
  });

  app.get<{ Params: { id: string } }>('/challenges/evidence/:id', { config }, async (req, reply) => {
    const f = isUuid(req.params.id) ? await evidenceFile(deps.db, req.params.id) : undefined;
    const p = req.principal;
    // Not the business's contact, the government's administrator or staff: as if there were no file.
    const may = f && p && (f.contact_user_id === p.userId || actsFor(req, f.organization_id, 'admin') || hasStaffRole(p, 'programs'));
    if (!f || !may) throw new AppError('not_found', { message: 'There is no such file.' });
    return sendDownload(reply, f);
  });
}

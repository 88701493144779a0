// The PD log's routes, in their own plugin scope (the only one of the module that accepts
// multipart bodies): the log, adding an activity with its evidence, downloading one's own
// evidence (anyone else's is a 404, as for a file that does not exist), and asking for
// reinstatement of a lapsed credential.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { readMultipartForm, registerUploads, sendDownload } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { checkEvidence, MAX_EVIDENCE_BYTES } from './files.js';
import { addActivity, earliestActivityDay, requestReinstatement, whyNotReinstate, yearlyLog } from './log.js';
import { LogPage } from './log-views.js';
import { credentialOf, evidenceOf } from './queries.js';
import { hours } from './rules.js';

export async function credentialLogRoutes(app: FastifyInstance) {
  await registerUploads(app, { maxFileBytes: MAX_EVIDENCE_BYTES, maxFiles: 1 });
  const deps = app.deps;
  const signedIn = { access: access.signedIn() };

  const page = async (req: FastifyRequest, reply: FastifyReply, opts: { values?: Record<string, string>; errors?: FieldErrors; refused?: string; status?: number } = {}) => {
    const userId = req.principal?.userId ?? '';
    const credential = await credentialOf(deps.db, userId);
    const [years, earliest, why] = await Promise.all([
      yearlyLog(deps, userId, credential?.awardedOn ?? null),
      earliestActivityDay(deps, userId),
      credential?.status === 'lapsed' ? whyNotReinstate(deps, userId) : Promise.resolve('Only a lapsed credential can be reinstated.'),
    ]);
    return sendPage(
      reply,
      LogPage({
        ctx: await pageContext(req, reply),
        credential: credential ?? null,
        years,
        earliest,
        reinstatement: { possible: why === null, why },
        values: opts.values,
        errors: opts.errors,
        refused: opts.refused,
      }),
      opts.status ?? 200,
    );
  };

  app.get('/credential/log', { config: signedIn }, (req, reply) => page(req, reply));

  app.post('/credential/log', { config: { access: access.signedIn(), rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (req, reply) => {
    const form = await readMultipartForm(req);
    const values = form.fields;
    const file = form.files.find((f) => f.field === 'evidence');
    if (form.tooManyFiles) return page(req, reply, { values, errors: { evidence: 'Upload one file.' }, status: 400 });
    if (!file) return page(req, reply, { values, errors: { evidence: 'Upload the evidence of the activity.' }, status: 400 });
    const checked = await checkEvidence(file);
    if (!checked.ok) return page(req, reply, { values, errors: { evidence: checked.message }, status: file.tooLarge ? 413 : 400 });
    try {
      const a = await addActivity(deps, actorOf(req), values, checked.file);
      setFlash(reply, `${hours(a.minutes)} hours added to your ${a.doneOn.slice(0, 4)} log.`);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return page(req, reply, { values, errors: fields, status: 400 });
      if (err instanceof AppError && err.code !== 'not_found') return page(req, reply, { values, refused: err.message, status: err.status });
      throw err;
    }
    return reply.redirect('/credential/log', 303);
  });

  app.get<{ Params: { id: string } }>('/credential/log/files/:id', { config: signedIn }, async (req, reply) => {
    const f = isUuid(req.params.id) ? await evidenceOf(deps.db, req.principal?.userId ?? '', req.params.id) : undefined;
    if (!f) throw new AppError('not_found', { message: 'There is no such file.' });
    return sendDownload(reply, f);
  });

  app.post('/credential/reinstatement', { config: signedIn }, async (req, reply) => {
    try {
      await requestReinstatement(deps, actorOf(req));
    } catch (err) {
      if (err instanceof AppError && err.code !== 'not_found') return page(req, reply, { refused: err.message, status: err.status });
      throw err;
    }
    setFlash(reply, 'You asked for reinstatement. Staff will email you.');
    return reply.redirect('/credential/log', 303);
  });
}

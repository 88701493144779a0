// Routes of eligibility checks: the person's proof upload (multipart, registered in this plugin's
// scope only, so /join/individual and every other route still refuse multipart bodies) and
// membership staff's queue, decision and proof downloads. Proofs are never served to anyone else.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { readMultipartForm, registerUploads, sendDownload } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { issuesToFields } from './inputs.js';
import { sendMembershipPage } from './me-routes.js';
import { listProofs, PROOF_FIELD, PROOF_MAX_BYTES, readProof, uploadProof } from './proofs.js';
import { confirmEligibility, declineEligibility, getVerification, verificationQueue } from './verification.js';
import { VerificationPage, VerificationQueuePage } from './verification-views.js';

const idOf = (value: unknown): string => {
  if (!isUuid(value)) throw new AppError('not_found');
  return value;
};
const params = (req: FastifyRequest) => (req.params ?? {}) as Record<string, unknown>;
const actor = (req: FastifyRequest) => {
  if (!req.principal) throw new AppError('unauthenticated');
  return req.principal.userId;
};

const queueQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });
const decisionForm = z.object({
  decision: z.enum(['confirm', 'decline'], { error: 'Choose confirm or decline.' }),
  reason: z.string().trim().max(1000, 'Use at most 1,000 characters.').default(''),
});

export async function verificationRoutes(app: FastifyInstance) {
  const deps = app.deps;
  await registerUploads(app, { maxFileBytes: PROOF_MAX_BYTES, maxFiles: 1 });
  const membership = { access: access.staff('membership') };

  app.post('/me/membership/proof', { config: { access: access.signedIn() } }, async (req, reply) => {
    const form = await readMultipartForm(req);
    let error: string | undefined;
    if (form.tooManyFiles) error = 'Upload one file at a time.';
    else {
      try {
        const saved = await uploadProof(deps, { userId: actor(req), file: form.files.find((f) => f.field === PROOF_FIELD), requestId: req.id });
        setFlash(reply, `Thank you: ${saved.filename} is sent. Our membership staff will check it and email you.`);
        return reply.redirect('/me/membership', 303);
      } catch (err) {
        if (!(err instanceof AppError && err.fields)) throw err;
        error = err.fields[PROOF_FIELD] ?? err.message;
      }
    }
    return sendMembershipPage(deps, req, reply, { [PROOF_FIELD]: error }, 400);
  });

  app.get('/staff/individuals/verification', { config: membership }, async (req, reply) => {
    const q = queueQuery.safeParse(req.query ?? {});
    const page = q.success ? q.data.page : 1;
    const { rows, hasNext } = await verificationQueue(deps.db, { page, pageSize: 50 });
    return sendPage(reply, VerificationQueuePage({ ctx: await pageContext(req, reply), rows, page, hasNext }), q.success ? 200 : 400);
  });

  const load = async (req: FastifyRequest) => {
    const v = await getVerification(deps.db, idOf(params(req).id));
    if (!v) throw new AppError('not_found');
    return { v, proofs: await listProofs(deps.db, v.id) };
  };

  app.get('/staff/individuals/verification/:id', { config: membership }, async (req, reply) => {
    const { v, proofs } = await load(req);
    return sendPage(reply, VerificationPage({ ctx: await pageContext(req, reply), v, proofs }));
  });

  app.post('/staff/individuals/verification/:id', { config: membership }, async (req, reply) => {
    const { v, proofs } = await load(req);
    const parsed = decisionForm.safeParse(req.body ?? {});
    let errors: FieldErrors | undefined;
    let message: string | undefined;
    if (parsed.success) {
      const input = { membershipId: v.id, actorUserId: actor(req), requestId: req.id };
      try {
        if (parsed.data.decision === 'confirm') {
          const { activated } = await confirmEligibility(deps, input);
          setFlash(
            reply,
            activated
              ? `Confirmed: ${v.name}'s membership is active now. They have been emailed.`
              : `Confirmed: ${v.name}'s membership starts when their first invoice is paid. They have been emailed.`,
          );
        } else {
          const { refundCents } = await declineEligibility(deps, { ...input, reason: parsed.data.reason });
          setFlash(
            reply,
            refundCents > 0
              ? `Declined: ${v.name} has been emailed. They paid ${formatCents(refundCents)}: ask finance to refund it (refunds are made outside Civnet).`
              : `Declined: ${v.name} has been emailed and their invoice is cancelled.`,
          );
        }
        return reply.redirect('/staff/individuals/verification', 303);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.fields) errors = err.fields;
        else if (err.code.startsWith('individuals.')) message = err.message;
        else throw err;
      }
    } else errors = issuesToFields(parsed.error);
    return sendPage(reply, VerificationPage({ ctx: await pageContext(req, reply), v, proofs, values: formValues(req.body), errors, message }), errors ? 400 : 409);
  });

  app.get('/staff/individuals/verification/:id/proofs/:proofId', { config: membership }, async (req, reply) => {
    const p = params(req);
    const f = await readProof(deps, { membershipId: idOf(p.id), proofId: idOf(p.proofId), actorUserId: actor(req), requestId: req.id });
    if (!f) throw new AppError('not_found', { message: 'There is no such file.' });
    return sendDownload(reply, f);
  });
}

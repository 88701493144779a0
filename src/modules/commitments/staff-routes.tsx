// Staff routes of commitments: communications and partnerships staff (and staff admins) publish
// and change commitments, see every signature with its history, and withdraw one with a reason.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { commitmentForStaff, staffCommitments } from './queries.js';
import { commitmentForm, withdrawForm } from './schemas.js';
import { createCommitment, updateCommitment, withdrawSignature } from './service.js';
import { noCommitment } from './shared.js';
import { NewCommitmentPage, StaffCommitmentPage, StaffCommitmentsPage } from './staff-views.js';

export const commitmentsStaff = () => access.staff('communications', 'partnerships');

export async function commitmentStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const config = { access: commitmentsStaff() };

  const load = async (id: string) => {
    const c = isUuid(id) ? await commitmentForStaff(deps.db, id) : undefined;
    if (!c) throw noCommitment();
    return c;
  };

  app.get('/staff/commitments', { config }, async (req, reply) =>
    sendPage(reply, StaffCommitmentsPage({ ctx: await pageContext(req, reply), rows: await staffCommitments(deps.db) })),
  );

  app.get('/staff/commitments/new', { config }, async (req, reply) => sendPage(reply, NewCommitmentPage({ ctx: await pageContext(req, reply) })));

  app.post('/staff/commitments/new', { config }, async (req, reply) => {
    const form = parseForm(commitmentForm, req.body);
    if (!form.ok) return sendPage(reply, NewCommitmentPage({ ctx: await pageContext(req, reply), values: form.values, errors: form.errors }), 400);
    try {
      const id = await createCommitment(deps, actorOf(req), form.data);
      setFlash(reply, 'The commitment is published. It is public from its launch date.');
      return reply.redirect(`/staff/commitments/${id}`, 303);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return sendPage(reply, NewCommitmentPage({ ctx: await pageContext(req, reply), values: formValues(req.body), errors: fields }), 400);
      throw err;
    }
  });

  app.get<{ Params: { id: string } }>('/staff/commitments/:id', { config }, async (req, reply) =>
    sendPage(reply, StaffCommitmentPage({ ctx: await pageContext(req, reply), c: await load(req.params.id) })),
  );

  app.post<{ Params: { id: string } }>('/staff/commitments/:id', { config }, async (req, reply) => {
    const c = await load(req.params.id);
    const form = parseForm(commitmentForm, req.body);
    if (!form.ok) return sendPage(reply, StaffCommitmentPage({ ctx: await pageContext(req, reply), c, values: form.values, errors: form.errors }), 400);
    try {
      await updateCommitment(deps, actorOf(req), c.id, form.data);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return sendPage(reply, StaffCommitmentPage({ ctx: await pageContext(req, reply), c, values: formValues(req.body), errors: fields }), 400);
      throw err;
    }
    setFlash(reply, 'The commitment is saved.');
    return reply.redirect(`/staff/commitments/${c.id}`, 303);
  });

  app.post<{ Params: { id: string; signatureId: string } }>('/staff/commitments/:id/signatures/:signatureId/withdraw', { config }, async (req, reply) => {
    const c = await load(req.params.id);
    if (!isUuid(req.params.signatureId)) throw new AppError('not_found', { message: 'There is no such signature.' });
    const form = parseForm(withdrawForm, req.body);
    if (!form.ok) throw new AppError('validation_failed', { message: form.errors.reason ?? 'Say why the signature is withdrawn.', fields: form.errors });
    await withdrawSignature(deps, actorOf(req), { signatureId: req.params.signatureId, commitmentId: c.id, reason: form.data.reason, by: 'staff' });
    setFlash(reply, 'The signature is withdrawn; it stays here with its reason.');
    return reply.redirect(`/staff/commitments/${c.id}`, 303);
  });
}

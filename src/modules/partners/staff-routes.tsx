// Partnerships staff's routes (role `partnerships`; staff admins pass too): the relationships (and their CSV),
// a new one, one relationship and its forms. Each form that fails answers the page again with
// its messages (400); a lifecycle step not allowed answers 409 with the reason.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { sendAuditedCsvStream } from '../../lib/csv.js';
import { AppError, type FieldErrors, type Refusal, refusalOf } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { eachRelationship, relationshipById, staffList } from './queries.js';
import { contactForm, deliverableForm, detailsForm, noteForm, staffListQuery, statusForm } from './schemas.js';
import { addContact, addDeliverable, addNote, changeStatus, createRelationship, markDeliverableDone, updateDetails } from './service.js';
import { KIND_LABELS, notFound, REFUSED, STATUS_LABELS } from './shared.js';
import { type FormName, NewRelationshipPage, publicState, RelationshipPage, StaffListPage } from './staff-views.js';

export const partnersStaff = () => access.staff('partnerships');

const fieldsOf = (error: z.ZodError): FieldErrors => {
  const out: FieldErrors = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? 'query')] ??= issue.message;
  return out;
};

export async function partnerStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const config = { access: partnersStaff() };

  app.get('/staff/partners', { config }, async (req, reply) => {
    const raw = formValues(req.query);
    const parsed = staffListQuery.safeParse(raw);
    // a bad address (a hand-edited link) says what is wrong, and shows the whole list's first page
    if (!parsed.success)
      return sendPage(
        reply,
        StaffListPage({ ctx: await pageContext(req, reply), raw, filter: {}, page: 1, list: await staffList(deps.db, {}, 1), errors: fieldsOf(parsed.error) }),
        400,
      );
    const { page = 1, ...filter } = parsed.data;
    return sendPage(reply, StaffListPage({ ctx: await pageContext(req, reply), raw, filter, page, list: await staffList(deps.db, filter, page) }));
  });

  // The list as CSV: the same filters and order, every row (streamed in keyset batches), only the
  // list's columns (never purpose, contacts, notes, amounts or the inquirer's address).
  app.get('/staff/partners.csv', { config }, async (req, reply) => {
    const parsed = staffListQuery.safeParse(formValues(req.query));
    if (!parsed.success) throw new AppError('validation_failed', { fields: fieldsOf(parsed.error), message: 'The filters of this export are not valid; open the list again.' });
    const { page: _, ...filter } = parsed.data;
    const actor = actorOf(req);
    return sendAuditedCsvStream(
      reply,
      deps.db,
      { now: () => deps.clock.now(), actorUserId: actor.userId, requestId: actor.requestId, name: 'partners', filters: filter },
      ['Partner', 'Kind', 'Status', 'Since', 'City or area', 'State', 'Agreement ends', 'Public'],
      eachRelationship(deps.db, filter),
      (r) => [r.partner_name, KIND_LABELS[r.kind], STATUS_LABELS[r.status], r.status_changed_at.toISOString(), r.city, r.state, r.agreement_end, publicState(r)],
    );
  });

  app.get('/staff/partners/new', { config }, async (req, reply) => sendPage(reply, NewRelationshipPage({ ctx: await pageContext(req, reply) })));

  app.post('/staff/partners/new', { config }, async (req, reply) => {
    const form = parseForm(detailsForm, req.body);
    if (!form.ok) return sendPage(reply, NewRelationshipPage({ ctx: await pageContext(req, reply), values: form.values, errors: form.errors }), 400);
    try {
      const id = await createRelationship(deps, actorOf(req), form.data);
      setFlash(reply, 'The relationship is recorded.');
      return reply.redirect(`/staff/partners/${id}`, 303);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return sendPage(reply, NewRelationshipPage({ ctx: await pageContext(req, reply), values: formValues(req.body), errors: fields }), 400);
      throw err;
    }
  });

  /** The relationship's page; with a failed form's values and messages, or a refusal. */
  async function sendRelationship(
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    opts: { form?: { name: FormName; values: Record<string, string>; errors: FieldErrors }; refused?: Refusal; status?: number } = {},
  ) {
    const r = isUuid(id) ? await relationshipById(deps.db, id) : undefined;
    if (!r) throw notFound();
    return sendPage(reply, RelationshipPage({ ctx: await pageContext(req, reply), r, today: await todayIn(deps), form: opts.form, refused: opts.refused }), opts.status ?? 200);
  }

  app.get<{ Params: { id: string } }>('/staff/partners/:id', { config }, (req, reply) => sendRelationship(req, reply, req.params.id));

  /** A form of the relationship's page: parse, act, say what happened; errors answer the page again. */
  function formRoute<S extends z.ZodType>(path: string, name: FormName, schema: S, act: (id: string, data: z.output<S>, req: FastifyRequest) => Promise<string>) {
    app.post<{ Params: { id: string; deliverableId?: string } }>(`/staff/partners/:id${path}`, { config }, async (req, reply) => {
      const id = req.params.id;
      if (!isUuid(id)) throw notFound();
      const form = parseForm(schema, req.body);
      if (!form.ok) return sendRelationship(req, reply, id, { form: { name, values: form.values, errors: form.errors }, status: 400 });
      try {
        setFlash(reply, await act(id, form.data, req));
      } catch (err) {
        const fields = fieldErrorsOf(err);
        if (fields) return sendRelationship(req, reply, id, { form: { name, values: formValues(req.body), errors: fields }, status: 400 });
        if (err instanceof AppError && err.status === 409) return sendRelationship(req, reply, id, { refused: refusalOf(err, REFUSED), status: 409 });
        throw err;
      }
      return reply.redirect(`/staff/partners/${id}`, 303);
    });
  }

  formRoute('/status', 'status', statusForm, async (id, d, req) => {
    await changeStatus(deps, actorOf(req), id, d.to, d.reason);
    return `Moved to “${STATUS_LABELS[d.to]}”.`;
  });
  formRoute('/details', 'details', detailsForm, async (id, d, req) => {
    await updateDetails(deps, actorOf(req), id, d);
    return 'The details are saved.';
  });
  formRoute('/deliverables', 'deliverable', deliverableForm, async (id, d, req) => {
    await addDeliverable(deps, actorOf(req), id, d);
    return 'The deliverable is added.';
  });
  formRoute('/contacts', 'contact', contactForm, async (id, d, req) => {
    await addContact(deps, actorOf(req), id, d);
    return 'The contact is added.';
  });
  formRoute('/notes', 'note', noteForm, async (id, d, req) => {
    await addNote(deps, actorOf(req), id, d.text);
    return 'The note is added.';
  });

  app.post<{ Params: { id: string; deliverableId: string } }>('/staff/partners/:id/deliverables/:deliverableId/done', { config }, async (req, reply) => {
    const { id, deliverableId } = req.params;
    if (!isUuid(id) || !isUuid(deliverableId)) throw notFound();
    try {
      await markDeliverableDone(deps, actorOf(req), id, deliverableId);
    } catch (err) {
      // delivered already (a double press, a stale tab): the page as it stands, saying so
      if (err instanceof AppError && err.status === 409) return sendRelationship(req, reply, id, { refused: refusalOf(err, REFUSED), status: 409 });
      throw err;
    }
    setFlash(reply, 'Marked delivered.');
    return reply.redirect(`/staff/partners/${id}`, 303);
  });
}

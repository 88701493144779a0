// Routes of applications: the public application (page and API) and the staff review.

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { APPLICATION_STATUSES, ENTITY_TYPES } from '../../db/types.js';
import { access } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { errorShape } from '../../lib/http-errors.js';
import { STATE_CODES } from '../../lib/us-states.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, HONEYPOT_FIELD, honeypotFilled, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { listSeatInvitations, resendSeatInvitation } from '../portal/index.js';
import { approvalOutcome, getApplicationWithEvents, listApplications } from './queries.js';
import { applicationApiBody, applicationForm, calculatorAnswers, missingInForm } from './schemas.js';
import * as service from './service.js';
import { DeclinePage, QueuePage, ReviewPage } from './staff-views.js';
import { ApplyPage, applicationValues, SubmittedPage } from './views.js';

const idParams = z.object({ id: z.uuid() });
const queueQuery = z.object({
  status: z.enum(APPLICATION_STATUSES).optional(),
  state: z.enum(STATE_CODES).optional(),
  entityType: z.enum(ENTITY_TYPES).optional(),
  olderThanDays: z.coerce.number().int().min(1).max(3650).optional(),
  q: z.string().trim().max(100).optional(),
  sort: z.enum(['submitted', 'name', 'state', 'population']).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});
const applicationSummary = z.object({
  id: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  legalName: z.string(),
  entityType: z.string().nullable(),
  state: z.string().nullable(),
  population: z.number().nullable(),
  submittedAt: z.string().nullable(),
  quotedAmountCents: z.number().nullable(),
  contactRequired: z.boolean(),
  possibleDuplicates: z.number(),
});
const reasonBody = z.object({ reason: z.string().trim().min(3, 'Give the reason, in a sentence the applicant will read.').max(2000) }).strict();
const messageBody = z.object({ message: z.string().trim().min(3, 'Say what information is needed.').max(2000) }).strict();

type Row = Awaited<ReturnType<typeof listApplications>>['rows'][number];
const summarize = (r: Row) => ({
  id: r.id,
  status: r.status,
  legalName: r.legal_name,
  entityType: r.entity_type,
  state: r.state,
  population: r.population,
  submittedAt: r.submitted_at?.toISOString() ?? null,
  quotedAmountCents: r.quoted_amount_cents,
  contactRequired: r.quote_contact_required,
  possibleDuplicates: r.duplicate_flags.length,
});

export async function applicationRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const submitLimit = { rateLimit: { max: 20, timeWindow: '1 minute' } };

  app.get('/apply', { config: { access: access.public() } }, async (req, reply) => {
    const q = z.object({ draft: z.string().max(100).optional(), submitted: z.string().optional() }).parse(req.query);
    const ctx = await pageContext(req, reply);
    if (!q.draft) return sendPage(reply, ApplyPage({ ctx, values: { applicant_email: req.principal?.email ?? '', ...calculatorAnswers(req.query) } }));
    const application = await service.findByToken(deps, q.draft);
    if (application.status === 'draft' || application.status === 'more_info_requested') {
      return sendPage(
        reply,
        ApplyPage({ ctx, values: applicationValues(application), draft: q.draft, infoRequest: application.status === 'more_info_requested' ? application.info_request : null }),
      );
    }
    return sendPage(reply, SubmittedPage({ ctx, application, justSubmitted: q.submitted === '1', contactEmail: (await deps.association.get()).contact_email }));
  });

  app.post('/apply', { config: { access: access.public(), ...submitLimit } }, async (req, reply) => {
    const form = parseForm(applicationForm, req.body);
    const draft = form.ok ? form.data.draft : form.values.draft;
    const rerender = async (errors: Record<string, string>, values: Record<string, string>, message?: string, status = 400) =>
      sendPage(reply, ApplyPage({ ctx: await pageContext(req, reply), values, errors, draft, message }), status);
    // A robot filled the honeypot: answer as if accepted, save and send nothing.
    if (honeypotFilled(req.body)) {
      setFlash(
        reply,
        formValues(req.body).action === 'submit'
          ? 'Thank you: your application is submitted. We emailed you a confirmation.'
          : 'Draft saved. We emailed you a link to come back to it.',
      );
      return reply.redirect('/apply', 303);
    }
    // A failed submit reports everything it lacks at once, not the form's own checks first.
    if (!form.ok) return rerender(form.values.action === 'submit' ? missingInForm(form.values, form.errors) : form.errors, form.values);
    const { action, draft: token, ...fields } = form.data;
    try {
      if (action === 'save') {
        const saved = await service.saveDraft(deps, { token, fields });
        setFlash(reply, saved.created ? 'Draft saved. We emailed you a link to come back to it.' : 'Draft saved.');
        return reply.redirect(`/apply?draft=${encodeURIComponent(saved.token)}`, 303);
      }
      const submitted = await service.submitApplication(deps, { token, fields, actorUserId: req.principal?.userId ?? null, requestId: req.id });
      return reply.redirect(`/apply?draft=${encodeURIComponent(submitted.token)}&submitted=1`, 303);
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return rerender(errors, formValues(req.body), err instanceof AppError ? err.message : undefined, err instanceof AppError && err.status === 429 ? 429 : 400);
    }
  });

  app.post(
    '/api/v1/applications',
    {
      config: { access: access.public(), ...submitLimit },
      schema: {
        tags: ['applications'],
        summary: 'Submit a membership application for a government',
        body: applicationApiBody,
        response: {
          201: z.object({
            id: z.string(),
            status: z.literal('submitted'),
            quotedAmountCents: z.number().nullable(),
            contactRequired: z.boolean(),
            scheduleEffectiveFrom: z.string().nullable(),
          }),
          409: errorShape.describe('The same applicant already sent an application for this government and state, and it is with membership staff (`applications.already_sent`).'),
        },
      },
    },
    async (req, reply) => {
      const { [HONEYPOT_FIELD]: trap, ...fields } = req.body;
      // A robot filled the honeypot: answer as if accepted, save and send nothing.
      if (trap) return reply.code(201).send({ id: randomUUID(), status: 'submitted' as const, quotedAmountCents: null, contactRequired: false, scheduleEffectiveFrom: null });
      const { application } = await service.submitApplication(deps, { fields, actorUserId: req.principal?.userId ?? null, requestId: req.id });
      return reply.code(201).send({
        id: application.id,
        status: 'submitted' as const,
        quotedAmountCents: application.quoted_amount_cents,
        contactRequired: application.quote_contact_required,
        scheduleEffectiveFrom: application.quote_schedule_effective_from,
      });
    },
  );

  // Staff review (O4)
  const membership = access.staff('membership');

  app.get('/staff/applications', { config: { access: membership } }, async (req, reply) => {
    const parsed = queueQuery.safeParse(req.query);
    const errors: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= 'Choose one of the listed values.';
    const filters = parsed.success ? parsed.data : {};
    const result = await listApplications(deps.db, filters, deps.clock.now());
    return sendPage(reply, QueuePage({ ctx: await pageContext(req, reply), filters, result, errors, raw: req.query as Record<string, string> }), parsed.success ? 200 : 400);
  });

  async function reviewPage(req: FastifyRequest, reply: FastifyReply, id: string, status = 200, errors?: Record<string, string>, message?: string) {
    const found = await getApplicationWithEvents(deps.db, id);
    if (!found) throw new AppError('not_found', { message: 'There is no such application.' });
    const orgId = found.application.organization_id;
    const invitations = orgId ? await listSeatInvitations(deps, orgId) : [];
    const created = orgId ? await approvalOutcome(deps.db, orgId) : null;
    return sendPage(reply, ReviewPage({ ctx: await pageContext(req, reply), ...found, invitations, created, errors, message }), status);
  }

  const parseId = (params: unknown) => {
    const p = idParams.safeParse(params);
    if (!p.success) throw new AppError('not_found', { message: 'There is no such application.' });
    return p.data.id;
  };

  app.get('/staff/applications/:id', { config: { access: membership } }, async (req, reply) => reviewPage(req, reply, parseId(req.params)));

  // Declining is destructive: a confirmation page (with the reason) first, then the POST from it.
  async function declinePage(req: FastifyRequest, reply: FastifyReply, id: string, status = 200, values?: Record<string, string>, errors?: Record<string, string>) {
    const found = await getApplicationWithEvents(deps.db, id);
    if (!found) throw new AppError('not_found', { message: 'There is no such application.' });
    return sendPage(reply, DeclinePage({ ctx: await pageContext(req, reply), application: found.application, values, errors }), status);
  }
  app.get('/staff/applications/:id/decline', { config: { access: membership } }, async (req, reply) => declinePage(req, reply, parseId(req.params)));

  const decide = (path: string, run: (id: string, body: Record<string, string>, req: FastifyRequest) => Promise<string>, schema?: z.ZodType) =>
    app.post(`/staff/applications/:id/${path}`, { config: { access: membership } }, async (req, reply) => {
      const id = parseId(req.params);
      let body: Record<string, string> = {};
      if (schema) {
        const form = parseForm(schema, req.body);
        if (!form.ok) return path === 'decline' ? declinePage(req, reply, id, 400, form.values, form.errors) : reviewPage(req, reply, id, 400, form.errors);
        body = form.data as Record<string, string>;
      }
      try {
        setFlash(reply, await run(id, body, req));
      } catch (err) {
        if (err instanceof AppError && err.status === 409) return reviewPage(req, reply, id, 409, undefined, err.message);
        throw err;
      }
      return reply.redirect(`/staff/applications/${id}`, 303);
    });
  const actor = (req: FastifyRequest) => req.principal?.userId ?? '';
  const actorName = (req: FastifyRequest) => req.principal?.name ?? 'Membership staff';

  decide('approve', async (id, _b, req) => {
    const done = await service.approveApplication(deps, { id, actorUserId: actor(req), actorName: actorName(req), requestId: req.id });
    return done.invoiceId
      ? 'Approved. The organization and a pending membership are created; each person the application names was emailed an invitation to act for it, and the billing contact the invoice. Links to both are below.'
      : 'Approved. The organization and a pending membership are created, and each person the application names was emailed an invitation to act for it. No invoice yet: issue it from the organization’s record (link below) once the dues are agreed.';
  });
  decide(
    'decline',
    async (id, b, req) => {
      await service.declineApplication(deps, { id, actorUserId: actor(req), reason: b.reason ?? '', requestId: req.id });
      return 'Declined. The applicant has been emailed the reason.';
    },
    reasonBody.strip(),
  );
  decide(
    'request-info',
    async (id, b, req) => {
      await service.requestMoreInformation(deps, { id, actorUserId: actor(req), message: b.message ?? '', requestId: req.id });
      return 'The applicant has been asked for more information and can edit the application again.';
    },
    messageBody.strip(),
  );

  // An invitation the approval sent (the administrator's, when it expired unused): a new link.
  const invitationParams = z.object({ id: z.uuid(), invitationId: z.uuid() });
  app.post('/staff/applications/:id/invitations/:invitationId/resend', { config: { access: membership } }, async (req, reply) => {
    const p = invitationParams.safeParse(req.params);
    if (!p.success) throw new AppError('not_found', { message: 'There is no such invitation waiting to be accepted.' });
    const found = await getApplicationWithEvents(deps.db, p.data.id);
    const organizationId = found?.application.organization_id;
    if (!organizationId) throw new AppError('not_found', { message: 'There is no such invitation waiting to be accepted.' });
    const inv = await resendSeatInvitation(deps, { organizationId, invitationId: p.data.invitationId, actorUserId: actor(req), actorName: actorName(req), requestId: req.id });
    setFlash(reply, `We emailed the invitation to ${inv.email} again, with a new link.`);
    return reply.redirect(`/staff/applications/${p.data.id}`, 303);
  });

  app.get(
    '/api/v1/applications',
    {
      config: { access: membership },
      schema: {
        tags: ['applications'],
        summary: 'The review queue (membership staff)',
        querystring: queueQuery,
        response: { 200: z.object({ applications: z.array(applicationSummary), nextPage: z.number().nullable() }) },
      },
    },
    async (req) => {
      const r = await listApplications(deps.db, req.query, deps.clock.now());
      return { applications: r.rows.map(summarize), nextPage: r.hasNext ? r.page + 1 : null };
    },
  );

  app.get(
    '/api/v1/applications/:id',
    { config: { access: membership }, schema: { tags: ['applications'], summary: 'One application with its history (membership staff)', params: idParams } },
    async (req) => {
      const found = await getApplicationWithEvents(deps.db, req.params.id);
      if (!found) throw new AppError('not_found', { message: 'There is no such application.' });
      const { draft_token_hash: _secret, ...application } = found.application;
      return { application, events: found.events };
    },
  );

  const apiDecision = <S extends z.ZodType>(path: string, body: S | undefined, run: (id: string, body: z.output<S>, req: FastifyRequest) => Promise<unknown>) =>
    app.post(
      `/api/v1/applications/:id/${path}`,
      {
        config: { access: membership },
        schema: { tags: ['applications'], summary: `${path.replace('-', ' ')} an application (membership staff)`, params: idParams, ...(body ? { body } : {}) },
      },
      async (req) => {
        const result = await run(req.params.id, req.body as z.output<S>, req);
        const after = await getApplicationWithEvents(deps.db, req.params.id);
        return { id: req.params.id, status: after?.application.status, ...(typeof result === 'object' && result ? result : {}) };
      },
    );
  apiDecision('approve', undefined, (id, _b, req) => service.approveApplication(deps, { id, actorUserId: actor(req), actorName: actorName(req), requestId: req.id }));
  apiDecision('decline', reasonBody, (id, b, req) => service.declineApplication(deps, { id, actorUserId: actor(req), reason: b.reason, requestId: req.id }));
  apiDecision('request-info', messageBody, (id, b, req) => service.requestMoreInformation(deps, { id, actorUserId: actor(req), message: b.message, requestId: req.id }));
}

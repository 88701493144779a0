// Member side of technical assistance: an organization's contacts list, file, read, answer,
// close and reopen their organization's requests, and download their files (pages and API).
// Object-level check on every id: a request of an organization the viewer is not a contact of
// is a 404, exactly like a request that does not exist.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { access, actorOf, actsFor } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { readMultipartForm } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { listPathways } from '../pathways/index.js';
import { checkFiles } from './files.js';
import { getThread, listOrganizationRequests, organizationChoices, organizationOfRequest, organizationTimeZone, type RequestSummary, type Thread } from './queries.js';
import { attachmentParams, idParams, newRequestForm, orgQuery, replyForm, requestDetail, requestSummary, statusForm } from './schemas.js';
import { sendAttachment } from './send-file.js';
import { addMessage, changeStatus, fileRequest } from './service.js';
import { MemberRequestPage, NewRequestPage, type OrgChoice, RequestsPage } from './views.js';

const notFound = () => new AppError('not_found', { message: 'There is no such request.' });

export async function memberAssistanceRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const now = () => deps.clock.now();

  /** The viewer's organizations, by name. */
  const viewerOrgs = (req: FastifyRequest): Promise<OrgChoice[]> => organizationChoices(deps.db, [...(req.principal?.orgs.keys() ?? [])]);
  /** The organization asked for (404 unless the viewer is its contact), or the only one. */
  const chosenOrg = (orgs: OrgChoice[], id: string | undefined): OrgChoice | null => {
    if (id) {
      const org = orgs.find((o) => o.id === id);
      if (!org) throw new AppError('not_found', { message: 'There is no such organization.' });
      return org;
    }
    return orgs.length === 1 ? (orgs[0] ?? null) : null;
  };
  /** The request's thread if the viewer is a contact of its organization; else 404. */
  const visibleThread = async (req: FastifyRequest, id: string): Promise<Thread> => {
    if (!isUuid(id)) throw notFound();
    const orgId = await organizationOfRequest(deps.db, id);
    if (!actsFor(req, orgId)) throw notFound();
    const thread = await getThread(deps.db, id, now());
    if (!thread) throw notFound();
    return thread;
  };
  const checkVisible = async (req: FastifyRequest, id: string) => {
    if (!isUuid(id)) throw notFound();
    const orgId = await organizationOfRequest(deps.db, id);
    if (!actsFor(req, orgId)) throw notFound();
  };

  app.get('/org/assistance', { config: { access: access.orgContact() }, schema: { querystring: orgQuery } }, async (req, reply) => {
    const orgs = await viewerOrgs(req);
    const org = chosenOrg(orgs, req.query.org);
    const requests = await listOrganizationRequests(deps.db, org ? [org.id] : orgs.map((o) => o.id), now());
    return sendPage(reply, RequestsPage({ ctx: await pageContext(req, reply), orgs, org, requests }));
  });

  app.get('/org/assistance/new', { config: { access: access.orgContact() }, schema: { querystring: orgQuery } }, async (req, reply) => {
    const orgs = await viewerOrgs(req);
    const org = chosenOrg(orgs, req.query.org);
    const pathways = await listPathways(deps.db);
    return sendPage(reply, NewRequestPage({ ctx: await pageContext(req, reply), orgs, pathways, values: { org: org?.id ?? '' } }));
  });

  // Multipart (or url-encoded, without files); the body is read here, after the CSRF check.
  app.post('/org/assistance', { config: { access: access.orgContact() } }, async (req, reply) => {
    const orgs = await viewerOrgs(req);
    const form = await readMultipartForm(req);
    const parsed = parseForm(newRequestForm, form.fields);
    const values = { ...form.fields };
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    const org = chosenOrg(orgs, form.fields.org || undefined);
    if (!org) errors.org = 'Choose the organization the request is for.';
    // Checked even when other fields fail, so that every problem shows at once.
    const rawDate = (form.fields.desired_on ?? '').trim();
    const desiredOn = /^\d{4}-\d{2}-\d{2}$/.test(rawDate) ? rawDate : null;
    if (org && desiredOn) {
      const tz = await organizationTimeZone(deps.db, org.id);
      const today = DateTime.fromJSDate(now(), { zone: tz ?? 'UTC' }).toISODate() ?? '';
      if (!DateTime.fromISO(desiredOn).isValid) errors.desired_on = 'Enter a real date, for example 2027-03-31.';
      else if (desiredOn < today) errors.desired_on = 'Choose today or a later date.';
    }
    const checked = await checkFiles(form.files, form.tooManyFiles);
    if (checked.error) errors.attachments = checked.error;
    const pathways = await listPathways(deps.db);
    const rerender = async (errs: FieldErrors) => {
      const status = form.files.some((f) => f.tooLarge) ? 413 : 400;
      return sendPage(reply, NewRequestPage({ ctx: await pageContext(req, reply), orgs, pathways, values, errors: errs }), status);
    };
    if (!parsed.ok || !org || Object.keys(errors).length > 0) return rerender(errors);
    if (!pathways.some((p) => p.id === parsed.data.pathway)) return rerender({ pathway: 'Choose a topic from the list.' });
    try {
      const id = await fileRequest(deps, actorOf(req), {
        organizationId: org.id,
        pathwayId: parsed.data.pathway,
        subject: parsed.data.subject,
        description: parsed.data.description,
        desiredOn,
        files: checked.files,
      });
      setFlash(reply, 'Your request is sent. Your advisor is emailed and will answer here.');
      return reply.redirect(`/org/assistance/${id}`, 303);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return rerender(fields);
      throw err;
    }
  });

  app.get('/org/assistance/:id', { config: { access: access.orgContact() }, schema: { params: idParams } }, async (req, reply) => {
    const thread = await visibleThread(req, req.params.id);
    return sendPage(reply, MemberRequestPage({ ctx: await pageContext(req, reply), thread }));
  });

  app.post('/org/assistance/:id/messages', { config: { access: access.orgContact() }, schema: { params: idParams } }, async (req, reply) => {
    await checkVisible(req, req.params.id);
    const form = await readMultipartForm(req);
    const parsed = parseForm(replyForm, form.fields);
    const checked = await checkFiles(form.files, form.tooManyFiles);
    const errors: FieldErrors = { ...(parsed.ok ? {} : parsed.errors), ...(checked.error ? { attachments: checked.error } : {}) };
    if (!parsed.ok || Object.keys(errors).length > 0) {
      const thread = await visibleThread(req, req.params.id);
      const status = form.files.some((f) => f.tooLarge) ? 413 : 400;
      return sendPage(reply, MemberRequestPage({ ctx: await pageContext(req, reply), thread, values: form.fields, errors }), status);
    }
    await addMessage(deps, actorOf(req), 'member', { requestId: req.params.id, body: parsed.data.body, files: checked.files });
    setFlash(reply, 'Your reply is sent.');
    return reply.redirect(`/org/assistance/${req.params.id}`, 303);
  });

  app.post('/org/assistance/:id/status', { config: { access: access.orgContact() }, schema: { params: idParams, body: statusForm } }, async (req, reply) => {
    await checkVisible(req, req.params.id);
    await changeStatus(deps, actorOf(req), 'member', { requestId: req.params.id, to: req.body.status });
    setFlash(reply, req.body.status === 'closed' ? 'The request is closed.' : 'The request is reopened; your advisor is emailed.');
    return reply.redirect(`/org/assistance/${req.params.id}`, 303);
  });

  app.get('/org/assistance/:id/attachments/:attachmentId', { config: { access: access.orgContact() }, schema: { params: attachmentParams } }, async (req, reply) => {
    await checkVisible(req, req.params.id);
    return sendAttachment(deps.db, reply, req.params.id, req.params.attachmentId);
  });

  // ---- API ----
  const base = deps.config.publicUrl;
  const apiSummary = (r: RequestSummary) => ({
    id: r.id,
    organizationId: r.organizationId,
    organizationName: r.organizationName,
    subject: r.subject,
    status: r.status,
    pathway: r.pathwayName,
    advisor: r.advisorName,
    desiredOn: r.desiredOn,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    daysOpen: r.daysOpen,
    url: `${base}/org/assistance/${r.id}`,
  });

  app.get(
    '/api/v1/org/assistance',
    {
      config: { access: access.orgContact() },
      schema: {
        tags: ['assistance'],
        summary: 'Technical assistance requests of an organization you are a contact of (all of yours without `org`), newest first',
        querystring: orgQuery,
        response: { 200: z.object({ requests: z.array(requestSummary) }) },
      },
    },
    async (req) => {
      const orgs = await viewerOrgs(req);
      const org = chosenOrg(orgs, req.query.org);
      const requests = await listOrganizationRequests(deps.db, org ? [org.id] : orgs.map((o) => o.id), now());
      return { requests: requests.map(apiSummary) };
    },
  );

  app.get(
    '/api/v1/org/assistance/:id',
    {
      config: { access: access.orgContact() },
      schema: { tags: ['assistance'], summary: 'One technical assistance request with its messages, files and history', params: idParams, response: { 200: requestDetail } },
    },
    async (req) => {
      const t = await visibleThread(req, req.params.id);
      const file = (f: { id: string; filename: string; contentType: string; sizeBytes: number }) => ({ ...f, url: `${base}/org/assistance/${t.request.id}/attachments/${f.id}` });
      return {
        request: { ...apiSummary(t.request), description: t.request.description, filedBy: t.request.createdByName, attachments: t.attachments.map(file) },
        messages: t.messages.map((m) => ({
          id: m.id,
          author: m.authorName,
          fromStaff: m.fromStaff,
          body: m.body,
          createdAt: m.createdAt.toISOString(),
          attachments: m.attachments.map(file),
        })),
        history: t.events.map((e) => ({ kind: e.kind, by: e.actorName, from: e.fromStatus, to: e.toStatus, advisor: e.advisorName, at: e.createdAt.toISOString() })),
      };
    },
  );
}

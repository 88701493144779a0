// The job center's public and employer routes: the search, a posting's page (live postings for
// everyone; otherwise only its employer and communications staff), the counting apply redirect,
// posting and editing (another person's posting is a 404), saved searches and the unsubscribe link.
// The employer's list and what they do from it (renew, close, reopen, withdraw) are in
// employer-routes.tsx, staff's routes in staff-routes.tsx, the API's in api-routes.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { render } from 'preact-render-to-string';
import { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { keptHtml } from '../../lib/encoding.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { isUuid } from '../../lib/validators.js';
import { hasFlash, pageContext, setFlash } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { deleteSavedSearch, savedSearchByLink, saveSearch, unsubscribe } from './alerts.js';
import { apiJobRoutes } from './api-routes.js';
import { readCriteria } from './criteria.js';
import { employerRoutes } from './employer-routes.js';
import { PostingFormPage, UnsubscribePage } from './employer-views.js';
import { sendPostingPage } from './posting-page.js';
import { countHit, hasSearchWords, keptSearchJobs, NO_SEARCH_WORDS, ownPosting as ownPostingOf, type PostingDetail, postingById, searchKey } from './queries.js';
import { readPosting } from './rules.js';
import { editPosting, employerOrganizations, jobSettings, postJob } from './service.js';
import { isLivePosting, notFound, WITHDRAWN_NO_EDIT } from './shared.js';
import { jobStaffRoutes } from './staff-routes.js';
import { JobsPage, renderResultItems } from './views.js';

const idParams = z.object({ id: z.string().max(100) }).strict();
/** The search's values the page shows as typed (its form). */
const SHOWN_VALUES = ['q', 'state', 'salaryMin', 'type', 'within', 'page'] as const;
const anyQuery = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** A refusal the form shows again (a field's error or a message), or null for the error handler. */
export function formRefusal(err: unknown): { status: number; errors: FieldErrors; message?: string } | null {
  if (!(err instanceof AppError) || err.status >= 500 || err.status === 404 || err.status === 401) return null;
  return { status: err.status, errors: err.fields ?? {}, message: err.fields ? undefined : err.message };
}

export const postingValues = (j: PostingDetail): Record<string, string> => ({
  title: j.title,
  employer: j.employer_name,
  organizationId: j.organization_id ?? '',
  workplace: j.workplace,
  city: j.city,
  state: j.state ?? '',
  salaryMin: String(j.salary_min),
  salaryMax: String(j.salary_max),
  employmentType: j.employment_type,
  description: j.description,
  apply: j.apply_url ?? j.apply_email ?? '',
  closesOn: j.closes_on ?? '',
});

export async function jobsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  const ownPosting = (req: FastifyRequest, id: string) => ownPostingOf(deps.db, actorOf(req).userId, id);

  /** The search page for these values (a query, or a saved search's form sent back with its errors).
   * The results' items are rendered once per search and time zone and kept with the search
   * (`deps.searches`, forgotten with it); a visitor who is not signed in and has no message waiting
   * gets the whole page kept, its compressed bytes too, as every such visitor of the same search does
   * (the page then has no form to post: no CSRF token of theirs in it). bench/jobs.ts measures it. */
  async function sendSearch(req: FastifyRequest, reply: FastifyReply, values: Record<string, string>) {
    const { criteria, page, errors } = readCriteria(values);
    let result = Object.keys(errors).length ? { jobs: [], total: 0 } : await keptSearchJobs(deps, criteria, page);
    // keywords of only skipped words ("a", "the") would silently find nothing: say so instead
    if (result.total === 0 && criteria.q && !(await hasSearchWords(deps.db, criteria.q))) {
      errors.q = NO_SEARCH_WORDS;
      result = { jobs: [], total: 0 };
    }
    if (Object.keys(errors).length) {
      return sendPage(reply, JobsPage({ ctx: await pageContext(req, reply), criteria, values, errors, ...result, page }), 400);
    }
    const association = await deps.association.get();
    const search = searchKey(criteria, page);
    const items = () => deps.searches.get(`jobs:items:${association.time_zone}:${search}`, async () => renderResultItems(result.jobs, association.time_zone));
    if (!req.principal && !hasFlash(req)) {
      // everything the page shows: the values as typed (the form shows them), the search, and the
      // association's name, logo, colour and time zone (the layout's)
      const shown = SHOWN_VALUES.map((k) => values[k] ?? '');
      const key = `jobs:page:${JSON.stringify([association.name, association.logo_file_id, association.brand_colour, association.time_zone, search, shown])}`;
      const kept = await keptHtml(deps.searches, key, req.headers['accept-encoding'], async () => {
        const ctx = await pageContext(req, reply);
        return `<!doctype html>${render(JobsPage({ ctx, criteria, values, errors, ...result, itemsHtml: await items(), page }))}`;
      });
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      if (kept.encoding) reply.header('content-encoding', kept.encoding).header('vary', 'accept-encoding');
      return reply.send(kept.body);
    }
    return sendPage(reply, JobsPage({ ctx: await pageContext(req, reply), criteria, values, errors, ...result, itemsHtml: await items(), page }));
  }

  // a parameter given twice counts once, its first value (formValues), as on the other list pages
  app.get('/jobs', { config: { access: access.public() }, schema: { querystring: anyQuery } }, async (req, reply) => sendSearch(req, reply, formValues(req.query)));

  // ---- posting (before /jobs/:id: "new" and "mine" are no posting's id)
  async function sendForm(
    req: FastifyRequest,
    reply: FastifyReply,
    o: { action: string; editing: boolean; values: Record<string, string>; errors?: FieldErrors; message?: string; status?: number; reviewMessage?: string | null },
  ) {
    const [orgs, settings] = await Promise.all([employerOrganizations(deps.db, actorOf(req).userId), jobSettings(deps.db)]);
    return sendPage(reply, PostingFormPage({ ctx: await pageContext(req, reply), orgs, feeCents: settings.postingFeeCents, ...o }), o.status ?? 200);
  }

  app.get('/jobs/new', { config: { access: access.signedIn() } }, async (req, reply) => sendForm(req, reply, { action: '/jobs/new', editing: false, values: {} }));

  app.post('/jobs/new', { config: { access: access.signedIn(), rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
    const values = formValues(req.body);
    const read = readPosting(values, await todayIn(deps));
    if (!read.ok) return sendForm(req, reply, { action: '/jobs/new', editing: false, values, errors: read.errors, status: 400 });
    let r: Awaited<ReturnType<typeof postJob>>;
    try {
      r = await postJob(deps, actorOf(req), read.data);
    } catch (err) {
      const refused = formRefusal(err);
      if (!refused) throw err;
      return sendForm(req, reply, { action: '/jobs/new', editing: false, values, ...refused });
    }
    if (r.invoice) {
      setFlash(reply, 'Your job is saved. Pay the posting fee on this invoice; our staff review the posting once it is paid.');
      return reply.redirect(r.invoice.url.replace(deps.config.publicUrl, ''), 303);
    }
    setFlash(reply, 'Your job is posted. Our staff review it, usually within two working days, and you will get an email when it is published.');
    return reply.redirect('/jobs/mine', 303);
  });

  app.post('/jobs/saved-searches', { config: { access: access.signedIn(), rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
    const values = formValues(req.body);
    const { criteria, errors } = readCriteria(values);
    // a search that cannot be run is answered with the search page and its message, and not saved
    if (Object.keys(errors).length || (criteria.q && !(await hasSearchWords(deps.db, criteria.q)))) {
      return sendSearch(req, reply, values);
    }
    await saveSearch(deps, actorOf(req), criteria);
    setFlash(reply, 'Search saved. We will email you once a day when new jobs match it.');
    return reply.redirect('/jobs/mine', 303);
  });

  app.post('/jobs/saved-searches/:id/delete', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw new AppError('not_found', { message: 'There is no such saved search.' });
    await deleteSavedSearch(deps, actorOf(req), req.params.id);
    setFlash(reply, 'Saved search deleted: no more emails for it.');
    return reply.redirect('/jobs/mine', 303);
  });

  const linkQuery = z.object({ id: z.string().max(100).default(''), token: z.string().max(200).default('') });
  app.get('/jobs/alerts/unsubscribe', { config: { access: access.public() }, schema: { querystring: linkQuery } }, async (req, reply) => {
    const label = await savedSearchByLink(deps, req.query.id, req.query.token);
    return sendPage(reply, UnsubscribePage({ ctx: await pageContext(req, reply), id: req.query.id, token: req.query.token, label, done: false }), label === null ? 404 : 200);
  });

  app.post('/jobs/alerts/unsubscribe', { config: { access: access.public() } }, async (req, reply) => {
    const v = formValues(req.body);
    const id = (v.id ?? '').slice(0, 100);
    const token = (v.token ?? '').slice(0, 200);
    const label = await unsubscribe(deps, id, token);
    return sendPage(reply, UnsubscribePage({ ctx: await pageContext(req, reply), id, token, label, done: label !== null }), label === null ? 404 : 200);
  });

  // ---- a posting
  app.get('/jobs/:id', { config: { access: access.public() }, schema: { params: idParams } }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw notFound();
    return sendPostingPage(deps, req, reply, req.params.id);
  });

  app.get('/jobs/:id/apply', { config: { access: access.public() }, schema: { params: idParams } }, async (req, reply) => {
    const job = isUuid(req.params.id) ? await postingById(deps.db, req.params.id) : undefined;
    const now = deps.clock.now();
    if (job?.status === 'closed') return reply.redirect(`/jobs/${job.id}`, 303); // its page says it is closed
    if (!job || !isLivePosting(job, now)) throw notFound();
    await countHit(deps.db, job.id, 'apply_clicks', now);
    const to = job.apply_url ?? `mailto:${job.apply_email ?? ''}?subject=${encodeURIComponent(`Application: ${job.title}`)}`;
    return reply.header('cache-control', 'no-store').redirect(to, 303);
  });

  app.get('/jobs/:id/edit', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
    const job = await ownPosting(req, req.params.id);
    if (job.status === 'rejected') throw notFound();
    // a stale Edit link: the posting's own page answers, with the reason (409)
    if (job.status === 'closed') return sendPostingPage(deps, req, reply, job.id, 'This posting is closed and cannot be changed; reopen it first, or post a new one.');
    if (job.status === 'withdrawn') return sendPostingPage(deps, req, reply, job.id, WITHDRAWN_NO_EDIT);
    return sendForm(req, reply, {
      action: `/jobs/${job.id}/edit`,
      editing: true,
      values: postingValues(job),
      reviewMessage: job.status === 'changes_requested' ? job.review_message : null,
    });
  });

  app.post('/jobs/:id/edit', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
    const job = await ownPosting(req, req.params.id);
    const values = formValues(req.body);
    const action = `/jobs/${job.id}/edit`;
    const read = readPosting(values, await todayIn(deps));
    if (!read.ok) return sendForm(req, reply, { action, editing: true, values, errors: read.errors, status: 400 });
    try {
      const status = await editPosting(deps, actorOf(req), job.id, read.data);
      setFlash(reply, status === 'in_review' ? 'Saved and sent to our staff for review.' : 'Saved. Pay the posting fee to send it for review.');
    } catch (err) {
      const refused = formRefusal(err);
      if (!refused) throw err;
      return sendForm(req, reply, { action, editing: true, values, ...refused });
    }
    return reply.redirect('/jobs/mine', 303);
  });

  await app.register(employerRoutes);
  await app.register(jobStaffRoutes);
  await app.register(apiJobRoutes);
}

// Public and applicant routes of cohorts and delegations: the listings, one call, the
// application form, and the public API. A delegation is reached under /delegations, the others
// under /cohorts; the other prefix is a 404. Eligibility and the call's dates are checked again
// when the form is sent (service), whatever the page showed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, actorOf, hasStaffRole } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { type CallState, type Cohort, callState, cohortBySlug, listCohorts, ownApplication, questionsOf, selectedMembers } from './queries.js';
import { publicCohortDetail, publicCohortList, slugParams } from './schemas.js';
import { checkEligibility, publicPath, submitApplication, today } from './service.js';
import { ApplyPage, CohortPage, CohortsPage } from './views.js';

const notFound = () => new AppError('not_found', { message: 'There is no such call.' });

export async function cohortPublicRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  /** The call at this address under this prefix, or a 404. */
  const callAt = async (prefix: 'cohorts' | 'delegations', slug: string): Promise<Cohort> => {
    const c = await cohortBySlug(deps.db, slug);
    if (!c || (c.kind === 'delegation') !== (prefix === 'delegations')) throw notFound();
    return c;
  };
  /** Published delegates only: before that, nobody outside staff learns who was selected. */
  const publicDelegation = (c: Cohort) => (c.kind === 'delegation' && c.selectionPublishedAt ? selectedMembers(deps.db, c.id) : Promise.resolve(null));

  for (const prefix of ['cohorts', 'delegations'] as const) {
    const delegations = prefix === 'delegations';

    app.get(`/${prefix}`, { config: { access: access.public() } }, async (req, reply) => {
      const day = await today(deps);
      const cohorts = await listCohorts(deps.db, delegations ? ['delegation'] : ['cohort', 'leadership_cohort']);
      return sendPage(reply, CohortsPage({ ctx: await pageContext(req, reply), cohorts: cohorts.map((c) => ({ ...c, call: callState(c, day) })), delegations }));
    });

    app.get(`/${prefix}/:slug`, { config: { access: access.public() }, schema: { params: slugParams } }, async (req, reply) => {
      const c = await callAt(prefix, req.params.slug);
      const userId = req.principal?.userId;
      const [questions, own, delegation] = await Promise.all([questionsOf(deps.db, c.id), userId ? ownApplication(deps.db, c.id, userId) : undefined, publicDelegation(c)]);
      const spaceOpen = c.kind !== 'delegation' && (own?.status === 'selected' || hasStaffRole(req.principal, 'programs'));
      return sendPage(
        reply,
        CohortPage({ ctx: await pageContext(req, reply), cohort: c, call: callState(c, await today(deps)), questions, own: own ?? null, delegation, spaceOpen }),
      );
    });

    /** The form, or why this person cannot apply (closed, not eligible, applied already). */
    const applyPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      c: Cohort,
      opts: { values?: Record<string, string>; errors?: FieldErrors; refused?: string; status?: number },
    ) => {
      const userId = req.principal?.userId ?? '';
      const [questions, eligibility, own] = await Promise.all([questionsOf(deps.db, c.id), checkEligibility(deps.db, c.kind, userId), ownApplication(deps.db, c.id, userId)]);
      const call: CallState = callState(c, await today(deps));
      const refused =
        opts.refused ??
        (own
          ? 'You have already applied to this call. Programs staff will email you their decision.'
          : call !== 'open'
            ? call === 'upcoming'
              ? 'This call is not open yet.'
              : 'This call is closed: applications are no longer taken.'
            : eligibility.eligible
              ? undefined
              : eligibility.reason);
      const seats = eligibility.eligible ? eligibility.seats : [];
      return sendPage(reply, ApplyPage({ ctx: await pageContext(req, reply), cohort: c, questions, seats, refused, values: opts.values, errors: opts.errors }), opts.status ?? 200);
    };

    app.get(`/${prefix}/:slug/apply`, { config: { access: access.signedIn() }, schema: { params: slugParams } }, async (req, reply) =>
      applyPage(req, reply, await callAt(prefix, req.params.slug), {}),
    );

    // Rate-limited like the membership application's submit (SECURITY.md).
    app.post(
      `/${prefix}/:slug/apply`,
      { config: { access: access.signedIn(), rateLimit: { max: 20, timeWindow: '1 minute' } }, schema: { params: slugParams } },
      async (req, reply) => {
        const c = await callAt(prefix, req.params.slug);
        const values = formValues(req.body);
        try {
          await submitApplication(deps, actorOf(req), c, values);
        } catch (err) {
          const fields = fieldErrorsOf(err);
          if (fields) return applyPage(req, reply, c, { values, errors: fields, status: 400 });
          if (err instanceof AppError && err.code !== 'not_found') return applyPage(req, reply, c, { refused: err.message, status: err.status });
          throw err;
        }
        setFlash(reply, 'Your application is sent. We emailed you a copy of what happens next.');
        return reply.redirect(publicPath(c), 303);
      },
    );

    // ---- API: public facts only (no answers, scores, reasons, meetings or files) ----
    const base = deps.config.publicUrl;
    const apiCohort = (c: Cohort, day: string) => ({
      slug: c.slug,
      kind: c.kind,
      title: c.title,
      description: c.description,
      eventName: c.eventName,
      opensOn: c.opensOn,
      closesOn: c.closesOn,
      capacity: c.capacity,
      call: callState(c, day),
      url: `${base}${publicPath(c)}`,
    });

    app.get(
      `/api/v1/${prefix}`,
      {
        config: { access: access.public() },
        schema: {
          tags: ['cohorts'],
          summary: delegations ? 'Delegation calls, latest first' : 'Cohorts and leadership cohorts, latest first',
          response: { 200: publicCohortList },
        },
      },
      async () => {
        const day = await today(deps);
        const cohorts = await listCohorts(deps.db, delegations ? ['delegation'] : ['cohort', 'leadership_cohort']);
        return { cohorts: cohorts.map((c) => apiCohort(c, day)) };
      },
    );

    app.get(
      `/api/v1/${prefix}/:slug`,
      {
        config: { access: access.public() },
        schema: {
          tags: ['cohorts'],
          summary: delegations ? 'One delegation call, with the delegation once its selection is published' : 'One cohort: its call and its questions',
          params: slugParams,
          response: { 200: publicCohortDetail },
        },
      },
      async (req) => {
        const c = await callAt(prefix, req.params.slug);
        const [questions, delegation] = await Promise.all([questionsOf(deps.db, c.id), publicDelegation(c)]);
        return {
          cohort: apiCohort(c, await today(deps)),
          questions: questions.map((q) => ({ prompt: q.prompt, kind: q.kind, required: q.required })),
          delegation,
        };
      },
    );
  }
}

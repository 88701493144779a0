// The renewals console: /staff/renewals (the preview, "Run now", the history of runs) and its JSON
// API, for membership and finance staff (and staff admins). "Run now" calls runRenewals, the same
// code path as the daily job and `civnet renewals run`; the form's hidden key makes a double
// submit one run, and overlapping runs still issue each invoice once (renewals.ts).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { today as todayIn } from '../../lib/today.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { previewRenewals, runRenewals } from './renewals.js';
import { blockedRenewals } from './renewals-blocked.js';
import { listRenewalRuns, runStartedBy } from './renewals-history.js';
import { linkFailureLists, linkFailures } from './renewals-links.js';
import { previewFor } from './renewals-shared.js';
import { PREVIEW_ROWS_SHOWN, RenewalsPage } from './renewals-views.js';
import { errorShape, renewalPreviewSchema, renewalRunsQuery, renewalRunsSchema, runNowForm } from './schemas.js';

const tags = ['renewals'];
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const ALREADY = 'This form already started a run, so it was not run again. Its result is in the run history.';

export async function renewalsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const staff = { access: access.staff('membership', 'finance') };

  async function showPage(req: FastifyRequest, reply: FastifyReply, form: { key?: string; errors?: FieldErrors; message?: string; status?: number } = {}) {
    const cursor = formValues(req.query).cursor || undefined;
    const [preview, history, blocked] = await Promise.all([previewRenewals(deps), listRenewalRuns(deps.db, { after: cursor }), blockedRenewals(deps, { limit: 100 })]);
    // The skipped rows shown and the history's failures, linked to where staff fix them, together.
    // Each list only as far as the page shows it (the API lists every row).
    const [skipped = [], ...failures] = await linkFailureLists(deps, [
      preview.failures.slice(0, PREVIEW_ROWS_SHOWN),
      ...history.runs.map((r) => r.failures.slice(0, PREVIEW_ROWS_SHOWN)),
    ]);
    const runs = history.runs.map((r, i) => ({ ...r, failures: failures[i] ?? [], failureCount: r.failures.length }));
    const page = RenewalsPage({
      ctx: await pageContext(req, reply),
      preview: previewFor(req.principal, preview),
      skipped,
      runs,
      blocked,
      nextCursor: history.nextCursor,
      cursor,
      formKey: form.key ?? randomUUID(),
      errors: form.errors,
      message: form.message,
    });
    return sendPage(reply, page, form.status ?? 200);
  }

  app.get('/staff/renewals', { config: staff }, async (req, reply) => showPage(req, reply));

  app.post('/staff/renewals/run', { config: staff }, async (req, reply) => {
    const parsed = parseForm(runNowForm, req.body);
    if (!parsed.ok) {
      const key = parsed.errors.key ? undefined : parsed.values.key;
      return showPage(req, reply, { key, errors: parsed.errors, status: 400 });
    }
    const actor = actorOf(req);
    const done = () => reply.redirect('/staff/renewals#history', 303);
    if (await runStartedBy(deps.db, parsed.data.key)) {
      setFlash(reply, ALREADY);
      return done();
    }
    try {
      const today = await todayIn(deps);
      const counts = await runRenewals(deps, { today, trigger: 'console', actorUserId: actor.userId, requestKey: parsed.data.key, requestId: actor.requestId });
      setFlash(
        reply,
        `Renewals ran for ${formatDay(today)}: ${plural(counts.issued, 'invoice', 'invoices')} issued, ${plural(counts.reminded, 'reminder', 'reminders')} sent, ${plural(counts.lapsed, 'membership', 'memberships')} lapsed, ${plural(counts.skipped, 'row', 'rows')} skipped.`,
      );
    } catch (err) {
      // The same form posted twice at once: the other request is running it.
      if (!(err instanceof AppError && err.code === 'renewals.already_started')) throw err;
      setFlash(reply, ALREADY);
    }
    return done();
  });

  app.get(
    '/api/v1/renewals/preview',
    {
      config: staff,
      schema: {
        tags,
        summary: 'What the next renewal run will do today: invoices, reminders, lapses, and rows it will skip (membership and finance staff)',
        description: 'Computed by the same selection of candidates as the run. A run never reinstates: paying a lapsed membership’s renewal invoice does.',
        response: { 200: renewalPreviewSchema },
      },
    },
    async (req) => {
      const preview = previewFor(req.principal, await previewRenewals(deps));
      return { ...preview, reinstate: [], failures: await linkFailures(deps, preview.failures) };
    },
  );

  app.get(
    '/api/v1/renewals/runs',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Renewal runs, newest first, paged by cursor (membership and finance staff)',
        description: 'Every run: the daily job, `civnet renewals run` and "Run now". Pass `nextCursor` as `cursor` for older runs.',
        querystring: renewalRunsQuery,
        response: { 200: renewalRunsSchema, 400: errorShape },
      },
    },
    async (req) => {
      const page = await listRenewalRuns(deps.db, { after: req.query.cursor });
      const failures = await linkFailureLists(
        deps,
        page.runs.map((r) => r.failures),
      );
      return {
        runs: page.runs.map((r, i) => ({
          ...r,
          failures: failures[i] ?? [],
          startedAt: r.startedAt.toISOString(),
          finishedAt: r.finishedAt?.toISOString() ?? null,
          durationMs: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );
}

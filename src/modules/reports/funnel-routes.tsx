// The application funnel's routes: the page, its CSV and the JSON (applications' figures).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendAuditedCsvStream } from '../../lib/csv.js';
import { fieldError } from '../../lib/errors.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { applicationFunnel } from '../applications/index.js';
import { type FunnelReport, FunnelReportPage, stepsOf } from './funnel-views.js';
import type { ReportKit } from './report-kit.js';
import { errorShape, type FunnelQuery, funnelQuery, funnelResponse, queryErrors, resolveRevenueRange, withoutEmpty } from './schemas.js';

const tags = ['reports'];

export async function funnelRoutes(root: FastifyInstance, kit: ReportKit) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const { readers } = kit;

  const reportOf = async (q: FunnelQuery): Promise<FunnelReport | { errors: Record<string, string> }> => {
    const r = resolveRevenueRange(q, await kit.today());
    if ('errors' in r) return r;
    const entityType = q.entityType ?? null;
    return { from: r.from, to: r.to, entityType, ...(await applicationFunnel(db, { from: r.from, to: r.to, ...(entityType ? { entityType } : {}) })) };
  };
  const fromQuery = async (query: unknown) => {
    const raw = withoutEmpty(query);
    const parsed = funnelQuery.safeParse(raw);
    if (!parsed.success) return { raw, errors: queryErrors(parsed.error.issues) };
    const r = await reportOf(parsed.data);
    return 'errors' in r ? { raw, errors: r.errors } : { raw, report: r };
  };

  app.get('/staff/reports/applications', { config: readers }, async (req, reply) => {
    const r = await fromQuery(req.query);
    return sendPage(reply, FunnelReportPage({ ctx: await pageContext(req, reply), report: r.report ?? null, raw: r.raw, errors: r.errors ?? {} }), r.errors ? 400 : 200);
  });

  app.get('/staff/reports/applications.csv', { config: readers }, async (req, reply) => {
    const r = await fromQuery(req.query);
    if (!r.report) throw fieldError(r.errors ?? {}, 'The range is not valid.');
    const report = r.report;
    async function* batches() {
      yield stepsOf(report);
    }
    return sendAuditedCsvStream(
      reply,
      db,
      kit.audit(req, 'application-funnel', { from: report.from, to: report.to, entityType: report.entityType }),
      ['Step', 'Applications', 'Median days from the step before'],
      batches(),
      (s) => [s.label, s.count, s.days === null ? '' : s.days.toFixed(1)],
    );
  });

  app.get(
    '/api/v1/reports/applications',
    {
      config: readers,
      schema: {
        tags,
        summary: 'The application funnel: started, submitted, approved and paid, with the median days between the steps (finance and membership staff)',
        description: 'Applications started (created) in the range; the last twelve months by default; at most 120 months.',
        querystring: funnelQuery,
        response: { 200: funnelResponse, 400: errorShape },
      },
    },
    async (req) => {
      const r = await reportOf(req.query);
      if ('errors' in r) throw fieldError(r.errors, Object.values(r.errors)[0]);
      return r;
    },
  );
}

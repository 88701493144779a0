// The renewals and retention report's routes: the page, its two CSV files and the JSON.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendAuditedCsvStream } from '../../lib/csv.js';
import { fieldError } from '../../lib/errors.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { type RenewalsReport, renewalsReport } from './renewals.js';
import { RenewalsReportPage } from './renewals-views.js';
import type { ReportKit } from './report-kit.js';
import { errorShape, rangeQuery, renewalsResponse, resolveRange } from './schemas.js';

const tags = ['reports'];
const pct = (share: number | null) => (share === null ? '' : (share * 100).toFixed(1));
const PARTS = [
  ['organizations', 'Organizations'],
  ['individuals', 'Individuals'],
] as const;

export async function renewalsRoutes(root: FastifyInstance, kit: ReportKit) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const { readers } = kit;

  app.get('/staff/reports/renewals', { config: readers }, async (req, reply) => {
    const r = await kit.rangeOf(req.query);
    const report = r.range ? await renewalsReport(db, r.range) : null;
    return sendPage(reply, RenewalsReportPage({ ctx: await pageContext(req, reply), report, raw: r.raw, errors: r.errors ?? {} }), r.errors ? 400 : 200);
  });

  /** The report of a CSV's query string, or a 400 naming what is wrong. */
  const reportOf = async (query: unknown): Promise<RenewalsReport> => {
    const r = await kit.rangeOf(query);
    if (!r.range) throw fieldError(r.errors ?? {}, 'The range is not valid.');
    return renewalsReport(db, r.range);
  };

  app.get('/staff/reports/renewals.csv', { config: readers }, async (req, reply) => {
    const report = await reportOf(req.query);
    const rows = PARTS.flatMap(([key, label]) => report[key].byPeriod.map((p) => ({ label, ...p })));
    async function* batches() {
      yield rows;
    }
    return sendAuditedCsvStream(
      reply,
      db,
      kit.audit(req, 'renewals-report', { from: report.from, to: report.to, interval: report.interval }),
      ['Members', 'Term ended', 'Due', 'Renewed', 'Lapsed', 'Reinstated', 'Not renewed yet', 'Ended', 'Renewal rate (%)'],
      batches(),
      (p) => [p.label, p.period, p.due, p.renewed, p.lapsed, p.reinstated, p.waiting, p.ended, pct(p.renewalRate)],
    );
  });

  app.get('/staff/reports/retention.csv', { config: readers }, async (req, reply) => {
    const report = await reportOf(req.query);
    const rows = PARTS.flatMap(([key, label]) => report[key].cohorts.flatMap((c) => c.retained.map((x) => ({ label, year: c.year, size: c.size, ...x }))));
    async function* batches() {
      yield rows;
    }
    return sendAuditedCsvStream(
      reply,
      db,
      kit.audit(req, 'retention-report', { from: report.from, to: report.to }),
      ['Members', 'Join year', 'Joined', 'On', 'Still members', 'Share (%)'],
      batches(),
      (x) => [x.label, x.year, x.size, x.on, x.count, pct(x.share)],
    );
  });

  app.get(
    '/api/v1/reports/renewals',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Renewals per period of term ends, and retention by join year, of organizations and individual members (finance and membership staff)',
        description:
          'A term comes due on its last day. Renewed: before its grace period ended; lapsed: not renewed in time (reinstated when renewed after the lapse); waiting: not renewed yet and still active; ended: suspended, cancelled or ended. At most 240 months.',
        querystring: rangeQuery,
        response: { 200: renewalsResponse, 400: errorShape },
      },
    },
    async (req) => {
      const r = resolveRange(req.query, await kit.today());
      if ('errors' in r) throw fieldError(r.errors, Object.values(r.errors)[0]);
      return renewalsReport(db, r.range);
    },
  );
}

// The events report's routes: the page, its CSV and the JSON (the events module's figures).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { centsToDecimal, sendAuditedCsvStream } from '../../lib/csv.js';
import { fieldError } from '../../lib/errors.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { eventFigures } from '../events/index.js';
import { type EventsReport, EventsReportPage, KIND_LABELS } from './events-views.js';
import type { ReportKit } from './report-kit.js';
import { type EventsQuery, errorShape, eventsQuery, eventsResponse, queryErrors, resolveRevenueRange, withoutEmpty } from './schemas.js';

const tags = ['reports'];

export async function eventsReportRoutes(root: FastifyInstance, kit: ReportKit) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const { readers } = kit;

  const reportOf = async (q: EventsQuery): Promise<EventsReport | { errors: Record<string, string> }> => {
    const r = resolveRevenueRange(q, await kit.today());
    if ('errors' in r) return r;
    const kind = q.kind ?? null;
    const events = await eventFigures(db, { from: r.from, to: r.to, ...(kind ? { kind } : {}) });
    const totals = { registered: 0, attended: 0, invoicedCents: 0, collectedCents: 0 };
    for (const e of events) for (const k of ['registered', 'attended', 'invoicedCents', 'collectedCents'] as const) totals[k] += e[k];
    return { from: r.from, to: r.to, kind, events, totals };
  };
  const fromQuery = async (query: unknown) => {
    const raw = withoutEmpty(query);
    const parsed = eventsQuery.safeParse(raw);
    if (!parsed.success) return { raw, errors: queryErrors(parsed.error.issues) };
    const r = await reportOf(parsed.data);
    return 'errors' in r ? { raw, errors: r.errors } : { raw, report: r };
  };

  app.get('/staff/reports/events', { config: readers }, async (req, reply) => {
    const r = await fromQuery(req.query);
    return sendPage(reply, EventsReportPage({ ctx: await pageContext(req, reply), report: r.report ?? null, raw: r.raw, errors: r.errors ?? {} }), r.errors ? 400 : 200);
  });

  app.get('/staff/reports/events.csv', { config: readers }, async (req, reply) => {
    const r = await fromQuery(req.query);
    if (!r.report) throw fieldError(r.errors ?? {}, 'The range is not valid.');
    const report = r.report;
    async function* batches() {
      yield report.events;
    }
    return sendAuditedCsvStream(
      reply,
      db,
      kit.audit(req, 'events-report', { from: report.from, to: report.to, kind: report.kind }),
      ['Event', 'Starts on', 'Kind', 'Registered', 'Checked in', 'Invoiced', 'Collected'],
      batches(),
      (e) => [e.title, e.startsOn, KIND_LABELS[e.kind], e.registered, e.attended, centsToDecimal(e.invoicedCents), centsToDecimal(e.collectedCents)],
    );
  });

  app.get(
    '/api/v1/reports/events',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Registrations, check-ins and revenue (in cents) per event starting in a range (finance and membership staff)',
        description: 'Events that are not drafts; the last twelve months by default; at most 120 months.',
        querystring: eventsQuery,
        response: { 200: eventsResponse, 400: errorShape },
      },
    },
    async (req) => {
      const r = await reportOf(req.query);
      if ('errors' in r) throw fieldError(r.errors, Object.values(r.errors)[0]);
      return r;
    },
  );
}

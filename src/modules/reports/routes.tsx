// Reports for staff admins, finance and membership staff: the pages under /staff/reports, their
// CSV files (streamed and audited as every staff export is) and the JSON under /api/v1/reports.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hasStaffRole } from '../../lib/access.js';
import { centsToDecimal, sendAuditedCsvStream } from '../../lib/csv.js';
import { fieldError } from '../../lib/errors.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { duesRevenueByMonth } from '../billing/index.js';
import { eventsReportRoutes } from './events-routes.js';
import { funnelRoutes } from './funnel-routes.js';
import { currentMembers, membersOverTime } from './members.js';
import { renewalsRoutes } from './renewals-routes.js';
import { reportKit } from './report-kit.js';
import { duesRevenue, TYPE_LABELS } from './revenue.js';
import { RevenueReportPage } from './revenue-views.js';
import {
  currentMembersResponse,
  duesRevenueResponse,
  errorShape,
  membersOverTimeResponse,
  queryErrors,
  rangeQuery,
  resolveRange,
  resolveRevenueRange,
  revenueQuery,
  withoutEmpty,
} from './schemas.js';
import { MembersReportPage, type ReportLink, ReportsIndexPage } from './views.js';

const tags = ['reports'];

export async function reportsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const kit = reportKit(deps);
  const { readers, today, audit, rangeOf } = kit;

  app.get('/staff/reports', { config: readers }, async (req, reply) => {
    const reports: ReportLink[] = [
      { href: '/staff/reports/members', label: 'Members', about: 'Member organizations by entity type, state and population, individual members by level, and both over time.' },
      {
        href: '/staff/reports/revenue',
        label: 'Dues revenue',
        about: 'Dues invoiced and collected by month, and by type: first memberships and renewals, of organizations and of people.',
      },
      {
        href: '/staff/reports/renewals',
        label: 'Renewals and retention',
        about: 'Terms that came due, renewed, lapsed and reinstated, the renewal rate, and how many of each join year are still members.',
      },
      {
        href: '/staff/reports/applications',
        label: 'Application funnel',
        about: 'Applications started, submitted, approved and paid, with the median days between the steps, by entity type.',
      },
      { href: '/staff/reports/events', label: 'Events revenue and attendance', about: 'Registrations, check-ins and revenue per event, by kind.' },
    ];
    if (hasStaffRole(req.principal, 'finance'))
      reports.push({ href: '/staff/receivables', label: 'Receivables aging', about: 'Open balances by how long they are past due, per organization.' });
    return sendPage(reply, ReportsIndexPage({ ctx: await pageContext(req, reply), reports }));
  });

  app.get('/staff/reports/members', { config: readers }, async (req, reply) => {
    const r = await rangeOf(req.query);
    const [current, series] = await Promise.all([currentMembers(deps.db, await today()), r.range ? membersOverTime(deps.db, r.range.days) : Promise.resolve([])]);
    return sendPage(
      reply,
      MembersReportPage({ ctx: await pageContext(req, reply), current, range: r.range ?? null, series, raw: r.raw, errors: r.errors ?? {} }),
      r.errors ? 400 : 200,
    );
  });

  app.get('/staff/reports/members.csv', { config: readers }, async (req, reply) => {
    const c = await currentMembers(deps.db, await today());
    const rows: Array<[string, string, number]> = [
      ['All', 'Member organizations', c.organizations],
      ['All', 'Individual members', c.individuals],
      ...c.byEntityType.map((g) => ['Entity type', g.label, g.count] as [string, string, number]),
      ...c.byPopulationBand.map((g) => ['Population', g.label, g.count] as [string, string, number]),
      ...c.byState.map((g) => ['State', g.label, g.count] as [string, string, number]),
      ...c.byLevel.map((g) => ['Individual level', g.label, g.count] as [string, string, number]),
    ];
    async function* batches() {
      yield rows;
    }
    return sendAuditedCsvStream(reply, deps.db, audit(req, 'members-report', { asOf: c.asOf }), ['Breakdown', 'Group', `Members on ${c.asOf}`], batches(), (r) => r);
  });

  app.get('/staff/reports/members-over-time.csv', { config: readers }, async (req, reply) => {
    const r = await rangeOf(req.query);
    if (!r.range) throw fieldError(r.errors ?? {}, 'The range is not valid.');
    const range = r.range;
    async function* batches() {
      yield await membersOverTime(deps.db, range.days);
    }
    return sendAuditedCsvStream(
      reply,
      deps.db,
      audit(req, 'members-over-time', { from: range.from, to: range.to, interval: range.interval }),
      ['On', 'Member organizations', 'Individual members'],
      batches(),
      (p) => [p.on, p.organizations, p.individuals],
    );
  });

  app.get(
    '/api/v1/reports/members',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Members today: organizations by entity type, state and population band; individuals by level (finance and membership staff)',
        response: { 200: currentMembersResponse },
      },
    },
    async () => currentMembers(deps.db, await today()),
  );

  app.get(
    '/api/v1/reports/members/over-time',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Member organizations and individual members at each year-end or month-end of a range (finance and membership staff)',
        description: 'At most 240 points. A day counts a membership, not pending, whose term covers it (and not suspended or cancelled by then).',
        querystring: rangeQuery,
        response: { 200: membersOverTimeResponse, 400: errorShape },
      },
    },
    async (req) => {
      const r = resolveRange(req.query, await today());
      if ('errors' in r) throw fieldError(r.errors, Object.values(r.errors)[0]);
      const { from, to, interval, days } = r.range;
      return { from, to, interval, points: await membersOverTime(deps.db, days) };
    },
  );

  /** The revenue range of a page or a CSV from its query string, or what is wrong with it. */
  const revenueRangeOf = async (query: unknown) => {
    const raw = withoutEmpty(query);
    const parsed = revenueQuery.safeParse(raw);
    if (!parsed.success) return { raw, errors: queryErrors(parsed.error.issues) };
    const r = resolveRevenueRange(parsed.data, await today());
    return 'errors' in r ? { raw, errors: r.errors } : { raw, range: r };
  };

  app.get('/staff/reports/revenue', { config: readers }, async (req, reply) => {
    const r = await revenueRangeOf(req.query);
    const report = r.range ? await duesRevenue(deps.db, r.range.from, r.range.to) : null;
    return sendPage(reply, RevenueReportPage({ ctx: await pageContext(req, reply), report, raw: r.raw, errors: r.errors ?? {} }), r.errors ? 400 : 200);
  });

  app.get('/staff/reports/revenue.csv', { config: readers }, async (req, reply) => {
    const r = await revenueRangeOf(req.query);
    if (!r.range) throw fieldError(r.errors ?? {}, 'The range is not valid.');
    const { from, to } = r.range;
    async function* batches() {
      yield await duesRevenueByMonth(deps.db, from, to);
    }
    return sendAuditedCsvStream(reply, deps.db, audit(req, 'dues-revenue', { from, to }), ['Month', 'Type', 'Invoiced', 'Collected'], batches(), (row) => [
      row.month,
      TYPE_LABELS[`${row.payer}-${row.purpose}`],
      centsToDecimal(row.invoicedCents),
      centsToDecimal(row.collectedCents),
    ]);
  });

  app.get(
    '/api/v1/reports/revenue',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Dues invoiced and collected by month and by type, in cents (finance and membership staff)',
        description: 'The last twelve months by default; at most 120 months.',
        querystring: revenueQuery,
        response: { 200: duesRevenueResponse, 400: errorShape },
      },
    },
    async (req) => {
      const r = resolveRevenueRange(req.query, await today());
      if ('errors' in r) throw fieldError(r.errors, Object.values(r.errors)[0]);
      return duesRevenue(deps.db, r.from, r.to);
    },
  );

  await renewalsRoutes(root, kit);
  await funnelRoutes(root, kit);
  await eventsReportRoutes(root, kit);
}

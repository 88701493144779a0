// The application funnel's page: the applications started in a range, how many reached each step
// (a bar chart and its table), and the median days between the steps.
import type { EntityType } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { BarChart } from '../../web/components/charts.js';
import { BackLink, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { ApplicationFunnel } from '../applications/index.js';
import { ENTITY_TYPE_LABELS, ENTITY_TYPE_NOUNS } from '../organizations/index.js';
import { RangeForm } from './range-form.js';
import { percent } from './renewals-views.js';

export interface FunnelReport extends ApplicationFunnel {
  from: string;
  to: string;
  entityType: EntityType | null;
}

export interface FunnelStep {
  key: 'started' | 'submitted' | 'approved' | 'paid';
  label: string;
  count: number;
  /** median days from the step before; null for the first step or when none took both */
  days: number | null;
}

export function stepsOf(r: ApplicationFunnel): FunnelStep[] {
  return [
    { key: 'started', label: 'Started', count: r.started, days: null },
    { key: 'submitted', label: 'Submitted', count: r.submitted, days: r.medianDays.startedToSubmitted },
    { key: 'approved', label: 'Approved', count: r.approved, days: r.medianDays.submittedToApproved },
    { key: 'paid', label: 'Paid (member)', count: r.paid, days: r.medianDays.approvedToPaid },
  ];
}

const fmt = (n: number) => n.toLocaleString('en-US');
const dayCount = (d: number | null) => (d === null ? '—' : `${d.toLocaleString('en-US')} ${d === 1 ? 'day' : 'days'}`);

export function FunnelReportPage(p: { ctx: PageContext; report: FunnelReport | null; raw: Record<string, string>; errors: FieldErrors }) {
  const r = p.report;
  const steps = r ? stepsOf(r) : [];
  const q = r ? `?from=${r.from}&to=${r.to}${r.entityType ? `&entityType=${r.entityType}` : ''}` : '';
  return (
    <Layout ctx={p.ctx} title="Application funnel report">
      <BackLink href="/staff/reports">All reports</BackLink>
      <h1>Application funnel</h1>
      <p>
        The applications started in the range (saved as a draft or submitted at once), how many of them were submitted, approved and paid (the first invoice paid, the membership
        active), and the median days between each step and the one before.
      </p>
      <RangeForm
        action="/staff/reports/applications"
        label="Range of the application funnel"
        raw={p.raw}
        range={r}
        errors={p.errors}
        choice={{ name: 'entityType', label: 'Entity type', value: r?.entityType, options: ENTITY_TYPE_LABELS }}
      />
      {r ? (
        <>
          <p>
            From {formatDay(r.from)} to {formatDay(r.to)}
            {r.entityType ? `, ${ENTITY_TYPE_NOUNS[r.entityType].one} applications` : ''}: {fmt(r.started)} started, {fmt(r.paid)} paid.{' '}
            <a href={`/staff/reports/applications.csv${q}`} download>
              Download the funnel as CSV
            </a>
          </p>
          <section class="report-figure">
            <h2 id="funnel-heading">Steps</h2>
            <div class="report-pair">
              <BarChart
                id="funnel-chart"
                title="Applications at each step"
                desc={`${steps.map((s) => `${s.label}: ${fmt(s.count)}${s.days === null ? '' : `, median ${dayCount(s.days)} from the step before`}`).join('; ')}. The table beside the chart has the same figures.`}
                bars={steps.map((s) => ({ label: s.label, value: s.count }))}
              />
              <SimpleTable
                caption="Application funnel"
                rows={steps}
                rowKey={(s) => s.key}
                empty="None."
                columns={[
                  { label: 'Step', cell: (s) => s.label },
                  { label: 'Applications', cell: (s) => fmt(s.count) },
                  { label: 'Share of started', cell: (s) => percent(r.started > 0 ? s.count / r.started : null) },
                  { label: 'Median time from the step before', cell: (s) => (s.key === 'started' ? '' : dayCount(s.days)) },
                ]}
              />
            </div>
          </section>
        </>
      ) : null}
    </Layout>
  );
}

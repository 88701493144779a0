// The events report's page: per event starting in the range, its seats and check-ins (a bar
// chart of attendance) and its money (a bar chart of what was collected), with the table of
// every figure.
import type { EventKind } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { BarChart } from '../../web/components/charts.js';
import { BackLink, ErrorSummary, FilterInput, FilterSelect, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { EventFigures } from '../events/index.js';

export const KIND_LABELS: Record<EventKind, string> = { training: 'Training', workshop: 'Workshop', webinar: 'Webinar', conference: 'Conference' };

export interface EventsReport {
  from: string;
  to: string;
  kind: EventKind | null;
  events: EventFigures[];
  totals: { registered: number; attended: number; invoicedCents: number; collectedCents: number };
}

const fmt = (n: number) => n.toLocaleString('en-US');
const label = (e: EventFigures) => `${e.title} (${e.startsOn})`;

export function EventsReportPage(p: { ctx: PageContext; report: EventsReport | null; raw: Record<string, string>; errors: FieldErrors }) {
  const r = p.report;
  const q = r ? `?from=${r.from}&to=${r.to}${r.kind ? `&kind=${r.kind}` : ''}` : '';
  return (
    <Layout ctx={p.ctx} title="Events report">
      <BackLink href="/staff/reports">All reports</BackLink>
      <h1>Events revenue and attendance</h1>
      <p>Each event starting in the range (not drafts): seats held, people checked in at one session or more, and its orders' invoices: invoiced (not void) and collected.</p>
      <ErrorSummary errors={p.errors} labels={{ from: 'From', to: 'To', kind: 'Kind' }} />
      <form method="get" action="/staff/reports/events" class="filters" aria-label="Range of the events">
        <FilterInput name="from" label="From" type="date" value={p.raw.from ?? r?.from} error={p.errors.from} />
        <FilterInput name="to" label="To" type="date" value={p.raw.to ?? r?.to} error={p.errors.to} />
        <FilterSelect
          name="kind"
          label="Kind"
          value={p.raw.kind ?? r?.kind ?? undefined}
          error={p.errors.kind}
          options={Object.entries(KIND_LABELS).map(([value, l]) => ({ value, label: l }))}
        />
        <button type="submit">Show</button>
      </form>
      {r ? (
        <>
          <p>
            {fmt(r.events.length)} {r.events.length === 1 ? 'event' : 'events'} from {formatDay(r.from)} to {formatDay(r.to)}: {fmt(r.totals.registered)} registered,{' '}
            {fmt(r.totals.attended)} checked in, {formatCents(r.totals.invoicedCents)} invoiced, {formatCents(r.totals.collectedCents)} collected.{' '}
            <a href={`/staff/reports/events.csv${q}`} download>
              Download the events as CSV
            </a>
          </p>
          <section class="report-figure" aria-labelledby="events-attendance-heading">
            <h2 id="events-attendance-heading">Attendance and revenue</h2>
            <div class="report-pair">
              <BarChart
                id="events-attendance-chart"
                title="People checked in per event"
                desc={`${r.events.map((e) => `${label(e)}: ${fmt(e.attended)} checked in of ${fmt(e.registered)} registered`).join('; ') || 'No events'}. The table beside the chart has every figure.`}
                bars={r.events.map((e) => ({ label: label(e), value: e.attended }))}
              />
              <BarChart
                id="events-revenue-chart"
                title="Collected per event"
                desc={`${r.events.map((e) => `${label(e)}: ${formatCents(e.collectedCents)} collected of ${formatCents(e.invoicedCents)} invoiced`).join('; ') || 'No events'}. The table has every figure.`}
                bars={r.events.map((e) => ({ label: label(e), value: e.collectedCents }))}
                format={formatCents}
              />
            </div>
            <SimpleTable
              caption="Events revenue and attendance"
              rows={r.events}
              rowKey={(e) => e.id}
              empty="No events started in the range."
              columns={[
                { label: 'Event', cell: (e) => e.title },
                { label: 'Starts', cell: (e) => formatDay(e.startsOn) },
                { label: 'Kind', cell: (e) => KIND_LABELS[e.kind] },
                { label: 'Registered', cell: (e) => fmt(e.registered) },
                { label: 'Checked in', cell: (e) => fmt(e.attended) },
                { label: 'Invoiced', cell: (e) => formatCents(e.invoicedCents) },
                { label: 'Collected', cell: (e) => formatCents(e.collectedCents) },
              ]}
            />
          </section>
        </>
      ) : null}
    </Layout>
  );
}

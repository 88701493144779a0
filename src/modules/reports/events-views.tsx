// The events report's page: per event starting in the range, its seats and check-ins (a bar
// chart of attendance) and its money (a bar chart of what was collected), with the table of
// every figure.
import type { EventKind } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { BarChart } from '../../web/components/charts.js';
import { BackLink, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { EventFigures } from '../events/index.js';
import { RangeForm } from './range-form.js';

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
      <RangeForm
        action="/staff/reports/events"
        label="Range of the events"
        raw={p.raw}
        range={r}
        errors={p.errors}
        choice={{ name: 'kind', label: 'Kind', value: r?.kind, options: KIND_LABELS }}
      />
      {r ? (
        <>
          <p>
            {fmt(r.events.length)} {r.events.length === 1 ? 'event' : 'events'} from {formatDay(r.from)} to {formatDay(r.to)}: {fmt(r.totals.registered)} registered,{' '}
            {fmt(r.totals.attended)} checked in, {formatCents(r.totals.invoicedCents)} invoiced, {formatCents(r.totals.collectedCents)} collected.{' '}
            <a href={`/staff/reports/events.csv${q}`} download>
              Download the events as CSV
            </a>
          </p>
          <section class="report-figure">
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

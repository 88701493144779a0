// The dues revenue report's page: invoiced and collected by month (a line chart and its table)
// and by type (a bar chart and its table), for a range of days.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatMonth, formatShortMonth } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { BarChart, LineChart } from '../../web/components/charts.js';
import { BackLink, ErrorSummary, FilterInput, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { DuesRevenue } from './revenue.js';

const dollars = (cents: number) => formatCents(cents);
/** Axis ticks in whole dollars. */
const axisDollars = (cents: number) => `$${Math.round(cents / 100).toLocaleString('en-US')}`;

export function RevenueReportPage(p: { ctx: PageContext; report: DuesRevenue | null; raw: Record<string, string>; errors: FieldErrors }) {
  const r = p.report;
  return (
    <Layout ctx={p.ctx} title="Dues revenue report">
      <BackLink href="/staff/reports">All reports</BackLink>
      <h1>Dues revenue</h1>
      <p>
        Dues invoiced (invoices of first memberships and renewals issued in the month, not void, before credit notes) and collected (payments received in the month, reversals and
        refunds subtracted).
      </p>
      <ErrorSummary errors={p.errors} labels={{ from: 'From', to: 'To' }} />
      <form method="get" action="/staff/reports/revenue" class="filters" aria-label="Range of the dues revenue">
        <FilterInput name="from" label="From" type="date" value={p.raw.from ?? r?.from} error={p.errors.from} />
        <FilterInput name="to" label="To" type="date" value={p.raw.to ?? r?.to} error={p.errors.to} />
        <button type="submit">Show</button>
      </form>
      {r ? (
        <>
          <p>
            From {formatDay(r.from)} to {formatDay(r.to)}: {dollars(r.totals.invoicedCents)} invoiced, {dollars(r.totals.collectedCents)} collected.{' '}
            <a href={`/staff/reports/revenue.csv?from=${r.from}&to=${r.to}`} download>
              Download by month and type as CSV
            </a>
          </p>
          <section class="report-figure">
            <h2 id="by-month-heading">By month</h2>
            <div class="report-pair">
              <LineChart
                id="revenue-month-chart"
                title="Dues invoiced and collected by month"
                desc={`${r.byMonth.map((m) => `${formatMonth(m.month)}: ${dollars(m.invoicedCents)} invoiced, ${dollars(m.collectedCents)} collected`).join('; ')}. The table beside the chart has the same figures.`}
                labels={r.byMonth.map((m) => formatShortMonth(m.month))}
                series={[
                  { name: 'Invoiced', values: r.byMonth.map((m) => m.invoicedCents) },
                  { name: 'Collected', values: r.byMonth.map((m) => m.collectedCents) },
                ]}
                format={axisDollars}
              />
              <SimpleTable
                caption="Dues by month"
                rows={r.byMonth}
                rowKey={(m) => m.month}
                empty="No months."
                columns={[
                  { label: 'Month', cell: (m) => formatMonth(m.month) },
                  { label: 'Invoiced', cell: (m) => dollars(m.invoicedCents) },
                  { label: 'Collected', cell: (m) => dollars(m.collectedCents) },
                ]}
              />
            </div>
          </section>
          <section class="report-figure">
            <h2 id="by-type-heading">By type</h2>
            <div class="report-pair">
              <BarChart
                id="revenue-type-chart"
                title="Dues collected by type"
                desc={`${r.byType.map((t) => `${t.label}: ${dollars(t.collectedCents)} collected of ${dollars(t.invoicedCents)} invoiced`).join('; ')}. The table beside the chart has the same figures.`}
                bars={r.byType.map((t) => ({ label: t.label, value: t.collectedCents }))}
                format={dollars}
              />
              <SimpleTable
                caption="Dues by type"
                rows={r.byType}
                rowKey={(t) => t.type}
                empty="None."
                columns={[
                  { label: 'Type', cell: (t) => t.label },
                  { label: 'Invoiced', cell: (t) => dollars(t.invoicedCents) },
                  { label: 'Collected', cell: (t) => dollars(t.collectedCents) },
                ]}
              />
            </div>
          </section>
        </>
      ) : null}
    </Layout>
  );
}

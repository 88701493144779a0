// The renewals and retention report's page: per period, the terms that came due and what became
// of them (a line chart of the renewal rate and the table of every figure), and cohort retention
// by join year (a bar chart of who is still a member on the last day, and the cohort table), for
// organizations and for individual members.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatMonth, formatShortMonth } from '../../lib/format.js';
import { BarChart, LineChart } from '../../web/components/charts.js';
import { BackLink, ErrorSummary, FilterInput, FilterSelect, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { RenewalPeriod, RenewalsReport, RetentionPart } from './renewals.js';

const fmt = (n: number) => n.toLocaleString('en-US');
/** A share (0 to 1) as a percentage with one decimal; a dash when there is none. */
export const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

function Part(p: { id: string; title: string; part: RetentionPart; what: string }) {
  const { byPeriod, totals, cohorts } = p.part;
  const last = cohorts[0]?.retained[cohorts[0].retained.length - 1]?.on;
  const columns = [...new Set(cohorts.flatMap((c) => c.retained.map((r) => r.on)))].sort();
  return (
    <section aria-labelledby={`${p.id}-heading`}>
      <h2 id={`${p.id}-heading`}>{p.title}</h2>
      <p>
        {fmt(totals.due)} terms came due in the range: {fmt(totals.renewed)} renewed, {fmt(totals.lapsed)} lapsed ({fmt(totals.reinstated)} of them reinstated since),{' '}
        {fmt(totals.waiting)} not renewed yet, {fmt(totals.ended)} ended. Renewal rate {percent(totals.renewalRate)}.
      </p>
      <section class="report-figure">
        <h3 id={`${p.id}-terms-heading`}>Renewals by when the term ended</h3>
        <LineChart
          id={`${p.id}-rate-chart`}
          title={`Renewal rate of ${p.what} by when the term ended`}
          desc={`${byPeriod.map((r) => `${formatMonth(r.period)}: ${percent(r.renewalRate)} of ${fmt(r.due - r.waiting)} decided terms renewed`).join('; ')}. The table below the chart has every figure.`}
          labels={byPeriod.map((r) => formatShortMonth(r.period))}
          series={[{ name: 'Renewal rate', values: byPeriod.map((r) => Math.round((r.renewalRate ?? 0) * 100)) }]}
          format={(n) => `${n}%`}
        />
        <SimpleTable<RenewalPeriod>
          caption={`Renewals of ${p.what}`}
          rows={[...byPeriod, totals]}
          rowKey={(r) => r.period}
          empty="No periods."
          columns={[
            { label: 'Term ended', cell: (r) => formatMonth(r.period) },
            { label: 'Due', cell: (r) => fmt(r.due) },
            { label: 'Renewed', cell: (r) => fmt(r.renewed) },
            { label: 'Lapsed', cell: (r) => fmt(r.lapsed) },
            { label: 'Reinstated', cell: (r) => fmt(r.reinstated) },
            { label: 'Not renewed yet', cell: (r) => fmt(r.waiting) },
            { label: 'Ended', cell: (r) => fmt(r.ended) },
            { label: 'Renewal rate', cell: (r) => percent(r.renewalRate) },
          ]}
        />
      </section>
      <section class="report-figure">
        <h3 id={`${p.id}-cohorts-heading`}>Retention by join year</h3>
        <BarChart
          id={`${p.id}-cohort-chart`}
          title={`Share of ${p.what} still members${last ? ` on ${formatDay(last)}` : ''}, by join year`}
          desc={`${cohorts
            .map((c) => {
              const end = c.retained[c.retained.length - 1];
              return `joined ${c.year}: ${fmt(end?.count ?? 0)} of ${fmt(c.size)} (${percent(end?.share ?? 0)})`;
            })
            .join('; ')}. The table below the chart has each year.`}
          bars={cohorts.map((c) => ({ label: `Joined ${c.year}`, value: Math.round((c.retained[c.retained.length - 1]?.share ?? 0) * 1000) / 10 }))}
          format={(n) => `${n}%`}
        />
        <SimpleTable
          caption={`Retention of ${p.what} by join year`}
          rows={cohorts}
          rowKey={(c) => String(c.year)}
          empty="Nobody joined in the range."
          columns={[
            { label: 'Join year', cell: (c) => String(c.year) },
            { label: 'Joined', cell: (c) => fmt(c.size) },
            ...columns.map((on) => ({
              label: on.endsWith('-12-31') ? `End of ${on.slice(0, 4)}` : formatDay(on),
              cell: (c: (typeof cohorts)[number]) => {
                const r = c.retained.find((x) => x.on === on);
                return r ? `${fmt(r.count)} (${percent(r.share)})` : '';
              },
            })),
          ]}
        />
      </section>
    </section>
  );
}

export function RenewalsReportPage(p: { ctx: PageContext; report: RenewalsReport | null; raw: Record<string, string>; errors: FieldErrors }) {
  const r = p.report;
  const q = r ? `?from=${r.from}&to=${r.to}&interval=${r.interval}` : '';
  return (
    <Layout ctx={p.ctx} title="Renewals and retention report">
      <BackLink href="/staff/reports">All reports</BackLink>
      <h1>Renewals and retention</h1>
      <p>
        Each membership term that ended in the range, and what became of it: <strong>renewed</strong> before its grace period ended, <strong>lapsed</strong> (not renewed in time;{' '}
        <strong>reinstated</strong> when it was renewed after the lapse), not renewed yet, or ended. The renewal rate is the renewed share of the terms decided (not the ones still
        waiting). Retention follows the members who joined each year (their first term began that year) to each year-end.
      </p>
      <ErrorSummary errors={p.errors} labels={{ from: 'From', to: 'To', interval: 'Group terms by' }} />
      <form method="get" action="/staff/reports/renewals" class="filters" aria-label="Range of the renewals">
        <FilterInput name="from" label="From" type="date" value={p.raw.from ?? r?.from} error={p.errors.from} />
        <FilterInput name="to" label="To" type="date" value={p.raw.to ?? r?.to} error={p.errors.to} />
        <FilterSelect
          name="interval"
          label="Group terms by"
          value={p.raw.interval ?? r?.interval}
          error={p.errors.interval}
          options={[
            { value: 'year', label: 'Year' },
            { value: 'month', label: 'Month' },
          ]}
        />
        <button type="submit">Show</button>
      </form>
      {r ? (
        <>
          <p>
            From {formatDay(r.from)} to {formatDay(r.to)}.{' '}
            <a href={`/staff/reports/renewals.csv${q}`} download>
              Download renewals as CSV
            </a>{' '}
            <a href={`/staff/reports/retention.csv${q}`} download>
              Download retention by join year as CSV
            </a>
          </p>
          <Part id="orgs" title="Member organizations" part={r.organizations} what="organizations" />
          <Part id="people" title="Individual members" part={r.individuals} what="individual members" />
        </>
      ) : null}
    </Layout>
  );
}

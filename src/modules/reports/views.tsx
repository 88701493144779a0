// The reports' pages: the list of reports, and the members report (now, and over time). Each
// chart is SVG drawn here with the same figures in a table beside it.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { BarChart, LineChart } from '../../web/components/charts.js';
import { BackLink, ErrorSummary, FilterInput, FilterSelect, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { CurrentMembers, Group, MembersAt } from './members.js';
import type { Range } from './schemas.js';

const fmt = (n: number) => n.toLocaleString('en-US');

export interface ReportLink {
  href: string;
  label: string;
  about: string;
}

export function ReportsIndexPage(p: { ctx: PageContext; reports: ReportLink[] }) {
  return (
    <Layout ctx={p.ctx} title="Reports">
      <h1>Reports</h1>
      <p>Figures for the board and for planning, each as a chart, a table and a CSV file. The same figures are in the JSON API under /api/v1/reports.</p>
      <ul class="cards">
        {p.reports.map((r) => (
          <li class="card" key={r.href}>
            <h2>
              <a href={r.href}>{r.label}</a>
            </h2>
            <p>{r.about}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** A chart and its table, side by side on a wide screen (one above the other on a phone). */
/** '1 organization', '3 organizations'. */
const count = (n: number, noun: string) => `${fmt(n)} ${noun}${n === 1 ? '' : 's'}`;

function Figure(p: { id: string; title: string; groups: Group[]; what: string; column: string }) {
  const total = p.groups.reduce((s, g) => s + g.count, 0);
  return (
    <section class="report-figure">
      <h3 id={`${p.id}-heading`}>{p.title}</h3>
      <div class="report-pair">
        <BarChart
          id={`${p.id}-chart`}
          title={p.title}
          desc={`${fmt(total)} ${p.what} in all. ${p.groups.map((g) => `${g.label}: ${fmt(g.count)}`).join('; ')}. The table beside the chart has the same figures.`}
          bars={p.groups.map((g) => ({ label: g.label, value: g.count }))}
        />
        <SimpleTable
          caption={p.title}
          rows={p.groups}
          rowKey={(g) => g.key}
          empty="None."
          columns={[
            { label: p.column, cell: (g) => g.label },
            { label: 'Count', cell: (g) => fmt(g.count) },
          ]}
        />
      </div>
    </section>
  );
}

export function MembersReportPage(p: { ctx: PageContext; current: CurrentMembers; range: Range | null; series: MembersAt[]; raw: Record<string, string>; errors: FieldErrors }) {
  const c = p.current;
  const q = p.range ? `?from=${p.range.from}&to=${p.range.to}&interval=${p.range.interval}` : '';
  return (
    <Layout ctx={p.ctx} title="Members report">
      <BackLink href="/staff/reports">All reports</BackLink>
      <h1>Members</h1>
      <section aria-labelledby="now-heading">
        <h2 id="now-heading">Members on {formatDay(c.asOf)}</h2>
        <p>
          {fmt(c.organizations)} member {c.organizations === 1 ? 'organization' : 'organizations'} (an active membership) and {fmt(c.individuals)} individual{' '}
          {c.individuals === 1 ? 'member' : 'members'}.{' '}
          <a href="/staff/reports/members.csv" download>
            Download these figures as CSV
          </a>
        </p>
        <Figure id="by-type" title="Member organizations by entity type" groups={c.byEntityType} what="member organizations" column="Entity type" />
        <Figure id="by-band" title="Member organizations by population" groups={c.byPopulationBand} what="member organizations" column="Population" />
        <Figure id="by-state" title="Member organizations by state" groups={c.byState} what="member organizations" column="State" />
        <Figure id="by-level" title="Individual members by level" groups={c.byLevel} what="individual members" column="Level" />
      </section>
      <section>
        <h2 id="time-heading">Members over time</h2>
        <p>Members at each year-end or month-end of the range, and on its last day.</p>
        <ErrorSummary errors={p.errors} labels={{ from: 'From', to: 'To', interval: 'Points' }} />
        <form method="get" action="/staff/reports/members" class="filters" aria-label="Range of the members over time">
          <FilterInput name="from" label="From" type="date" value={p.raw.from ?? p.range?.from} error={p.errors.from} />
          <FilterInput name="to" label="To" type="date" value={p.raw.to ?? p.range?.to} error={p.errors.to} />
          <FilterSelect
            name="interval"
            label="Points"
            value={p.raw.interval ?? p.range?.interval}
            error={p.errors.interval}
            options={[
              { value: 'year', label: 'Each year-end' },
              { value: 'month', label: 'Each month-end' },
            ]}
          />
          <button type="submit">Show</button>
        </form>
        {p.range ? (
          <>
            <p>
              <a href={`/staff/reports/members-over-time.csv${q}`} download>
                Download members over time as CSV
              </a>
            </p>
            <div class="report-pair">
              <LineChart
                id="over-time-chart"
                title={`Members from ${formatDay(p.range.from)} to ${formatDay(p.range.to)}`}
                desc={`Member organizations and individual members on ${p.series.length} days. ${p.series
                  .map((s) => `${formatDay(s.on)}: ${count(s.organizations, 'organization')}, ${count(s.individuals, 'individual member')}`)
                  .join('; ')}. The table beside the chart has the same figures.`}
                labels={p.series.map((s) => (p.range?.interval === 'year' && s.on.endsWith('-12-31') ? s.on.slice(0, 4) : formatDay(s.on)))}
                series={[
                  { name: 'Member organizations', values: p.series.map((s) => s.organizations) },
                  { name: 'Individual members', values: p.series.map((s) => s.individuals) },
                ]}
              />
              <SimpleTable
                caption="Members over time"
                rows={p.series}
                rowKey={(s) => s.on}
                empty="No days in the range."
                columns={[
                  { label: 'On', cell: (s) => formatDay(s.on) },
                  { label: 'Organizations', cell: (s) => fmt(s.organizations) },
                  { label: 'Individuals', cell: (s) => fmt(s.individuals) },
                ]}
              />
            </div>
          </>
        ) : null}
      </section>
    </Layout>
  );
}

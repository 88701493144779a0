// The signed-in person's PD log (/me/pd): hours per year against the credential's yearly goal
// (information only), and each event's hours with its certificate of attendance.
import { formatDay } from '../../lib/format.js';
import { SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { hoursOf, PD_GOAL_HOURS, type PdCredit } from './pd.js';

export function PdLogPage(p: { ctx: PageContext; credits: PdCredit[]; years: Array<{ year: number; minutes: number }>; thisYear: number }) {
  const current = p.years.find((y) => y.year === p.thisYear)?.minutes ?? 0;
  return (
    <Layout ctx={p.ctx} title="Professional development">
      <h1>Professional development</h1>
      <p class="lead">
        {p.thisYear}: {hoursOf(current)} of {PD_GOAL_HOURS} hours. The credential asks for {PD_GOAL_HOURS} hours a year; hours are added here when an event you attended is
        completed.
      </p>
      <SimpleTable
        caption="Hours per year"
        rows={p.years}
        rowKey={(y) => String(y.year)}
        empty="No hours yet."
        columns={[
          { label: 'Year', cell: (y) => y.year },
          { label: 'Hours', cell: (y) => hoursOf(y.minutes) },
          { label: `Of the ${PD_GOAL_HOURS}-hour goal`, cell: (y) => (y.minutes >= PD_GOAL_HOURS * 60 ? 'Reached' : `${hoursOf(PD_GOAL_HOURS * 60 - y.minutes)} hours to go`) },
        ]}
      />
      <SimpleTable
        caption="Events attended, newest first"
        rows={p.credits}
        rowKey={(c) => c.eventId}
        empty="No events yet: hours appear after an event you were checked in to is completed."
        columns={[
          { label: 'Event', cell: (c) => c.title },
          { label: 'Date', cell: (c) => formatDay(c.earnedOn) },
          { label: 'Hours', cell: (c) => hoursOf(c.minutes) },
          {
            label: 'Certificate',
            cell: (c) => (
              <a href={`/me/pd/${c.eventId}/certificate.pdf`}>
                Certificate<span class="visually-hidden"> of attendance: {c.title}</span> (PDF)
              </a>
            ),
          },
        ]}
      />
    </Layout>
  );
}

// A yearly chapter report as its officers read it back (/chapters/<slug>/manage/reports/<id>):
// what was filed, by whom and when, and where it stands (waiting for membership staff, accepted,
// or sent back with what to change — then the form to file it again, filled in with the report).
import type { FieldErrors } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { BackLink, ErrorSummary, Field, PostForm, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { ChapterDetail, ReportRow } from './queries.js';
import { yearLabel } from './shared.js';

/** Where a report stands, in words, for its officers and for staff. */
export function reportStatus(r: ReportRow, timeZone: string, waiting = 'Waiting for membership staff'): string {
  if (r.acceptedAt) return `Accepted ${formatZonedDay(r.acceptedAt, timeZone)}`;
  if (r.returnedAt) return `Sent back ${formatZonedDay(r.returnedAt, timeZone)}: to be changed and filed again`;
  return waiting;
}

const LABELS: Record<string, string> = { activities: 'Activities', eventsHeld: 'Events held', memberCount: 'Membership count' };

export function ReportPage(p: {
  ctx: PageContext;
  chapter: ChapterDetail;
  report: ReportRow;
  /** whether a report sent back can still be filed again (its year is still open) */
  canFileAgain: boolean;
  form?: { values: Record<string, string>; errors: FieldErrors; message?: string };
}) {
  const c = p.chapter;
  const r = p.report;
  const base = `/chapters/${c.slug ?? ''}/manage`;
  const v = p.form?.values ?? { activities: r.activities, eventsHeld: r.eventsHeld, memberCount: String(r.memberCount) };
  const e = p.form?.errors ?? {};
  return (
    <Layout ctx={p.ctx} title={`Report for ${yearLabel(r.year)} — ${c.name}`}>
      <BackLink href={`${base}#report`}>Manage {c.name}</BackLink>
      <h1>Yearly report for {yearLabel(r.year)}</h1>
      <ErrorSummary errors={p.form?.errors} labels={LABELS} message={p.form?.message} />
      {r.returnedAt ? (
        <div class="notice">
          <p>
            <strong>Membership staff sent this report back {formatZonedDay(r.returnedAt, p.ctx.timeZone)}.</strong> What to change:
          </p>
          <p class="pre-line">{r.returnNote}</p>
        </div>
      ) : null}
      <SummaryList
        rows={[
          ['Status', reportStatus(r, p.ctx.timeZone, 'Waiting for membership staff to read it: the officers are emailed when they accept it or send it back')],
          ['Filed', `${formatZonedDay(r.submittedAt, p.ctx.timeZone)} by ${r.submittedBy ?? 'a former officer'}`],
          ['Membership count', String(r.memberCount)],
          ['Activities', <span class="pre-line">{r.activities}</span>],
          ['Events held', r.eventsHeld ? <span class="pre-line">{r.eventsHeld}</span> : '—'],
        ]}
      />
      {r.returnedAt && p.canFileAgain ? (
        <PostForm action={`${base}/reports/${r.id}`} csrf={p.ctx.csrf} label="File the report again">
          <h2>File it again</h2>
          <p>Change what membership staff asked for and file the report again: it replaces this one, and they are told.</p>
          <TextArea name="activities" label="Activities" required rows={6} maxLength={10000} value={v.activities} error={e.activities} />
          <TextArea name="eventsHeld" label="Events held" rows={4} maxLength={5000} value={v.eventsHeld} error={e.eventsHeld} />
          <Field name="memberCount" label="Membership count" required inputMode="numeric" value={v.memberCount} error={e.memberCount} />
          <button type="submit">File the report again</button>
        </PostForm>
      ) : null}
      {r.returnedAt && !p.canFileAgain ? <p>The year of this report is closed, so it can no longer be filed again. Write to membership staff about it.</p> : null}
    </Layout>
  );
}

// The officers' page of a chapter (/chapters/<slug>/manage): officers and invitations with their
// terms, the chapter's events, its members (with removal), and the yearly chapter report.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatZonedDay } from '../../lib/format.js';
import { BackLink, DangerLink, ErrorSummary, Field, PostForm, Select, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { ChapterDetail, ChapterEvent, MemberRow, OfficerRow, ReportRow } from './queries.js';
import { reportStatus } from './report-views.js';
import { addDays, ROLE_WORDS, yearLabel } from './shared.js';

/** The form a refusal belongs to ('member': a removal from the members list). */
export type ManageForm = 'officer' | 'event' | 'report' | 'member';

export const OFFICER_STATUS: Record<OfficerRow['status'], string> = {
  invited: 'Invited: waiting for an answer',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

const LABELS: Record<string, string> = {
  role: 'Role',
  email: 'Student member’s account email',
  termStart: 'Term starts',
  termEnd: 'Term ends',
  title: 'Title',
  happensOn: 'Date',
  place: 'Place',
  description: 'Description',
  year: 'Academic year',
  activities: 'Activities',
  eventsHeld: 'Events held',
  memberCount: 'Membership count',
};

export function ManagePage(p: {
  ctx: PageContext;
  chapter: ChapterDetail;
  officers: OfficerRow[];
  events: ChapterEvent[];
  members: MemberRow[];
  reports: ReportRow[];
  years: number[];
  dueOn: (year: number) => string;
  today: string;
  form?: { kind: ManageForm; values: Record<string, string>; errors: FieldErrors; message?: string };
}) {
  const c = p.chapter;
  const base = `/chapters/${c.slug ?? ''}/manage`;
  const f = p.form;
  const vals = (kind: ManageForm) => (f?.kind === kind ? f.values : {});
  const errs = (kind: ManageForm) => (f?.kind === kind ? f.errors : {});
  const ov = vals('officer');
  const oe = errs('officer');
  const ev = vals('event');
  const ee = errs('event');
  const rv = vals('report');
  const re = errs('report');
  // The report of academic year Y covers the day after last year's due day to this year's due day:
  // its events held are the chapter's events of those days, up to today.
  // a report sent back is filed again from its own page, not as a new one
  const returned = p.reports.filter((r) => r.returnedAt);
  const years = p.years.filter((y) => !returned.some((r) => r.year === y));
  const reportYear = Number(rv.year) || (years[0] ?? 0);
  const overdue = years.some((y) => p.dueOn(y) < p.today);
  const yearStart = (y: number) => addDays(p.dueOn(y - 1), 1);
  // officers hand over to next year's before their terms end: a chapter with none can invite none
  const current = p.officers.filter((o) => o.status === 'accepted' && o.termStart <= p.today && o.termEnd >= p.today);
  const lastEnd = current
    .map((o) => o.termEnd)
    .sort()
    .at(-1);
  const successors = p.officers.some((o) => (o.status === 'accepted' || o.status === 'invited') && o.termStart > p.today);
  const heldIn = (y: number) => p.events.filter((e) => e.happensOn >= yearStart(y) && e.happensOn <= p.dueOn(y) && e.happensOn <= p.today).reverse();
  return (
    <Layout ctx={p.ctx} title={`Manage ${c.name}`}>
      <BackLink href={`/chapters/${c.slug ?? ''}`}>{c.name}</BackLink>
      <h1>Manage {c.name}</h1>
      <ErrorSummary errors={f?.errors} labels={LABELS} message={f?.message} />
      {c.status === 'dormant' ? (
        <div class="notice">
          <p>
            <strong>This chapter is dormant:</strong> {c.dormantReason}
          </p>
          {c.reactivationAskedAt ? (
            <p>
              {c.reactivationAskedBy ?? 'An officer'} asked membership staff to reactivate it on {formatZonedDay(c.reactivationAskedAt, p.ctx.timeZone)}. They have been emailed and
              decide; once they do, the chapter is listed among the active ones again.
            </p>
          ) : (
            <PostForm action={`${base}/reactivation`} csrf={p.ctx.csrf} label="Ask to reactivate the chapter">
              <p>
                {overdue ? 'To bring it back, file the missing report below, then ask' : 'To bring it back, ask'} membership staff to reactivate it: they are emailed and decide.
              </p>
              <button type="submit">Ask membership staff to reactivate the chapter</button>
            </PostForm>
          )}
        </div>
      ) : null}
      <nav aria-label="On this page">
        <ul>
          <li>
            <a href="#report">Yearly report</a>
          </li>
          <li>
            <a href="#officers">Officers</a>
          </li>
          <li>
            <a href="#events">Events</a>
          </li>
          <li>
            <a href="#members">Members</a>
          </li>
        </ul>
      </nav>

      <h2 id="report">Yearly chapter report</h2>
      {returned.map((r) => (
        <p key={r.id} class="notice">
          <strong>Membership staff sent the report for {yearLabel(r.year)} back.</strong> What to change: {r.returnNote}{' '}
          <a href={`${base}/reports/${r.id}`}>Change it and file it again</a>
        </p>
      ))}
      {years.length === 0 ? (
        returned.length ? null : (
          <p>This year’s report is filed. The next one can be filed once the academic year turns.</p>
        )
      ) : (
        <PostForm action={`${base}/report`} csrf={p.ctx.csrf} label="Yearly chapter report">
          <p>Due on {years.map((y) => `${formatDay(p.dueOn(y))} for ${yearLabel(y)}`).join('; ')}. Any officer can file it; membership staff read it.</p>
          <Select
            name="year"
            label={LABELS.year ?? ''}
            required
            value={rv.year ?? String(years[0])}
            error={re.year}
            options={years.map((y) => ({ value: String(y), label: `${yearLabel(y)}${p.dueOn(y) < p.today ? ' (overdue)' : ''}` }))}
          />
          <TextArea
            name="activities"
            label={LABELS.activities ?? ''}
            required
            rows={6}
            maxLength={10000}
            value={rv.activities}
            error={re.activities}
            hint="What the chapter did this year."
          />
          <TextArea
            name="eventsHeld"
            label={LABELS.eventsHeld ?? ''}
            rows={4}
            maxLength={5000}
            value={
              rv.eventsHeld ??
              heldIn(reportYear)
                .map((e) => `${e.title} (${formatDay(e.happensOn)})`)
                .join('\n')
            }
            error={re.eventsHeld}
            hint={`Filled in from the chapter’s events of ${yearLabel(reportYear)} (${formatDay(yearStart(reportYear))} to ${formatDay(p.dueOn(reportYear))}); change it as you need.`}
          />
          <Field
            name="memberCount"
            label={LABELS.memberCount ?? ''}
            required
            inputMode="numeric"
            value={rv.memberCount ?? String(p.members.length)}
            error={re.memberCount}
            hint={`The chapter has ${p.members.length} members today.`}
          />
          <button type="submit">File the report</button>
        </PostForm>
      )}
      <SimpleTable
        caption="Reports filed"
        rows={p.reports}
        rowKey={(r) => r.id}
        empty="No report has been filed yet."
        columns={[
          { label: 'Year', cell: (r) => <a href={`${base}/reports/${r.id}`}>Report for {yearLabel(r.year)}</a> },
          { label: 'Filed', cell: (r) => `${formatZonedDay(r.submittedAt, p.ctx.timeZone)} by ${r.submittedBy ?? 'a former officer'}` },
          { label: 'Members', cell: (r) => String(r.memberCount) },
          { label: 'Status', cell: (r) => reportStatus(r, p.ctx.timeZone) },
        ]}
      />

      <h2 id="officers">Officers</h2>
      <SimpleTable
        caption="Officers and invitations"
        rows={p.officers}
        rowKey={(o) => o.id}
        empty="No officers."
        columns={[
          { label: 'Role', cell: (o) => ROLE_WORDS[o.role] },
          { label: 'Name', cell: (o) => o.name },
          { label: 'Term', cell: (o) => `${formatDay(o.termStart)} to ${formatDay(o.termEnd)}` },
          { label: 'Status', cell: (o) => (o.status === 'accepted' && o.termEnd < p.today ? 'Term ended' : OFFICER_STATUS[o.status]) },
        ]}
      />
      <PostForm action={`${base}/officers`} csrf={p.ctx.csrf} label="Invite an officer">
        <h3>Invite an officer</h3>
        <p>The student is emailed and holds the role only once they accept. Accepting ends the term of whoever held the role before.</p>
        {lastEnd && !successors ? (
          <p class="notice">
            The current officers’ terms end on {formatDay(lastEnd)} at the latest. Invite next year’s officers before then, with terms from {formatDay(addDays(lastEnd, 1))}: a
            chapter left with no officers becomes dormant, and only officers can invite new ones.
          </p>
        ) : null}
        <Select
          name="role"
          label={LABELS.role ?? ''}
          required
          includeBlank="Choose a role"
          value={ov.role}
          error={oe.role}
          options={Object.entries(ROLE_WORDS).map(([value, label]) => ({ value, label }))}
        />
        <Field name="email" label={LABELS.email ?? ''} type="email" required value={ov.email} error={oe.email} maxLength={254} autocomplete="off" />
        <Field name="termStart" label={LABELS.termStart ?? ''} type="date" required value={ov.termStart} error={oe.termStart} />
        <Field name="termEnd" label={LABELS.termEnd ?? ''} type="date" required value={ov.termEnd} error={oe.termEnd} />
        <button type="submit">Send the invitation</button>
      </PostForm>

      <h2 id="events">Events</h2>
      <SimpleTable
        caption="The chapter’s events"
        rows={p.events}
        rowKey={(e) => e.id}
        empty="No events are listed."
        columns={[
          { label: 'Title', cell: (e) => e.title },
          { label: 'Date', cell: (e) => formatDay(e.happensOn) },
          { label: 'Place', cell: (e) => e.place || '—' },
          {
            label: 'Remove',
            // removal asks first, on its own page
            cell: (e) => (
              <DangerLink href={`${base}/events/${e.id}/remove`}>
                Remove <span class="visually-hidden">{e.title}</span>
              </DangerLink>
            ),
          },
        ]}
      />
      <PostForm action={`${base}/events`} csrf={p.ctx.csrf} label="Add an event">
        <h3>Add an event</h3>
        <Field name="title" label={LABELS.title ?? ''} required value={ev.title} error={ee.title} maxLength={200} />
        <Field name="happensOn" label={LABELS.happensOn ?? ''} type="date" required value={ev.happensOn} error={ee.happensOn} />
        <Field name="place" label={LABELS.place ?? ''} value={ev.place} error={ee.place} maxLength={300} />
        <TextArea name="description" label={LABELS.description ?? ''} rows={3} maxLength={2000} value={ev.description} error={ee.description} />
        <button type="submit">Add the event</button>
      </PostForm>

      <h2 id="members">Members</h2>
      <SimpleTable
        caption={`Members (${p.members.length})`}
        rows={p.members}
        rowKey={(m) => m.userId}
        empty="Nobody has joined yet."
        columns={[
          { label: 'Name', cell: (m) => m.name },
          { label: 'Email', cell: (m) => m.email },
          { label: 'Joined', cell: (m) => formatZonedDay(m.joinedAt, p.ctx.timeZone) },
          {
            label: 'Remove',
            // an officer leaves from the chapter's page, like any member: their own row offers no removal
            cell: (m) =>
              m.userId === p.ctx.principal?.userId ? (
                <>
                  You: <a href={`/chapters/${c.slug ?? ''}`}>leave from the chapter’s page</a>
                </>
              ) : (
                // removal asks first, on its own page
                <DangerLink href={`${base}/members/${m.userId}/remove`}>
                  Remove <span class="visually-hidden">{m.name}</span>
                </DangerLink>
              ),
          },
        ]}
      />
    </Layout>
  );
}

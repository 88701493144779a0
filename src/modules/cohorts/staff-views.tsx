// Programs staff's pages: every call, a new call with its questions, and one call's applications
// (answers, score, decision with reason), meetings and the delegation's publication.
import { COHORT_KINDS, COHORT_QUESTION_KINDS } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatTime } from '../../lib/format.js';
import { MEETING_TIME_ZONES, timeZoneOptions } from '../../lib/us-states.js';
import { BackLink, ErrorSummary, Field, PostForm, Select, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Pathway } from '../pathways/index.js';
import { formatMeetingTime } from './ics.js';
import type { CallState, Cohort, Meeting, Question, StaffApplication } from './queries.js';
import { QUESTION_SLOTS } from './schemas.js';
import { publicPath } from './service.js';
import { CALL_TEXT, KIND_LABELS, STATUS_TEXT } from './views.js';

const QUESTION_KIND_LABELS: Record<(typeof COHORT_QUESTION_KINDS)[number], string> = { short_text: 'Short text', long_text: 'Long text', yes_no: 'Yes or no' };

export function StaffCohortsPage(p: { ctx: PageContext; cohorts: Array<Cohort & { call: CallState; applications: number }> }) {
  return (
    <Layout ctx={p.ctx} title="Cohorts and delegations">
      <h1>Cohorts and delegations</h1>
      <p class="lead">Calls for participants: open one, review the applications, select or decline with a reason. Applicants are emailed each decision.</p>
      <p>
        <a class="button" href="/staff/cohorts/new">
          Open a new call
        </a>
      </p>
      <SimpleTable
        caption="Calls, latest first"
        rows={p.cohorts}
        rowKey={(c) => c.id}
        empty="No calls yet."
        columns={[
          { label: 'Title', cell: (c) => <a href={`/staff/cohorts/${c.id}`}>{c.title}</a> },
          { label: 'Kind', cell: (c) => KIND_LABELS[c.kind] },
          { label: 'Closes', cell: (c) => formatDay(c.closesOn) },
          { label: 'Call', cell: (c) => CALL_TEXT[c.call] },
          { label: 'Applications', cell: (c) => String(c.applications) },
        ]}
      />
    </Layout>
  );
}

export const NEW_COHORT_LABELS: Record<string, string> = {
  kind: 'Kind',
  title: 'Title',
  slug: 'Address',
  description: 'Description',
  event_name: 'Event',
  opens_on: 'Opens on',
  closes_on: 'Closes on',
  capacity: 'Places',
  pathway: 'Pathway',
};

export function NewCohortPage(p: { ctx: PageContext; pathways: Pathway[]; values: Record<string, string>; errors?: FieldErrors }) {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title="Open a new call">
      <h1>Open a new call</h1>
      <p class="lead">The call is public at once on /cohorts (or /delegations). People apply between the two dates.</p>
      <ErrorSummary errors={p.errors} labels={NEW_COHORT_LABELS} />
      <PostForm action="/staff/cohorts" csrf={p.ctx.csrf} label="New call">
        <Select name="kind" label="Kind" required options={COHORT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} value={v.kind} error={e.kind} />
        <Field name="title" label="Title" required maxLength={200} value={v.title} error={e.title} />
        <Field name="slug" label="Address" required maxLength={80} value={v.slug} error={e.slug} hint="The last part of the page's address, for example climate-leaders-2027." />
        <TextArea name="description" label="Description" rows={5} maxLength={5000} value={v.description} error={e.description} />
        <Field name="event_name" label="Event" maxLength={200} value={v.event_name} error={e.event_name} hint="For a delegation: the event, for example COP32." />
        <Field name="opens_on" label="Opens on" type="date" required value={v.opens_on} error={e.opens_on} />
        <Field name="closes_on" label="Closes on" type="date" required value={v.closes_on} error={e.closes_on} />
        <Field name="capacity" label="Places" inputMode="numeric" value={v.capacity} error={e.capacity} hint="How many people can be selected. Leave blank for no limit." />
        <Select name="pathway" label="Pathway" includeBlank="None" options={p.pathways.map((x) => ({ value: x.id, label: x.name }))} value={v.pathway} error={e.pathway} />
        <fieldset>
          <legend>Questions of the application form</legend>
          <p class="hint">Leave a question blank to skip it. Every question asked must be answered.</p>
          {Array.from({ length: QUESTION_SLOTS }, (_, i) => (
            <div key={String(i)}>
              <Field name={`question_${i + 1}`} label={`Question ${i + 1}`} maxLength={300} value={v[`question_${i + 1}`]} error={e[`question_${i + 1}`]} />
              <Select
                name={`question_${i + 1}_kind`}
                label={`Kind of answer to question ${i + 1}`}
                options={COHORT_QUESTION_KINDS.map((k) => ({ value: k, label: QUESTION_KIND_LABELS[k] }))}
                value={v[`question_${i + 1}_kind`]}
                error={e[`question_${i + 1}_kind`]}
              />
            </div>
          ))}
        </fieldset>
        <button type="submit">Open the call</button>
      </PostForm>
      <BackLink href="/staff/cohorts">All calls</BackLink>
    </Layout>
  );
}

export function StaffCohortPage(p: {
  ctx: PageContext;
  cohort: Cohort;
  call: CallState;
  questions: Question[];
  applications: StaffApplication[];
  meetings: Meeting[];
  meetingValues?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const c = p.cohort;
  const base = `/staff/cohorts/${c.id}`;
  const selected = p.applications.filter((a) => a.status === 'selected').length;
  const mv = p.meetingValues ?? { time_zone: p.ctx.timeZone };
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title={c.title}>
      <BackLink href="/staff/cohorts">All calls</BackLink>
      <h1>{c.title}</h1>
      <ErrorSummary
        errors={p.errors}
        labels={{
          ...Object.fromEntries(p.applications.map((a) => [`reason-${a.id}`, `Reason for the decision on ${a.name}`])),
          title: 'Meeting title',
          date: 'Day',
          start: 'Starts',
          end: 'Ends',
          time_zone: 'Time zone',
          place: 'Place',
          online_url: 'Online link',
        }}
      />
      <SummaryList
        rows={[
          ['Kind', KIND_LABELS[c.kind]],
          ['Public page', <a href={publicPath(c)}>{publicPath(c)}</a>],
          ['Call', `${CALL_TEXT[p.call]}: ${formatDay(c.opensOn)} to ${formatDay(c.closesOn)}`],
          ['Places', c.capacity === null ? 'No limit' : `${selected} of ${c.capacity} taken`],
          ['Selection', c.kind === 'delegation' ? (c.selectionPublishedAt ? `Published ${formatTime(c.selectionPublishedAt, p.ctx.timeZone)}` : 'Not published') : ''],
        ]}
      />
      <h2>Applications</h2>
      <p>Scores and reasons are for staff only: they never appear on public pages, in the API or to the applicant.</p>
      {p.applications.length === 0 ? (
        <p>No applications yet.</p>
      ) : (
        <p>
          <a href={`${base}/applications.csv`}>Download the applications (CSV)</a>
        </p>
      )}
      {p.applications.map((a) => (
        <section key={a.id} class="card" aria-labelledby={`app-${a.id}`}>
          <h3 id={`app-${a.id}`}>{a.name}</h3>
          <SummaryList
            rows={[
              ['Email', a.email],
              ['Organization', a.organizationName ? `${a.seatTitle ? `${a.seatTitle}, ` : ''}${a.organizationName}` : ''],
              ['Applied', formatTime(a.createdAt, p.ctx.timeZone)],
              ['Status', STATUS_TEXT[a.status]],
              ['Score', a.score === null ? 'Not scored' : `${a.score} of 5`],
              ['Reason', a.reason],
              ...p.questions.map((q) => [q.prompt, a.answers[q.id] ?? '—'] as const),
            ]}
          />
          <PostForm action={`${base}/applications/${a.id}/score`} csrf={p.ctx.csrf} class="inline-form" label={`Score of ${a.name}`}>
            <Select
              name={`score-${a.id}`}
              label={`Score of ${a.name}`}
              options={['1', '2', '3', '4', '5'].map((s) => ({ value: s, label: s }))}
              value={a.score === null ? '3' : String(a.score)}
            />
            <button type="submit">Save the score</button>
          </PostForm>
          {a.status === 'submitted' ? (
            <PostForm action={`${base}/applications/${a.id}/decision`} csrf={p.ctx.csrf} label={`Decision on ${a.name}`}>
              <TextArea
                name={`reason-${a.id}`}
                label={`Reason for the decision on ${a.name}`}
                required
                rows={2}
                maxLength={2000}
                error={e[`reason-${a.id}`]}
                hint="Kept for staff; not sent to the applicant."
              />
              <div class="button-row">
                <button type="submit" name="decision" value="selected">
                  Select {a.name}
                </button>
                <button type="submit" name="decision" value="declined" class="button-secondary">
                  Decline {a.name}
                </button>
              </div>
            </PostForm>
          ) : null}
        </section>
      ))}
      {c.kind === 'delegation' && !c.selectionPublishedAt ? (
        <PostForm action={`${base}/publish`} csrf={p.ctx.csrf} label="Publish the selection">
          <p>Publishing lists the selected delegates (name, title, organization) on the public page.</p>
          <button type="submit">Publish the selection</button>
        </PostForm>
      ) : null}
      {c.kind !== 'delegation' ? (
        <>
          <h2>Meetings</h2>
          <SimpleTable
            caption="Scheduled meetings"
            rows={p.meetings}
            rowKey={(m) => m.id}
            empty="No meetings yet."
            columns={[
              { label: 'Meeting', cell: (m) => m.title },
              { label: 'When', cell: (m) => formatMeetingTime(m.startsAt, m.endsAt, m.timeZone) },
              { label: 'Where', cell: (m) => [m.place, m.onlineUrl].filter(Boolean).join(' — ') },
            ]}
          />
          <h3>Schedule a meeting</h3>
          <p>Every selected participant is emailed a calendar invitation.</p>
          <PostForm action={`${base}/meetings`} csrf={p.ctx.csrf} label="Schedule a meeting">
            <Field name="title" label="Meeting title" required maxLength={200} value={mv.title} error={e.title} />
            <Field name="date" label="Day" type="date" required value={mv.date} error={e.date} />
            <Field name="start" label="Starts" required value={mv.start} error={e.start} hint="Hours:minutes, 24-hour clock, for example 14:00." />
            <Field name="end" label="Ends" required value={mv.end} error={e.end} hint="For example 15:30." />
            <Select
              name="time_zone"
              label="Time zone"
              required
              options={timeZoneOptions(MEETING_TIME_ZONES, mv.time_zone, p.ctx.timeZone)}
              value={mv.time_zone}
              error={e.time_zone}
            />
            <Field name="place" label="Place" maxLength={300} value={mv.place} error={e.place} />
            <Field name="online_url" label="Online link" type="url" maxLength={500} value={mv.online_url} error={e.online_url} hint="Shown only to participants and staff." />
            <button type="submit">Schedule the meeting</button>
          </PostForm>
          <p>
            <a href={`/cohorts/${c.slug}/space`}>Open the cohort’s space</a>
          </p>
        </>
      ) : null}
    </Layout>
  );
}

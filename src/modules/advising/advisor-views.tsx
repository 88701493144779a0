// The advisor's own pages: /staff/advising (meetings, organizations, who has not booked) and
// /staff/advising/availability (weekly windows and exceptions, in the advisor's time zone).
import { Fragment } from 'preact';
import type { FieldErrors, Refusal } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { timeZoneLabel } from '../../lib/us-states.js';
import { BackLink, ErrorSummary, Field, PostForm, Select, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { AdvisedOrganization, AdvisorMeeting } from './advisor.js';
import { type AvailabilityException, type AvailabilityWindow, fromMinute, WEEKDAYS } from './availability.js';
import { type FormatValues, HowYouMeet, MeetingFormatForm } from './format-views.js';
import { howItHappens } from './meeting-format.js';
import type { Contact } from './service.js';
import { formatRange } from './slots.js';

const day = formatZonedDay;
/** The organization's staff record: its contacts, membership and assistance requests. */
const orgRecord = (id: string) => `/staff/organizations/${id}`;

export function AdvisingPage(p: {
  ctx: PageContext;
  profile: { timeZone: string; meetingMinutes: number; active: boolean } | null;
  meetings: AdvisorMeeting[];
  organizations: AdvisedOrganization[];
  /** waiting for a first meeting, with the contacts to write to */
  awaiting: Array<AdvisedOrganization & { contacts: Contact[] }>;
  /** a refused change of a meeting (cancelled twice), said at the top */
  refused?: Refusal;
}) {
  const zone = p.profile?.timeZone ?? 'UTC';
  return (
    <Layout ctx={p.ctx} title="Advising">
      <h1>Advising</h1>
      {p.refused ? <ErrorSummary title={p.refused.title} message={p.refused.message} /> : null}
      {p.profile ? (
        <p class="lead">
          Times are in your time zone, {timeZoneLabel(zone)}. <a href="/staff/advising/availability">Set your weekly availability and days away</a>.
        </p>
      ) : (
        <p class="lead">You have no advisor profile yet: membership staff set your region and time zone first.</p>
      )}
      <h2>Organizations waiting for a first meeting</h2>
      {p.awaiting.length === 0 ? (
        <p>None: every organization assigned to you more than 14 days ago has booked a meeting.</p>
      ) : (
        <>
          <p>These were assigned to you more than 14 days ago and have not booked a first meeting. Please write to their contacts and invite them to pick a time.</p>
          <ul>
            {p.awaiting.map((o) => (
              <li key={o.id}>
                <a href={orgRecord(o.id)}>{o.name}</a> ({o.state}), assigned {day(o.assignedAt, zone)}.{' '}
                {o.contacts.length === 0 ? (
                  'It has no contacts who can sign in: its record says who membership staff know there.'
                ) : (
                  <>
                    Write to{' '}
                    {o.contacts.map((c, i) => (
                      <Fragment key={c.userId}>
                        {i > 0 ? ', ' : ''}
                        {c.name} (<a href={`mailto:${c.email}`}>{c.email}</a>)
                      </Fragment>
                    ))}
                    .
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <SimpleTable
        caption="Your upcoming meetings"
        rows={p.meetings}
        rowKey={(m) => m.id}
        empty="No meetings booked."
        columns={[
          { label: 'When', cell: (m) => formatRange(m.start, m.end, zone) },
          { label: 'Organization', cell: (m) => <a href={orgRecord(m.organizationId)}>{m.organizationName}</a> },
          {
            label: 'How you meet',
            cell: (m) => <HowYouMeet segments={howItHappens(m.arrangement, { reader: 'advisor', advisor: 'you', organization: m.organizationName, booked: true })} />,
          },
          {
            label: 'Change',
            cell: (m) => (
              <>
                <a href={`/staff/advising/meetings/${m.id}/move`}>
                  Move<span class="visually-hidden"> the meeting with {m.organizationName}</span>
                </a>{' '}
                <a href={`/staff/advising/meetings/${m.id}/cancel`}>
                  Cancel<span class="visually-hidden"> the meeting with {m.organizationName}</span>
                </a>
              </>
            ),
          },
        ]}
      />
      <SimpleTable
        caption="Your organizations"
        rows={p.organizations}
        rowKey={(o) => o.id}
        empty="No organizations assigned to you yet."
        columns={[
          { label: 'Organization', cell: (o) => <a href={orgRecord(o.id)}>{o.name}</a> },
          { label: 'State', cell: (o) => o.state },
          { label: 'Their time zone', cell: (o) => timeZoneLabel(o.timeZone) },
          { label: 'Assigned', cell: (o) => day(o.assignedAt, zone) },
          { label: 'First meeting', cell: (o) => (o.hasMeeting ? 'Booked' : 'Not booked') },
        ]}
      />
    </Layout>
  );
}

const minutes = (start: number | null, end: number | null) => (start === null || end === null ? 'All day' : `${fromMinute(start)} to ${fromMinute(end)}`);

export function AvailabilityPage(p: {
  ctx: PageContext;
  profile: { timeZone: string; meetingMinutes: number } | null;
  windows: AvailabilityWindow[];
  exceptions: AvailabilityException[];
  windowValues?: Record<string, string>;
  windowErrors?: FieldErrors;
  exceptionValues?: Record<string, string>;
  exceptionErrors?: FieldErrors;
  format: { values: FormatValues; errors?: FieldErrors };
}) {
  const we = p.windowErrors ?? {};
  const ee = p.exceptionErrors ?? {};
  const wv = p.windowValues ?? {};
  const ev = p.exceptionValues ?? {};
  return (
    <Layout ctx={p.ctx} title="Your availability">
      <BackLink href="/staff/advising">Advising</BackLink>
      <h1>Your availability</h1>
      {!p.profile ? (
        <p class="lead">You have no advisor profile yet: membership staff set your region and time zone first. Then you can set your availability here.</p>
      ) : (
        <>
          <p class="lead">
            Members pick first meetings of {p.profile.meetingMinutes} minutes inside these windows, from 24 hours ahead to three weeks ahead. All times are in your time zone,{' '}
            {timeZoneLabel(p.profile.timeZone)}, and stay the same local time when daylight saving time changes.
          </p>
          <h2>Weekly windows</h2>
          <SimpleTable
            caption="Your weekly windows"
            rows={p.windows}
            rowKey={(w) => w.id}
            empty="No windows yet: members cannot book a meeting with you."
            columns={[
              { label: 'Day', cell: (w) => WEEKDAYS[w.weekday - 1] },
              { label: 'Time', cell: (w) => minutes(w.startMinute, w.endMinute) },
              {
                label: 'Remove',
                cell: (w) => (
                  <PostForm action={`/staff/advising/availability/${w.id}/delete`} csrf={p.ctx.csrf} class="inline-form">
                    <button type="submit" class="link-button" aria-label={`Remove ${WEEKDAYS[w.weekday - 1]} ${minutes(w.startMinute, w.endMinute)}`}>
                      Remove
                    </button>
                  </PostForm>
                ),
              },
            ]}
          />
          <h3 id="add-window">Add a window</h3>
          <ErrorSummary errors={p.windowErrors} labels={{ weekday: 'Day', start: 'From', end: 'Until' }} />
          <PostForm action="/staff/advising/availability" csrf={p.ctx.csrf} label="Add a window">
            <Select name="weekday" label="Day" required value={wv.weekday} error={we.weekday} options={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }))} />
            <Field name="start" label="From" required value={wv.start} error={we.start} hint="24-hour time, like 09:00." maxLength={5} />
            <Field name="end" label="Until" required value={wv.end} error={we.end} hint="24-hour time, like 12:00." maxLength={5} />
            <button type="submit">Add window</button>
          </PostForm>
          <h2>Days away</h2>
          <SimpleTable
            caption="Your days away"
            rows={p.exceptions}
            rowKey={(x) => x.id}
            empty="None."
            columns={[
              { label: 'Date', cell: (x) => x.onDate },
              { label: 'Time', cell: (x) => minutes(x.startMinute, x.endMinute) },
              { label: 'Note', cell: (x) => x.note || '—' },
              {
                label: 'Remove',
                cell: (x) => (
                  <PostForm action={`/staff/advising/exceptions/${x.id}/delete`} csrf={p.ctx.csrf} class="inline-form">
                    <button type="submit" class="link-button" aria-label={`Remove away ${x.onDate}`}>
                      Remove
                    </button>
                  </PostForm>
                ),
              },
            ]}
          />
          <h3 id="add-exception">Add a day away</h3>
          <ErrorSummary errors={p.exceptionErrors} labels={{ date: 'Date', from: 'Away from', until: 'Away until', note: 'Note' }} />
          <PostForm action="/staff/advising/exceptions" csrf={p.ctx.csrf} label="Add a day away">
            <Field name="date" label="Date" type="date" required value={ev.date} error={ee.date} hint="The day you are away." />
            <Field name="from" label="Away from" value={ev.from} error={ee.from} hint="Leave both times empty to be away all day." maxLength={5} />
            <Field name="until" label="Away until" value={ev.until} error={ee.until} maxLength={5} />
            <Field name="note" label="Note" value={ev.note} error={ee.note} maxLength={200} />
            <button type="submit">Add day away</button>
          </PostForm>
          <h2 id="meeting-format">How your first meetings happen</h2>
          <p>Members read this before they choose a time, and in their confirmation, emails and calendar invitation.</p>
          <MeetingFormatForm action="/staff/advising/meeting-format" csrf={p.ctx.csrf} values={p.format.values} errors={p.format.errors} whose="your" />
        </>
      )}
    </Layout>
  );
}

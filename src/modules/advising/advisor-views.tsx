// The advisor's own pages: /staff/advising (meetings, organizations, who has not booked) and
// /staff/advising/availability (weekly windows and exceptions, in the advisor's time zone).
import { DateTime } from 'luxon';
import type { FieldErrors } from '../../lib/errors.js';
import { ErrorSummary, Field, PostForm, Select } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { AdvisedOrganization, AdvisorMeeting } from './advisor.js';
import { type AvailabilityException, type AvailabilityWindow, fromMinute, WEEKDAYS } from './availability.js';
import { formatRange } from './slots.js';

const day = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('d LLL yyyy');

export function AdvisingPage(p: {
  ctx: PageContext;
  profile: { timeZone: string; meetingMinutes: number; active: boolean } | null;
  meetings: AdvisorMeeting[];
  organizations: AdvisedOrganization[];
  awaiting: AdvisedOrganization[];
}) {
  const zone = p.profile?.timeZone ?? 'UTC';
  return (
    <Layout ctx={p.ctx} title="Advising">
      <h1>Advising</h1>
      {p.profile ? (
        <p class="lead">
          Times are in your time zone, {zone}. <a href="/staff/advising/availability">Set your weekly availability and days away</a>.
        </p>
      ) : (
        <p class="lead">You have no advisor profile yet: membership staff set your region and time zone first.</p>
      )}
      <h2>Organizations waiting for a first meeting</h2>
      {p.awaiting.length === 0 ? (
        <p>None: every organization assigned to you more than 14 days ago has booked a meeting.</p>
      ) : (
        <>
          <p>These were assigned to you more than 14 days ago and have not booked a first meeting. Please reach out to them.</p>
          <ul>
            {p.awaiting.map((o) => (
              <li key={o.id}>
                {o.name} ({o.state}), assigned {day(o.assignedAt, zone)}
              </li>
            ))}
          </ul>
        </>
      )}
      <div class="table-wrap">
        <table>
          <caption>Your upcoming meetings</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Organization</th>
            </tr>
          </thead>
          <tbody>
            {p.meetings.length === 0 ? (
              <tr>
                <td colSpan={2}>No meetings booked.</td>
              </tr>
            ) : (
              p.meetings.map((m) => (
                <tr key={m.id}>
                  <td>{formatRange(m.start, m.end, zone)}</td>
                  <td>{m.organizationName}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table>
          <caption>Your organizations</caption>
          <thead>
            <tr>
              <th scope="col">Organization</th>
              <th scope="col">State</th>
              <th scope="col">Their time zone</th>
              <th scope="col">Assigned</th>
              <th scope="col">First meeting</th>
            </tr>
          </thead>
          <tbody>
            {p.organizations.length === 0 ? (
              <tr>
                <td colSpan={5}>No organizations assigned to you yet.</td>
              </tr>
            ) : (
              p.organizations.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{o.name}</th>
                  <td>{o.state}</td>
                  <td>{o.timeZone}</td>
                  <td>{day(o.assignedAt, zone)}</td>
                  <td>{o.hasMeeting ? 'Booked' : 'Not booked'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
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
}) {
  const we = p.windowErrors ?? {};
  const ee = p.exceptionErrors ?? {};
  const wv = p.windowValues ?? {};
  const ev = p.exceptionValues ?? {};
  return (
    <Layout ctx={p.ctx} title="Your availability">
      <p>
        <a href="/staff/advising">Advising</a>
      </p>
      <h1>Your availability</h1>
      {!p.profile ? (
        <p class="lead">You have no advisor profile yet: membership staff set your region and time zone first. Then you can set your availability here.</p>
      ) : (
        <>
          <p class="lead">
            Members pick first meetings of {p.profile.meetingMinutes} minutes inside these windows, from 24 hours ahead to three weeks ahead. All times are in your time zone,{' '}
            {p.profile.timeZone}, and stay the same local time when daylight saving time changes.
          </p>
          <h2>Weekly windows</h2>
          <div class="table-wrap">
            <table>
              <caption>Your weekly windows</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Time</th>
                  <th scope="col">Remove</th>
                </tr>
              </thead>
              <tbody>
                {p.windows.length === 0 ? (
                  <tr>
                    <td colSpan={3}>No windows yet: members cannot book a meeting with you.</td>
                  </tr>
                ) : (
                  p.windows.map((w) => (
                    <tr key={w.id}>
                      <th scope="row">{WEEKDAYS[w.weekday - 1]}</th>
                      <td>{minutes(w.startMinute, w.endMinute)}</td>
                      <td>
                        <PostForm action={`/staff/advising/availability/${w.id}/delete`} csrf={p.ctx.csrf} class="inline-form">
                          <button type="submit" class="link-button" aria-label={`Remove ${WEEKDAYS[w.weekday - 1]} ${minutes(w.startMinute, w.endMinute)}`}>
                            Remove
                          </button>
                        </PostForm>
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <h3 id="add-window">Add a window</h3>
          <ErrorSummary errors={p.windowErrors} labels={{ weekday: 'Day', start: 'From', end: 'Until' }} />
          <PostForm action="/staff/advising/availability" csrf={p.ctx.csrf} label="Add a window">
            <Select name="weekday" label="Day" required value={wv.weekday} error={we.weekday} options={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }))} />
            <Field name="start" label="From" required value={wv.start} error={we.start} hint="24-hour time, like 09:00." maxLength={5} />
            <Field name="end" label="Until" required value={wv.end} error={we.end} hint="24-hour time, like 12:00." maxLength={5} />
            <button type="submit">Add window</button>
          </PostForm>
          <h2>Days away</h2>
          <div class="table-wrap">
            <table>
              <caption>Your days away</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Time</th>
                  <th scope="col">Note</th>
                  <th scope="col">Remove</th>
                </tr>
              </thead>
              <tbody>
                {p.exceptions.length === 0 ? (
                  <tr>
                    <td colSpan={4}>None.</td>
                  </tr>
                ) : (
                  p.exceptions.map((x) => (
                    <tr key={x.id}>
                      <th scope="row">{x.onDate}</th>
                      <td>{minutes(x.startMinute, x.endMinute)}</td>
                      <td>{x.note || '—'}</td>
                      <td>
                        <PostForm action={`/staff/advising/exceptions/${x.id}/delete`} csrf={p.ctx.csrf} class="inline-form">
                          <button type="submit" class="link-button" aria-label={`Remove away ${x.onDate}`}>
                            Remove
                          </button>
                        </PostForm>
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <h3 id="add-exception">Add a day away</h3>
          <ErrorSummary errors={p.exceptionErrors} labels={{ date: 'Date', from: 'Away from', until: 'Away until', note: 'Note' }} />
          <PostForm action="/staff/advising/exceptions" csrf={p.ctx.csrf} label="Add a day away">
            <Field name="date" label="Date" type="date" required value={ev.date} error={ee.date} hint="Year-month-day, like 2026-12-24." />
            <Field name="from" label="Away from" value={ev.from} error={ee.from} hint="Leave both times empty to be away all day." maxLength={5} />
            <Field name="until" label="Away until" value={ev.until} error={ee.until} maxLength={5} />
            <Field name="note" label="Note" value={ev.note} error={ee.note} maxLength={200} />
            <button type="submit">Add day away</button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}

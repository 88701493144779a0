// The advisor moves one of their booked meetings: the page of their open times (a few days at a
// time, as the organization's picker), then a confirmation page saying who is told. Works without
// JavaScript. Times are in the advisor's zone; the organization's emails say them in its own.
import type { FieldErrors } from '../../lib/errors.js';
import { timeZoneLabel } from '../../lib/us-states.js';
import { BackLink, ErrorSummary, FieldError, PostForm, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { DAYS_PER_PAGE, pageOfDays } from './picker-views.js';
import { formatRange, groupByDay, type Slot } from './slots.js';

interface MoveMeeting {
  id: string;
  start: Date;
  end: Date;
  organizationName: string;
}

type Day = ReturnType<typeof groupByDay>[number];
const shortDay = (d: Day) => d.label.replace(/, \d{4}$/, '');

export function AdvisorMovePage(p: {
  ctx: PageContext;
  meeting: MoveMeeting;
  zone: string;
  slots: Slot[];
  from?: string;
  chosen?: string;
  message?: string;
  errors?: FieldErrors;
}) {
  const title = `Move the meeting with ${p.meeting.organizationName}`;
  const path = `/staff/advising/meetings/${p.meeting.id}/move`;
  const days = groupByDay(p.slots, p.zone);
  const { shown, start } = pageOfDays(days, { from: p.from, chosen: p.chosen });
  const earlier = start > 0 ? days[Math.max(0, start - DAYS_PER_PAGE)] : undefined;
  const later = days[start + DAYS_PER_PAGE];
  const error = p.errors?.slot;
  return (
    <Layout ctx={p.ctx} title={p.errors ? `Error: ${title}` : title}>
      <BackLink href="/staff/advising">Advising</BackLink>
      <h1>{title}</h1>
      <p class="lead">
        Now booked for {formatRange(p.meeting.start, p.meeting.end, p.zone)}. Choose one of your open times; you confirm on the next page. The organization’s contacts and you then
        receive an updated calendar invitation by email.
      </p>
      <ErrorSummary message={p.message} errors={p.errors} labels={{ slot: 'New time' }} />
      <h2 id="times">Your open times</h2>
      {days.length === 0 ? (
        <p>
          You have no other open times in the next three weeks. <a href="/staff/advising/availability">Add availability</a>, or cancel the meeting and write to the organization.
        </p>
      ) : (
        <>
          <p>
            {days.length === 1 ? 'One day has open times' : `${days.length} days have open times`} in the next three weeks. This page shows{' '}
            {shown.length === 1 ? shortDay(shown[0] as Day) : `${shortDay(shown[0] as Day)} to ${shortDay(shown.at(-1) as Day)}`}.
          </p>
          <PostForm action={path} csrf={p.ctx.csrf} label={title}>
            <fieldset class={error ? 'field field-error slot-days' : 'field slot-days'} aria-describedby={error ? 'f-slot-hint f-slot-error' : 'f-slot-hint'}>
              <legend>New time</legend>
              <p class="hint" id="f-slot-hint">
                Times are in your time zone: {timeZoneLabel(p.zone)}.
              </p>
              <FieldError id="f-slot-error" error={error} />
              {shown.map((d, di) => (
                <fieldset key={d.date} class="radios slot-day">
                  <legend>
                    <h3>{d.label}</h3>
                  </legend>
                  <div class="slot-grid">
                    {d.slots.map((s, si) => {
                      const id = di === 0 && si === 0 ? 'f-slot' : `f-slot-${s.start.getTime()}`;
                      return (
                        <div class="radio" key={s.value}>
                          <input id={id} type="radio" name="slot" value={s.value} checked={p.chosen === s.value} />
                          <label for={id}>{s.label}</label>
                        </div>
                      );
                    })}
                  </div>
                </fieldset>
              ))}
            </fieldset>
            <button type="submit">Continue</button>
          </PostForm>
          {earlier || later ? (
            <nav aria-label="More days with open times" class="day-pages">
              <ul>
                {earlier ? (
                  <li>
                    <a href={`${path}?from=${earlier.date}#times`}>Earlier days</a>
                  </li>
                ) : null}
                {later ? (
                  <li>
                    <a href={`${path}?from=${later.date}#times`}>Later days, from {shortDay(later)}</a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </>
      )}
    </Layout>
  );
}

/** The confirmation: from when to when, and who is told; the button posts the time again with
 * `confirm=yes`. */
export function AdvisorMoveConfirmPage(p: { ctx: PageContext; meeting: MoveMeeting; zone: string; to: Slot; contacts: number }) {
  const path = `/staff/advising/meetings/${p.meeting.id}/move`;
  return (
    <Layout ctx={p.ctx} title={`Move the meeting with ${p.meeting.organizationName}?`}>
      <BackLink href={path}>Choose another time</BackLink>
      <h1>Move the meeting with {p.meeting.organizationName}?</h1>
      <SummaryList
        rows={[
          ['Now', formatRange(p.meeting.start, p.meeting.end, p.zone)],
          ['New time', formatRange(p.to.start, p.to.end, p.zone)],
        ]}
      />
      <p>
        {p.contacts === 0
          ? 'The organization has no contacts who can sign in, so only you receive the updated calendar invitation by email: write to the organization with the new time.'
          : `${p.contacts === 1 ? 'The organization’s contact' : `The organization’s ${p.contacts} contacts`} and you receive an updated calendar invitation by email, with the new time in each one’s time zone and your name as the one who moved it.`}{' '}
        The old time becomes open again.
      </p>
      <PostForm action={path} csrf={p.ctx.csrf} label="Confirm the move">
        <input type="hidden" name="slot" value={p.to.start.toISOString()} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit">Move the meeting</button>
      </PostForm>
      <p>
        <a href="/staff/advising">Keep the meeting where it is</a>
      </p>
    </Layout>
  );
}

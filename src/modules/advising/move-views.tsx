// The advisor moves one of their booked meetings: the page of their open times (a few days at a
// time, as the organization's picker), then a confirmation page saying who is told. Works without
// JavaScript. Times are in the advisor's zone; the organization's emails say them in its own.
import type { FieldErrors } from '../../lib/errors.js';
import { timeZoneLabel } from '../../lib/us-states.js';
import { BackLink, ErrorSummary, PostForm, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { DAYS_PER_PAGE, DayPages, OpenDaysLead, pageOfDays, SlotDaysField } from './picker-views.js';
import { formatRange, groupByDay, type Slot } from './slots.js';

interface MoveMeeting {
  id: string;
  start: Date;
  end: Date;
  organizationName: string;
}

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
          <OpenDaysLead days={days} shown={shown} />
          <PostForm action={path} csrf={p.ctx.csrf} label={title}>
            <SlotDaysField shown={shown} legend="New time" hint={`Times are in your time zone: ${timeZoneLabel(p.zone)}.`} chosen={p.chosen} error={error} />
            <button type="submit">Continue</button>
          </PostForm>
          <DayPages earlier={earlier} later={later} href={(d) => `${path}?from=${d.date}#times`} />
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

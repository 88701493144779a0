// Check-in pages, made for a phone at the door: an event's attendee search with one big button
// per attendee for the chosen session, and a ticket's page (the QR code's target) with a button
// per session. Plain forms: they work without JavaScript.
import { formatTime } from '../../lib/format.js';
import { BackLink, ErrorSummary, FilterInput, PostForm, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { OpsEvent, OpsSession } from './ops.js';
import type { Ticket } from './ops-checkin.js';
import { STATUS_WORDS } from './ops-views.js';

const sessionLabel = (s: OpsSession, zone: string) => `${s.title} (${formatTime(s.startsAt, zone)})`;

function Refusal(p: { message?: string }) {
  return p.message ? (
    // error: a refused check-in is not a form field's error: the reason, read out at once
    <div class="error-summary" role="alert">
      <h2>Not checked in</h2>
      <p>{p.message}</p>
    </div>
  ) : null;
}

function CheckInButton(p: { ctx: PageContext; action: string; hidden: Record<string, string>; label: string; who: string }) {
  return (
    <PostForm action={p.action} csrf={p.ctx.csrf} label={`${p.label}: ${p.who}`}>
      {Object.entries(p.hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class="button">
        {p.label}
        <span class="visually-hidden"> {p.who}</span>
      </button>
    </PostForm>
  );
}

export function CheckInPage(p: {
  ctx: PageContext;
  event: OpsEvent;
  sessions: OpsSession[];
  session: OpsSession | undefined;
  q: string;
  results: Ticket[] | null;
  refusal?: string;
  errors?: Record<string, string>;
}) {
  const e = p.event;
  const zone = e.timeZone;
  return (
    <Layout ctx={p.ctx} title={`Check-in: ${e.title}`}>
      <BackLink href={`/staff/events/${e.id}/registrations`}>Registrations: {e.title}</BackLink>
      <h1>Check-in: {e.title}</h1>
      {e.status === 'cancelled' ? <p class="notice">This event is cancelled: nobody can be checked in.</p> : null}
      {p.sessions.length === 0 ? <p class="notice">This event has no sessions yet: add one to its agenda to check people in.</p> : null}
      <Refusal message={p.refusal} />
      <ErrorSummary errors={p.errors} labels={{ q: 'Attendee’s name', session: 'Session' }} />
      <form method="get" action={`/staff/events/${e.id}/check-in`} aria-label="Find an attendee">
        <div class="field">
          <label for="f-session">Session</label>
          <select id="f-session" name="session">
            {p.sessions.map((s) => (
              <option key={s.id} value={s.id} selected={p.session?.id === s.id}>
                {sessionLabel(s, zone)}
              </option>
            ))}
          </select>
        </div>
        <FilterInput name="q" label="Attendee’s name" type="search" value={p.q} error={p.errors?.q} />
        <button type="submit">Find</button>
      </form>
      {p.results === null ? (
        <p>Type part of the attendee’s name, or scan the QR code on their ticket.</p>
      ) : p.results.length === 0 ? (
        <p role="status">Nobody registered for this event matches “{p.q}”.</p>
      ) : (
        <ul class="cards" aria-label="Attendees found">
          {p.results.map((t) => {
            const done = p.session ? t.checkedIn.includes(p.session.id) : false;
            return (
              <li key={t.registrationId} class="card">
                <h2>{t.attendee}</h2>
                <p>
                  {t.ticketType} · {STATUS_WORDS[t.status]}
                  {t.unpaid ? ' · invoice not paid yet' : ''}
                </p>
                {!p.session ? null : t.status !== 'registered' ? (
                  <p>Cannot be checked in: {STATUS_WORDS[t.status].toLowerCase()}.</p>
                ) : done ? (
                  <p>
                    <strong>Checked in</strong> to {p.session.title}.
                  </p>
                ) : (
                  <CheckInButton
                    ctx={p.ctx}
                    action={`/staff/events/${e.id}/check-in`}
                    hidden={{ registration: t.registrationId, session: p.session.id, q: p.q }}
                    label="Check in"
                    who={t.attendee}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}

export function TicketPage(p: { ctx: PageContext; code: string; ticket: Ticket; sessions: OpsSession[]; current: OpsSession | undefined; refusal?: string }) {
  const t = p.ticket;
  const zone = t.timeZone;
  const ordered = p.current ? [p.current, ...p.sessions.filter((s) => s.id !== p.current?.id)] : p.sessions;
  const checkable = t.status === 'registered' && t.eventStatus !== 'cancelled';
  return (
    <Layout ctx={p.ctx} title={`Ticket of ${t.attendee}`}>
      <BackLink href={`/staff/events/${t.eventId}/check-in`}>Check-in: {t.eventTitle}</BackLink>
      <h1>{t.attendee}</h1>
      <Refusal message={p.refusal} />
      {t.status === 'cancelled' ? (
        <p class="notice" role="alert">
          This ticket is cancelled: it cannot be checked in.
        </p>
      ) : t.status !== 'registered' ? (
        <p class="notice" role="alert">
          This person is not registered ({STATUS_WORDS[t.status].toLowerCase()}): they cannot be checked in.
        </p>
      ) : t.eventStatus === 'cancelled' ? (
        <p class="notice" role="alert">
          This event is cancelled: nobody can be checked in.
        </p>
      ) : null}
      <SummaryList
        rows={[
          ['Event', t.eventTitle],
          ['When', formatTime(t.startsAt, zone)],
          ['Ticket type', t.ticketType],
          ['Status', STATUS_WORDS[t.status]],
          ['Payment', t.unpaid ? 'Invoice not paid yet: the person may pay at the door, or finance follows up.' : null],
        ]}
      />
      <h2>Sessions</h2>
      <ul class="cards" aria-label="Sessions">
        {ordered.map((s) => (
          <li key={s.id} class="card">
            <h3>{s.title}</h3>
            <p>{formatTime(s.startsAt, zone)}</p>
            {t.checkedIn.includes(s.id) ? (
              <p>
                <strong>Checked in.</strong>
              </p>
            ) : checkable ? (
              <CheckInButton ctx={p.ctx} action={`/staff/check-in/${p.code}`} hidden={{ session: s.id }} label={`Check in to ${s.title}`} who={t.attendee} />
            ) : (
              <p>Not checked in.</p>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function UnknownTicketPage(p: { ctx: PageContext }) {
  return (
    <Layout ctx={p.ctx} title="Unknown ticket">
      <h1>Unknown ticket</h1>
      <p class="notice" role="alert">
        No ticket has this code. Check that the whole QR code was scanned, or find the attendee by name on the event’s check-in page.
      </p>
      <p>
        <a href="/staff/events">Events</a>
      </p>
    </Layout>
  );
}

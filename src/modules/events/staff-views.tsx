// Programs staff's authoring pages of events: the list of every event by status, one event's
// overview with its agenda and ticket types, and the edit pages of one session and one ticket
// type. The event's own form is in event-form-views.tsx; registrations and check-in have their
// own pages.
import type { FieldErrors } from '../../lib/errors.js';
import { formatMoney } from '../../lib/money.js';
import { timeZoneLabel } from '../../lib/us-states.js';
import {
  BackLink,
  Checkbox,
  DangerLink,
  DataTable,
  ErrorSummary,
  Field,
  FilterPageInput,
  FilterSelect,
  PostForm,
  RowActions,
  SimpleTable,
  SummaryList,
  TextArea,
} from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { FORMAT_LABELS, formatEventRange, formatEventTime, formatSessionTime, KIND_LABELS, paragraphs, STATUS_LABELS } from './format.js';
import type { EventDetail, EventRow, SessionRow, TicketRow } from './queries.js';
import { SESSION_LABELS, TICKET_LABELS } from './schemas.js';

type Values = Record<string, string>;
const opts = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export function StaffEventsPage(p: {
  ctx: PageContext;
  events: Array<EventRow & { registered: number }>;
  /** the status the list is filtered by (kept in its links) */
  status?: string;
  page: number;
  hasNext: boolean;
  /** what was typed in the filter form, shown again beside its errors */
  typed?: Record<string, string>;
  errors?: FieldErrors;
}) {
  return (
    <Layout ctx={p.ctx} title="Events">
      <h1>Events</h1>
      <p class="lead">Trainings, workshops, webinars and the conference. A new event is a draft until you publish it; drafts are never shown to the public.</p>
      <p>
        <a class="button" href="/staff/events/new">
          New event
        </a>
      </p>
      <ErrorSummary errors={p.errors} labels={{ status: 'Status', page: 'Page' }} />
      <form method="get" action="/staff/events" class="filters" aria-label="Filter events">
        <FilterSelect name="status" label="Status" value={p.typed?.status ?? p.status} error={p.errors?.status} options={opts(STATUS_LABELS)} />
        <FilterPageInput value={p.typed?.page} error={p.errors?.page} />
        <button type="submit">Filter</button>
      </form>
      <DataTable
        caption="Events, drafts first, then by start (latest first)"
        empty="No events match."
        rows={p.events}
        rowKey={(e) => e.id}
        basePath="/staff/events"
        query={{ status: p.status }}
        page={p.page}
        hasNext={p.hasNext}
        columns={[
          { key: 'title', label: 'Event', cell: (e) => <a href={`/staff/events/${e.id}`}>{e.title}</a> },
          { key: 'status', label: 'Status', cell: (e) => STATUS_LABELS[e.status] },
          { key: 'starts', label: 'Starts', cell: (e) => formatEventTime(e.starts_at, e.time_zone) },
          { key: 'kind', label: 'Kind', cell: (e) => `${KIND_LABELS[e.kind]}, ${FORMAT_LABELS[e.format].toLowerCase()}` },
          { key: 'registered', label: 'Registered', cell: (e) => `${e.registered}${e.capacity ? ` of ${e.capacity}` : ''}` },
        ]}
      />
    </Layout>
  );
}

const price = (t: TicketRow) => `${formatMoney(t.member_cents)} members, ${formatMoney(t.nonmember_cents)} others`;
const earlyPrice = (t: TicketRow, zone: string) =>
  t.early_until
    ? `${t.early_member_cents === null ? '—' : formatMoney(t.early_member_cents)} / ${t.early_nonmember_cents === null ? '—' : formatMoney(t.early_nonmember_cents)} until ${formatEventTime(t.early_until, zone)}`
    : 'None';

export function StaffEventPage(p: {
  ctx: PageContext;
  event: EventDetail;
  sessionValues?: Values;
  sessionErrors?: FieldErrors;
  ticketValues?: Values;
  ticketErrors?: FieldErrors;
  problem?: string;
}) {
  const ev = p.event;
  const zone = ev.time_zone;
  const sv = p.sessionValues ?? {};
  const se = p.sessionErrors ?? {};
  const tv = p.ticketValues ?? {};
  const te = p.ticketErrors ?? {};
  const open = ev.status === 'draft' || ev.status === 'published';
  const multiDay = ev.sessions.some((s) => s.starts_at.toDateString() !== ev.starts_at.toDateString());
  return (
    <Layout ctx={p.ctx} title={ev.title}>
      <BackLink href="/staff/events">Events</BackLink>
      <h1>{ev.title}</h1>
      <p class="lead">
        {STATUS_LABELS[ev.status]} · {KIND_LABELS[ev.kind]}, {FORMAT_LABELS[ev.format].toLowerCase()} · {formatEventRange(ev.starts_at, ev.ends_at, zone)}
      </p>
      {p.problem ? <ErrorSummary title="This could not be done" message={p.problem} /> : null}
      {/* Links to the operations pages (registrations, check-in), built beside these. */}
      <nav aria-label="This event">
        <ul class="inline-list">
          {open ? (
            <li>
              <a href={`/staff/events/${ev.id}/edit`}>Edit the event</a>
            </li>
          ) : null}
          {ev.status !== 'draft' ? (
            <li>
              <a href={`/events/${ev.slug}`}>Public page</a>
            </li>
          ) : null}
          <li>
            <a href={`/staff/events/${ev.id}/registrations`}>Registrations</a>
          </li>
          {ev.status === 'cancelled' ? null : (
            <li>
              <a href={`/staff/events/${ev.id}/check-in`}>Check-in</a>
            </li>
          )}
          {/* where staff look first for it (it was on the registrations page alone) */}
          {ev.status === 'draft' || ev.status === 'published' ? (
            <li>
              <DangerLink href={`/staff/events/${ev.id}/cancel`}>Cancel the event</DangerLink>
            </li>
          ) : null}
        </ul>
      </nav>
      {ev.status === 'draft' ? (
        <PostForm action={`/staff/events/${ev.id}/publish`} csrf={p.ctx.csrf} label="Publish">
          <p>This event is a draft: nobody outside programs staff can see it. Publishing puts it on /events and opens registration.</p>
          <button type="submit">Publish</button>
        </PostForm>
      ) : null}
      <h2>Details</h2>
      <SummaryList
        rows={[
          ['Web address', `/events/${ev.slug}`],
          ['Who may come', ev.audience === 'members' ? 'Members only' : 'Everyone'],
          ['Time zone', timeZoneLabel(zone)],
          ['Venue', ev.format === 'online' ? 'Online' : `${ev.venue_name}${ev.venue_address ? `, ${ev.venue_address}` : ''}`],
          ['Join link', ev.format === 'in_person' ? null : (ev.join_url ?? 'Not set yet (needed before publishing)')],
          ['Capacity', ev.capacity ? `${ev.capacity} seats` : 'No limit beyond the ticket types'],
          ['Cancellation', `Until ${ev.cancel_hours_before} hours before the start`],
          ['Transfers', ev.transfers_allowed ? 'Allowed' : 'Not allowed'],
          ['Pathways', ev.pathways.map((x) => x.name).join(', ') || 'None'],
          ['Summary', ev.summary || 'None'],
        ]}
      />
      {ev.description ? (
        <details>
          <summary>Description</summary>
          {paragraphs(ev.description).map((para, i) => (
            <p key={String(i)}>{para}</p>
          ))}
        </details>
      ) : null}
      <h2 id="agenda">Agenda</h2>
      <SimpleTable
        caption="Sessions, in order"
        rows={ev.sessions}
        rowKey={(s) => s.id}
        empty="No sessions yet."
        columns={[
          { label: 'Session', cell: (s) => s.title },
          { label: 'When', cell: (s) => formatSessionTime(s.starts_at, s.ends_at, zone, multiDay) },
          { label: 'Where', cell: (s) => s.location || '—' },
          { label: 'PD minutes', cell: (s) => s.pd_minutes },
          {
            label: 'Actions',
            cell: (s) =>
              open ? (
                <RowActions>
                  <a href={`/staff/events/${ev.id}/sessions/${s.id}`}>
                    Edit<span class="visually-hidden"> {s.title}</span>
                  </a>
                  <DangerLink href={`/staff/events/${ev.id}/sessions/${s.id}/remove`}>
                    Remove<span class="visually-hidden"> {s.title}</span>
                  </DangerLink>
                </RowActions>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {open ? (
        <>
          <h3 id="add-session">Add a session</h3>
          <ErrorSummary errors={p.sessionErrors} labels={SESSION_LABELS} />
          <SessionFields action={`/staff/events/${ev.id}/sessions`} ctx={p.ctx} values={sv} errors={se} button="Add session" />
        </>
      ) : null}
      <h2 id="tickets">Ticket types</h2>
      <SimpleTable
        caption="Ticket types"
        rows={ev.tickets}
        rowKey={(t) => t.id}
        empty="No ticket types yet. An event needs one (it may be free) before it is published."
        columns={[
          { label: 'Ticket type', cell: (t) => `${t.name}${t.archived_at ? ' (archived)' : ''}` },
          { label: 'Prices', cell: price },
          { label: 'Early-bird (members / others)', cell: (t) => earlyPrice(t, zone) },
          { label: 'Seats', cell: (t) => (t.capacity ? String(t.capacity) : 'No limit') },
          { label: 'Members only', cell: (t) => (t.members_only ? 'Yes' : 'No') },
          {
            label: 'Actions',
            cell: (t) =>
              open && !t.archived_at ? (
                <RowActions>
                  <a href={`/staff/events/${ev.id}/tickets/${t.id}`}>
                    Edit<span class="visually-hidden"> {t.name}</span>
                  </a>
                  <DangerLink href={`/staff/events/${ev.id}/tickets/${t.id}/archive`}>
                    Archive<span class="visually-hidden"> {t.name}</span>
                  </DangerLink>
                </RowActions>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {open ? (
        <>
          <h3 id="add-ticket">Add a ticket type</h3>
          <ErrorSummary errors={p.ticketErrors} labels={TICKET_LABELS} />
          <TicketFields action={`/staff/events/${ev.id}/tickets`} ctx={p.ctx} values={tv} errors={te} zone={zone} button="Add ticket type" />
        </>
      ) : null}
    </Layout>
  );
}

function SessionFields(p: { action: string; ctx: PageContext; values: Values; errors: FieldErrors; button: string }) {
  const v = p.values;
  const e = p.errors;
  return (
    <PostForm action={p.action} csrf={p.ctx.csrf} label={p.button}>
      <Field name="title" label={SESSION_LABELS.title ?? ''} value={v.title} error={e.title} required maxLength={200} />
      <Field name="startsAt" label={SESSION_LABELS.startsAt ?? ''} value={v.startsAt} error={e.startsAt} required hint="In the event’s time zone, like 2027-03-16 09:00." />
      <Field name="endsAt" label={SESSION_LABELS.endsAt ?? ''} value={v.endsAt} error={e.endsAt} required hint="Like 2027-03-16 10:30." />
      <Field name="location" label={SESSION_LABELS.location ?? ''} value={v.location} error={e.location} maxLength={200} />
      <TextArea name="description" label={SESSION_LABELS.description ?? ''} value={v.description} error={e.description} rows={3} maxLength={5000} />
      <Field
        name="pdMinutes"
        label={SESSION_LABELS.pdMinutes ?? ''}
        value={v.pdMinutes || '0'}
        error={e.pdMinutes}
        inputMode="numeric"
        required
        hint="Professional-development minutes credited to an attendee checked in to this session."
      />
      <div class="button-row">
        <button type="submit">{p.button}</button>
      </div>
    </PostForm>
  );
}

function TicketFields(p: { action: string; ctx: PageContext; values: Values; errors: FieldErrors; zone: string; button: string }) {
  const v = p.values;
  const e = p.errors;
  return (
    <PostForm action={p.action} csrf={p.ctx.csrf} label={p.button}>
      <Field name="name" label={TICKET_LABELS.name ?? ''} value={v.name} error={e.name} required maxLength={100} hint="Like General admission, or Pre-conference workshop." />
      <Field
        name="memberPrice"
        label={TICKET_LABELS.memberPrice ?? ''}
        value={v.memberPrice}
        error={e.memberPrice}
        required
        inputMode="decimal"
        hint="In dollars, like 120 or 120.50; 0 for free."
      />
      <Field name="nonmemberPrice" label={TICKET_LABELS.nonmemberPrice ?? ''} value={v.nonmemberPrice} error={e.nonmemberPrice} required inputMode="decimal" />
      <Field name="earlyMemberPrice" label={TICKET_LABELS.earlyMemberPrice ?? ''} value={v.earlyMemberPrice} error={e.earlyMemberPrice} inputMode="decimal" />
      <Field name="earlyNonmemberPrice" label={TICKET_LABELS.earlyNonmemberPrice ?? ''} value={v.earlyNonmemberPrice} error={e.earlyNonmemberPrice} inputMode="decimal" />
      <Field name="earlyUntil" label={TICKET_LABELS.earlyUntil ?? ''} value={v.earlyUntil} error={e.earlyUntil} hint={`In ${timeZoneLabel(p.zone)} time, like 2027-02-01 23:59.`} />
      <Field name="capacity" label={TICKET_LABELS.capacity ?? ''} value={v.capacity} error={e.capacity} inputMode="numeric" hint="Leave blank for no limit of its own." />
      <Field name="position" label={TICKET_LABELS.position ?? ''} value={v.position || '0'} error={e.position} inputMode="numeric" required hint="Lower numbers come first." />
      <Checkbox name="membersOnly" label={TICKET_LABELS.membersOnly ?? ''} checked={v.membersOnly === 'yes'} />
      <div class="button-row">
        <button type="submit">{p.button}</button>
      </div>
    </PostForm>
  );
}

export function SessionEditPage(p: { ctx: PageContext; event: EventRow; session: SessionRow; values: Values; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title={`Edit session ${p.session.title}`}>
      <BackLink href={`/staff/events/${p.event.id}#agenda`}>Back to {p.event.title}</BackLink>
      <h1>Edit session: {p.session.title}</h1>
      <ErrorSummary errors={p.errors} labels={SESSION_LABELS} />
      <SessionFields action={`/staff/events/${p.event.id}/sessions/${p.session.id}`} ctx={p.ctx} values={p.values} errors={p.errors ?? {}} button="Save session" />
    </Layout>
  );
}

export function TicketEditPage(p: { ctx: PageContext; event: EventRow; ticket: TicketRow; values: Values; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title={`Edit ticket type ${p.ticket.name}`}>
      <BackLink href={`/staff/events/${p.event.id}#tickets`}>Back to {p.event.title}</BackLink>
      <h1>Edit ticket type: {p.ticket.name}</h1>
      <p class="lead">Seats already taken keep the price they were taken at.</p>
      <ErrorSummary errors={p.errors} labels={TICKET_LABELS} />
      <TicketFields
        action={`/staff/events/${p.event.id}/tickets/${p.ticket.id}`}
        ctx={p.ctx}
        values={p.values}
        errors={p.errors ?? {}}
        zone={p.event.time_zone}
        button="Save ticket type"
      />
    </Layout>
  );
}

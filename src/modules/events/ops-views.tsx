// Programs staff's pages of one event's operations: registrations (seats, waitlist, revenue,
// attendance, the list with its filters, the export), the message to registrants, and the
// confirmation of a cancellation.
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import {
  BackLink,
  type Column,
  DangerLink,
  DataTable,
  ErrorSummary,
  Field,
  FilterInput,
  FilterPageInput,
  FilterSelect,
  PostForm,
  SimpleTable,
  SummaryList,
  TextArea,
} from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { OpsEvent, OpsSession, RefundDue, RegistrationRow, Revenue, TicketTypeSeats } from './ops.js';
import { REGISTRATION_STATUSES } from './ops.js';

export const STATUS_WORDS: Record<(typeof REGISTRATION_STATUSES)[number], string> = {
  registered: 'Registered',
  waitlisted: 'Waitlisted',
  offered: 'Offered a seat',
  cancelled: 'Cancelled',
};

const EVENT_STATUS_WORDS = { draft: 'Draft', published: 'Published', cancelled: 'Cancelled', completed: 'Completed' } as const;

function OpsLinks(p: { event: OpsEvent; ctx: PageContext; canComplete: boolean; ended: number }) {
  const e = p.event;
  return (
    <>
      {e.status === 'cancelled' ? null : (
        <p class="button-row">
          <a class="button" href={`/staff/events/${e.id}/check-in`}>
            Check-in
          </a>
          <a class="button button-secondary" href={`/staff/events/${e.id}/message`}>
            Message registrants
          </a>
        </p>
      )}
      {e.status === 'cancelled' ? (
        <>
          <p>
            Nobody is registered any more: canceling the event ended every seat and emailed each person the cancellation and what happens to their money. Any refunds due are listed
            below until finance records them in billing.
          </p>
          {p.ended > 0 ? (
            <>
              <p>
                You can still write to the {p.ended} {p.ended === 1 ? 'person' : 'people'} whose registrations the cancellation ended (a new date, a recording, refunds): those who
                held a seat, had been offered one or were on the waitlist when it was cancelled.
              </p>
              <p class="button-row">
                <a class="button button-secondary" href={`/staff/events/${e.id}/message`}>
                  Message registrants
                </a>
              </p>
            </>
          ) : null}
        </>
      ) : null}
      {p.canComplete ? (
        <PostForm action={`/staff/events/${e.id}/complete`} csrf={p.ctx.csrf} label="Complete the event">
          <p>The event has ended. Completing it credits the professional-development hours of everyone checked in.</p>
          <button type="submit">Complete the event</button>
        </PostForm>
      ) : null}
      {e.status === 'draft' || e.status === 'published' ? (
        <p>
          <DangerLink href={`/staff/events/${e.id}/cancel`}>Cancel the event</DangerLink>
        </p>
      ) : null}
    </>
  );
}

/** The event's own limit over all its ticket types, which a ticket type without one still meets. */
function eventSeats(capacity: number | null, taken: number): string {
  if (capacity === null) return `${taken} ${taken === 1 ? 'seat' : 'seats'} taken; the event has no overall limit.`;
  return `${taken} of ${capacity} seats taken for the whole event${taken >= capacity ? ': it is full, and new registrations join the waitlist' : ''}.`;
}

export function RegistrationsPage(p: {
  ctx: PageContext;
  event: OpsEvent;
  canComplete: boolean;
  seats: TicketTypeSeats[];
  waitlist: Array<{ id: string; name: string; ticketType: string; waitlistedAt: Date | null }>;
  revenue: Revenue;
  refunds: RefundDue[];
  /** on a cancelled event: how many people the cancellation ended a registration of */
  ended: number;
  attendance: Array<OpsSession & { checkedIn: number }>;
  rows: RegistrationRow[];
  hasNext: boolean;
  page: number;
  /** the filters applied to the list, kept in its links */
  query: { status?: string; q?: string };
  /** what was typed in the filter form, shown again beside its errors */
  typed?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const e = p.event;
  const typed: Record<string, string | undefined> = p.typed ?? p.query;
  const zone = e.timeZone;
  const columns: Column<RegistrationRow>[] = [
    { key: 'name', label: 'Attendee', cell: (r) => r.name },
    { key: 'email', label: 'Email', cell: (r) => r.email },
    { key: 'ticket', label: 'Ticket type', cell: (r) => r.ticketType },
    { key: 'status', label: 'Status', cell: (r) => STATUS_WORDS[r.status] },
    { key: 'price', label: 'Price', cell: (r) => `${formatCents(r.priceCents)}${r.memberPrice ? ' (member)' : ''}` },
    { key: 'sessions', label: 'Sessions attended', cell: (r) => r.sessionsAttended },
  ];
  const exportQuery = new URLSearchParams(Object.entries(p.query).filter((kv): kv is [string, string] => !!kv[1])).toString();
  return (
    <Layout ctx={p.ctx} title={`Registrations: ${e.title}`}>
      <BackLink href={`/staff/events/${e.id}`}>{e.title}</BackLink>
      <h1>Registrations: {e.title}</h1>
      <p class="lead">
        {EVENT_STATUS_WORDS[e.status]} · {formatTime(e.startsAt, zone)}
        {e.status === 'cancelled' && e.cancelReason ? ` · cancelled: ${e.cancelReason}` : ''}
      </p>
      <OpsLinks event={e} ctx={p.ctx} canComplete={p.canComplete} ended={p.ended} />
      <h2>Seats</h2>
      <p>
        {eventSeats(
          e.capacity,
          p.seats.reduce((n, t) => n + t.taken, 0),
        )}
      </p>
      <SimpleTable
        caption="Seats per ticket type"
        rows={p.seats}
        rowKey={(t) => t.id}
        empty="This event has no ticket types."
        columns={[
          { label: 'Ticket type', cell: (t) => t.name },
          { label: 'Seats taken', cell: (t) => (t.capacity ? `${t.taken} of ${t.capacity}` : `${t.taken} (${e.capacity ? 'no limit of its own' : 'no limit'})`) },
          { label: 'Waiting', cell: (t) => t.waitlisted },
        ]}
      />
      <h2>Revenue</h2>
      <SummaryList
        rows={[
          ['Invoiced', `${formatCents(p.revenue.invoicedCents)} (${p.revenue.invoices} ${p.revenue.invoices === 1 ? 'invoice' : 'invoices'})`],
          ['Collected', formatCents(p.revenue.collectedCents)],
          ['Credited', formatCents(p.revenue.creditedCents)],
          ['Still due', formatCents(p.revenue.outstandingCents)],
          ...(p.revenue.toRefundCents > 0 ? [['To refund', `${formatCents(p.revenue.toRefundCents)} (paid, then credited: listed under Refunds due)`] as [string, string]] : []),
        ]}
      />
      {e.status === 'cancelled' || p.refunds.length > 0 ? (
        <>
          <h3>Refunds due</h3>
          <p>
            {e.status === 'cancelled' ? 'The event is cancelled and its invoices credited in full. ' : 'Paid seats were cancelled and credited. '}
            What was paid for them is owed back: finance pays it and records the refund on the invoice, and the order leaves this list.
          </p>
          <SimpleTable
            caption="Paid orders to refund"
            rows={p.refunds}
            rowKey={(r) => r.orderId}
            empty="Nothing is owed back: no money was paid, or every refund is recorded."
            columns={[
              { label: 'Paid by', cell: (r) => r.buyer },
              {
                label: 'Invoice',
                cell: (r) =>
                  p.ctx.principal?.roles.has('finance') || p.ctx.principal?.roles.has('admin') ? (
                    <a href={`/staff/invoices/${r.invoiceId}#refund`}>{r.invoiceNumber ?? 'Invoice'}</a>
                  ) : (
                    (r.invoiceNumber ?? '—')
                  ),
              },
              { label: 'To refund', cell: (r) => formatCents(r.dueCents) },
            ]}
          />
        </>
      ) : null}
      <h2>Attendance</h2>
      <SimpleTable
        caption="Checked in per session"
        rows={p.attendance}
        rowKey={(s) => s.id}
        empty="This event has no sessions."
        columns={[
          { label: 'Session', cell: (s) => s.title },
          { label: 'Starts', cell: (s) => formatTime(s.startsAt, zone) },
          { label: 'Checked in', cell: (s) => s.checkedIn },
        ]}
      />
      <h2>Waitlist</h2>
      <SimpleTable
        caption="Waitlist, first in line first"
        rows={p.waitlist}
        rowKey={(w) => w.id}
        empty="Nobody is waiting."
        columns={[
          { label: 'Attendee', cell: (w) => w.name },
          { label: 'Ticket type', cell: (w) => w.ticketType },
          { label: 'Waiting since', cell: (w) => (w.waitlistedAt ? formatTime(w.waitlistedAt, zone) : '—') },
        ]}
      />
      <h2>Attendees</h2>
      <ErrorSummary errors={p.errors} labels={{ status: 'Status', q: 'Name or email', page: 'Page' }} />
      <form method="get" action={`/staff/events/${e.id}/registrations`} class="filters" aria-label="Filter registrations">
        <FilterInput name="q" label="Name or email" type="search" value={typed.q} error={p.errors?.q} />
        <FilterSelect
          name="status"
          label="Status"
          value={typed.status}
          error={p.errors?.status}
          options={REGISTRATION_STATUSES.map((s) => ({ value: s, label: STATUS_WORDS[s] }))}
        />
        <FilterPageInput value={typed.page} error={p.errors?.page} />
        <button type="submit">Filter</button>
      </form>
      <p>
        <a href={`/staff/events/${e.id}/registrations.csv${exportQuery ? `?${exportQuery}` : ''}`}>Download these registrations (CSV)</a>
      </p>
      <DataTable
        caption="Registrations, by name"
        empty="No registration matches."
        columns={columns}
        rows={p.rows}
        rowKey={(r) => r.id}
        basePath={`/staff/events/${e.id}/registrations`}
        query={{ status: p.query.status, q: p.query.q }}
        page={p.page}
        hasNext={p.hasNext}
      />
    </Layout>
  );
}

export interface MessageValues {
  subject: string;
  body: string;
}

/** Why there is nobody to write to (the message page with no form, and a forged send's refusal). */
export const nobodyToMessage = (e: Pick<OpsEvent, 'status' | 'title'>) =>
  e.status === 'cancelled'
    ? `There is nobody to write to: when ${e.title} was cancelled, nobody held a seat, had been offered one or was on its waitlist. People who had cancelled, given their ticket away or left the waitlist before are not written to.`
    : `There is nobody to write to: nobody is registered for ${e.title}. People on the waitlist and cancelled registrations are not written to.`;

export function MessagePage(p: { ctx: PageContext; event: OpsEvent; recipients: number; values?: MessageValues; errors?: FieldErrors; refused?: string }) {
  const e = p.event;
  const err = p.errors ?? {};
  const n = p.recipients;
  const people = `${n} ${n === 1 ? 'person' : 'people'}`;
  if (n === 0)
    return (
      <Layout ctx={p.ctx} title={`Message registrants: ${e.title}`}>
        <BackLink href={`/staff/events/${e.id}/registrations`}>Registrations: {e.title}</BackLink>
        <h1>Message registrants</h1>
        {p.refused ? (
          <p class="notice" role="alert">
            {p.refused}
          </p>
        ) : null}
        <p class="lead">{nobodyToMessage(e)}</p>
        <p>
          <a href={`/staff/events/${e.id}/registrations`}>Back to the registrations</a>
        </p>
      </Layout>
    );
  return (
    <Layout ctx={p.ctx} title={`Message registrants: ${e.title}`}>
      <BackLink href={`/staff/events/${e.id}/registrations`}>Registrations: {e.title}</BackLink>
      <h1>Message registrants</h1>
      {e.status === 'cancelled' ? (
        <p class="lead">
          {e.title} is cancelled. Email the people whose registrations the cancellation ended: {people}, who held a seat, had been offered one or were on the waitlist when it was
          cancelled. People who had cancelled, given their ticket away or left the waitlist before get nothing.
        </p>
      ) : (
        <p class="lead">
          Email everyone registered for {e.title}: {people}. People on the waitlist and cancelled registrations get nothing.
        </p>
      )}
      <ErrorSummary errors={p.errors} labels={{ subject: 'Subject', body: 'Message' }} />
      <PostForm action={`/staff/events/${e.id}/message`} csrf={p.ctx.csrf} label="Message registrants">
        <Field name="subject" label="Subject" required maxLength={150} value={p.values?.subject} error={err.subject} hint="The email’s subject starts with the event’s title." />
        <TextArea
          name="body"
          label="Message"
          required
          rows={10}
          maxLength={10000}
          value={p.values?.body}
          error={err.body}
          hint="Plain text. Leave a blank line between paragraphs."
        />
        <button type="submit">{e.status === 'cancelled' ? `Send to ${people}` : `Send to ${n} registered`}</button>
      </PostForm>
    </Layout>
  );
}

export function CancelPage(p: { ctx: PageContext; event: OpsEvent; live: number; invoices: number; reason?: string; errors?: FieldErrors }) {
  const e = p.event;
  return (
    <Layout ctx={p.ctx} title={`Cancel ${e.title}?`}>
      <BackLink href={`/staff/events/${e.id}/registrations`}>Registrations: {e.title}</BackLink>
      <h1>Cancel {e.title}?</h1>
      <p class="lead">
        {p.event.status === 'draft'
          ? 'This event is a draft: it was never public and nobody is registered. Canceling it keeps it off the events page for good.'
          : p.live === 0
            ? 'Nobody is registered or waiting, so nobody is emailed. The event’s page will say it is cancelled.'
            : p.live === 1
              ? 'The one registration (a seat, a place on the waitlist or a seat offered) is cancelled and its holder is emailed your reason.'
              : `All ${p.live} registrations (seats, places on the waitlist and seats offered) are cancelled and everyone is emailed your reason.`}{' '}
        {p.event.status === 'draft' || p.invoices === 0
          ? 'This cannot be undone.'
          : 'Unpaid invoices are voided. An invoice with money paid on it is credited in full, and what was paid is listed on the registrations page for finance to refund. This cannot be undone.'}
      </p>
      <ErrorSummary errors={p.errors} labels={{ reason: 'Reason' }} />
      <PostForm action={`/staff/events/${e.id}/cancel`} csrf={p.ctx.csrf} label="Cancel the event">
        <TextArea
          name="reason"
          label="Reason"
          required
          rows={3}
          maxLength={500}
          value={p.reason}
          error={p.errors?.reason}
          hint="Sent to everyone registered, for example “The speaker is ill.”"
        />
        <div class="button-row confirm-buttons">
          <button type="submit" class="button-danger">
            Cancel the event
          </button>
          <a href={`/staff/events/${e.id}/registrations`}>Keep the event</a>
        </div>
      </PostForm>
    </Layout>
  );
}

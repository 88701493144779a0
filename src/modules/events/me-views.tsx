// The person's own event pages: /me/events (registrations, the waitlist, offers, the calendar
// feed), a ticket (/tickets/:code, with its QR code for check-in), transferring a ticket and
// accepting a seat offered from the waitlist.
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { BackLink, ErrorSummary, Field, PostForm, RowActions, SimpleTable, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { locationOf } from './ics.js';
import { hoursOf } from './pd.js';
import { canCancelSeat, cancelledEventStatus, canTransferSeat, eventWhen, REGISTRATION_STATUS_LABELS } from './registration-format.js';
import type { MyRegistration } from './registration-queries.js';

const hoursText = (minutes: number) => `${hoursOf(minutes)} ${minutes === 60 ? 'hour' : 'hours'}`;

function statusText(r: MyRegistration, zone: string): string {
  // the seat ended with the event: say so and why, not a bare 'Cancelled' as if the person had cancelled
  if (r.event.status === 'cancelled' && r.status === 'cancelled' && !r.transferredTo) return cancelledEventStatus(r.cancelReason, r.event.cancelReason);
  if (r.status === 'waitlisted') return `${REGISTRATION_STATUS_LABELS.waitlisted}${r.waitlistPosition ? ` (number ${r.waitlistPosition} in line)` : ''}`;
  if (r.status === 'offered' && r.offerExpiresAt) return `${REGISTRATION_STATUS_LABELS.offered}: accept by ${formatTime(r.offerExpiresAt, zone)}`;
  if (r.status === 'registered' && r.orderStatus === 'pending') return 'Registered: awaiting payment';
  if (r.transferredTo) return `Transferred to ${r.transferredTo}`;
  return REGISTRATION_STATUS_LABELS[r.status];
}

/** Its invoice credited in full (a paid seat cancelled, or finance's credit note): nothing is owed
 * on it, as the invoice's page says; not voided, so what was paid on it stays on record. */
const creditedInFull = (i: MyRegistration['invoice']): boolean => !!i && i.status !== 'void' && i.totalCents > 0 && i.creditedCents >= i.totalCents;

function priceText(r: MyRegistration): string {
  if (r.status !== 'registered' && r.priceCents === 0) return '—';
  if (r.priceCents === 0) return 'Free';
  // its invoice was voided (the event cancelled, or finance voided it): the price is not owed
  if (r.invoice?.status === 'void') return 'Nothing to pay';
  if (creditedInFull(r.invoice)) return 'Credited: nothing to pay';
  return `${formatCents(r.priceCents)}${r.memberPrice ? ' (member price)' : ''}`;
}

/** Seats held while their invoice waits: the next step, above the table (which scrolls sideways
 * on a phone, where its Invoice column is out of sight). One line per invoice. */
function ToPay(p: { registrations: MyRegistration[] }) {
  const held = new Map<string, { invoice: NonNullable<MyRegistration['invoice']>; titles: string[]; given: boolean }>();
  for (const r of p.registrations) {
    // a seat given away on one's own unpaid order is held for its new holder until one pays
    if ((r.status !== 'registered' && !r.transferred) || r.orderStatus !== 'pending' || !r.invoice || r.invoice.status === 'void') continue;
    const entry = held.get(r.invoice.publicToken) ?? { invoice: r.invoice, titles: [], given: r.transferred };
    if (!entry.titles.includes(r.event.title)) entry.titles.push(r.event.title);
    entry.given &&= r.transferred;
    held.set(r.invoice.publicToken, entry);
  }
  if (held.size === 0) return null;
  return (
    <>
      <h2>To pay</h2>
      <ul>
        {[...held.values()].map((h) => (
          <li key={h.invoice.publicToken}>
            {h.titles.join(', ')}: {h.given ? 'the ticket you transferred is held for its new holder' : 'your seat is held'}. Pay{' '}
            <a href={`/invoices/${h.invoice.publicToken}`}>invoice {h.invoice.number}</a> to confirm it.
          </li>
        ))}
      </ul>
    </>
  );
}

export function MyEventsPage(p: {
  ctx: PageContext;
  registrations: MyRegistration[];
  now: Date;
  feed: { createdAt: Date | null; url: string | null };
  /** PD minutes earned per event (the PD log), for past events' hours and certificates */
  credited: ReadonlyMap<string, number>;
}) {
  const upcoming = p.registrations.filter((r) => r.event.endsAt.getTime() > p.now.getTime());
  const past = p.registrations.filter((r) => r.event.endsAt.getTime() <= p.now.getTime());
  const canCancel = (r: MyRegistration) => canCancelSeat(r, p.now);
  const canTransfer = (r: MyRegistration) => canTransferSeat(r, p.now);
  const columns = [
    { label: 'Event', cell: (r: MyRegistration) => <a href={`/events/${r.event.slug}`}>{r.event.title}</a> },
    { label: 'When', cell: (r: MyRegistration) => eventWhen(r.event.startsAt, r.event.endsAt, r.event.timeZone) },
    { label: 'Ticket', cell: (r: MyRegistration) => (r.status === 'registered' ? <a href={`/tickets/${r.ticketCode}`}>{r.ticketName}</a> : r.ticketName) },
    { label: 'Status', cell: (r: MyRegistration) => statusText(r, r.event.timeZone) },
    { label: 'Price', cell: priceText },
    {
      label: 'Invoice',
      cell: (r: MyRegistration) =>
        r.invoice ? (
          <a href={`/invoices/${r.invoice.publicToken}`}>
            Invoice {r.invoice.number}
            {r.invoice.status === 'void' ? ' (void)' : creditedInFull(r.invoice) ? ' (credited)' : ''}
            <span class="visually-hidden"> for {r.event.title}</span>
          </a>
        ) : (r.paidByOrganization || r.placedBy) && r.status === 'registered' && r.priceCents > 0 ? (
          `Billed to ${r.paidByOrganization ?? r.placedBy}`
        ) : (
          '—'
        ),
    },
    {
      label: 'Actions',
      cell: (r: MyRegistration) => (
        <RowActions>
          {r.status === 'offered' ? (
            <a href={`/me/events/${r.id}/accept`}>
              Accept the seat<span class="visually-hidden"> for {r.event.title}</span>
            </a>
          ) : null}
          {canTransfer(r) ? (
            <a href={`/me/events/${r.id}/transfer`}>
              Transfer<span class="visually-hidden"> your ticket for {r.event.title}</span>
            </a>
          ) : null}
          {canCancel(r) ? (
            <a class="danger-link" href={`/me/events/${r.id}/cancel`}>
              Cancel<span class="visually-hidden"> your registration for {r.event.title}</span>
            </a>
          ) : null}
        </RowActions>
      ),
    },
  ];
  // Past events say what came of them: attended (with the hours and the certificate) or not.
  const pastStatus = {
    label: 'Status',
    cell: (r: MyRegistration) => (p.credited.has(r.event.id) ? 'Attended' : r.status === 'registered' ? 'Registered' : statusText(r, r.event.timeZone)),
  };
  const pdColumn = {
    label: 'PD hours',
    cell: (r: MyRegistration) => {
      const minutes = p.credited.get(r.event.id);
      if (minutes === undefined) return '—';
      return (
        <>
          {hoursText(minutes)} ·{' '}
          <a href={`/me/pd/${r.event.id}/certificate.pdf`}>
            Certificate<span class="visually-hidden"> of attendance for {r.event.title}</span> (PDF)
          </a>
        </>
      );
    },
  };
  return (
    <Layout ctx={p.ctx} title="My events">
      <h1>My events</h1>
      <p>
        Your registrations, the waitlist and your tickets. A ticket’s page has the code staff scan at check-in. Hours you earn at events are in your{' '}
        <a href="/me/pd">professional-development log</a>.
      </p>
      <ToPay registrations={upcoming} />
      <SimpleTable caption="Upcoming events" columns={columns} rows={upcoming} rowKey={(r) => r.id} empty="You are not registered for any upcoming event." />
      {past.length > 0 ? <SimpleTable caption="Past events" columns={[...columns.slice(0, 3), pastStatus, pdColumn]} rows={past} rowKey={(r) => r.id} empty="" /> : null}
      <h2>Calendar feed</h2>
      {p.feed.url ? (
        <>
          <p>Add this address to your calendar app (as a subscription) to see the events you are registered for. Keep it to yourself: anyone with it can read your list.</p>
          <p class="break">
            <code>{p.feed.url}</code>
          </p>
          <p>We show it only now: copy it before you leave this page. If you lose it, replace it.</p>
        </>
      ) : p.feed.createdAt ? (
        <p>
          You made a calendar feed on {formatTime(p.feed.createdAt, p.ctx.timeZone)}. For your privacy its address is shown only when it is made. Replacing it gives a new address;
          the old one stops working at once.
        </p>
      ) : (
        <p>A calendar feed is a private address your calendar app subscribes to, listing the events you are registered for.</p>
      )}
      <PostForm action="/me/events/calendar-feed" csrf={p.ctx.csrf} label="Calendar feed">
        <button type="submit">{p.feed.createdAt ? 'Replace my calendar feed address' : 'Make my calendar feed address'}</button>
      </PostForm>
    </Layout>
  );
}

export function TicketPage(p: {
  ctx: PageContext;
  t: {
    id: string;
    title: string;
    slug: string;
    attendee: string;
    ticket_name: string;
    ticket_code: string;
    status: string;
    cancel_reason: string | null;
    event_status: string;
    event_cancel_reason: string | null;
    format: 'online' | 'in_person' | 'hybrid';
    time_zone: string;
    starts_at: Date;
    ends_at: Date;
    venue_name: string;
    venue_address: string;
    join_url: string | null;
    order_status: string | null;
    invoice_number: string | null;
    invoice_token: string | null;
  };
  qr: string;
  /** what the ticket's owner may still do with the seat (My events' rules) */
  can: { cancel: boolean; transfer: boolean };
}) {
  const t = p.t;
  const live = t.status === 'registered';
  const unpaid = t.order_status === 'pending';

  return (
    <Layout ctx={p.ctx} title={`Ticket: ${t.title}`}>
      <BackLink href="/me/events">My events</BackLink>
      <h1>Ticket: {t.title}</h1>
      <SummaryList
        rows={[
          ['Attendee', t.attendee],
          ['Ticket', t.ticket_name],
          ['When', eventWhen(t.starts_at, t.ends_at, t.time_zone)],
          ['Where', locationOf(t)],
          [
            'Status',
            live
              ? t.order_status === 'pending'
                ? 'Registered: awaiting payment'
                : 'Registered'
              : t.event_status === 'cancelled' && t.status === 'cancelled' && t.cancel_reason !== 'transferred'
                ? cancelledEventStatus(t.cancel_reason, t.event_cancel_reason)
                : REGISTRATION_STATUS_LABELS[t.status as 'cancelled'],
          ],
          [
            'Join online',
            live && t.join_url && t.format !== 'in_person' ? t.order_status === 'pending' ? 'Shown here once your invoice is paid.' : <a href={t.join_url}>{t.join_url}</a> : null,
          ],
          ['Ticket code', <code key="code">{t.ticket_code}</code>],
        ]}
      />
      {live && unpaid ? (
        <>
          <h2>Payment</h2>
          {t.invoice_token ? (
            <p>
              This ticket is held for you, but it is not paid yet: pay <a href={`/invoices/${t.invoice_token}`}>invoice {t.invoice_number}</a> to confirm it.
            </p>
          ) : (
            // registered by someone else (a group's administrator): the invoice is theirs
            <p>This ticket is held for you, but it is not paid yet: it is confirmed once the invoice sent to whoever registered you is paid.</p>
          )}
        </>
      ) : null}
      {live ? (
        <>
          <h2>Your seat</h2>
          <ul>
            <li>
              <a href={`/me/events/${t.id}/calendar.ics`} download>
                Add to calendar
              </a>{' '}
              (an .ics file your calendar app opens)
            </li>
            {p.can.transfer ? (
              <li>
                <a href={`/me/events/${t.id}/transfer`}>Transfer this ticket to someone else</a>
              </li>
            ) : null}
            {p.can.cancel ? (
              <li>
                <a class="danger-link" href={`/me/events/${t.id}/cancel`}>
                  Cancel my registration
                </a>
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
      {!live ? (
        <p>This ticket is no longer valid.</p>
      ) : t.format === 'online' ? null : (
        <>
          <h2>Check-in</h2>
          <p>
            {t.format === 'hybrid' ? 'If you attend in person, show' : 'Show'} this code at the door: staff scan it to check you in
            {unpaid ? ', and they see whether its invoice is paid' : ''}.
          </p>
          <img class="ticket-qr" src={p.qr} alt={`QR code of ticket ${t.ticket_code}`} width={240} height={240} />
        </>
      )}
    </Layout>
  );
}

export function TransferPage(p: { ctx: PageContext; r: MyRegistration; onlyMembers: string | null; values?: { email?: string }; errors?: FieldErrors; message?: string }) {
  const title = `Transfer your ticket: ${p.r.event.title}`;
  return (
    <Layout ctx={p.ctx} title={title}>
      <BackLink href="/me/events">My events</BackLink>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} labels={{ email: 'Email' }} message={p.message} />
      <p>
        The person you name gets your seat at the price of your ticket, and an email with it. Your own registration ends. They need an account here with a confirmed email address.
      </p>
      {p.onlyMembers ? <p>{p.onlyMembers}</p> : null}
      <PostForm action={`/me/events/${p.r.id}/transfer`} csrf={p.ctx.csrf} label="Transfer your ticket">
        <Field name="email" label="Their email address" type="email" required autocomplete="off" value={p.values?.email} error={p.errors?.email} />
        <button type="submit">Transfer the ticket</button>
      </PostForm>
    </Layout>
  );
}

export function AcceptPage(p: { ctx: PageContext; r: MyRegistration; now: Date; message?: string }) {
  const r = p.r;
  const title = `A seat for you: ${r.event.title}`;
  const open = r.status === 'offered' && r.offerExpiresAt && r.offerExpiresAt.getTime() > p.now.getTime();
  return (
    <Layout ctx={p.ctx} title={title}>
      <BackLink href="/me/events">My events</BackLink>
      <h1>{title}</h1>
      <ErrorSummary message={p.message} />
      <SummaryList
        rows={[
          ['When', eventWhen(r.event.startsAt, r.event.endsAt, r.event.timeZone)],
          ['Ticket', r.ticketName],
          ['Offer open until', r.offerExpiresAt ? formatTime(r.offerExpiresAt, r.event.timeZone) : null],
        ]}
      />
      {open ? (
        <PostForm action={`/me/events/${r.id}/accept`} csrf={p.ctx.csrf} label="Accept the seat">
          <p>Accepting takes the seat at today’s price. A priced ticket comes with an invoice; your confirmation follows when it is paid.</p>
          <button type="submit">Accept the seat</button>
        </PostForm>
      ) : (
        <p>There is no seat waiting for you at this event now. See your events for where you stand.</p>
      )}
    </Layout>
  );
}

/** Too late to cancel a seat: why, and whom to write to (no button that could only fail). */
export function CancelClosedPage(p: { ctx: PageContext; r: MyRegistration; message: string }) {
  const title = `Cancel your registration for ${p.r.event.title}?`;
  return (
    <Layout ctx={p.ctx} title={title}>
      <BackLink href="/me/events">My events</BackLink>
      <h1>{title}</h1>
      <SummaryList rows={[['When', eventWhen(p.r.event.startsAt, p.r.event.endsAt, p.r.event.timeZone)]]} />
      <p class="lead">{p.message}</p>
      <p>
        <a href="/me/events">Back to my events</a>
      </p>
    </Layout>
  );
}

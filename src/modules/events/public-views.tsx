// The public pages of events: the listing of upcoming events (and the past archive) with its
// filters and cards, and one event's page with its agenda, ticket types, venue, Schema.org JSON-LD
// and, for a registrant or programs staff only, the join link. A members-only event shows
// visitors and non-members a teaser.
import type { VNode } from 'preact';
import type { FieldErrors } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { formatMoney } from '../../lib/money.js';
import { timeZoneLabel } from '../../lib/us-states.js';
import { ErrorSummary, FilterSelect, SimpleTable, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Pathway } from '../pathways/index.js';
import { FORMAT_LABELS, formatEventRange, formatEventTime, formatPlace, formatPriceRange, formatSessionTime, KIND_LABELS, paragraphs, priceRange } from './format.js';
import type { EventDetail, ListedEvent, Seat } from './queries.js';

export interface ListingView {
  when: 'upcoming' | 'past';
  events: ListedEvent[];
  query: Record<string, string | undefined>;
  errors?: FieldErrors;
  next: string | null;
  first: boolean;
  pathways: Pathway[];
  months: Array<{ value: string; label: string }>;
  now: Date;
}

const kindOptions = Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }));
const formatOptions = Object.entries(FORMAT_LABELS).map(([value, label]) => ({ value, label }));

function link(base: string, query: Record<string, string | undefined>, changes: Record<string, string | undefined>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...changes })) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

export function EventsListingPage(p: { ctx: PageContext; view: ListingView }) {
  const v = p.view;
  const base = v.when === 'upcoming' ? '/events' : '/events/past';
  const e = v.errors ?? {};
  const title = v.when === 'upcoming' ? 'Events' : 'Past events';
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">
        {v.when === 'upcoming'
          ? 'Trainings, workshops, webinars and the annual conference for local government staff. Members pay member prices.'
          : 'Events that have taken place.'}{' '}
        {v.when === 'upcoming' ? <a href="/events/past">See past events</a> : <a href="/events">See upcoming events</a>}
      </p>
      <form method="get" action={base} class="filters" aria-label="Filter events">
        <FilterSelect name="kind" label="Kind" value={v.query.kind} options={kindOptions} error={e.kind} />
        <FilterSelect name="format" label="Format" value={v.query.format} options={formatOptions} error={e.format} />
        {v.pathways.length ? (
          <FilterSelect name="pathway" label="Pathway" value={v.query.pathway} options={v.pathways.map((x) => ({ value: x.slug, label: x.name }))} error={e.pathway} />
        ) : null}
        <FilterSelect name="month" label="Month" value={v.query.month} options={v.months} error={e.month} />
        <button type="submit">Show events</button>
      </form>
      {e.cursor ? (
        <>
          <ErrorSummary title="This page link is not valid" message={e.cursor} />
          <p>
            <a href={base}>Go to the first page</a>
          </p>
        </>
      ) : null}
      <section aria-label={`${title}, ${v.when === 'upcoming' ? 'soonest first' : 'latest first'}`}>
        {v.events.length === 0 ? (
          <p>
            {Object.values(v.query).some(Boolean)
              ? 'No events match these filters.'
              : v.when === 'upcoming'
                ? 'No events are scheduled yet. Check back soon.'
                : 'No past events yet.'}
          </p>
        ) : (
          <ul class="cards">
            {v.events.map((ev) => (
              <li key={ev.id}>
                <EventCard event={ev} now={v.now} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {v.next || !v.first ? (
        <nav class="pager" aria-label={`${title} pages`}>
          {v.first ? null : <a href={link(base, v.query, { cursor: undefined })}>First page</a>}
          {v.next ? <a href={link(base, v.query, { cursor: v.next })}>Next page</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}

function EventCard(p: { event: ListedEvent; now: Date }) {
  const ev = p.event;
  return (
    <article class="card">
      <h2>
        <a href={`/events/${ev.slug}`}>{ev.title}</a>
      </h2>
      <p>
        {ev.status === 'cancelled' ? <strong>Cancelled: will not take place · </strong> : null}
        {ev.audience === 'members' ? <strong>Members only · </strong> : null}
        {KIND_LABELS[ev.kind]} · {FORMAT_LABELS[ev.format]}
      </p>
      <SummaryList
        rows={[
          ['When', formatEventRange(ev.starts_at, ev.ends_at, ev.time_zone)],
          ['Where', formatPlace(ev)],
          // no price once tickets are off sale (cancelled, started or over), as if one could still buy
          ['Price', ev.status === 'cancelled' || ev.starts_at <= p.now ? null : formatPriceRange(priceRange(ev.tickets, p.now))],
        ]}
      />
      {ev.summary ? <p>{ev.summary}</p> : null}
    </article>
  );
}

export interface EventPageView {
  event: EventDetail;
  /** a members-only event seen by someone who is not a member: title, date and summary only */
  teaser: boolean;
  /** the join link, for a registrant or programs staff; otherwise null */
  joinUrl: string | null;
  signedIn: boolean;
  /** the viewer's seat at this event: confirmed, held while its invoice awaits payment, or none */
  seat: Seat | null;
  /** why a cancelled event was cancelled, for a person who had registered for it; otherwise null */
  cancelReason?: string | null;
  canRegister: boolean;
  jsonLd: string;
  now: Date;
  /** parts other modules add under the details (deps.slots.eventPageParts: sponsorship's sponsors) */
  parts?: VNode[];
}

export function EventPage(p: { ctx: PageContext; view: EventPageView }) {
  const { event: ev, teaser } = p.view;
  const zone = ev.time_zone;
  const multiDay = formatSessionDay(ev.starts_at, zone) !== formatSessionDay(ev.ends_at, zone);
  // A cancelled event keeps its page (registrants follow links to it) but offers nothing to buy or join.
  const cancelled = ev.status === 'cancelled';
  // Tickets are on sale until the start (registration closes then); once it has ended, nobody joins.
  const onSale = !cancelled && ev.status !== 'completed' && ev.starts_at > p.view.now;
  const ended = ev.status === 'completed' || ev.ends_at <= p.view.now;
  return (
    <Layout ctx={p.ctx} title={ev.title}>
      <p>
        {/* back to the list it is in: the past events list holds an ended event that was not cancelled */}
        {!cancelled && ev.ends_at <= p.view.now ? <a href="/events/past">All past events</a> : <a href="/events">All events</a>}
      </p>
      <h1>{ev.title}</h1>
      {cancelled ? (
        <div class="warning" role="status">
          <p>
            <strong>This event has been cancelled.</strong>{' '}
            {ev.cancelled_at ? `It was cancelled on ${formatZonedDay(ev.cancelled_at, zone)} and will not take place.` : 'It will not take place.'} Registration is closed.
          </p>
          {p.view.cancelReason ? <p>Why: {p.view.cancelReason}</p> : null}
          <p>
            Everyone who was registered has been emailed about their seat and any invoice.{' '}
            {p.view.signedIn ? (
              <>
                Your registrations are in <a href="/me/events">My events</a>.{' '}
              </>
            ) : null}
            <a href="/events">See the other events</a>.
          </p>
        </div>
      ) : null}
      {ev.status === 'completed' ? <p class="notice">This event has taken place.</p> : null}
      <p class="lead">
        {ev.audience === 'members' ? <strong>Members only · </strong> : null}
        {KIND_LABELS[ev.kind]} · {FORMAT_LABELS[ev.format]}
      </p>
      <SummaryList
        rows={[
          ['When', formatEventRange(ev.starts_at, ev.ends_at, zone)],
          ['Where', formatPlace(ev)],
        ]}
      />
      {ev.summary ? <p>{ev.summary}</p> : null}
      {teaser ? (
        <section aria-labelledby="members-only">
          <h2 id="members-only">Members only</h2>
          <p>
            This event is for members of {p.ctx.associationName}: people with an individual membership, and staff of member governments.{' '}
            {p.view.signedIn ? (
              <>
                Your account is not a member’s. <a href="/join/individual">Join as a professional</a> or ask your government to <a href="/join">join</a>.
              </>
            ) : (
              <>
                <a href={`/login?next=${encodeURIComponent(`/events/${ev.slug}`)}`}>Sign in</a> to see the details and register, or <a href="/join/individual">join</a>.
              </>
            )}
          </p>
        </section>
      ) : (
        <>
          {cancelled ? null : p.view.seat?.state === 'confirmed' ? (
            <p class="notice" role="status">
              <strong>You are registered for this event.</strong> Your ticket{p.view.seat.invoiced ? ' and invoice are' : ' is'} in <a href="/me/events">My events</a>.
            </p>
          ) : p.view.seat?.state === 'awaiting_payment' ? (
            <p class="notice" role="status">
              <strong>You are registered for this event.</strong> Your seat is held while {p.view.seat.invoiced ? 'your invoice' : 'the invoice sent to whoever registered you'}{' '}
              awaits payment; once it is paid, you get the confirmation
              {ev.format === 'in_person' ? '' : ' and the join link'}. Your ticket{p.view.seat.invoiced ? ' and invoice are' : ' is'} in <a href="/me/events">My events</a>.
            </p>
          ) : p.view.canRegister ? (
            <p>
              <a class="button" href={`/events/${ev.slug}/register`}>
                Register<span class="visually-hidden"> for {ev.title}</span>
              </a>
            </p>
          ) : null}
          {p.view.joinUrl && !cancelled ? (
            <section aria-labelledby="join" class="notice">
              <h2 id="join">Join online</h2>
              <p>
                Your join link (do not share it): <a href={p.view.joinUrl}>{p.view.joinUrl}</a>
              </p>
            </section>
          ) : null}
          {ev.description ? (
            <section aria-labelledby="about">
              <h2 id="about">About this event</h2>
              {paragraphs(ev.description).map((para, i) => (
                <p key={String(i)}>{para}</p>
              ))}
            </section>
          ) : null}
          {ev.sessions.length ? (
            <section aria-labelledby="agenda">
              <h2 id="agenda">Agenda</h2>
              <SimpleTable
                caption={`Agenda, in ${timeZoneLabel(zone)} time`}
                rows={ev.sessions}
                rowKey={(s) => s.id}
                empty="The agenda will be announced."
                rowHeader={false}
                columns={[
                  { label: 'When', cell: (s) => formatSessionTime(s.starts_at, s.ends_at, zone, multiDay) },
                  {
                    label: 'Session',
                    cell: (s) => (
                      <>
                        {s.title}
                        {s.description ? <span class="hint"> — {s.description}</span> : null}
                      </>
                    ),
                  },
                  { label: 'Where', cell: (s) => s.location || '—' },
                  { label: 'PD hours', cell: (s) => (s.pd_minutes ? (s.pd_minutes / 60).toLocaleString('en-US', { maximumFractionDigits: 2 }) : '—') },
                ]}
              />
            </section>
          ) : null}
          {!onSale ? null : (
            <section aria-labelledby="tickets">
              <h2 id="tickets">Tickets</h2>
              <SimpleTable
                caption="Ticket types and prices"
                rows={ev.tickets}
                rowKey={(t) => t.id}
                empty="Tickets will be on sale soon."
                columns={[
                  { label: 'Ticket type', cell: (t) => `${t.name}${t.members_only ? ' (members only)' : ''}` },
                  { label: 'Member price', cell: (t) => (t.member_cents === 0 ? 'Free' : formatMoney(t.member_cents)) },
                  { label: 'Non-member price', cell: (t) => (t.nonmember_cents === 0 ? 'Free' : formatMoney(t.nonmember_cents)) },
                  {
                    label: 'Early-bird price',
                    cell: (t) =>
                      t.early_until && t.early_until > p.view.now
                        ? `${t.early_member_cents === null ? '' : `${formatMoney(t.early_member_cents)} members`}${t.early_member_cents !== null && t.early_nonmember_cents !== null ? ', ' : ''}${t.early_nonmember_cents === null ? '' : `${formatMoney(t.early_nonmember_cents)} others`} until ${formatEventTime(t.early_until, zone)}`
                        : '—',
                  },
                ]}
              />
            </section>
          )}
          {ev.format !== 'online' ? (
            <section aria-labelledby="venue">
              <h2 id="venue">Venue</h2>
              <p>
                {ev.venue_name}
                {ev.venue_address ? (
                  <>
                    <br />
                    {ev.venue_address}
                  </>
                ) : null}
              </p>
              {ev.format === 'hybrid' && !cancelled && !ended && !p.view.joinUrl ? <p>You may also join online; registrants get the link.</p> : null}
            </section>
          ) : cancelled || ended || p.view.joinUrl ? null : (
            // one holding the link (above) needs no promise of it
            <p>This event is online. Registrants get the link to join.</p>
          )}
        </>
      )}
      {p.view.parts ?? null}
      {/* Schema.org data for search engines (never the join link): JSON with <, > and & escaped, in a data block that is never run. */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: p.view.jsonLd }} />
    </Layout>
  );
}

const formatSessionDay = (d: Date, zone: string) => formatEventTime(d, zone).split(',').slice(0, 3).join(',');

// Pages of registering: /events/:slug/register (a ticket for oneself) and
// /events/:slug/register/group (an organization's administrator registers several contacts).
import type { Selectable } from 'kysely';
import type { EventsTable, EventTicketTypesTable } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { BackLink, Checkbox, ErrorSummary, FieldError, PostForm, RadioGroup, Select, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { locationOf } from './ics.js';
import { type Price, priceFor } from './pricing.js';
import { eventWhen } from './registration-format.js';

type EventRow = Selectable<EventsTable>;
type TicketRow = Selectable<EventTicketTypesTable>;

/** A ticket's line for this person: its name and what they would pay now, or why they cannot. */
function ticketLabel(t: TicketRow, member: boolean, now: Date): { label: string; price: Price | null } {
  let price: Price | null = null;
  try {
    price = priceFor(t, member, now);
  } catch {
    return { label: `${t.name}: members only`, price: null };
  }
  const cost = price.cents === 0 ? 'free' : formatCents(price.cents);
  // "free (member price)" would suggest others pay
  const notes = price.cents === 0 ? '' : [price.member ? 'member price' : null, price.early ? 'early-bird' : null].filter(Boolean).join(', ');
  return { label: `${t.name}: ${cost}${notes ? ` (${notes})` : ''}`, price };
}

/** Whether every ticket on offer is free for everyone: then no invoice is ever issued, and the pages
 * must not speak of one. */
const allFree = (tickets: TicketRow[]) =>
  tickets.every((t) => t.member_cents === 0 && t.nonmember_cents === 0 && (t.early_member_cents ?? 0) === 0 && (t.early_nonmember_cents ?? 0) === 0);

function EventFacts(p: { event: EventRow }) {
  const e = p.event;
  return (
    <SummaryList
      rows={[
        ['When', eventWhen(e.starts_at, e.ends_at, e.time_zone)],
        ['Where', locationOf(e)],
      ]}
    />
  );
}

export function RegisterPage(p: {
  ctx: PageContext;
  event: EventRow;
  tickets: TicketRow[];
  member: boolean;
  now: Date;
  idempotencyKey: string;
  values?: { ticket_type_id?: string };
  errors?: FieldErrors;
  message?: string;
  alreadyRegistered: boolean;
  orgAdmin: boolean;
}) {
  const title = `Register: ${p.event.title}`;
  const options = p.tickets.map((t) => ({ t, ...ticketLabel(t, p.member, p.now) }));
  const open = options.filter((o) => o.price !== null);
  const closed = options.filter((o) => o.price === null);
  return (
    <Layout ctx={p.ctx} title={title}>
      <BackLink href={`/events/${p.event.slug}`}>About this event</BackLink>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} labels={{ ticket_type_id: 'Ticket' }} message={p.message} />
      <EventFacts event={p.event} />
      {p.alreadyRegistered ? (
        <p>
          You are already registered for this event, or on its waitlist. <a href="/me/events">See your events</a>.
        </p>
      ) : p.event.audience === 'members' && !p.member ? (
        <p>
          This event is for members only. <a href="/join/individual">Join as a professional</a> to register.
        </p>
      ) : (
        <PostForm action={`/events/${p.event.slug}/register`} csrf={p.ctx.csrf} label="Register">
          <input type="hidden" name="idempotency_key" value={p.idempotencyKey} />
          <RadioGroup
            name="ticket_type_id"
            legend="Choose your ticket"
            options={open.map((o) => ({ value: o.t.id, label: o.label }))}
            value={p.values?.ticket_type_id ?? (open.length === 1 ? open[0]?.t.id : undefined)}
            error={p.errors?.ticket_type_id}
          />
          {closed.length > 0 ? <p>Also for members only: {closed.map((c) => c.t.name).join(', ')}.</p> : null}
          {open.length > 0 && open.every((o) => o.price?.cents === 0) ? (
            <p>
              Your seat is taken as soon as you register, and your confirmation, with a calendar invitation, comes by email. It is free for you: there is nothing to pay. If the
              event is full, you join its waitlist.
            </p>
          ) : (
            <p>
              Your seat is taken as soon as you register. A priced ticket comes with an invoice that says how to pay it; your confirmation and calendar invitation follow when it is
              paid. If the event is full, you join its waitlist and nothing is charged.
            </p>
          )}
          <button type="submit">Register</button>
        </PostForm>
      )}
      {p.orgAdmin ? (
        <p>
          Registering colleagues? <a href={`/events/${p.event.slug}/register/group`}>Register several people from your organization</a>
          {allFree(p.tickets) ? ' at once.' : ' on one invoice.'}
        </p>
      ) : null}
    </Layout>
  );
}

export function GroupRegisterPage(p: {
  ctx: PageContext;
  event: EventRow;
  tickets: TicketRow[];
  organizations: Array<{ id: string; name: string; member: boolean }>;
  organizationId: string;
  contacts: Array<{ id: string; name: string; email: string; title: string }>;
  now: Date;
  idempotencyKey: string;
  values?: { ticket_type_id?: string; attendees?: string[] };
  errors?: FieldErrors;
  message?: string;
}) {
  const title = `Register your staff: ${p.event.title}`;
  const org = p.organizations.find((o) => o.id === p.organizationId);
  const member = org?.member ?? false;
  const options = p.tickets.map((t) => ({ t, ...ticketLabel(t, member, p.now) })).filter((o) => o.price !== null);
  const chosen = new Set(p.values?.attendees ?? []);
  // today's prices for this organization: all free, no invoice; all priced, always one
  const free = options.length > 0 && options.every((o) => o.price?.cents === 0);
  const priced = options.length > 0 && options.every((o) => (o.price?.cents ?? 0) > 0);
  return (
    <Layout ctx={p.ctx} title={title}>
      <BackLink href={`/events/${p.event.slug}/register`}>Register yourself instead</BackLink>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} labels={{ ticket_type_id: 'Ticket', attendees: 'People' }} message={p.message} />
      <EventFacts event={p.event} />
      <PostForm action={`/events/${p.event.slug}/register/group`} csrf={p.ctx.csrf} label="Register your staff">
        <input type="hidden" name="idempotency_key" value={p.idempotencyKey} />
        {p.organizations.length > 1 ? (
          <Select name="org" label="Organization" required options={p.organizations.map((o) => ({ value: o.id, label: o.name }))} value={p.organizationId} />
        ) : (
          <input type="hidden" name="org" value={p.organizationId} />
        )}
        {free ? (
          <p>The event is free: there is nothing to pay. Each person gets an email with their confirmation and a calendar invitation.</p>
        ) : (
          <p>
            {org?.name ?? 'Your organization'} {member ? 'is a member: everyone gets the member price.' : 'is not a member now: non-member prices apply.'}{' '}
            {priced
              ? 'One invoice goes to the organization, with a line per person; each person gets an email.'
              : 'A priced ticket puts one invoice to the organization, with a line per person; a free one needs none. Each person gets an email.'}
          </p>
        )}
        <RadioGroup
          name="ticket_type_id"
          legend="Ticket for everyone in this order"
          options={options.map((o) => ({ value: o.t.id, label: o.label }))}
          value={p.values?.ticket_type_id ?? (options.length === 1 ? options[0]?.t.id : undefined)}
          error={p.errors?.ticket_type_id}
        />
        <fieldset class={p.errors?.attendees ? 'field field-error' : 'field'} aria-describedby={p.errors?.attendees ? 'f-attendees-error' : undefined}>
          <legend id="f-attendees">Who is coming</legend>
          <FieldError id="f-attendees-error" error={p.errors?.attendees} />
          {p.contacts.length === 0 ? <p>Your organization has no contacts yet.</p> : null}
          {p.contacts.map((c) => (
            <Checkbox key={c.id} name={`attendee_${c.id}`} label={`${c.name} (${c.email})`} checked={chosen.has(c.id)} />
          ))}
        </fieldset>
        <button type="submit">{priced ? 'Register and send the invoice' : 'Register them'}</button>
      </PostForm>
    </Layout>
  );
}

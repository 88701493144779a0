// Reads of registration: an event open for registration with its ticket types, one's own
// registrations (never anyone else's), a ticket by its code, an organization's contacts for a
// group registration, and the registered events of a calendar feed.
import type { Db } from '../../db/client.js';
import type { EventRegistrationStatus } from '../../db/types.js';
import { sha256 } from '../../lib/crypto.js';
import { EVENT_CALENDAR_COLUMNS } from './ics.js';
import { waitlistPosition } from './registration-seats.js';

/** A published event by its slug, with its ticket types; a cancelled one too, so that its callers
 * can say it is cancelled (assertNotCancelled) rather than that it does not exist. */
export async function eventForRegistration(db: Db, slug: string) {
  const event = await db
    .selectFrom('events')
    .selectAll()
    .where('slug', '=', slug)
    .where('status', 'in', ['published', 'cancelled'])
    .where('published_at', 'is not', null)
    .executeTakeFirst();
  if (!event) return null;
  const tickets = await db
    .selectFrom('event_ticket_types')
    .selectAll()
    .where('event_id', '=', event.id)
    .where('archived_at', 'is', null)
    .orderBy('position')
    .orderBy('name')
    .execute();
  return { event, tickets };
}

export interface MyRegistration {
  id: string;
  status: EventRegistrationStatus;
  priceCents: number;
  memberPrice: boolean;
  ticketCode: string;
  ticketName: string;
  offerExpiresAt: Date | null;
  waitlistPosition: number | null;
  registeredAt: Date | null;
  cancelledAt: Date | null;
  /** cancelled because its holder gave the ticket to someone else */
  transferred: boolean;
  /** why it was cancelled, as written on it ('cancelled_by_registrant', the event's cancellation…) */
  cancelReason: string | null;
  createdAt: Date;
  event: {
    id: string;
    slug: string;
    title: string;
    startsAt: Date;
    endsAt: Date;
    timeZone: string;
    cancelHoursBefore: number;
    transfersAllowed: boolean;
    status: string;
    /** the reason staff gave for cancelling the event, which its registrants are told */
    cancelReason: string | null;
  };
  /** the order's state: pending payment, paid, free, cancelled */
  orderStatus: string | null;
  /** the invoice's public link, when the person is the one who pays it */
  invoice: { number: string | null; publicToken: string; status: string; totalCents: number; creditedCents: number } | null;
  /** paid by this organization (a group order) */
  paidByOrganization: string | null;
  /** the person whose order it is, when it is not this person's nor an organization's (a ticket given to them) */
  placedBy: string | null;
  /** whom this person gave the ticket to */
  transferredTo: string | null;
}

/** One person's registrations, newest event first; `id` narrows to one. */
export async function myRegistrations(db: Db, userId: string, opts: { id?: string; limit?: number } = {}): Promise<MyRegistration[]> {
  let q = db
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id')
    .leftJoin('event_orders as o', 'o.id', 'r.order_id')
    .leftJoin('invoices as i', (j) => j.onRef('i.id', '=', 'o.invoice_id').onRef('o.buyer_user_id', '=', 'r.user_id'))
    .leftJoin('organizations as org', 'org.id', 'o.organization_id')
    // who placed the order when it is not this person's, and whom a ticket given away went to
    .leftJoin('users as buyer', (j) => j.onRef('buyer.id', '=', 'o.buyer_user_id').onRef('o.buyer_user_id', '<>', 'r.user_id'))
    .leftJoin('event_registrations as given', 'given.id', 'r.transferred_to')
    .leftJoin('users as taker', 'taker.id', 'given.user_id')
    .select([
      'r.id',
      'r.event_id',
      'r.status',
      'r.price_cents',
      'r.member_price',
      'r.ticket_code',
      'r.offer_expires_at',
      'r.waitlisted_at',
      'r.registered_at',
      'r.cancelled_at',
      'r.cancel_reason',
      'r.created_at',
      't.name as ticket_name',
      'e.slug',
      'e.title',
      'e.starts_at',
      'e.ends_at',
      'e.time_zone',
      'e.cancel_hours_before',
      'e.transfers_allowed',
      'e.status as event_status',
      'e.cancel_reason as event_cancel_reason',
      'o.status as order_status',
      'i.number as invoice_number',
      'i.public_token',
      'i.status as invoice_status',
      'i.total_cents as invoice_total_cents',
      'i.credited_cents as invoice_credited_cents',
      'org.name as organization_name',
      'buyer.name as buyer_name',
      'taker.name as transferred_to_name',
    ])
    .where('r.user_id', '=', userId)
    .orderBy('e.starts_at', 'desc')
    .orderBy('r.created_at', 'desc')
    .limit(opts.limit ?? 200);
  if (opts.id) q = q.where('r.id', '=', opts.id);
  const rows = await q.execute();
  const out: MyRegistration[] = [];
  for (const r of rows) {
    out.push({
      id: r.id,
      status: r.status,
      priceCents: r.price_cents,
      memberPrice: r.member_price,
      ticketCode: r.ticket_code,
      ticketName: r.ticket_name,
      offerExpiresAt: r.offer_expires_at,
      waitlistPosition: r.status === 'waitlisted' ? await waitlistPosition(db, r) : null,
      registeredAt: r.registered_at,
      cancelledAt: r.cancelled_at,
      transferred: r.status === 'cancelled' && r.cancel_reason === 'transferred',
      transferredTo: r.status === 'cancelled' && r.cancel_reason === 'transferred' ? r.transferred_to_name : null,
      cancelReason: r.cancel_reason,
      createdAt: r.created_at,
      event: {
        id: r.event_id,
        slug: r.slug,
        title: r.title,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        timeZone: r.time_zone,
        cancelHoursBefore: r.cancel_hours_before,
        transfersAllowed: r.transfers_allowed,
        status: r.event_status,
        cancelReason: r.event_cancel_reason,
      },
      orderStatus: r.order_status,
      invoice: r.public_token
        ? {
            number: r.invoice_number,
            publicToken: r.public_token,
            status: r.invoice_status ?? '',
            totalCents: Number(r.invoice_total_cents ?? 0),
            creditedCents: Number(r.invoice_credited_cents ?? 0),
          }
        : null,
      paidByOrganization: r.organization_name,
      placedBy: r.organization_name ? null : r.buyer_name,
    });
  }
  return out;
}

/** A ticket, only for its own attendee (null for anyone else). */
export async function ticketOfAttendee(db: Db, code: string, userId: string) {
  return (
    db
      .selectFrom('event_registrations as r')
      .innerJoin('events as e', 'e.id', 'r.event_id')
      .innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .leftJoin('event_orders as o', 'o.id', 'r.order_id')
      // the invoice only when the attendee bought the ticket (a group's invoice is its buyer's)
      .leftJoin('invoices as i', (j) => j.onRef('i.id', '=', 'o.invoice_id').onRef('o.buyer_user_id', '=', 'r.user_id'))
      .select([
        'r.id',
        'r.status',
        'r.cancel_reason',
        'r.ticket_code',
        't.name as ticket_name',
        'e.status as event_status',
        'e.cancel_reason as event_cancel_reason',
        'u.name as attendee',
        'e.slug',
        'e.cancel_hours_before',
        'e.transfers_allowed',
        ...EVENT_CALENDAR_COLUMNS,
        'o.status as order_status',
        'i.number as invoice_number',
        'i.public_token as invoice_token',
      ])
      .where('r.ticket_code', '=', code)
      .where('r.user_id', '=', userId)
      .executeTakeFirst()
  );
}

/** The contacts of an organization, for its administrator's group registration. */
export async function contactsOf(db: Db, organizationId: string) {
  return db
    .selectFrom('organization_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.id', 'u.name', 'u.email', 'c.title'])
    .where('c.organization_id', '=', organizationId)
    .where('u.disabled_at', 'is', null)
    .orderBy('u.name')
    .execute();
}

/** The person a calendar feed secret belongs to, or null. */
export async function feedOwner(db: Db, secret: string): Promise<string | null> {
  const row = await db.selectFrom('event_calendar_feeds').select('user_id').where('token_hash', '=', sha256(secret)).executeTakeFirst();
  return row?.user_id ?? null;
}

/** One's registered events (not cancelled ones, nor the waitlist) for the calendar feed. */
export async function feedEvents(db: Db, userId: string) {
  return db
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select(['r.id', 'r.ticket_code', ...EVENT_CALENDAR_COLUMNS])
    .where('r.user_id', '=', userId)
    .where('r.status', '=', 'registered')
    .where('e.status', 'in', ['published', 'completed'])
    .orderBy('e.starts_at')
    .limit(500)
    .execute();
}

export async function feedCreatedAt(db: Db, userId: string): Promise<Date | null> {
  const row = await db.selectFrom('event_calendar_feeds').select('created_at').where('user_id', '=', userId).executeTakeFirst();
  return row?.created_at ?? null;
}

/** Whether the person holds a live registration (registered, waitlisted or offered) for the event. */
export async function hasLiveRegistration(db: Db, eventId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('event_registrations')
    .select('id')
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst();
  return !!row;
}

/** The organizations among `ids` by name, each with whether its membership is active. */
export async function organizationsForGroup(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organizations')
    .select(['id', 'name', (eb) => eb.and([eb('status', '=', 'active'), eb('merged_into_id', 'is', null)]).as('member')])
    .where('id', 'in', ids)
    .orderBy('name')
    .execute();
}

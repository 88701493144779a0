// Events' staff operations, the reads: one event's registrations (filtered, searched, paged),
// seats per ticket type, the waitlist in order, revenue from billing's invoices (shared,
// read-only), attendance per session, and the registrations export read in keyset batches.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { EventRegistrationStatus, EventStatus } from '../../db/types.js';
import { likeEscape, nameWords } from '../../lib/search-text.js';
import { balanceOf, creditBalanceOf } from '../billing/index.js';

export const REGISTRATION_STATUSES = ['registered', 'waitlisted', 'offered', 'cancelled'] as const satisfies readonly EventRegistrationStatus[];
export const PAGE_SIZE = 50;
export const EXPORT_BATCH = 1_000;

export interface OpsEvent {
  id: string;
  slug: string;
  title: string;
  status: EventStatus;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  cancelReason: string | null;
  /** seats for the whole event, over its ticket types; null for no limit */
  capacity: number | null;
}

export interface OpsSession {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  pdMinutes: number;
}

/** The event (any status), or undefined. */
export async function opsEvent(db: Db, eventId: string): Promise<OpsEvent | undefined> {
  const e = await db
    .selectFrom('events')
    .select(['id', 'slug', 'title', 'status', 'time_zone', 'starts_at', 'ends_at', 'cancel_reason', 'capacity'])
    .where('id', '=', eventId)
    .executeTakeFirst();
  return (
    e && {
      id: e.id,
      slug: e.slug,
      title: e.title,
      status: e.status,
      timeZone: e.time_zone,
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      cancelReason: e.cancel_reason,
      capacity: e.capacity,
    }
  );
}

export async function eventSessions(db: Db, eventId: string): Promise<OpsSession[]> {
  const rows = await db
    .selectFrom('event_sessions')
    .select(['id', 'title', 'starts_at', 'ends_at', 'pd_minutes'])
    .where('event_id', '=', eventId)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
  return rows.map((s) => ({ id: s.id, title: s.title, startsAt: s.starts_at, endsAt: s.ends_at, pdMinutes: s.pd_minutes }));
}

/** The session happening at `now`; else the last one that has started; else the first. */
export function currentSession(sessions: OpsSession[], now: Date): OpsSession | undefined {
  const t = now.getTime();
  return sessions.find((s) => s.startsAt.getTime() <= t && t < s.endsAt.getTime()) ?? [...sessions].reverse().find((s) => s.startsAt.getTime() <= t) ?? sessions[0];
}

export interface TicketTypeSeats {
  id: string;
  name: string;
  capacity: number | null;
  taken: number;
  waitlisted: number;
}

/** Seats taken (registered, and offered seats held) and people waiting, per ticket type. */
export async function seatsByTicketType(db: Db, eventId: string): Promise<TicketTypeSeats[]> {
  const rows = await db
    .selectFrom('event_ticket_types as t')
    .leftJoin('event_registrations as r', 'r.ticket_type_id', 't.id')
    .select((eb) => [
      't.id',
      't.name',
      't.capacity',
      eb.fn.count<string>('r.id').filterWhere('r.status', 'in', ['registered', 'offered']).as('taken'),
      eb.fn.count<string>('r.id').filterWhere('r.status', '=', 'waitlisted').as('waitlisted'),
    ])
    .where('t.event_id', '=', eventId)
    .groupBy(['t.id', 't.name', 't.capacity', 't.position'])
    .orderBy('t.position')
    .orderBy('t.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, capacity: r.capacity, taken: Number(r.taken), waitlisted: Number(r.waitlisted) }));
}

export interface RegistrationRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  ticketType: string;
  status: EventRegistrationStatus;
  priceCents: number;
  memberPrice: boolean;
  createdAt: Date;
  registeredAt: Date | null;
  waitlistedAt: Date | null;
  cancelledAt: Date | null;
  sessionsAttended: number;
}

export interface RegistrationFilters {
  status?: EventRegistrationStatus;
  q?: string;
}

function registrationsQuery(db: Db, eventId: string, f: RegistrationFilters) {
  let q = db
    .selectFrom('event_registrations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id')
    .select((eb) => [
      'r.id',
      'r.user_id',
      'u.name',
      'u.email',
      't.name as ticket_type',
      'r.status',
      'r.price_cents',
      'r.member_price',
      'r.created_at',
      'r.registered_at',
      'r.waitlisted_at',
      'r.cancelled_at',
      eb
        .selectFrom('event_attendance as a')
        .select((x) => x.fn.countAll<string>().as('n'))
        .whereRef('a.registration_id', '=', 'r.id')
        .as('attended'),
    ])
    .where('r.event_id', '=', eventId);
  if (f.status) q = q.where('r.status', '=', f.status);
  // every word of the query is the start of a word of the name (or part of the email)
  for (const w of nameWords(f.q ?? '').slice(0, 6)) {
    const pattern = `%${likeEscape(w)}%`;
    q = q.where((eb) => eb.or([eb(sql<string>`civnet_fold(u.name)`, 'like', pattern), eb('u.email', 'ilike', pattern)]));
  }
  return q;
}

type RawRegistration = Awaited<ReturnType<ReturnType<typeof registrationsQuery>['execute']>>[number];
const toRegistration = (r: RawRegistration): RegistrationRow => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  email: r.email,
  ticketType: r.ticket_type,
  status: r.status,
  priceCents: Number(r.price_cents),
  memberPrice: r.member_price,
  createdAt: r.created_at,
  registeredAt: r.registered_at,
  waitlistedAt: r.waitlisted_at,
  cancelledAt: r.cancelled_at,
  sessionsAttended: Number(r.attended ?? 0),
});

/** One page of the event's registrations under the filters, by name. */
export async function listRegistrations(db: Db, eventId: string, f: RegistrationFilters, page: number): Promise<{ rows: RegistrationRow[]; hasNext: boolean }> {
  const rows = await registrationsQuery(db, eventId, f)
    .orderBy('u.name')
    .orderBy('r.id')
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return { rows: rows.slice(0, PAGE_SIZE).map(toRegistration), hasNext: rows.length > PAGE_SIZE };
}

/** Every registration under the filters, in the order they were made, read in keyset batches of
 * (created_at, id): never an offset, so a long export neither loses nor repeats a row. */
export async function* streamRegistrations(db: Db, eventId: string, f: RegistrationFilters, batchSize = EXPORT_BATCH): AsyncGenerator<RegistrationRow[]> {
  let after = sql<boolean>`true`;
  for (;;) {
    const rows = await registrationsQuery(db, eventId, f)
      .select(sql<string>`r.created_at::text`.as('created_key'))
      .where(after)
      .orderBy('r.created_at')
      .orderBy('r.id')
      .limit(batchSize)
      .execute();
    if (rows.length) yield rows.map(toRegistration);
    const end = rows.at(-1);
    if (rows.length < batchSize || !end) return;
    after = sql<boolean>`(r.created_at, r.id) > (${end.created_key}::timestamptz, ${end.id}::uuid)`;
  }
}

/** How many of the event's registrations have one of these statuses. */
export async function countRegistrations(db: Db, eventId: string, statuses: EventRegistrationStatus[]): Promise<number> {
  const row = await db
    .selectFrom('event_registrations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('event_id', '=', eventId)
    .where('status', 'in', statuses)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many orders with a live invoice (not void) hold a live registration: the invoices that
 * cancelling the event voids or credits. None for a free event. */
export async function liveInvoiceCount(db: Db, eventId: string): Promise<number> {
  const row = await db
    .selectFrom('event_registrations as r')
    .innerJoin('event_orders as o', 'o.id', 'r.order_id')
    .innerJoin('invoices as i', 'i.id', 'o.invoice_id')
    .select((eb) => eb.fn.count<string>('o.id').distinct().as('n'))
    .where('r.event_id', '=', eventId)
    .where('r.status', '<>', 'cancelled')
    .where('i.status', '<>', 'void')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The waitlist, first in line first. */
export async function waitlistOf(db: Db, eventId: string): Promise<Array<{ id: string; name: string; ticketType: string; waitlistedAt: Date | null }>> {
  const rows = await db
    .selectFrom('event_registrations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id')
    .select(['r.id', 'u.name', 't.name as ticket_type', 'r.waitlisted_at'])
    .where('r.event_id', '=', eventId)
    .where('r.status', '=', 'waitlisted')
    .orderBy('r.waitlisted_at')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, ticketType: r.ticket_type, waitlistedAt: r.waitlisted_at }));
}

export interface Revenue {
  invoicedCents: number;
  collectedCents: number;
  creditedCents: number;
  outstandingCents: number;
  /** paid beyond what the invoices still ask (credited after payment, as a cancellation does): owed back */
  toRefundCents: number;
  invoices: number;
}

/** What the event's orders were invoiced, collected and still owe (billing's invoices, read-only;
 * void invoices count for nothing). */
export async function eventRevenue(db: Db, eventId: string): Promise<Revenue> {
  const invoices = await db
    .selectFrom('event_orders as o')
    .innerJoin('invoices as i', 'i.id', 'o.invoice_id')
    .select(['i.total_cents', 'i.paid_cents', 'i.credited_cents', 'i.status'])
    .where('o.event_id', '=', eventId)
    .execute();
  const r: Revenue = { invoicedCents: 0, collectedCents: 0, creditedCents: 0, outstandingCents: 0, toRefundCents: 0, invoices: 0 };
  for (const i of invoices) {
    if (i.status === 'void' || i.status === 'draft') continue;
    r.invoices += 1;
    r.invoicedCents += Number(i.total_cents);
    r.collectedCents += Number(i.paid_cents);
    r.creditedCents += Number(i.credited_cents);
    // an invoice in credit owes nothing and is owed back the difference: never a negative "still due"
    const balance = balanceOf({ total_cents: Number(i.total_cents), paid_cents: Number(i.paid_cents), credited_cents: Number(i.credited_cents), status: i.status });
    if (balance > 0) r.outstandingCents += balance;
    else r.toRefundCents -= balance;
  }
  return r;
}

/** Attendees checked in, per session. */
export async function attendanceBySession(db: Db, eventId: string): Promise<Array<OpsSession & { checkedIn: number }>> {
  const [sessions, counts] = await Promise.all([
    eventSessions(db, eventId),
    db
      .selectFrom('event_attendance as a')
      .innerJoin('event_sessions as s', 's.id', 'a.session_id')
      .select((eb) => ['a.session_id', eb.fn.countAll<string>().as('n')])
      .where('s.event_id', '=', eventId)
      .groupBy('a.session_id')
      .execute(),
  ]);
  const by = new Map(counts.map((c) => [c.session_id, Number(c.n)]));
  return sessions.map((s) => ({ ...s, checkedIn: by.get(s.id) ?? 0 }));
}

export interface RefundDue {
  orderId: string;
  buyer: string;
  invoiceId: string;
  invoiceNumber: string | null;
  /** paid beyond what the invoice still asks: what finance pays back */
  dueCents: number;
}

/** The event's orders whose invoice is in credit (a paid seat cancelled, or the event): what
 * finance refunds. An order leaves the list once its refund is recorded in billing. */
export async function refundsDue(db: Db, eventId: string): Promise<RefundDue[]> {
  const rows = await db
    .selectFrom('event_orders as o')
    .innerJoin('invoices as i', 'i.id', 'o.invoice_id')
    .innerJoin('users as u', 'u.id', 'o.buyer_user_id')
    .select(['o.id', 'u.name', 'i.id as invoice_id', 'i.number', 'i.total_cents', 'i.paid_cents', 'i.credited_cents', 'i.status'])
    .where('o.event_id', '=', eventId)
    .where('i.status', '<>', 'void')
    .whereRef('i.paid_cents', '>', sql`i.total_cents - i.credited_cents`)
    .orderBy('u.name')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ orderId: r.id, buyer: r.name, invoiceId: r.invoice_id, invoiceNumber: r.number, dueCents: creditBalanceOf(r) }));
}

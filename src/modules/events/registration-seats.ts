// Seats of an event, counted under the lock on its row: registrations that are registered or
// offered hold a seat (per ticket type and for the whole event); waitlisted ones wait in line.
import type { Selectable } from 'kysely';
import type { EventsTable, EventTicketTypesTable } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import type { Trx } from './service.js';

export type EventRow = Selectable<EventsTable>;
export type TicketRow = Selectable<EventTicketTypesTable>;

/** Locks the event's row for the rest of the transaction: every change of its seats goes through
 * here first, so simultaneous registrations, cancellations and offers are counted one at a time. */
export async function lockEvent(trx: Trx, eventId: string): Promise<EventRow> {
  const event = await trx.selectFrom('events').selectAll().where('id', '=', eventId).forUpdate().executeTakeFirst();
  if (!event) throw new AppError('not_found', { message: 'There is no such event.' });
  return event;
}

export interface Seats {
  total: number;
  byTicket: Map<string, number>;
}

export async function liveSeats(trx: Trx, eventId: string): Promise<Seats> {
  const rows = await trx
    .selectFrom('event_registrations')
    .select(['ticket_type_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('event_id', '=', eventId)
    .where('status', 'in', ['registered', 'offered'])
    .groupBy('ticket_type_id')
    .execute();
  const byTicket = new Map(rows.map((r) => [r.ticket_type_id, Number(r.n)]));
  return { total: rows.reduce((sum, r) => sum + Number(r.n), 0), byTicket };
}

export const hasRoom = (event: Pick<EventRow, 'capacity'>, ticket: Pick<TicketRow, 'id' | 'capacity'>, seats: Seats): boolean =>
  (event.capacity === null || seats.total < event.capacity) && (ticket.capacity === null || (seats.byTicket.get(ticket.id) ?? 0) < ticket.capacity);

/** Counts a seat just taken, so that one transaction placing several attendees sees its own. */
export function takeSeat(seats: Seats, ticketTypeId: string): void {
  seats.total += 1;
  seats.byTicket.set(ticketTypeId, (seats.byTicket.get(ticketTypeId) ?? 0) + 1);
}

/** A ticket type of this event that is still on sale; another event's, or an unknown one, is a 400. */
export async function ticketOf(trx: Trx, eventId: string, ticketTypeId: string): Promise<TicketRow> {
  const ticket = await trx
    .selectFrom('event_ticket_types')
    .selectAll()
    .where('id', '=', ticketTypeId)
    .where('event_id', '=', eventId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (!ticket) throw new AppError('validation_failed', { message: 'Choose one of this event’s tickets.', fields: { ticketTypeId: 'Choose one of this event’s tickets.' } });
  return ticket;
}

/** A cancelled event takes no registrations: said plainly, not as a missing event. */
export function assertNotCancelled(event: Pick<EventRow, 'status' | 'slug'>): void {
  // the refusal's page leads back to the event, which says it is cancelled
  if (event.status === 'cancelled')
    throw new AppError('events.cancelled', {
      status: 409,
      message: 'This event has been cancelled: nobody can register for it.',
      wayOn: { href: `/events/${encodeURIComponent(event.slug)}`, label: 'Back to the event' },
    });
}

/** The event is open for registration: published (not cancelled) and not started. */
export function assertOpen(event: EventRow, now: Date): void {
  assertNotCancelled(event);
  if (event.status !== 'published') throw new AppError('not_found', { message: 'There is no such event.' });
  if (event.starts_at.getTime() <= now.getTime()) throw new AppError('events.registration_closed', { status: 409, message: 'Registration has closed: the event has started.' });
}

/** The place of a waitlisted registration in its event's line (1 is next). */
export async function waitlistPosition(db: Pick<Trx, 'selectFrom'>, r: { event_id: string; id: string; waitlisted_at: Date | null }): Promise<number | null> {
  if (!r.waitlisted_at) return null;
  const at = r.waitlisted_at;
  const ahead = await db
    .selectFrom('event_registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', r.event_id)
    .where('status', '=', 'waitlisted')
    .where((eb) => eb.or([eb('waitlisted_at', '<', at), eb.and([eb('waitlisted_at', '=', at), eb('id', '<', r.id)])]))
    .executeTakeFirstOrThrow();
  return Number(ahead.n) + 1;
}

// How registration pages and emails write an event's time, a registration's status and money.
import type { EventRegistrationStatus } from '../../db/types.js';
import { formatEventRange } from './format.js';

/** The event's time as every events page writes it (`formatEventRange`): "Tue, Dec 8, 2026,
 * 9:00 AM – 12:00 PM CST", both days written out when it spans days. */
export const eventWhen = (start: Date, end: Date, zone: string): string => formatEventRange(start, end, zone);

export const REGISTRATION_STATUS_LABELS: Record<EventRegistrationStatus, string> = {
  registered: 'Registered',
  waitlisted: 'On the waitlist',
  offered: 'Seat offered',
  cancelled: 'Cancelled',
};

const HOUR = 3_600_000;

/** The reason written on each registration an event's cancellation ends (`cancelEvent`). */
export const endedByCancellation = (reason: string) => `The event was cancelled: ${reason}`;

/** A cancelled registration at a cancelled event, as its registrant reads it, with the reason staff
 * gave: ended by the event's cancellation, or cancelled before it (by the registrant, or an offer
 * that lapsed), the event cancelled later. */
export function cancelledEventStatus(registrationReason: string | null, eventReason: string | null): string {
  const why = eventReason ? `: ${eventReason}` : '';
  return registrationReason === endedByCancellation(eventReason ?? '') ? `Event cancelled${why}` : `Cancelled. The event was later cancelled${why}`;
}

interface SeatFacts {
  status: EventRegistrationStatus;
  event: { startsAt: Date; cancelHoursBefore: number; transfersAllowed: boolean };
}

/** Whether the registrant may still cancel this seat themself: the waitlist or an offer any time, a
 * registered seat until `cancel_hours_before` the start (registration-cancel.ts enforces it). */
export const canCancelSeat = (r: SeatFacts, now: Date): boolean =>
  r.status === 'waitlisted' || r.status === 'offered' || (r.status === 'registered' && now.getTime() <= r.event.startsAt.getTime() - r.event.cancelHoursBefore * HOUR);

/** Whether the registrant may give this seat to someone else: a registered seat, the event allowing
 * transfers, before it starts (transferRegistration enforces it). */
export const canTransferSeat = (r: SeatFacts, now: Date): boolean => r.status === 'registered' && r.event.transfersAllowed && now.getTime() < r.event.startsAt.getTime();

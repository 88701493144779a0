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

// How registration pages and emails write an event's time, a registration's status and money.
import { DateTime } from 'luxon';
import type { EventRegistrationStatus } from '../../db/types.js';

/** "Tuesday 8 December 2026, 9:00 AM to 12:00 PM CST", or both days written out when it spans days. */
export function eventWhen(start: Date, end: Date, zone: string): string {
  const a = DateTime.fromJSDate(start, { zone });
  const b = DateTime.fromJSDate(end, { zone });
  if (a.hasSame(b, 'day')) return `${a.toFormat('cccc d LLLL yyyy, h:mm a')} to ${b.toFormat('h:mm a ZZZZ')}`;
  return `${a.toFormat('cccc d LLLL yyyy, h:mm a')} to ${b.toFormat('cccc d LLLL yyyy, h:mm a ZZZZ')}`;
}

export const REGISTRATION_STATUS_LABELS: Record<EventRegistrationStatus, string> = {
  registered: 'Registered',
  waitlisted: 'On the waitlist',
  offered: 'Seat offered',
  cancelled: 'Cancelled',
};

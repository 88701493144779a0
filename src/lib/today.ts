// "Today" is the association's: the calendar day of now in its time zone (settings), the one its
// staff and members live in. Due dates, overdue, renewal runs, payments received, terms, deadlines
// and seasons all count in it; the UTC day is the next one from late afternoon in the Americas.
import { DateTime } from 'luxon';
import type { Clock } from './clock.js';

/** What `today` reads: the clock and the association's time zone (deps.association, which never
 * waits for the database once it has read it: today is asked inside transactions). */
export interface TodayDeps {
  clock: Clock;
  association: { timeZone(): Promise<string> };
}

/** The last day found per zone and the instants it covers (luxon costs ~15 µs a call, and a quote
 * or a renewal run asks for today over and over); emptied past a bound. */
const lastDays = new Map<string, { from: number; to: number; day: string }>();

/** The calendar day ('YYYY-MM-DD') of an instant in a time zone; UTC's when the zone is unknown. */
export function dayIn(instant: Date, zone: string): string {
  const ms = instant.getTime();
  const known = lastDays.get(zone);
  if (known && ms >= known.from && ms < known.to) return known.day;
  let at = DateTime.fromMillis(ms, { zone });
  if (!at.isValid) at = DateTime.fromMillis(ms, { zone: 'utc' });
  const start = at.startOf('day');
  const day = start.toISODate() ?? instant.toISOString().slice(0, 10);
  if (lastDays.size >= 50) lastDays.clear();
  lastDays.set(zone, { from: start.toMillis(), to: start.plus({ days: 1 }).toMillis(), day });
  return day;
}

/** The instant a calendar day ('YYYY-MM-DD') begins in a time zone (UTC's midnight when the zone
 * is unknown): with the next day's, the bounds of "that day" there. */
export function startOfDayIn(day: string, zone: string): Date {
  let at = DateTime.fromISO(day, { zone });
  if (!at.isValid) at = DateTime.fromISO(day, { zone: 'utc' });
  return at.startOf('day').toJSDate();
}

/** Today in the association's time zone, 'YYYY-MM-DD'. */
export async function today(deps: TodayDeps): Promise<string> {
  return dayIn(deps.clock.now(), (await deps.association.timeZone()) || 'UTC');
}

/** The same day without waiting, once the association's time zone has been read (null before). */
export function todayIfKnown(deps: { clock: Clock; association: { knownTimeZone(): string | null } }): string | null {
  const zone = deps.association.knownTimeZone();
  return zone === null ? null : dayIn(deps.clock.now(), zone || 'UTC');
}

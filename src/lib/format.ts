// Dates and times as people read them, written once: calendar days ('YYYY-MM-DD', as stored in
// `date` columns) as 'Jan 5, 2026' on every page, email and PDF (CSV and the API keep ISO), instants
// with their time zone, and meeting times in a time zone. The formatters are built once: a
// renewal run formats tens of thousands of days.
import { DateTime } from 'luxon';

const DAY_FORMAT = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const MONTH_YEAR = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT_MONTH_YEAR = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** A Date, or a calendar day written YYYY-MM-DD, as a Date at midnight UTC (null if neither). */
function instantOf(day: string | Date): Date | null {
  if (day instanceof Date) return Number.isNaN(day.getTime()) ? null : day;
  if (!DAY.test(day)) return null;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? d : null;
}

/** Days already formatted (Intl formatting costs ~10 µs, and a renewal run writes the same few
 * dozen days into a hundred thousand invoices and emails); emptied when it grows past a bound. */
const formattedDays = new Map<string, string>();

/** A calendar day '2026-03-05' → 'Mar 5, 2026'; nothing → '—'; anything else as given. An
 * instant's day depends on the time zone: `formatZonedDay`. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  if (typeof day === 'string') {
    const known = formattedDays.get(day);
    if (known !== undefined) return known;
  }
  const d = instantOf(day);
  const formatted = d ? DAY_FORMAT.format(d) : String(day);
  if (typeof day === 'string') {
    if (formattedDays.size >= 10_000) formattedDays.clear();
    formattedDays.set(day, formatted);
  }
  return formatted;
}

/** '2026-03-05' or '2026-03' → 'March 2026'; anything else as given. */
export function formatMonth(day: string | Date): string {
  const d = instantOf(typeof day === 'string' && MONTH.test(day) ? `${day}-01` : day);
  return d ? MONTH_YEAR.format(d) : String(day);
}

/** '2026-03-05' or '2026-03' → 'Mar 2026' (a chart's axis); anything else as given. */
export function formatShortMonth(day: string | Date): string {
  const d = instantOf(typeof day === 'string' && MONTH.test(day) ? `${day}-01` : day);
  return d ? SHORT_MONTH_YEAR.format(d) : String(day);
}

/** The UTC calendar day of an instant: '2026-03-05'. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** An instant's day in a time zone, as every day is written: 'Nov 2, 2026'; nothing → '—'. Pages
 * pass the association's zone (`ctx.timeZone`): the UTC day of an evening in the Americas is the
 * next day. */
export const formatZonedDay = (d: Date | null | undefined, zone: string): string => (d ? DateTime.fromJSDate(d, { zone }).toFormat('LLL d, yyyy') : '—');

/** An instant as people read it, in a time zone and naming it: 'Mar 5, 2026, 9:30 AM EST'. Pages
 * pass the association's zone (`ctx.timeZone`) or the organization's, never UTC by surprise. */
export const formatTime = (d: Date, zone: string): string => DateTime.fromJSDate(d, { zone }).toFormat('LLL d, yyyy, h:mm a ZZZZ');

/** "Monday, November 2, 2026, 9:00 AM to 9:45 AM CST" in the given zone (the US order, as every
 * day is written: "Nov 2, 2026"). */
export function formatRange(start: Date, end: Date, zone: string): string {
  const a = DateTime.fromJSDate(start, { zone });
  const b = DateTime.fromJSDate(end, { zone });
  return `${a.toFormat('cccc, LLLL d, yyyy, h:mm a')} to ${b.toFormat('h:mm a ZZZZ')}`;
}

/** An ISO 8601 instant with the zone's offset, to the second (Schema.org's dates, CSV exports):
 * "2027-03-16T09:00:00-05:00". */
export const isoWithOffset = (d: Date, zone: string): string => DateTime.fromJSDate(d, { zone }).startOf('second').toISO({ suppressMilliseconds: true }) ?? d.toISOString();

// Calendar arithmetic on 'YYYY-MM-DD' days (UTC), for terms, due dates and renewals (luxon).
import { DateTime } from 'luxon';

export type Day = string;

// Built from its parts: DateTime.fromISO tries every ISO form and costs ten times more, which a
// renewal run of 20,000 memberships would feel.
const toDate = (d: Day): DateTime => {
  const [year, month, day] = d.split('-').map(Number);
  const x = DateTime.utc(year ?? Number.NaN, month ?? Number.NaN, day ?? Number.NaN);
  if (!x.isValid || d.length !== 10) throw new RangeError(`Not a day: ${d}`);
  return x;
};
const toDay = (x: DateTime): Day => {
  const day = x.toISODate();
  if (!day) throw new RangeError('Invalid time value');
  return day;
};

export const dayOf = (instant: Date): Day => toDay(DateTime.fromJSDate(instant, { zone: 'utc' }));

/** Results of the pure functions below that a renewal run asks for over and over (the same few
 * dozen days for a hundred thousand memberships; luxon takes ~15 µs a call); emptied past a bound. */
const memo = new Map<string, unknown>();
function remembered<T>(key: string, compute: () => T): T {
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  if (memo.size >= 10_000) memo.clear();
  memo.set(key, value);
  return value;
}

export function addDays(d: Day, days: number): Day {
  return remembered(`addDays ${d} ${days}`, () => toDay(toDate(d).plus({ days })));
}

/** The same day n years later; 29 February becomes 28 February in a common year. */
export function addYears(d: Day, years: number): Day {
  return toDay(toDate(d).plus({ years }));
}

/** Whole days from a to b (negative when b is earlier). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round(toDate(b).diff(toDate(a), 'days').days);
}

/** The year-long term that starts on `start` (its last day is the day before the anniversary;
 * luxon keeps 29 February to 28 February before taking the day off). */
const yearFrom = (start: DateTime): { start: Day; end: Day } => ({ start: toDay(start), end: toDay(start.plus({ years: 1, days: -1 })) });

/**
 * The membership term that starts with activation on `day`: a year from that day (anniversary),
 * or the membership year containing it, which starts on the 1st of `startMonth` (calendar).
 */
export function termFor(day: Day, model: 'anniversary' | 'calendar', startMonth = 1): { start: Day; end: Day } {
  const d = toDate(day);
  if (model === 'anniversary') return yearFrom(d);
  return yearFrom(DateTime.utc(d.month < startMonth ? d.year - 1 : d.year, startMonth, 1));
}

/** The term after one that ends on `end`. */
export function nextTerm(end: Day): { start: Day; end: Day } {
  // a copy each time: callers own what they are given
  return { ...remembered(`nextTerm ${end}`, () => yearFrom(toDate(end).plus({ days: 1 }))) };
}

/** How far before its invoice's issue day a payment may be recorded as received, once finance
 * staff confirm it arrived first (an early check for a renewal); earlier is a mistyped year. */
export const EARLY_PAYMENT_DAYS = 180;

/** Whether a text is a real day ('2026-02-31' is not): what a form sent back may be. */
export function isDay(s: string): s is Day {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [year, month, day] = s.split('-').map(Number);
  return DateTime.utc(year ?? Number.NaN, month ?? Number.NaN, day ?? Number.NaN).isValid;
}

/** Whether a payment received on `receivedOn` is before its invoice's issue day: no, yes (to be
 * confirmed), or too early to be believed. */
export function receivedBeforeIssue(receivedOn: Day, issuedOn: Day | null): 'no' | 'confirm' | 'too_early' {
  if (!issuedOn || receivedOn >= issuedOn) return 'no';
  return daysBetween(receivedOn, issuedOn) > EARLY_PAYMENT_DAYS ? 'too_early' : 'confirm';
}

// Calendar arithmetic on 'YYYY-MM-DD' days (UTC), for terms, due dates and renewals.
export type Day = string;

const toDate = (d: Day) => new Date(`${d}T00:00:00Z`);
const toDay = (d: Date): Day => d.toISOString().slice(0, 10);

export const dayOf = (instant: Date): Day => toDay(instant);

export function addDays(d: Day, days: number): Day {
  const x = toDate(d);
  x.setUTCDate(x.getUTCDate() + days);
  return toDay(x);
}

/** The same day n years later; 29 February becomes 28 February in a common year. */
export function addYears(d: Day, years: number): Day {
  const x = toDate(d);
  const month = x.getUTCMonth();
  x.setUTCFullYear(x.getUTCFullYear() + years);
  if (x.getUTCMonth() !== month) x.setUTCDate(0);
  return toDay(x);
}

/** Whole days from a to b (negative when b is earlier). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((toDate(b).getTime() - toDate(a).getTime()) / 86_400_000);
}

/**
 * The membership term that starts with activation on `day`: a year from that day (anniversary),
 * or the membership year containing it, which starts on the 1st of `startMonth` (calendar).
 */
export function termFor(day: Day, model: 'anniversary' | 'calendar', startMonth = 1): { start: Day; end: Day } {
  if (model === 'anniversary') return { start: day, end: addDays(addYears(day, 1), -1) };
  const d = toDate(day);
  let year = d.getUTCFullYear();
  if (d.getUTCMonth() + 1 < startMonth) year -= 1;
  const start = `${year}-${String(startMonth).padStart(2, '0')}-01`;
  return { start, end: addDays(addYears(start, 1), -1) };
}

/** The term after one that ends on `end`. */
export function nextTerm(end: Day): { start: Day; end: Day } {
  const start = addDays(end, 1);
  return { start, end: addDays(addYears(start, 1), -1) };
}

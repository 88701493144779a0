// US federal holidays (5 U.S.C. 6103), on the days they are observed: one falling on a Saturday is
// observed the Friday before, one on a Sunday the Monday after (so New Year's Day 2028, a
// Saturday, is observed on Friday, December 31, 2027). Local governments close on them; meeting
// slots are not offered on them.

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

/** The day of the nth `weekday` (0 Sunday … 6 Saturday) of a month; n = -1 for the last. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return iso(year, month, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDate = new Date(Date.UTC(year, month, 0));
  const back = (lastDate.getUTCDay() - weekday + 7) % 7;
  return iso(year, month, lastDate.getUTCDate() - back);
}

/** A fixed-date holiday on the day it is observed. */
function observed(year: number, month: number, day: number): string {
  const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return iso(year, month, dow === 6 ? day - 1 : dow === 0 ? day + 1 : day);
}

/** The observed federal holidays of a calendar year's holidays ('YYYY-MM-DD'); New Year's Day of
 * `year + 1` may be observed on 31 December of `year`, and is listed under `year + 1`. */
export function federalHolidays(year: number): string[] {
  return [
    observed(year, 1, 1), // New Year's Day
    nthWeekday(year, 1, 1, 3), // Birthday of Martin Luther King, Jr.
    nthWeekday(year, 2, 1, 3), // Washington's Birthday
    nthWeekday(year, 5, 1, -1), // Memorial Day
    observed(year, 6, 19), // Juneteenth National Independence Day
    observed(year, 7, 4), // Independence Day
    nthWeekday(year, 9, 1, 1), // Labor Day
    nthWeekday(year, 10, 1, 2), // Columbus Day
    observed(year, 11, 11), // Veterans Day
    nthWeekday(year, 11, 4, 4), // Thanksgiving Day
    observed(year, 12, 25), // Christmas Day
  ];
}

/** Whether a day ('YYYY-MM-DD') is a federal holiday as observed. */
export function isFederalHoliday(day: string): boolean {
  const year = Number(day.slice(0, 4));
  return federalHolidays(year).includes(day) || federalHolidays(year + 1).includes(day);
}

// The shared formatters write exactly what the copies they replaced wrote.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDay, formatMonth, formatRange, formatTime, formatZonedDay, isoDay } from './format.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** The one day format, written out by hand: 'Jan 5, 2026'. */
const handWritten = (day: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${Number(m[3])}, ${m[1]}` : day;
};

const days = fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('formatDay', () => {
  it('writes a calendar day in words', () => {
    expect(formatDay('2026-03-05')).toBe('Mar 5, 2026');
    expect(formatDay('2027-12-31')).toBe('Dec 31, 2027');
    expect(formatDay('2026-01-05')).toBe('Jan 5, 2026');
  });

  it('shows a dash for nothing and anything else as given', () => {
    expect(formatDay(null)).toBe('—');
    expect(formatDay(undefined)).toBe('—');
    expect(formatDay('')).toBe('—');
    expect(formatDay('soon')).toBe('soon');
  });

  it('writes what the hand-written formatter and Intl write, for every day', () => {
    const intl = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' });
    fc.assert(
      fc.property(days, (day) => {
        const text = formatDay(day);
        expect(text).toBe(handWritten(day));
        expect(text).toBe(intl.format(new Date(`${day}T00:00:00Z`)));
      }),
    );
  });
});

describe('formatTime', () => {
  it('writes an instant in the zone it is given, naming the zone, across daylight saving', () => {
    expect(formatTime(new Date('2026-03-05T14:30:59Z'), 'America/New_York')).toBe('Mar 5, 2026, 9:30 AM EST');
    expect(formatTime(new Date('2026-07-05T14:30:00Z'), 'America/New_York')).toBe('Jul 5, 2026, 10:30 AM EDT');
    expect(formatTime(new Date('2026-01-01T03:00:00Z'), 'America/Los_Angeles')).toBe('Dec 31, 2025, 7:00 PM PST');
  });
});

describe('the other formatters', () => {
  it('writes a month and year', () => {
    expect(formatMonth('2026-03-05')).toBe('March 2026');
    expect(formatMonth('2026-01-01')).toBe(new Date('2026-01-01T00:00:00Z').toLocaleDateString('en-US', { year: 'numeric', month: 'long', timeZone: 'UTC' }));
  });

  it('writes instants in UTC', () => {
    const at = new Date('2026-03-05T14:30:59.123Z');
    expect(isoDay(at)).toBe('2026-03-05');
  });

  it('writes days and meeting times in a time zone', () => {
    const start = new Date('2026-11-02T15:00:00Z');
    const end = new Date('2026-11-02T15:45:00Z');
    expect(formatZonedDay(start, 'UTC')).toBe('Nov 2, 2026');
    expect(formatZonedDay(null, 'UTC')).toBe('—');
    // an evening in the Americas is the next day in UTC: the page's zone says which day it was
    expect(formatZonedDay(new Date('2026-03-06T03:30:00Z'), 'America/Los_Angeles')).toBe('Mar 5, 2026');
    expect(formatZonedDay(new Date('2026-11-03T02:00:00Z'), 'America/Chicago')).toBe('Nov 2, 2026');
    expect(formatRange(start, end, 'America/Chicago')).toBe('Monday, November 2, 2026, 9:00 AM to 9:45 AM CST');
  });
});

// "Today" is the association's calendar day, not UTC's: an evening in the Americas is still that
// day, a morning in Guam is already the next, and days change at local midnight across DST.
import { describe, expect, it } from 'vitest';
import { fixedClock } from './clock.js';
import { dayIn, today } from './today.js';

describe('today in the association’s time zone', () => {
  it('is the local calendar day of an instant', () => {
    // 03:30 UTC on March 5 is the evening of March 4 in Los Angeles and in New York
    expect(dayIn(new Date('2026-03-05T03:30:00Z'), 'America/Los_Angeles')).toBe('2026-03-04');
    expect(dayIn(new Date('2026-03-05T03:30:00Z'), 'America/New_York')).toBe('2026-03-04');
    expect(dayIn(new Date('2026-03-05T03:30:00Z'), 'UTC')).toBe('2026-03-05');
    // 15:00 UTC is already the next day in Guam (UTC+10)
    expect(dayIn(new Date('2026-03-05T15:00:00Z'), 'Pacific/Guam')).toBe('2026-03-06');
  });

  it('changes at local midnight, also on the days the clocks change', () => {
    // New York: 2026-03-08 is 23 hours long (EST → EDT), 2026-11-01 is 25 (EDT → EST)
    expect(dayIn(new Date('2026-03-08T04:59:59Z'), 'America/New_York')).toBe('2026-03-07');
    expect(dayIn(new Date('2026-03-08T05:00:00Z'), 'America/New_York')).toBe('2026-03-08');
    expect(dayIn(new Date('2026-03-09T03:59:59Z'), 'America/New_York')).toBe('2026-03-08');
    expect(dayIn(new Date('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-09');
    expect(dayIn(new Date('2026-11-02T04:59:59Z'), 'America/New_York')).toBe('2026-11-01');
    expect(dayIn(new Date('2026-11-02T05:00:00Z'), 'America/New_York')).toBe('2026-11-02');
    // asked in an order that crosses the remembered day's bounds both ways
    expect(dayIn(new Date('2026-11-01T04:30:00Z'), 'America/New_York')).toBe('2026-11-01');
    expect(dayIn(new Date('2026-11-01T03:30:00Z'), 'America/New_York')).toBe('2026-10-31');
  });

  it('falls back to UTC for a zone it does not know', () => {
    expect(dayIn(new Date('2026-03-05T03:30:00Z'), 'Mars/Olympus_Mons')).toBe('2026-03-05');
  });

  it('reads the zone from the association', async () => {
    const clock = fixedClock('2026-12-31T23:30:00Z');
    let zone = 'America/Chicago';
    const deps = { clock, association: { timeZone: async () => zone } };
    expect(await today(deps)).toBe('2026-12-31');
    zone = 'Europe/Berlin';
    expect(await today(deps)).toBe('2027-01-01');
  });
});

import { describe, expect, it } from 'vitest';
import { federalHolidays, isFederalHoliday } from './holidays.js';

describe('federal holidays', () => {
  it('2026, as OPM lists them (Independence Day on a Saturday observed the Friday before)', () => {
    expect(federalHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it('2027 and 2028: a Sunday holiday is observed on the Monday, New Year’s Day 2028 (a Saturday) on December 31, 2027', () => {
    expect(federalHolidays(2027)).toEqual([
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-05-31',
      '2027-06-18',
      '2027-07-05',
      '2027-09-06',
      '2027-10-11',
      '2027-11-11',
      '2027-11-25',
      '2027-12-24',
    ]);
    expect(isFederalHoliday('2027-12-31')).toBe(true);
    expect(isFederalHoliday('2028-01-01')).toBe(false);
  });

  it('ordinary days, and the day before Christmas, are not', () => {
    expect(isFederalHoliday('2026-12-24')).toBe(false);
    expect(isFederalHoliday('2026-12-25')).toBe(true);
    expect(isFederalHoliday('2026-03-10')).toBe(false);
  });
});

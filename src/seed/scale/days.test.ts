// The generators' fast calendar arithmetic gives billing's answers (luxon), leap days included.
import { describe, expect, it } from 'vitest';
import { addDays, addYears } from '../../modules/billing/index.js';
import { plusDays, plusYears } from './days.js';

describe('plusDays and plusYears', () => {
  it('agree with billing addDays and addYears over years of days, leap days included', () => {
    const days = ['2020-02-29', '2024-02-29', '2023-12-31', '2026-03-01', '2000-02-29', '2025-01-01'];
    for (let i = 0; i < 1_500; i += 7) days.push(addDays('2019-11-03', i));
    for (const d of days) {
      for (const n of [-1_800, -729, -366, -365, -1, 0, 1, 30, 365, 366, 4_000]) expect(plusDays(d, n)).toBe(addDays(d, n));
      for (const y of [-12, -4, -1, 1, 3, 4, 100]) expect(plusYears(d, y)).toBe(addYears(d, y));
    }
  });

  it('refuses what is not a day', () => {
    expect(() => plusDays('2026-3-1', 1)).toThrow(RangeError);
    expect(() => plusYears('yesterday!', 1)).toThrow(RangeError);
  });
});

// The shared checks accept what the database makes and refuse the rest.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isIsoDate, isUuid, PHONE_MESSAGE, phoneNumber } from './validators.js';

describe('isUuid', () => {
  it('accepts the ids the database makes, in either case', () => {
    const id = randomUUID();
    expect(isUuid(id)).toBe(true);
    expect(isUuid(id.toUpperCase())).toBe(true);
    expect(isUuid('00000000-0000-4000-8000-000000000001')).toBe(true);
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
  });

  it('refuses anything else', () => {
    for (const v of ['', 'abc', `${randomUUID()}x`, ' 00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-00000000000g', 7, null, undefined]) {
      expect(isUuid(v)).toBe(false);
    }
  });
});

describe('isIsoDate', () => {
  it('accepts real days written YYYY-MM-DD', () => {
    for (const v of ['2026-01-01', '2028-02-29', '2027-12-31']) expect(isIsoDate(v)).toBe(true);
  });

  it('refuses impossible days and other forms', () => {
    for (const v of ['2027-02-29', '2027-02-30', '2027-13-01', '2027-1-01', '27-01-01', '2027-01-01T00:00', ' 2027-01-01', '', 20270101]) {
      expect(isIsoDate(v)).toBe(false);
    }
  });
});

describe('phoneNumber', () => {
  const phone = phoneNumber(40);
  it('accepts numbers as people write them, with an extension, or nothing', () => {
    for (const ok of ['(217) 555-0100', '217.555.0100', '+1 217 555 0100', '217-555-0100 ext. 12', '2175550100x12', '+44 20 7946 0958', '', '  (303) 555-0100  '])
      expect(phone.safeParse(ok).success, ok).toBe(true);
    expect(phone.parse('  (303) 555-0100  ')).toBe('(303) 555-0100');
    expect(phone.parse(undefined)).toBe('');
  });
  it('refuses words, too few digits and too many characters', () => {
    for (const bad of ['call me maybe', '555-01', 'ext. 12', '217 555 0100 or 0101', '1'.repeat(41)]) expect(phone.safeParse(bad).success, bad).toBe(false);
    expect(phone.safeParse('555-01').error?.issues[0]?.message).toBe(PHONE_MESSAGE);
  });
});

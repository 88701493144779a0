// The one reader of typed numbers: every way people write a population or an amount, and the
// specific message for what it cannot read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { centsField, POPULATION_MESSAGES, readCents, readWholeNumber, wholeNumberField } from './numbers.js';

const whole = (s: string, opts?: { min?: number; max?: number }) => {
  const r = readWholeNumber(s, opts);
  return r.ok ? r.value : r.problem;
};
const cents = (s: string) => {
  const r = readCents(s);
  return r.ok ? r.value : r.problem;
};

describe('readWholeNumber', () => {
  it('reads a population however it is written', () => {
    for (const s of ['31685', '31,685', '31 685', '31\u00a0685', ' 31,685 ', '31,685.00', '$31,685', '031685']) expect(whole(s)).toBe(31_685);
    expect(whole('1,234,567')).toBe(1_234_567);
    expect(whole('1 234 567')).toBe(1_234_567);
    expect(whole('0')).toBe(0);
  });

  it('refuses junk, fractions, negatives and out-of-range values, saying which', () => {
    for (const s of ['abc', '31,68', '3,16,85', '31.685,00', '1e5', '0x10', 'Infinity', '31,685 people', '31, 685', '1.2.3', '.']) expect(whole(s)).toBe('format');
    expect(whole('')).toBe('empty');
    expect(whole('  ')).toBe('empty');
    expect(whole('-5')).toBe('negative');
    expect(whole('31,685.5')).toBe('fraction');
    expect(whole('0', { min: 1 })).toBe('too_small');
    expect(whole('100,000,001', { max: 100_000_000 })).toBe('too_large');
    expect(whole('9'.repeat(16))).toBe('too_large');
  });

  it('reads back every whole number it is shown in en-US format', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999_999 }), (n) => {
        expect(whole(n.toLocaleString('en-US'))).toBe(n);
        expect(whole(String(n))).toBe(n);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads plain digits (its shortcut) as it reads them with spaces around (the full reading)', () => {
    const read = (s: string, opts?: { min?: number; max?: number }) => JSON.stringify(readWholeNumber(s, opts));
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,20}$/), fc.option(fc.integer({ min: 0, max: 10 ** 9 }), { nil: undefined }), (digits, max) => {
        const opts = max === undefined ? { min: 1 } : { min: 1, max };
        expect(read(digits, opts)).toBe(read(` ${digits} `, opts));
      }),
      { numRuns: 2000 },
    );
    expect(readWholeNumber('0075000', { min: 1 })).toEqual({ ok: true, value: 75000 });
    expect(readWholeNumber('0'.repeat(15), { min: 1 })).toEqual({ ok: false, problem: 'too_small' });
  });
});

describe('readCents', () => {
  it('reads amounts in dollars into integer cents', () => {
    expect(cents('75000')).toBe(7_500_000);
    expect(cents('75,000')).toBe(7_500_000);
    expect(cents('75 000')).toBe(7_500_000);
    expect(cents('$75,000')).toBe(7_500_000);
    expect(cents('75,000.00')).toBe(7_500_000);
    expect(cents('$ 1,200.5')).toBe(120_050);
    expect(cents('.75')).toBe(75);
  });

  it('refuses fractions of a cent, negatives and junk', () => {
    expect(cents('1.005')).toBe('precision');
    expect(cents('-1')).toBe('negative');
    expect(cents('$-1')).toBe('negative');
    expect(cents('75k')).toBe('format');
    expect(cents('')).toBe('empty');
    expect(cents('99999999999999')).toBe('too_large');
  });
});

describe('form fields', () => {
  const form = z.object({
    population: wholeNumberField({ min: 1, max: 100_000_000, messages: POPULATION_MESSAGES }),
    amount: centsField({ messages: { format: 'Enter an amount in dollars, like 75,000.' } }),
  });

  it('blank is absent; typed numbers are read', () => {
    expect(form.parse({ population: '', amount: '' })).toEqual({ population: undefined, amount: undefined });
    expect(form.parse({ population: '31,685', amount: '$75,000' })).toEqual({ population: 31_685, amount: 7_500_000 });
    expect(form.parse({ population: 31685 })).toEqual({ population: 31_685, amount: undefined });
  });

  it('junk gets the specific message of the field', () => {
    const r = form.safeParse({ population: 'lots', amount: 'some' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual(['Enter the population as a whole number, like 31,685.', 'Enter an amount in dollars, like 75,000.']);
    expect(form.safeParse({ population: '0' }).error?.issues[0]?.message).toBe('The population must be at least 1.');
    // longer than any number read: a run of digits is too large; anything else is not a number
    expect(form.safeParse({ population: '9'.repeat(60) }).error?.issues[0]?.message).toBe('The population must be 100,000,000 or less.');
    expect(form.safeParse({ amount: '9,999'.repeat(12) }).error?.issues[0]?.message).toBe('Enter an amount in dollars, like 75,000.'); // a field with no too-large message says its format
    expect(form.safeParse({ population: 'y'.repeat(60) }).error?.issues[0]?.message).toBe('Enter the population as a whole number, like 31,685.');
  });
});

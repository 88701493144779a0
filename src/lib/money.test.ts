// Reading dollar amounts typed by people into integer cents, and back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DollarsError, formatCents, parseDollars, tryParseDollars } from './money.js';

const problemOf = (input: string) => {
  try {
    parseDollars(input);
    return null;
  } catch (err) {
    return err instanceof DollarsError ? err.problem : 'other';
  }
};

describe('parseDollars', () => {
  it('reads the ways people write dollars', () => {
    expect(parseDollars('1,200')).toBe(120000);
    expect(parseDollars('1200.5')).toBe(120050);
    expect(parseDollars('$1,200.50')).toBe(120050);
    expect(parseDollars(' $ 1200.05 ')).toBe(120005);
    expect(parseDollars('0')).toBe(0);
    expect(parseDollars('.75')).toBe(75);
    expect(parseDollars('12.')).toBe(1200);
    expect(parseDollars('007.10')).toBe(710);
    expect(parseDollars('1,234,567.89')).toBe(123456789);
    expect(parseDollars('1 200')).toBe(120000);
  });

  it('refuses negatives, fractions of a cent and anything else, saying which', () => {
    expect(problemOf('-5')).toBe('negative');
    expect(problemOf('$-5.00')).toBe('negative');
    expect(problemOf('(5.00)')).toBe('negative');
    expect(problemOf('1.005')).toBe('precision');
    expect(problemOf('')).toBe('empty');
    expect(problemOf('   ')).toBe('empty');
    for (const bad of ['abc', '1,2345', '12,00', '1.2.3', '$', '.', '1e3', '0x10', '1 20', '1,200.5x', 'Infinity', 'NaN', '١٢']) expect(problemOf(bad)).toBe('format');
    expect(problemOf('99999999999999')).toBe('too_large');
    expect(tryParseDollars('abc')).toBeNull();
    expect(tryParseDollars('2')).toBe(200);
  });

  it('round-trips every amount from $0 to $100,000,000 through formatCents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 10 }), (cents) => {
        const shown = formatCents(cents);
        expect(parseDollars(shown)).toBe(cents);
        expect(formatCents(parseDollars(shown))).toBe(shown);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads plain, grouped, dollar-signed and one- or two-decimal forms of the same amount alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 10 }), fc.boolean(), fc.boolean(), (cents, sign, grouped) => {
        const whole = Math.trunc(cents / 100);
        const rest = cents % 100;
        const wholeText = grouped ? whole.toLocaleString('en-US') : String(whole);
        const prefix = sign ? '$' : '';
        expect(parseDollars(`${prefix}${wholeText}.${String(rest).padStart(2, '0')}`)).toBe(cents);
        if (rest % 10 === 0) expect(parseDollars(`${prefix}${wholeText}.${rest / 10}`)).toBe(cents);
        if (rest === 0) expect(parseDollars(`${prefix}${wholeText}`)).toBe(cents);
      }),
    );
  });

  it('never accepts a negative or more than two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 10 }), fc.integer({ min: 3, max: 6 }), (cents, places) => {
        expect(problemOf(`-${formatCents(cents).slice(1)}`)).toBe('negative');
        expect(problemOf(`${Math.trunc(cents / 100)}.${'1'.repeat(places)}`)).toBe('precision');
      }),
    );
  });

  it('never throws anything but DollarsError, and whatever it accepts is whole, non-negative cents', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const p = problemOf(s);
        expect(p).not.toBe('other');
        if (p === null) {
          const c = parseDollars(s);
          expect(Number.isSafeInteger(c) && c >= 0).toBe(true);
        }
      }),
    );
  });
});

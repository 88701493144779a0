// Money is integer cents everywhere; this formats it for people and reads what they type.
import { readCents } from './numbers.js';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error('amounts are whole cents');
  return usd.format(cents / 100);
}

/** Whole dollars without cents, as in price lists: 120000 → '$1,200'; 120050 → '$1,200.50'. */
export function formatMoney(cents: number): string {
  return cents % 100 === 0 ? `$${(cents / 100).toLocaleString('en-US')}` : formatCents(cents);
}

export type DollarsProblem = 'empty' | 'negative' | 'precision' | 'format' | 'too_large';

/** Why a dollar amount typed by a person could not be read; the message is safe to show. */
export class DollarsError extends Error {
  constructor(readonly problem: DollarsProblem) {
    super(
      {
        empty: 'Enter an amount in dollars, like 1,200.50.',
        negative: 'Enter an amount of zero or more, without a minus sign.',
        precision: 'Use at most two digits after the decimal point (whole cents).',
        format: 'Enter an amount in dollars, like 1,200.50.',
        too_large: 'That amount is too large.',
      }[problem],
    );
    this.name = 'DollarsError';
  }
}

/**
 * Reads a dollar amount as people type it ("1,200", "1 200", "1200.5", "$1,200.50") into integer
 * cents (120000, 120000, 120050, 120050) with the one number reader of the forms (lib/numbers.ts).
 * Throws DollarsError for a negative amount, more than two decimals, or anything else.
 */
export function parseDollars(input: string): number {
  const r = readCents(input);
  if (r.ok) return r.value;
  throw new DollarsError(r.problem === 'empty' || r.problem === 'negative' || r.problem === 'precision' || r.problem === 'too_large' ? r.problem : 'format');
}

/** parseDollars, or null when the input is not an amount. */
export function tryParseDollars(input: string): number | null {
  try {
    return parseDollars(input);
  } catch (err) {
    if (err instanceof DollarsError) return null;
    throw err;
  }
}

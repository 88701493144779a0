// Money is integer cents everywhere; this only formats it for people.
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

// Digits, either plain or grouped by commas in threes, then an optional point and decimals.
const DOLLARS = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/;
const MAX_WHOLE_DIGITS = 13; // $9,999,999,999,999.99 stays far inside Number.MAX_SAFE_INTEGER cents

/**
 * Reads a dollar amount as people type it ("1,200", "1200.5", "$1,200.50") into integer cents
 * (120000, 120050, 120050), with string and integer arithmetic only: no float ever holds money.
 * Throws DollarsError for a negative amount, more than two decimals, or anything else.
 */
export function parseDollars(input: string): number {
  const s = input.trim();
  if (s === '') throw new DollarsError('empty');
  if (/^[-−(]|^\$\s*[-−]/.test(s)) throw new DollarsError('negative');
  const m = DOLLARS.exec(s);
  const whole = m?.[1];
  const decimals = m?.[2];
  if (!m || (whole === undefined && !decimals)) throw new DollarsError('format');
  if (decimals !== undefined && decimals.length > 2) throw new DollarsError(/^\d+$/.test(decimals) ? 'precision' : 'format');
  const digits = (whole ?? '0').replaceAll(',', '').replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_WHOLE_DIGITS) throw new DollarsError('too_large');
  const cents = Number.parseInt(`${digits}${(decimals ?? '').padEnd(2, '0')}`, 10);
  if (!Number.isSafeInteger(cents)) throw new DollarsError('too_large');
  return cents;
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

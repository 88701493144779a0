// The one reader of numbers that people type into forms: populations, counts, salaries, amounts.
// "31,685", "31 685", "75000", "$75,000" and "75,000.00" all mean what a person means by them,
// on every form (issue 14: /apply refused "31,685" that /dues accepted). Money becomes integer
// cents through string and integer arithmetic only; no float ever holds an amount.
import { z } from 'zod';

/** Why a typed number could not be read. */
export type NumberProblem = 'empty' | 'negative' | 'fraction' | 'precision' | 'format' | 'too_small' | 'too_large';

export type NumberResult = { ok: true; value: number } | { ok: false; problem: NumberProblem };

// Digits grouped in threes by commas, by spaces (including no-break and thin spaces) or by
// nothing; then an optional decimal point and digits. A leading "$" is allowed.
const GROUPED = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)?(?:\.(\d*))?$/;
const NEGATIVE = /^[-−(]|^\$\s*[-−]/;
const MAX_DIGITS = 15; // keeps every whole value and its cents inside Number.MAX_SAFE_INTEGER
/** digits only, no more than MAX_DIGITS of them: read by Number() as they stand */
const PLAIN = /^\d{1,15}$/;

function read(input: string): { whole: string; decimals: string | undefined } | NumberProblem {
  const s = input.trim();
  if (s === '') return 'empty';
  if (NEGATIVE.test(s)) return 'negative';
  const m = GROUPED.exec(s);
  const whole = m?.[1];
  const decimals = m?.[2];
  if (!m || (whole === undefined && !decimals)) return 'format';
  const digits = (whole ?? '0').replace(/[, \u00a0\u202f]/g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_DIGITS) return 'too_large';
  return { whole: digits, decimals };
}

/**
 * A whole number as people type it ("31,685", "31 685", "31685", "31,685.00") from `min` to
 * `max`. A fraction other than zeros ("31,685.5") is refused, not rounded.
 */
export function readWholeNumber(input: string, opts: { min?: number; max?: number } = {}): NumberResult {
  // Plain digits (every API call, most forms) need none of the readings below: the same value.
  if (PLAIN.test(input)) return inRange(Number(input), opts);
  const r = read(input);
  if (typeof r === 'string') return { ok: false, problem: r };
  if (r.decimals !== undefined && /[1-9]/.test(r.decimals)) return { ok: false, problem: 'fraction' };
  return inRange(Number.parseInt(r.whole, 10), opts);
}

function inRange(value: number, opts: { min?: number; max?: number }): NumberResult {
  if (opts.min !== undefined && value < opts.min) return { ok: false, problem: 'too_small' };
  if (opts.max !== undefined && value > opts.max) return { ok: false, problem: 'too_large' };
  return { ok: true, value };
}

/** An amount in dollars as people type it ("$75,000", "75000", "75,000.50") into integer cents. */
export function readCents(input: string, opts: { max?: number } = {}): NumberResult {
  const r = read(input);
  if (typeof r === 'string') return { ok: false, problem: r };
  if (r.decimals !== undefined && r.decimals.length > 2) return { ok: false, problem: 'precision' };
  if (r.whole.length > MAX_DIGITS - 2) return { ok: false, problem: 'too_large' };
  const value = Number.parseInt(`${r.whole}${(r.decimals ?? '').padEnd(2, '0')}`, 10);
  if (!Number.isSafeInteger(value) || (opts.max !== undefined && value > opts.max)) return { ok: false, problem: 'too_large' };
  return { ok: true, value };
}

/** Messages for one field, by problem; `format` is the one shown for anything unreadable. */
export type NumberMessages = Partial<Record<NumberProblem, string>> & { format: string };

const messageOf = (m: NumberMessages, p: NumberProblem) => m[p] ?? m.format;

/**
 * A form field holding a whole number: '' (or absent) → undefined; otherwise the number, or one
 * specific message. Example: `wholeNumberField({ min: 1, max: 100_000_000, messages: { format:
 * 'Enter the population as a whole number, like 31,685.' } })`.
 */
/** The message for an answer longer than any number we read: a long run of digits is too large,
 * anything else is not a number. */
export const tooLongMessage =
  (messages: NumberMessages) =>
  (issue: { input?: unknown }): string =>
    /^[\d\s,.$]+$/.test(String(issue.input ?? '')) ? (messages.too_large ?? messages.format) : messages.format;

export function wholeNumberField(opts: { min?: number; max?: number; messages: NumberMessages }) {
  return z
    .union([z.number(), z.string().max(40, { error: tooLongMessage(opts.messages) })], { error: opts.messages.format })
    .optional()
    .transform((v, ctx) => {
      const s = typeof v === 'number' ? String(v) : v;
      if (s === undefined || s.trim() === '') return undefined;
      const r = readWholeNumber(s, opts);
      if (r.ok) return r.value;
      ctx.addIssue({ code: 'custom', message: messageOf(opts.messages, r.problem) });
      return z.NEVER;
    });
}

/** A form field holding dollars: '' (or absent) → undefined; otherwise integer cents, or one message. */
export function centsField(opts: { max?: number; messages: NumberMessages }) {
  return z
    .string({ error: opts.messages.format })
    .max(40, { error: tooLongMessage(opts.messages) })
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      const r = readCents(v, opts);
      if (r.ok) return r.value;
      ctx.addIssue({ code: 'custom', message: messageOf(opts.messages, r.problem) });
      return z.NEVER;
    });
}

/** Messages for a population field, in the words of the forms that ask for one. */
export const POPULATION_MESSAGES: NumberMessages = {
  format: 'Enter the population as a whole number, like 31,685.',
  negative: 'Enter the population without a minus sign, like 31,685.',
  fraction: 'Enter the population as a whole number of people, like 31,685.',
  too_small: 'The population must be at least 1.',
  too_large: 'The population must be 100,000,000 or less.',
};

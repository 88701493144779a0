// zod pieces for the individuals module's forms: dollars as people type them into integer cents,
// whole numbers with commas, yes/no answers, a rate in percent into hundredths of a percent.
import { z } from 'zod';
import { centsField, wholeNumberField } from '../../lib/numbers.js';
import { QUESTION_KEYS, type QuestionKey } from './dues.js';

/** '' → undefined; otherwise dollars into cents, or the reason it is not an amount. */
export const optionalDollars = centsField({
  messages: {
    format: 'Enter an amount in dollars, like 1,200.50.',
    negative: 'Enter an amount of zero or more, without a minus sign.',
    precision: 'Use at most two digits after the decimal point (whole cents).',
    too_large: 'That amount is too large.',
  },
});

/** A salary as the join form asks for it (its hint says "In dollars, like 95,000"), so its error
 * gives the same example. */
export const salaryDollars = centsField({
  messages: {
    format: 'Enter your salary in dollars, as a number like 95,000.',
    negative: 'Enter your salary without a minus sign, like 95,000.',
    precision: 'Use at most two digits after the decimal point (whole cents), like 95,000.50.',
    too_large: 'That salary is too large.',
  },
});

/** '' → undefined; otherwise a whole number ("7,500", "7 500") of zero or more. */
export const optionalCount = (what: string, max = 100_000_000) =>
  wholeNumberField({
    min: 0,
    max,
    messages: {
      format: `Enter ${what} as a whole number from 0 to ${max.toLocaleString('en-US')}.`,
      negative: `Enter ${what} of zero or more, without a minus sign.`,
    },
  });

/** A rate in percent with at most two decimals ('0.65') into hundredths of a percent (65). */
export const optionalRate = z
  .string()
  .trim()
  .max(10)
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(v.replace(/%$/, '').trim());
    const bp = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : Number.NaN;
    if (!m || bp > 10_000) {
      ctx.addIssue({ code: 'custom', message: 'Enter a percentage from 0 to 100 with at most two decimals, like 0.65.' });
      return z.NEVER;
    }
    return bp;
  });

const yesNo = z.enum(['yes', 'no'], { error: 'Answer yes or no.' });

/** The six eligibility answers, each required. */
export const answersSchema = z.object(Object.fromEntries(QUESTION_KEYS.map((k) => [`q_${k}`, yesNo])) as Record<`q_${QuestionKey}`, typeof yesNo>);

export function answersOf(data: Record<string, unknown>): Record<QuestionKey, boolean> {
  return Object.fromEntries(QUESTION_KEYS.map((k) => [k, data[`q_${k}`] === 'yes'])) as Record<QuestionKey, boolean>;
}

/** Collects zod issues into one message per field. */
export function issuesToFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
  return fields;
}

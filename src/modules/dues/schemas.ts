// Request and response shapes of the dues module (quote, schedules), shared by the API and pages.
import { z } from 'zod';
import { ENTITY_TYPES } from '../../db/types.js';
import { type NumberMessages, POPULATION_MESSAGES, readWholeNumber, tooLongMessage } from '../../lib/numbers.js';
import { isIsoDate } from '../../lib/validators.js';

/** The largest population we quote (larger than any US jurisdiction). */
export const MAX_POPULATION = 100_000_000;
/** $10,000,000 a year: far above any real dues amount, low enough to catch a typo. */
export const MAX_AMOUNT_CENTS = 1_000_000_000;

/** A real calendar day written YYYY-MM-DD. */
export const isCalendarDate = (s: string): boolean => isIsoDate(s);

export const isoDate = (message = 'Enter a date like 2026-01-01.') => z.string({ error: message }).trim().refine(isCalendarDate, message);

const entityTypeMessage = `Choose one of: ${ENTITY_TYPES.join(', ')}.`;
export const entityType = z.enum(ENTITY_TYPES, { error: entityTypeMessage });

const POPULATION_PROBLEMS: NumberMessages = { ...POPULATION_MESSAGES, empty: 'Enter the population.' };
/** Population as typed by a person, read by the forms' one number reader ("31,685", "31 685"). */
export const population = z
  .string({ error: (issue) => (issue.input === undefined ? 'Enter the population.' : POPULATION_MESSAGES.format) })
  .max(40, { error: tooLongMessage(POPULATION_MESSAGES) })
  .transform((s, ctx) => {
    const r = readWholeNumber(s, { min: 1, max: MAX_POPULATION });
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: POPULATION_PROBLEMS[r.problem] ?? POPULATION_PROBLEMS.format });
    return z.NEVER;
  });

export const quoteQuery = z.object({
  entityType,
  population,
  on: isoDate('Enter the date as YYYY-MM-DD, like 2026-01-01.').optional(),
});

export const quoteResponse = z.union([
  z.object({
    amountCents: z.number().int(),
    currency: z.literal('USD'),
    entityType,
    population: z.number().int(),
    band: z.object({ min: z.number().int(), max: z.number().int().nullable() }),
    scheduleEffectiveFrom: z.string(),
  }),
  z.object({ contactRequired: z.literal(true), contactEmail: z.string() }),
]);

const band = z
  .object({
    min: z.number().int().min(1).max(MAX_POPULATION),
    max: z.number().int().min(1).max(MAX_POPULATION).nullable(),
    amountCents: z.number().int().min(0).max(MAX_AMOUNT_CENTS),
  })
  .strict();

const rule = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('contact') }).strict(),
  z.object({ mode: z.literal('bands'), bands: z.array(band).min(1, 'Give at least one band.').max(50, 'Use at most 50 bands.') }).strict(),
]);

/** A new schedule version (or the replacement of a future one): a rule for every entity type. */
export const scheduleInput = z
  .object({
    effectiveFrom: isoDate(),
    note: z.string().trim().max(500, 'Use at most 500 characters.').default(''),
    rules: z.object(Object.fromEntries(ENTITY_TYPES.map((t) => [t, rule])) as Record<(typeof ENTITY_TYPES)[number], typeof rule>).strict(),
  })
  .strict();
export type ScheduleInput = z.output<typeof scheduleInput>;

export const scheduleStatus = z.enum(['past', 'in_force', 'future', 'draft']);

export const scheduleResponse = z.object({
  id: z.string(),
  effectiveFrom: z.string(),
  status: scheduleStatus,
  note: z.string(),
  /** null: a draft (membership staff only) */
  publishedAt: z.string().nullable(),
  rules: z.partialRecord(entityType, rule),
});

export const schedulesResponse = z.object({ schedules: z.array(scheduleResponse) });
export const scheduleParams = z.object({ id: z.string().max(100) });

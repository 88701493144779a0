// zod's own validators for the shapes that most often arrive from outside, for the places that
// check a value rather than parse a form: ids in paths and queries, and calendar days. In
// schemas, use `z.uuid()` and `z.iso.date()` directly.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { formatDay } from './format.js';

const uuid = z.uuid();
const calendarDay = z.iso.date();

/** An id as the database makes them (an RFC 9562 UUID); anything else names no row, so a
 * handler answers 404 without asking the database. */
export const isUuid = (value: unknown): value is string => uuid.safeParse(value).success;

/** A real calendar day written YYYY-MM-DD (not '2027-02-30'). */
export const isIsoDate = (value: unknown): value is string => calendarDay.safeParse(value).success;

/** The day `years` whole years after `day` (before, when negative); 29 February falls on the 28th. */
export const addYears = (day: string, years: number): string => DateTime.fromISO(day, { zone: 'utc' }).plus({ years }).toISODate() ?? day;

/** The first and last day of a range of whole years around `today`: a date field's sensible range
 * when the right one depends on the day (`{ before: 2, after: 2 }`: two years either side). */
export const yearsAround = (today: string, r: { before: number; after: number }): { from: string; to: string } => ({
  from: addYears(today, -r.before),
  to: addYears(today, r.after),
});

/** The message for a calendar day (YYYY-MM-DD) outside `from`..`to`, with the range in words, or
 * null when it is inside: a year 0001 or 9999 is a typing slip, and PostgreSQL refuses year 0. */
export const dayOutside = (day: string, range: { from: string; to: string }): string | null =>
  day < range.from || day > range.to ? `Choose a day from ${formatDay(range.from)} to ${formatDay(range.to)}.` : null;

/** A query-string field that may be left blank: `''` reads as absent. */
export const blankable = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** What a list's page number that is not one reads (staff events, registrations, the network,
 * newsletter subscribers, news, Who's Who). */
export const PAGE_NUMBER_MESSAGE = 'Enter a page number, like 2.';
/** The `page` of an offset-paged list's query string: digits only (spaces around them ignored),
 * from 1 to `max`; blank or missing is the first page. `tooHigh` is what a page past `max` reads
 * (a list that stops there on purpose says why). */
export const pageNumber = (max = 10_000, tooHigh = PAGE_NUMBER_MESSAGE) => {
  const digits = new RegExp(`^\\d{1,${Math.max(5, String(max).length)}}$`);
  return z
    .string()
    .trim()
    .default('')
    .refine((s) => s === '' || digits.test(s), PAGE_NUMBER_MESSAGE)
    .transform((s) => (s === '' ? 1 : Number(s)))
    .pipe(z.number().min(1, PAGE_NUMBER_MESSAGE).max(max, tooHigh));
};

/** The paging fields of a keyset-paged list (page, CSV and API alike): rows per page and the
 * previous page's `nextCursor`. */
export const keysetPaging = {
  limit: blankable(z.coerce.number({ error: 'Give a number.' }).int('Give a whole number.').min(1, 'Give at least 1.').max(200, 'Give at most 200.')).describe(
    'rows per page (default 50)',
  ),
  cursor: blankable(
    z
      .string()
      .max(500)
      .regex(/^[A-Za-z0-9_-]+$/, 'This page link is not valid; start again from the first page.'),
  ).describe('`nextCursor` of the previous page'),
};

const PHONE_CHARACTERS = /^[0-9+().\-\s/]*(?:(?:ext\.?|x)\s*\d+)?$/i;
export const PHONE_MESSAGE = 'Enter a phone number, like (217) 555-0100 (an extension as “ext. 12”).';

/** A phone number as people type it, optional: digits, spaces and + ( ) . - /, then perhaps an
 * extension ("ext. 12", "x12"), with at least seven digits in all; '' when left empty. One rule
 * for every form that asks for a phone (applications, contacts, profiles, partners). */
export const phoneNumber = (max = 40) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .refine((v) => v === '' || (PHONE_CHARACTERS.test(v) && (v.match(/\d/g)?.length ?? 0) >= 7), PHONE_MESSAGE)
    .default('');

// zod's own validators for the shapes that most often arrive from outside, for the places that
// check a value rather than parse a form: ids in paths and queries, and calendar days. In
// schemas, use `z.uuid()` and `z.iso.date()` directly.
import { z } from 'zod';

const uuid = z.uuid();
const calendarDay = z.iso.date();

/** An id as the database makes them (an RFC 9562 UUID); anything else names no row, so a
 * handler answers 404 without asking the database. */
export const isUuid = (value: unknown): value is string => uuid.safeParse(value).success;

/** A real calendar day written YYYY-MM-DD (not '2027-02-30'). */
export const isIsoDate = (value: unknown): value is string => calendarDay.safeParse(value).success;

// zod at the edge of student chapters: the forms and the params.
import { z } from 'zod';
import { CHAPTER_ROLES } from '../../db/types.js';
import { STATE_CODES } from '../../lib/us-states.js';
import { isIsoDate } from '../../lib/validators.js';

/** Ids and slugs are checked in the handler: a malformed one is a 404 like an unknown one. */
export const slugParams = z.object({ slug: z.string().max(100) }).strict();
export const idParams = z.object({ id: z.string().max(100) }).strict();
export const slugIdParams = z.object({ slug: z.string().max(100), id: z.string().max(100) }).strict();
export const reportParams = z.object({ id: z.string().max(100), reportId: z.string().max(100) }).strict();
export const slugReportParams = z.object({ slug: z.string().max(100), reportId: z.string().max(100) }).strict();
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// A field missing from the body (a scripted client, a form from an older page) reads as one left
// empty: the same message in the product's words, never zod's "expected string, received undefined".
const text = (max: number, missing = 'Enter a value.') => z.string({ error: missing }).trim().max(max, `Use at most ${max} characters.`);
const needed = (max: number, message: string) => text(max, message).min(1, message);
const email = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .max(254, 'Use at most 254 characters.')
    .pipe(z.email({ error: message }));
const optionalEmail = z
  .string()
  .trim()
  .max(254, 'Use at most 254 characters.')
  .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter the email of the student’s account, or leave it empty.')
  .default('');
const day = (label: string) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .min(1, `Enter the ${label}.`)
    .refine(isIsoDate, 'Enter a date as year-month-day, for example 2027-07-01.');

export const OFFICER_FIELDS = ['president', 'vice_president', 'secretary', 'treasurer'] as const;

export const requestForm = z
  .object({
    university: needed(200, 'Enter the university’s name.'),
    city: needed(100, 'Enter the university’s city.'),
    state: z.enum(STATE_CODES, { error: 'Choose the university’s state.' }),
    name: needed(150, 'Enter the chapter’s proposed name.'),
    advisorName: needed(150, 'Enter the faculty advisor’s name.'),
    advisorEmail: email('Enter the faculty advisor’s email, like name@university.edu.'),
    advisorDepartment: needed(150, 'Enter the faculty advisor’s department.'),
    president_name: needed(150, 'Enter the founding president’s name.'),
    president_email: email('Enter the email of the founding president’s account.'),
    vice_president_name: text(150).default(''),
    vice_president_email: optionalEmail,
    secretary_name: text(150).default(''),
    secretary_email: optionalEmail,
    treasurer_name: text(150).default(''),
    treasurer_email: optionalEmail,
    purpose: needed(5000, 'Say what the chapter is for.'),
  })
  .strip()
  .superRefine((v, ctx) => {
    for (const role of OFFICER_FIELDS) {
      const n = v[`${role}_name`];
      const e = v[`${role}_email`];
      if (n && !e) ctx.addIssue({ code: 'custom', path: [`${role}_email`], message: 'Enter the email of this officer’s account, or leave the name empty too.' });
      if (e && !n) ctx.addIssue({ code: 'custom', path: [`${role}_name`], message: 'Enter this officer’s name.' });
    }
  });

export type RequestFormData = z.output<typeof requestForm>;

export const officerForm = z
  .object({
    role: z.enum(CHAPTER_ROLES, { error: 'Choose the role.' }),
    email: email('Enter the email of the student member’s account.'),
    termStart: day('first day of the term'),
    termEnd: day('last day of the term'),
  })
  .strip();

export const eventForm = z
  .object({
    title: needed(200, 'Enter the event’s title.'),
    happensOn: day('date of the event'),
    place: text(300).default(''),
    description: text(2000).default(''),
  })
  .strip();

export const reportForm = z
  .object({
    year: z.coerce.number({ error: 'Choose the academic year.' }).int('Choose the academic year.').min(2000, 'Choose the academic year.').max(2200, 'Choose the academic year.'),
    activities: needed(10000, 'Describe the chapter’s activities this year.'),
    eventsHeld: text(5000).default(''),
    // An emptied field is a missing count, not 0 (z.coerce reads '' as 0).
    memberCount: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.coerce.number({ error: 'Enter the number of members.' }).int('Enter a whole number.').min(0, 'At least 0.').max(100000, 'At most 100,000.'),
    ),
  })
  .strip();

/** A report sent back, filed again: its year is the report's. */
export const refileForm = reportForm.omit({ year: true });

/** What the officers should change in a report sent back: they read it. */
export const returnForm = z.object({ note: needed(2000, 'Say what the officers should change: they read it.') }).strip();

export const declineForm = z.object({ reason: needed(2000, 'Say why the request is declined: the requester reads it.') }).strip();

export const settingsForm = z
  .object({
    dueMonth: z.coerce.number({ error: 'Choose a month.' }).int().min(1, 'Choose a month.').max(12, 'Choose a month.'),
    dueDay: z.coerce.number({ error: 'Enter a day of the month.' }).int('Enter a whole number.').min(1, 'Between 1 and 31.').max(31, 'Between 1 and 31.'),
    reminderDays: z.coerce.number({ error: 'Enter a number of days.' }).int('Enter whole days.').min(1, 'At least 1 day.').max(180, 'At most 180 days.'),
    graceDays: z.coerce.number({ error: 'Enter a number of days.' }).int('Enter whole days.').min(0, 'At least 0 days.').max(365, 'At most 365 days.'),
  })
  .strip();

export const searchQuery = z.object({ q: z.string().max(200).optional() }).strip();

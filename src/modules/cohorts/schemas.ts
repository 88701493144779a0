// zod at the edge of cohorts and delegations: params, staff forms, and the public API's answers
// (which carry no score, reason, answer, meeting or file: those are staff's and participants').
import { z } from 'zod';
import { COHORT_KINDS, COHORT_QUESTION_KINDS } from '../../db/types.js';
import { isIsoDate } from '../../lib/validators.js';

/** Slugs and ids are checked in the handler: an unknown one is a 404 like any other. */
export const slugParams = z.object({ slug: z.string().max(100) }).strict();
export const idParams = z.object({ id: z.string().max(100) }).strict();
export const applicationParams = z.object({ id: z.string().max(100), applicationId: z.string().max(100) }).strict();
export const fileParams = z.object({ slug: z.string().max(100), fileId: z.string().max(100) }).strict();

const date = (what: string) =>
  z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .refine(isIsoDate, 'Enter a date as year-month-day, for example 2027-03-31.');
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max.toLocaleString('en-US')} characters.`)
    .default('');

export const QUESTION_SLOTS = 5;
const questionFields = Object.fromEntries(
  Array.from({ length: QUESTION_SLOTS }, (_, i) => [
    [`question_${i + 1}`, optionalText(300)],
    [`question_${i + 1}_kind`, z.enum(COHORT_QUESTION_KINDS, { error: 'Choose a kind of answer.' }).default('short_text')],
  ]).flat(),
) as Record<string, z.ZodType>;

export const newCohortForm = z
  .object({
    kind: z.enum(COHORT_KINDS, { error: 'Choose what kind of call this is.' }),
    title: z.string({ error: 'Enter a title.' }).trim().min(1, 'Enter a title.').max(200, 'Use at most 200 characters.'),
    slug: z
      .string({ error: 'Enter the address.' })
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lower-case letters, digits and single hyphens, for example climate-leaders-2027.')
      .max(80, 'Use at most 80 characters.'),
    description: optionalText(5000),
    event_name: optionalText(200),
    opens_on: date('day the call opens'),
    closes_on: date('day the call closes'),
    capacity: z
      .string()
      .trim()
      .default('')
      .refine((s) => s === '' || (/^\d{1,4}$/.test(s) && Number(s) >= 1 && Number(s) <= 1000), 'Enter a whole number from 1 to 1,000, or leave it blank.'),
    pathway: z.union([z.literal(''), z.uuid('Choose a pathway from the list.')]).default(''),
    ...questionFields,
  })
  .strip()
  .refine((v) => v.closes_on >= v.opens_on, { path: ['closes_on'], message: 'The call must close on or after the day it opens.' });

export const decisionForm = z
  .object({
    decision: z.enum(['selected', 'declined'], { error: 'Choose select or decline.' }),
    reason: z.string({ error: 'Give the reason for the decision.' }).trim().min(1, 'Give the reason for the decision.').max(2000, 'Use at most 2,000 characters.'),
  })
  .strip();

export const scoreForm = z
  .object({
    score: z.coerce.number({ error: 'Give a score from 1 to 5.' }).int('Give a whole score from 1 to 5.').min(1, 'Give a score from 1 to 5.').max(5, 'Give a score from 1 to 5.'),
  })
  .strip();

export const meetingForm = z
  .object({
    title: z.string({ error: 'Enter a title.' }).trim().min(1, 'Enter a title.').max(200, 'Use at most 200 characters.'),
    date: date('day of the meeting'),
    start: z.string({ error: 'Enter the start time.' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as hours:minutes, for example 14:30.'),
    end: z.string({ error: 'Enter the end time.' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as hours:minutes, for example 15:30.'),
    time_zone: z.string({ error: 'Choose a time zone.' }).max(64),
    place: optionalText(300),
    online_url: z
      .string()
      .trim()
      .max(500, 'Use at most 500 characters.')
      .default('')
      .refine((s) => s === '' || /^https:\/\/[^\s<>"]+$/.test(s), 'Enter an address starting with https://, or leave it blank.'),
  })
  .strip()
  .refine((v) => v.end > v.start, { path: ['end'], message: 'The meeting must end after it starts.' })
  .refine((v) => v.place !== '' || v.online_url !== '', { path: ['place'], message: 'Give a place, an online link, or both.' });

export const noteForm = z.object({ body: z.string({ error: 'Write your note.' }).trim().min(1, 'Write your note.').max(2000, 'Use at most 2,000 characters.') }).strip();

const publicCohort = z.object({
  slug: z.string(),
  kind: z.enum(COHORT_KINDS),
  title: z.string(),
  description: z.string(),
  eventName: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  capacity: z.number().nullable(),
  call: z.enum(['upcoming', 'open', 'closed']),
  url: z.string(),
});
export const publicCohortList = z.object({ cohorts: z.array(publicCohort) });
export const publicCohortDetail = z.object({
  cohort: publicCohort,
  questions: z.array(z.object({ prompt: z.string(), kind: z.enum(COHORT_QUESTION_KINDS), required: z.boolean() })),
  /** delegations, once the selection is published: who represents the network */
  delegation: z.array(z.object({ name: z.string(), title: z.string(), organization: z.string().nullable() })).nullable(),
});

// zod at the edge of committees: forms, params and API answers.
import { z } from 'zod';
import { NOMINATION_STATUSES } from '../../db/types.js';
import { isIsoDate } from '../../lib/validators.js';

/** Ids and slugs are checked in the handler: a malformed one is a 404 like an unknown one. */
export const idParams = z.object({ id: z.string().max(100) }).strict();
export const slugParams = z.object({ slug: z.string().max(100) }).strict();

const day = (label: string) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .refine(isIsoDate, 'Enter a date as year-month-day, for example 2027-07-01.');
const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`);
const uuid = (message: string) => z.uuid({ error: message });

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const committeeForm = z
  .object({
    name: text(120).min(1, 'Enter the committee’s name.'),
    slug: text(80).refine((s) => s === '' || SLUG.test(s), 'Use lowercase letters, digits and single hyphens, like northeast-executive.'),
    description: text(2000).default(''),
    region: text(80).default(''),
    reminderDays: z.coerce.number({ error: 'Enter a number of days.' }).int('Enter whole days.').min(1, 'At least 1 day.').max(365, 'At most 365 days.'),
  })
  .strip();

export const committeeEditForm = committeeForm.omit({ slug: true });

export const seatForm = z
  .object({
    title: text(80).min(1, 'Enter the seat’s name, like Chair.'),
    count: z.coerce.number({ error: 'Enter how many seats.' }).int('Enter a whole number.').min(1, 'At least 1.').max(50, 'At most 50.'),
  })
  .strip();

export const termForm = z.object({ seatId: uuid('Choose a seat.'), startsOn: day('first day of the term'), endsOn: day('last day of the term') }).strip();

export const electionForm = z
  .object({ name: text(120).min(1, 'Enter a name, like 2027 election.'), opensOn: day('day nominations open'), closesOn: day('day nominations close') })
  .strip();

export const electForm = z.object({ termId: uuid('Choose a term.'), nominationId: uuid('Choose an accepted nomination.') }).strip();
export const appointForm = z.object({ term: uuid('Choose a term.'), email: z.email({ error: 'Enter the email of the person’s account.' }).max(254) }).strip();

export const nominationForm = z
  .object({
    electionId: uuid('Choose the election.'),
    seatId: uuid('Choose a seat.'),
    who: z.enum(['self', 'other'], { error: 'Choose whom you nominate.' }),
    nominee: z.string().trim().max(254, 'Use at most 254 characters.').default(''),
    statement: text(2000).default(''),
  })
  .strip()
  .superRefine((v, ctx) => {
    if (v.who === 'other' && !z.email().safeParse(v.nominee).success) ctx.addIssue({ code: 'custom', path: ['nominee'], message: 'Enter the email of the member’s account.' });
  });

/** The API's nomination: `nominee` omitted for yourself. */
export const nominationBody = z
  .object({ electionId: z.uuid(), seatId: z.uuid(), nominee: z.email().max(254).optional(), statement: z.string().trim().max(2000).default('') })
  .strict();

// ---- API answers

const holder = z.object({ name: z.string(), organization: z.string().nullable(), termEnd: z.string() });
const rosterSeat = z.object({
  seat: z.string(),
  seats: z.number().int(),
  term: z.object({ startsOn: z.string(), endsOn: z.string() }).nullable(),
  holders: z.array(holder),
  vacancies: z.number().int(),
});
const election = z.object({ id: z.string(), title: z.string(), opensOn: z.string(), closesOn: z.string() });
export const committeeSummary = z.object({ slug: z.string(), name: z.string(), description: z.string(), region: z.string().nullable(), url: z.string() });
export const rosterAnswer = committeeSummary.extend({ seats: z.array(rosterSeat), openElections: z.array(election) });

export const nominationSummary = z.object({
  id: z.string(),
  seat: z.string(),
  nominee: z.string(),
  nomineeEmail: z.string(),
  nominatedBy: z.string().nullable(),
  self: z.boolean(),
  organization: z.string(),
  status: z.enum(NOMINATION_STATUSES),
});
export const staffNominationsAnswer = z.object({ elections: z.array(election.extend({ nominations: z.array(nominationSummary) })) });

export const mineAnswer = z.object({
  nominations: z.array(z.object({ id: z.string(), committee: z.string(), seat: z.string(), election: z.string(), closesOn: z.string(), status: z.enum(NOMINATION_STATUSES) })),
  places: z.array(
    z.object({
      id: z.string(),
      committee: z.string(),
      seat: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
      method: z.enum(['elected', 'appointed']),
      status: z.enum(['offered', 'holding', 'declined']),
    }),
  ),
});

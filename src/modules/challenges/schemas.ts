// The forms and API shapes of the business challenge, parsed with zod at the edge: each field's
// message is what the page shows beside it.
import { z } from 'zod';
import { usAddressFields } from '../../lib/us-address.js';

const required = (max: number, empty: string) => z.string().trim().min(1, empty).max(max, `Keep this under ${max} characters.`);
const whole = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,7}$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);
const day = (message: string) => z.string().trim().pipe(z.iso.date(message));

/** An action of the template or of a challenge's catalogue. */
export const actionForm = z.object({
  title: required(200, 'Say what the business does.'),
  category: required(80, 'Give the action a category, like Energy or Waste.'),
  points: whole(1, 1000, 'Enter the points as a whole number from 1 to 1,000.'),
  evidenceRequired: z.literal('yes').optional(),
  retired: z.literal('yes').optional(),
});
export type ActionInput = z.output<typeof actionForm>;

/** A government's new challenge. */
export const challengeForm = z
  .object({
    org: z.string().trim().prefault(''),
    title: required(200, 'Give the challenge a title.'),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .max(80, 'Keep the web address under 80 characters.')
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens, like springfield-green-2027.'),
    description: z.string().trim().max(4000, 'Keep the description under 4,000 characters.').prefault(''),
    startsOn: day('Enter a real first day, such as 2027-04-01.'),
    endsOn: day('Enter a real last day, such as 2027-10-31.'),
    bronze: whole(1, 100000, 'Enter the Bronze threshold as a whole number of points, at least 1.'),
    silver: whole(1, 100000, 'Enter the Silver threshold as a whole number of points.'),
    gold: whole(1, 100000, 'Enter the Gold threshold as a whole number of points.'),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ['endsOn'], message: 'The last day must not be before the first day.' })
  .refine((v) => v.silver > v.bronze, { path: ['silver'], message: 'Silver needs more points than Bronze.' })
  .refine((v) => v.gold > v.silver, { path: ['gold'], message: 'Gold needs more points than Silver.' });
export type ChallengeInput = z.output<typeof challengeForm>;

/** A business's sign-up. */
/** A newcomer's start: their name and the address the sign-in link goes to. */
export const startForm = z.object({
  contactName: required(200, 'Enter your name.'),
  email: z.string().trim().toLowerCase().max(254, 'Use at most 254 characters for the email address.').pipe(z.email('Enter an email address, like owner@business.com.')),
});

/** A business's sign-up: its name, its address (one street line; the shared rules and messages of
 * src/lib/us-address.ts: a state from the list, a ZIP code of 5 or 9 digits) and the contact's name. */
export const joinForm = z.object({
  name: required(200, 'Enter the business’s name.'),
  addressLine1: usAddressFields.addressLine1,
  city: usAddressFields.city,
  state: usAddressFields.state,
  zip: usAddressFields.zip,
  contactName: required(200, 'Enter your name.'),
});
export type JoinInput = z.output<typeof joinForm>;

/** What a business says it did (the file comes separately, in the same multipart form). */
export const completionForm = z.object({ evidence: z.string().trim().max(2000, 'Keep the evidence under 2,000 characters.').prefault('') });

/** The government's decision on an action marked done. */
export const reviewForm = z
  .object({
    decision: z.enum(['verify', 'reject'], { error: 'Choose verify or reject.' }),
    reason: z.string().trim().max(2000, 'Keep the reason under 2,000 characters.').prefault(''),
  })
  .refine((v) => v.decision === 'verify' || v.reason !== '', { path: ['reason'], message: 'Say why the action is not accepted, so the business can put it right.' });

export const leaderboardEntry = z.object({
  rank: z.number().int().describe('standard competition ranking: tied businesses share a rank (1, 2, 2, 4)'),
  business: z.string(),
  points: z.number().int().describe('points of verified actions only'),
  badge: z.enum(['bronze', 'silver', 'gold']).nullable(),
  categories: z.record(z.string(), z.number().int()).describe('verified points by category'),
});
export const leaderboardResponse = z.object({
  challenge: z.object({
    slug: z.string(),
    title: z.string(),
    government: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    thresholds: z.object({ bronze: z.number().int(), silver: z.number().int(), gold: z.number().int() }),
  }),
  leaderboard: z.array(leaderboardEntry),
});

// What the People list and API accept and answer: the filters (one schema for the page, the CSV
// and the API), the keyset cursor, the action forms, and the JSON shapes. No shape here has a
// field for a password hash, a two-factor secret or a token: they cannot be answered by mistake.
import { z } from 'zod';
import { GLOBAL_ROLES } from '../../db/types.js';
import { blankable, keysetPaging } from '../../lib/validators.js';

export const PAGE_SIZE = 50;
export const MEMBERSHIP_STATUSES = ['pending', 'active', 'lapsed', 'ended'] as const;

export const peopleFilters = z.object({
  q: blankable(z.string().trim().max(100, 'Use at most 100 characters.')).describe('any part of the name (a typo is forgiven) or the beginning of the email address'),
  role: blankable(z.enum(GLOBAL_ROLES, { error: 'Choose a role from the list.' })),
  organization: blankable(z.uuid({ error: 'Choose an organization by its id.' })).describe('an organization’s id: its contacts'),
  level: blankable(z.uuid({ error: 'Choose a level from the list.' })).describe('a member level’s id: people whose current individual membership is at it'),
  membership: blankable(z.enum([...MEMBERSHIP_STATUSES, 'none'], { error: 'Choose a membership status from the list.' })).describe(
    'the status of an individual membership; `none`: never had one',
  ),
  verified: blankable(z.enum(['yes', 'no'], { error: 'Choose yes or no.' })).describe('`yes`: the email address is confirmed'),
  ...keysetPaging,
});
export type PeopleFilters = z.infer<typeof peopleFilters>;

export const idParams = z.object({ id: z.uuid() });

const personRow = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  verified: z.boolean(),
  deactivated: z.boolean(),
  roles: z.array(z.enum(GLOBAL_ROLES)),
  organizations: z.number().int(),
  membershipStatus: z.enum(MEMBERSHIP_STATUSES).nullable(),
  levelName: z.string().nullable(),
});
export const peopleList = z.object({ people: z.array(personRow), nextCursor: z.string().nullable() });

export const personRecord = personRow.extend({
  createdAt: z.string(),
  twoFactor: z.boolean(),
  pendingEmail: z.string().nullable(),
  organizationSeats: z.array(z.object({ organizationId: z.string(), name: z.string(), role: z.enum(['contact', 'admin']), title: z.string() })),
  memberships: z.array(
    z.object({
      id: z.string(),
      levelName: z.string(),
      status: z.enum(MEMBERSHIP_STATUSES),
      termStart: z.string().nullable(),
      termEnd: z.string().nullable(),
      verification: z.string(),
    }),
  ),
  invoices: z.array(
    z.object({
      id: z.string(),
      number: z.string().nullable(),
      status: z.string(),
      totalCents: z.number().int(),
      balanceCents: z.number().int(),
      dueOn: z.string().nullable(),
      creditedInFull: z.boolean().describe('credit notes cover the whole total: `status` stays `paid`, but nothing may have been paid; read as "Credited in full"'),
    }),
  ),
  signIn: z.object({
    lastSignInAt: z.string().nullable(),
    lastSeenAt: z.string().nullable(),
    activeSessions: z.number().int(),
    failedAttempts: z.number().int(),
  }),
});

const checked = (message: string) => z.preprocess((v) => v === 'yes', z.literal(true, { error: message }));

export const editForm = z.object({
  name: z.string().trim().min(1, 'Give the name.').max(200, 'Use at most 200 characters.'),
  email: z.email({ error: 'Give an email address like name@example.org.' }).max(254, 'Use at most 254 characters.'),
});

export const confirmForms = {
  endSessions: z.object({ confirmEnd: checked('Tick the box to confirm that every session ends.') }),
  resetTwoFactor: z.object({ confirmReset: checked('Tick the box to confirm the reset.') }),
  deactivate: z.object({ confirmDeactivate: checked('Tick the box to confirm the deactivation.') }),
};

export const resendForm = z.object({
  kind: z.enum(['seat', 'staff'], { error: 'Choose an invitation from the list.' }),
  invitationId: z.uuid({ error: 'Choose an invitation from the list.' }),
});

export const mergeQuery = z.object({ other: blankable(z.string().trim().max(254, 'Use at most 254 characters.')) });
export const mergeForm = z.object({
  other: z.uuid({ error: 'Find the other account first.' }),
  confirm: checked('Tick the box to confirm the merge: it cannot be undone.'),
});

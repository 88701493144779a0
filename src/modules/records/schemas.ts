// What the organizations list and the records API accept and answer: the filters (one schema for
// the page, the CSV and the API), the keyset cursor, and the JSON shapes.
import { z } from 'zod';
import { ENTITY_TYPES, ORGANIZATION_STATUSES } from '../../db/types.js';
import { DollarsError, parseDollars } from '../../lib/money.js';
import { readWholeNumber, wholeNumberField } from '../../lib/numbers.js';
import { STATE_CODES } from '../../lib/us-states.js';
import { blankable, keysetPaging } from '../../lib/validators.js';

export { ORGANIZATION_STATUSES };
export const SORTS = ['name', 'population', 'joined'] as const;
export const PAGE_SIZE = 50;

const populationBound = blankable(wholeNumberField({ min: 0, max: 100_000_000, messages: { format: 'Give a whole number, like 31,685.', negative: 'Give 0 or more.' } }));

export const organizationFilters = z.object({
  q: blankable(z.string().trim().max(100, 'Use at most 100 characters.')).describe(
    'the start of any word of the name (the whole text in the name); a typo or two is forgiven when nothing matches so',
  ),
  status: blankable(z.enum(ORGANIZATION_STATUSES, { error: 'Choose a status from the list.' })),
  type: blankable(z.enum(ENTITY_TYPES, { error: 'Choose a type from the list.' })),
  state: blankable(z.enum(STATE_CODES, { error: 'Choose a state from the list.' })),
  advisor: blankable(z.union([z.uuid({ error: 'Choose an advisor from the list.' }), z.literal('none')])).describe('an advisor’s user id, or `none`'),
  termEnd: blankable(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Give a month as YYYY-MM.')).describe('the month the current term ends, YYYY-MM'),
  band: blankable(z.string().regex(/^[a-z_]+-\d{1,2}$/, 'Choose a dues band from the list.')).describe(
    'a band of the dues schedule in force, `<type>-<n>` (`city-2`: the second cities’ band); read as the type and population range',
  ),
  populationMin: populationBound.describe('population at least'),
  populationMax: populationBound.describe('population at most'),
  balance: blankable(z.enum(['yes', 'no'], { error: 'Choose yes or no.' })).describe('`yes`: something is owed on an open invoice'),
  meeting: blankable(z.enum(['none'], { error: 'Choose from the list.' })).describe('`none`: no first meeting with an advisor is booked or held'),
  termEndFrom: blankable(z.iso.date('Enter a real date, such as 2026-03-15.')).describe('an active membership’s term ends on or after this day'),
  termEndTo: blankable(z.iso.date('Enter a real date, such as 2026-03-15.')).describe('an active membership’s term ends on or before this day'),
  sort: blankable(z.enum(SORTS, { error: 'Choose a sort from the list.' })),
  dir: blankable(z.enum(['asc', 'desc'], { error: 'Choose ascending or descending.' })),
  ...keysetPaging,
});
export type OrganizationFilters = z.infer<typeof organizationFilters>;

export const idParams = z.object({ id: z.uuid() });

const organizationRow = z.object({
  id: z.string(),
  name: z.string(),
  entityType: z.enum(ENTITY_TYPES),
  state: z.string(),
  status: z.enum(ORGANIZATION_STATUSES),
  population: z.number().nullable(),
  termEnd: z.string().nullable(),
  advisorName: z.string().nullable(),
  balanceCents: z.number().int(),
});
export const organizationList = z.object({
  organizations: z.array(organizationRow),
  nextCursor: z.string().nullable(),
  total: z.number().int().nullable().describe('with `q`: how many organizations match, counted up to 1,000 (see totalCapped); null without `q`'),
  totalCapped: z.boolean().describe('true when more than `total` (1,000) organizations match `q`: narrow the search (a state, a longer name) to count the others'),
});

export const organizationRecord = organizationRow.extend({
  slug: z.string(),
  website: z.string(),
  billingAddress: z.string(),
  timeZone: z.string(),
  populationSource: z.string().nullable(),
  populationYear: z.number().nullable(),
  createdAt: z.string(),
  memberships: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      termStart: z.string().nullable(),
      termEnd: z.string().nullable(),
      duesCents: z.number().int().nullable(),
      createdAt: z.string(),
    }),
  ),
  contacts: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string(), title: z.string(), role: z.enum(['contact', 'admin']) })),
  advisor: z.object({ userId: z.string(), name: z.string(), email: z.string() }).nullable(),
});

export const noteForm = z.object({
  body: z.string().trim().min(1, 'Write the note.').max(5000, 'Use at most 5,000 characters.'),
});

const whole = (label: string, example: string, min: number, max: number) =>
  z.string({ error: `Give the ${label}.` }).transform((v, ctx) => {
    const r = readWholeNumber(v, { min, max });
    if (r.ok) return r.value;
    const message =
      r.problem === 'empty'
        ? `Give the ${label}.`
        : r.problem === 'too_small'
          ? `Give a ${label} of at least ${min}.`
          : r.problem === 'too_large'
            ? `Give a ${label} of at most ${max.toLocaleString('en-US')}.`
            : `Give the ${label} as a whole number, like ${example}.`;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  });

export const profileForm = z.object({
  population: whole('population', '31,685', 1, 100_000_000),
  populationSource: z.string().trim().min(2, 'Say where the figure comes from (for example: US Census).').max(200, 'Use at most 200 characters.'),
  populationYear: whole('year', '2020', 1900, 2100),
  website: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'Give a web address starting with https://.' }).max(300)]),
  billingAddress: z.string().trim().max(500, 'Use at most 500 characters.'),
});

// ---- actions on the record (actions.ts) ----

export const advisorForm = z.object({
  advisor: z.uuid({ error: 'Choose an advisor from the list.' }),
  reason: z.string().trim().max(500, 'Use at most 500 characters.').default(''),
});

export const contactForm = z.object({
  name: z.string().trim().min(1, 'Enter the person’s name.').max(200, 'Use at most 200 characters.'),
  email: z.string().trim().toLowerCase().max(254, 'Use at most 254 characters.').pipe(z.email('Enter an email address, like name@example.gov.')),
  title: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
  role: z.enum(['contact', 'admin'], { error: 'Choose a role.' }),
});
export const roleForm = z.object({ role: z.enum(['contact', 'admin'], { error: 'Choose a role.' }) });
export const confirmForm = z.object({ confirm: z.literal('yes', { error: 'Tick the box to confirm.' }) });
export const contactParams = z.object({ id: z.uuid(), userId: z.uuid() });

export const INVOICE_LINES = 3;
const dollars = z.string().transform((v, ctx) => {
  try {
    const cents = parseDollars(v);
    if (cents === 0) {
      ctx.addIssue({ code: 'custom', message: 'Enter an amount of more than $0.00.' });
      return z.NEVER;
    }
    return cents;
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof DollarsError ? err.message : 'Enter an amount in dollars, like 1,200.50.' });
    return z.NEVER;
  }
});
/** Up to three lines (description1/amount1 …); a line with neither is left out; at least one. */
export const invoiceForm = z
  .object({
    billToName: z.string().trim().min(1, 'Enter whom the invoice is addressed to.').max(200, 'Use at most 200 characters.'),
    billToEmail: z.string().trim().toLowerCase().max(254).pipe(z.email('Enter an email address, like finance@example.gov.')),
    ...Object.fromEntries(
      Array.from({ length: INVOICE_LINES }, (_, i) => [
        [`description${i + 1}`, z.string().trim().max(200, 'Use at most 200 characters.').default('')],
        [`amount${i + 1}`, z.string().trim().max(30, 'Enter an amount in dollars, like 1,200.50.').default('')],
      ]).flat(),
    ),
  })
  .transform((v, ctx) => {
    const values = v as Record<string, string>;
    const lines: Array<{ description: string; amountCents: number }> = [];
    for (let i = 1; i <= INVOICE_LINES; i++) {
      const description = values[`description${i}`] ?? '';
      const amount = values[`amount${i}`] ?? '';
      if (!description && !amount) continue;
      if (!description) ctx.addIssue({ code: 'custom', path: [`description${i}`], message: 'Describe what this line is for.' });
      const cents = dollars.safeParse(amount);
      if (!cents.success) ctx.addIssue({ code: 'custom', path: [`amount${i}`], message: cents.error.issues[0]?.message ?? 'Enter an amount.' });
      else lines.push({ description, amountCents: cents.data });
    }
    if (lines.length === 0 && ctx.issues.length === 0) ctx.addIssue({ code: 'custom', path: ['description1'], message: 'Describe at least one line and its amount.' });
    return { billToName: values.billToName ?? '', billToEmail: values.billToEmail ?? '', lines };
  });

export const standingParams = z.object({ id: z.uuid(), membershipId: z.uuid(), action: z.enum(['suspend', 'cancel', 'reinstate']) });
export const standingForm = z.object({
  reason: z.string().trim().max(1000, 'Use at most 1,000 characters.').default(''),
  confirm: z.literal('yes', { error: 'Tick the box to confirm.' }).optional(),
});

export const mergeSearch = z.object({ q: z.string().trim().max(100, 'Use at most 100 characters.').default('') });
export const mergeParams = z.object({ id: z.uuid(), fromId: z.uuid() });

// Input and output shapes of the directory: the profile form (with its rows of positions), the
// Who's Who query of the page and the API, and the API's answer. zod at every edge.
import { z } from 'zod';
import type { FieldErrors } from '../../lib/errors.js';
import { STATE_CODES } from '../../lib/us-states.js';
import { pageNumber, phoneNumber } from '../../lib/validators.js';
import { PROFILE_VISIBILITIES, VISIBILITIES } from './visibility.js';

const STATE_MESSAGE = 'Choose a state by its two-letter postal code, like CO.';
const state = z.union([z.literal(''), z.enum(STATE_CODES, { error: STATE_MESSAGE })]).transform((v) => (v === '' ? null : v));
const text = (max: number) =>
  z
    .string({ error: 'Enter text.' })
    .default('')
    .transform((v) => v.trim())
    .pipe(z.string().max(max, `Use at most ${max.toLocaleString('en-US')} characters.`));
const visibility = z.enum(VISIBILITIES, { error: 'Choose who may see this.' }).default('members');

export const MAX_EXPERTISE = 20;
/** Areas of expertise: one list, comma or line separated, stored lowercase so filters and facets agree. */
export function splitExpertise(raw: string): string[] {
  const seen = new Set<string>();
  for (const part of raw.split(/[,\n;]/)) {
    const v = part.trim().replace(/\s+/g, ' ').toLowerCase();
    if (v) seen.add(v);
  }
  return [...seen];
}

export const profileForm = z
  .object({
    employer_name: text(200),
    employer_state: z.string().default('').pipe(state),
    title: text(200),
    education: text(2000),
    expertise: z
      .string()
      .default('')
      .transform(splitExpertise)
      .pipe(z.array(z.string().max(60, 'Keep each area to 60 characters or fewer.')).max(MAX_EXPERTISE, `List at most ${MAX_EXPERTISE} areas.`)),
    bio: text(1000),
    work_email: z
      .string()
      .default('')
      .transform((v) => v.trim())
      .pipe(z.union([z.literal(''), z.email('Enter an email address like name@city.gov.').max(254, 'Use at most 254 characters.')])),
    work_email_visibility: visibility,
    phone: phoneNumber(40),
    phone_visibility: visibility,
    mailing_address: text(500),
    mailing_address_visibility: visibility,
    listed: z.literal('yes', { error: 'Tick the box or leave it empty.' }).optional(),
    profile_visibility: z.enum(PROFILE_VISIBILITIES, { error: 'Choose who may see your profile.' }).default('members'),
  })
  .strip();
export type ProfileForm = z.output<typeof profileForm>;

export const POSITION_ROWS_MAX = 20;
export const POSITION_FIELDS = ['title', 'employer', 'state', 'start', 'end'] as const;
export const positionKey = (field: (typeof POSITION_FIELDS)[number] | 'remove', i: number) => `pos_${field}_${i}`;

export interface PositionInput {
  title: string;
  employerName: string;
  state: string | null;
  startYear: number;
  endYear: number | null;
}

/** The rows of the positions fieldset: blank rows and rows marked for removal are dropped. */
export function parsePositions(values: Record<string, string>, thisYear: number): { positions: PositionInput[]; errors: FieldErrors } {
  const positions: PositionInput[] = [];
  const errors: FieldErrors = {};
  const year = (raw: string, key: string, label: string): number | null => {
    if (!/^\d{4}$/.test(raw)) {
      errors[key] = `Enter the ${label} as a four-digit year, like 2019.`;
      return null;
    }
    const n = Number(raw);
    if (n < 1900 || n > thisYear + 1) {
      errors[key] = `Enter a year from 1900 to ${thisYear + 1}.`;
      return null;
    }
    return n;
  };
  for (let i = 0; i < POSITION_ROWS_MAX; i++) {
    const v = Object.fromEntries(POSITION_FIELDS.map((f) => [f, (values[positionKey(f, i)] ?? '').trim()])) as Record<(typeof POSITION_FIELDS)[number], string>;
    if (values[positionKey('remove', i)] === 'yes') continue;
    if (POSITION_FIELDS.every((f) => v[f] === '')) continue;
    if (!v.title) errors[positionKey('title', i)] = 'Enter the title you held.';
    else if (v.title.length > 200) errors[positionKey('title', i)] = 'Use at most 200 characters.';
    if (!v.employer) errors[positionKey('employer', i)] = 'Enter the employer, like City of Boulder.';
    else if (v.employer.length > 200) errors[positionKey('employer', i)] = 'Use at most 200 characters.';
    const st = state.safeParse(v.state);
    if (!st.success) errors[positionKey('state', i)] = STATE_MESSAGE;
    const start = year(v.start, positionKey('start', i), 'start year');
    const end = v.end === '' ? null : year(v.end, positionKey('end', i), 'end year');
    if (start !== null && end !== null && end < start) errors[positionKey('end', i)] = 'The end year must be the start year or later.';
    if (v.title && v.employer && st.success && start !== null && (v.end === '' || end !== null))
      positions.push({ title: v.title, employerName: v.employer, state: st.data, startYear: start, endYear: end });
  }
  return { positions, errors };
}

// ---- Who's Who ----

/** An optional query field: absent or blank means "any". */
const opt = <T extends z.ZodType<unknown, string>>(t: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .pipe(t.optional());

export const PAGE_SIZE = 20;
/** How deep paging goes: the first 200 matches of any search (issue 11, finding 3). Past that,
 * a search is narrowed with filters; nobody pages through the whole membership. */
export const MAX_PAGE = 10;
export const MAX_RESULTS = PAGE_SIZE * MAX_PAGE;
export const TOO_DEEP = `Who’s Who shows the first ${MAX_RESULTS} matches of a search (pages 1 to ${MAX_PAGE}). To see others, narrow your search with a name, jurisdiction, state, title or area of expertise.`;
/** The window of the searches-per-account limit (page and API together); the count is the
 * RATE_LIMIT_DIRECTORY_PER_10_MINUTES setting (default 60). */
export const SEARCH_WINDOW_MS = 10 * 60_000;

export const directoryQuery = z.object({
  q: opt(z.string().min(2, 'Enter at least 2 letters of the name.').max(100, 'Use at most 100 characters.')),
  state: opt(z.enum(STATE_CODES, { error: STATE_MESSAGE })),
  title: opt(z.string().max(100, 'Use at most 100 characters.')),
  jurisdiction: opt(z.string().max(100, 'Use at most 100 characters.')),
  expertise: opt(
    z
      .string()
      .max(60, 'Use at most 60 characters.')
      .transform((v) => v.replace(/\s+/g, ' ').toLowerCase()),
  ),
  page: pageNumber(MAX_PAGE, TOO_DEEP),
});
export type DirectoryQuery = z.output<typeof directoryQuery>;

const contact = z.string().nullable();
export const directoryEntry = z.object({
  id: z.uuid(),
  name: z.string(),
  title: z.string(),
  employer: z.object({ name: z.string(), state: z.string().nullable(), organizationId: z.uuid().nullable() }),
  expertise: z.array(z.string()),
  workEmail: contact.describe('null when empty or when the member does not show it to you'),
  phone: contact.describe('null when empty or when the member does not show it to you'),
  mailingAddress: contact.describe('null when empty or when the member does not show it to you'),
  url: z.string(),
});

export const directoryResponse = z.object({
  results: z.array(directoryEntry),
  total: z.number().int().describe('how many members match, counted up to 1,000; see totalCapped'),
  totalCapped: z.boolean().describe('true when more than `total` (1,000) members match: results and pages then cover the first 1,001 matches; narrow the search to see others'),
  page: z.number().int(),
  pageSize: z.number().int(),
  facets: z
    .object({
      states: z.array(z.object({ state: z.string(), name: z.string(), count: z.number().int() })),
      expertise: z.array(z.object({ value: z.string(), count: z.number().int() })),
    })
    .describe(
      'for one name word (or none) with at most a state, when that word (or, for a typo nobody has, the first similar word someone has) has 1,001 people or more there: every one of them, from kept counts; otherwise counted over the matches read (at most 1,001, as total)',
    ),
});

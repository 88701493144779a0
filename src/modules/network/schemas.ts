// What the network accepts and answers: the /network page's filters, the members and stats API
// (query strings parsed with zod; a blank field means "any"), and the network profile form.
import { z } from 'zod';
import { ENTITY_TYPES } from '../../db/types.js';
import { STATE_CODES, US_TIME_ZONE_IDS } from '../../lib/us-states.js';
import { pageNumber } from '../../lib/validators.js';
import { API_V1_BANDS, BAND_CHOICES } from './filters.js';

/** An optional query field: absent or blank means "any". */
const opt = <T extends z.ZodType<unknown, string>>(t: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .pipe(t.optional());

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_POPULATION = 100_000_000;
const WHOLE = 'Enter a whole number of residents, like 50000.';
const count = z
  .string()
  .regex(/^\d{1,9}$/, WHOLE)
  .transform(Number)
  .pipe(z.number().max(MAX_POPULATION, 'Enter 100,000,000 or less.'));

const common = {
  state: opt(z.enum(STATE_CODES, { error: 'Choose a state by its two-letter postal code, like CO.' })),
  type: opt(z.enum(ENTITY_TYPES, { error: `Choose one of: ${ENTITY_TYPES.join(', ')}.` })),
  pathway: opt(z.string().max(100, 'Choose a pathway from the list.').regex(SLUG, 'Choose a pathway from the list.')),
};

/** The /network page's GET form, and the page of its list (a page past the last shows the last). */
export const pageQuery = z.object({
  ...common,
  band: opt(z.enum(BAND_CHOICES, { error: 'Choose a population band from the list.' })),
  page: pageNumber(999_999),
});
export type PageQuery = z.output<typeof pageQuery>;

/** GET /api/v1/network/members */
export const membersQuery = z
  .object({
    ...common,
    populationMin: opt(count),
    populationMax: opt(count),
    q: opt(z.string().max(100, 'Use at most 100 characters.')),
    cursor: opt(z.string().max(600, 'This cursor is not valid.')),
    limit: opt(
      z
        .string()
        .regex(/^\d{1,3}$/, 'Enter a number from 1 to 200.')
        .transform(Number)
        .pipe(z.number().min(1, 'Enter a number from 1 to 200.').max(200, 'Enter a number from 1 to 200.')),
    ),
  })
  .refine((q) => q.populationMin === undefined || q.populationMax === undefined || q.populationMin <= q.populationMax, {
    path: ['populationMax'],
    message: 'The maximum population must be at least the minimum.',
  });
export type NetworkFilterInput = z.output<typeof membersQuery>;

const member = z.object({
  slug: z.string(),
  name: z.string(),
  entityType: z.enum(ENTITY_TYPES),
  state: z.string(),
  populationBand: z
    .enum(API_V1_BANDS)
    .nullable()
    .describe(
      'the population in v1’s five bands: under-50k (under 50,000), 50k-100k (50,000 to 99,999), 100k-250k (100,000 to 249,999), 250k-1m (250,000 to 999,999), over-1m (1,000,000 and over); null when it is not known',
    ),
  memberSince: z.string().nullable().describe('first day of the first membership term, YYYY-MM-DD'),
  pathways: z.array(z.object({ slug: z.string(), name: z.string() })),
  url: z.string(),
});

export const membersResponse = z.object({
  members: z.array(member),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

export const statsResponse = z.object({
  foundedYear: z.number().int(),
  communitiesServed: z.number().int().describe('distinct organizations that have ever been active members'),
  currentMembers: z.number().int(),
  statesCovered: z.number().int(),
  byState: z.array(z.object({ state: z.string(), name: z.string(), members: z.number().int() })).describe('current members per state, including those not listed publicly'),
  affiliates: z.number().int().describe('public affiliates: chapters and branches whose agreement runs (partners)'),
  affiliatesByState: z.array(z.object({ state: z.string(), name: z.string(), affiliates: z.number().int() })).describe('public affiliates per state (those with a state)'),
});

/** The network profile form (/org/profile). */
export const profileInput = z
  .object({
    listed: z.literal('yes', { error: 'Tick the box or leave it empty.' }).optional(),
    pathways: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : [v].flat()))
      .pipe(z.array(z.uuid('Choose from the pathways listed.')).max(20, 'Choose from the pathways listed.')),
    website: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'Enter a full address starting with https://.' }).max(300, 'Use at most 300 characters.')]).default(''),
    time_zone: z.enum(US_TIME_ZONE_IDS, { error: 'Choose a time zone from the list.' }).optional(),
  })
  .strip();

// The network's filters: population bands, and the query strings of the page and the API,
// parsed with zod (a blank field means "any").
import { z } from 'zod';
import { ENTITY_TYPES, type EntityType } from '../../db/types.js';
import { STATE_CODES, stateName } from '../../lib/us-states.js';

export const BANDS = [
  { key: 'under-50k', label: 'Under 50,000', min: undefined, max: 49_999 },
  { key: '50k-100k', label: '50,000 to 99,999', min: 50_000, max: 99_999 },
  { key: '100k-250k', label: '100,000 to 249,999', min: 100_000, max: 249_999 },
  { key: '250k-1m', label: '250,000 to 999,999', min: 250_000, max: 999_999 },
  { key: 'over-1m', label: '1,000,000 or more', min: 1_000_000, max: undefined },
] as const;
export type BandKey = (typeof BANDS)[number]['key'];
const BAND_KEYS = BANDS.map((b) => b.key) as [BandKey, ...BandKey[]];

export function bandOfPopulation(population: number | null): BandKey | null {
  if (population === null) return null;
  return BANDS.find((b) => (b.min === undefined || population >= b.min) && (b.max === undefined || population <= b.max))?.key ?? null;
}
export const bandLabel = (key: BandKey | null) => BANDS.find((b) => b.key === key)?.label ?? 'Not known';

export const TYPE_LABELS: Record<EntityType, string> = { city: 'City', county: 'County', town: 'Town', region: 'Region', tribal_nation: 'Tribal nation' };

export const stateOptions = () => STATE_CODES.map((c) => ({ value: c, label: stateName(c) }));

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

/** The /network page's GET form. */
export const pageQuery = z.object({
  ...common,
  band: opt(z.enum(BAND_KEYS, { error: 'Choose a population band from the list.' })),
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
  populationBand: z.enum(BAND_KEYS).nullable(),
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
});

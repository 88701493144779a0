// The network's filters: population bands and states, with their labels (types of government are
// labelled by organizations' ENTITY_TYPE_LABELS, population bands are organizations'
// POPULATION_BANDS). (The query strings that choose them are parsed in schemas.ts.)
import { STATE_CODES, stateName } from '../../lib/us-states.js';
import { POPULATION_BAND_KEYS, POPULATION_BANDS, type PopulationBandKey, populationBand } from '../organizations/index.js';

/**
 * Keys the page's `band=` took when it had five bands, still in links people kept: each means the
 * same populations as the bands it names. (Its other four keys are keys of the six.)
 */
export const BAND_ALIASES = {
  'under-50k': { label: 'Under 50,000', bands: ['under-10k', '10k-50k'] },
} as const satisfies Record<string, { label: string; bands: readonly PopulationBandKey[] }>;
type BandAlias = keyof typeof BAND_ALIASES;

/** What `band=` accepts: a band's key, or an old key. */
export type BandChoice = PopulationBandKey | BandAlias;
export const BAND_CHOICES = [...POPULATION_BAND_KEYS, ...(Object.keys(BAND_ALIASES) as BandAlias[])] as [BandChoice, ...BandChoice[]];

const isAlias = (choice: string): choice is BandAlias => Object.hasOwn(BAND_ALIASES, choice);

/** The populations a choice of `band=` covers (the bands of an old key are next to each other). */
export function bandRange(choice: BandChoice): { min: number; max: number | undefined } {
  const bands = (isAlias(choice) ? BAND_ALIASES[choice].bands : [choice]).map((key) => populationBand(key)).filter((b) => b !== undefined);
  const first = bands[0];
  const last = bands[bands.length - 1];
  if (!first || !last) throw new Error(`No population band ${choice}`);
  return { min: first.min, max: last.max ?? undefined };
}

/** The choices of the page's population filter: the six bands, and an old key when a link chose it
 * (so the form says what the list shows). */
export function bandOptions(chosen: string | undefined): Array<{ value: string; label: string }> {
  const options = POPULATION_BANDS.map((b) => ({ value: b.key as string, label: b.label }));
  return chosen && isAlias(chosen) ? [{ value: chosen, label: BAND_ALIASES[chosen].label }, ...options] : options;
}

/** A band's label, for an organization's population: "Not known" without one. */
export const bandLabel = (key: PopulationBandKey | null) => populationBand(key)?.label ?? 'Not known';

/**
 * The members API (v1) answers `populationBand` in the five bands it was published with; v1 is a
 * contract, so it keeps them: under 50,000 is one band there.
 */
export const API_V1_BANDS = ['under-50k', '50k-100k', '100k-250k', '250k-1m', 'over-1m'] as const;
export type ApiV1Band = (typeof API_V1_BANDS)[number];
export function apiV1Band(key: PopulationBandKey | null): ApiV1Band | null {
  if (key === 'under-10k' || key === '10k-50k') return 'under-50k';
  return key;
}

export const stateOptions = () => STATE_CODES.map((c) => ({ value: c, label: stateName(c) }));

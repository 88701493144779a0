// The network's filters: population bands and states, with their labels (types of government are
// labelled by organizations' ENTITY_TYPE_LABELS).
// (The query strings that choose them are parsed in schemas.ts.)
import { STATE_CODES, stateName } from '../../lib/us-states.js';

export const BANDS = [
  { key: 'under-50k', label: 'Under 50,000', min: undefined, max: 49_999 },
  { key: '50k-100k', label: '50,000 to 99,999', min: 50_000, max: 99_999 },
  { key: '100k-250k', label: '100,000 to 249,999', min: 100_000, max: 249_999 },
  { key: '250k-1m', label: '250,000 to 999,999', min: 250_000, max: 999_999 },
  { key: 'over-1m', label: '1,000,000 or more', min: 1_000_000, max: undefined },
] as const;
export type BandKey = (typeof BANDS)[number]['key'];
export const BAND_KEYS = BANDS.map((b) => b.key) as [BandKey, ...BandKey[]];

export function bandOfPopulation(population: number | null): BandKey | null {
  if (population === null) return null;
  return BANDS.find((b) => (b.min === undefined || population >= b.min) && (b.max === undefined || population <= b.max))?.key ?? null;
}
export const bandLabel = (key: BandKey | null) => BANDS.find((b) => b.key === key)?.label ?? 'Not known';

export const stateOptions = () => STATE_CODES.map((c) => ({ value: c, label: stateName(c) }));

// The population bands an organization falls in, defined once for every page that groups or
// chooses organizations by population: the network's filter, newsletter segments and the members
// report. The keys are stable (they sit in links, in stored newsletter segments and in the
// migration that moved segments onto them: 0099); the labels are what people read. The dues
// schedule's bands are something else: prices that staff set per schedule.

export interface PopulationBand {
  key: string;
  label: string;
  /** the lowest population in the band */
  min: number;
  /** the highest, or null for the last band (no upper limit) */
  max: number | null;
}

/** Six bands, smallest first; every population (a whole number from 1) falls in exactly one. */
export const POPULATION_BANDS = [
  { key: 'under-10k', label: 'Under 10,000', min: 0, max: 9_999 },
  { key: '10k-50k', label: '10,000 to 49,999', min: 10_000, max: 49_999 },
  { key: '50k-100k', label: '50,000 to 99,999', min: 50_000, max: 99_999 },
  { key: '100k-250k', label: '100,000 to 249,999', min: 100_000, max: 249_999 },
  { key: '250k-1m', label: '250,000 to 999,999', min: 250_000, max: 999_999 },
  { key: 'over-1m', label: '1,000,000 and over', min: 1_000_000, max: null },
] as const satisfies readonly PopulationBand[];

export type PopulationBandKey = (typeof POPULATION_BANDS)[number]['key'];
export const POPULATION_BAND_KEYS = POPULATION_BANDS.map((b) => b.key) as [PopulationBandKey, ...PopulationBandKey[]];

/** The band of a population, or null when it is not known. */
export function populationBandOf(population: number | null): PopulationBandKey | null {
  if (population === null) return null;
  return POPULATION_BANDS.find((b) => population >= b.min && (b.max === null || population <= b.max))?.key ?? null;
}

/** The band with this key, if it is one. */
export const populationBand = (key: string | null | undefined): PopulationBand | undefined => POPULATION_BANDS.find((b) => b.key === key);

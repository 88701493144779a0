// Demo dues schedules: the real schedule of the source pages (in force since 2020-01-01) and an
// older, cheaper one (2015-01-01), so that quoting on an earlier date can be shown.
import type { Transaction } from 'kysely';
import type { DB, EntityType } from '../../db/types.js';
import { insertSchedule } from './queries.js';
import type { DuesBand, DuesRule } from './rules.js';

/** Upper bounds (inclusive) and annual dollars; the last band is open-ended. */
const BANDS_2020: Array<[number | null, number]> = [
  [50_000, 600],
  [100_000, 1_200],
  [200_000, 1_750],
  [300_000, 2_250],
  [500_000, 2_750],
  [750_000, 3_500],
  [1_000_000, 4_500],
  [2_000_000, 5_750],
  [4_000_000, 7_000],
  [null, 8_000],
];
const BANDS_2015: Array<[number | null, number]> = BANDS_2020.map(([max, dollars]) => [max, Math.round((dollars * 0.8) / 50) * 50]);

/** Bands from (inclusive upper bound, dollars) pairs, each starting where the last ended. */
export function bandsFrom(pairs: Array<[number | null, number]>): DuesBand[] {
  let min = 1;
  return pairs.map(([max, dollars]) => {
    const band = { min, max, amountCents: dollars * 100 };
    min = (max ?? 0) + 1;
    return band;
  });
}

function rules(pairs: Array<[number | null, number]>): Record<EntityType, DuesRule> {
  const bands: DuesRule = { mode: 'bands', bands: bandsFrom(pairs) };
  return { city: bands, county: bands, town: bands, tribal_nation: bands, region: { mode: 'contact' } };
}

export const DEMO_SCHEDULES = [
  { effectiveFrom: '2015-01-01', note: 'Dues before the 2020 revision.', rules: rules(BANDS_2015) },
  { effectiveFrom: '2020-01-01', note: 'Dues schedule adopted by the board for 2020 onward.', rules: rules(BANDS_2020) },
];

/** Inserts the demo schedules, published (in the caller's transaction). */
export async function seedDuesDemo(trx: Transaction<DB>): Promise<void> {
  const now = new Date();
  for (const s of DEMO_SCHEDULES) await insertSchedule(trx, s, null, now, now);
}

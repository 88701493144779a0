// Place lookup (O3's jurisdiction field): US places (GeoNames) and counties (us-atlas), found
// by name. The data is read on the first lookup, not at start-up, and kept for the process.
import { loadUsCities, loadUsCounties } from './data.js';
import { buildIndex, type Place, type PlaceIndex, type SearchOptions, searchIndex } from './search-index.js';

export type { Place, PlaceKind } from './search-index.js';

let loading: Promise<PlaceIndex> | null = null;

/** The index, built once; concurrent first callers share the one build. */
export function loadPlaceIndex(): Promise<PlaceIndex> {
  loading ??= (async () => {
    const [cities, counties] = await Promise.all([loadUsCities(), loadUsCounties()]);
    return buildIndex([...cities, ...counties]);
  })().catch((err: unknown) => {
    loading = null; // let a later call try again
    throw err;
  });
  return loading;
}

/** Whether the data has been loaded (for tests and health output; loading is lazy). */
export const placeIndexLoaded = (): boolean => loading !== null;

/**
 * US places and counties matching what someone typed: names starting with it first, then names
 * containing it, larger places first. `state` (postal code) narrows to one state.
 */
export async function searchPlaces(q: string, opts: SearchOptions = {}): Promise<Place[]> {
  return searchIndex(await loadPlaceIndex(), q, opts);
}

/** Where the data comes from, for the API and the page that shows suggestions. */
export const PLACE_ATTRIBUTION = 'Places: GeoNames (CC BY 4.0). Counties: US Census Bureau, through us-atlas.';

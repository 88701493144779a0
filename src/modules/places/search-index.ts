// The in-memory place index: every name key sorted (for prefix search by binary search) and
// joined into one string (for substring search with indexOf). Pure: built from records, no I/O.
import { nameForms, normalizeName } from './normalize.js';

export type PlaceKind = 'place' | 'county';

export interface Place {
  kind: PlaceKind;
  /** as people write it: "Springfield", "King County", "Orleans Parish" */
  name: string;
  /** two-letter postal code */
  state: string;
  /** GeoNames' figure for places; null for counties (us-atlas has none) */
  population: number | null;
  latitude: number;
  longitude: number;
  /** 'geonames:<id>' or 'us-atlas:<5-digit FIPS>' */
  source: string;
}

/** A record and the extra names it is found by (a county also by its name without "County"). */
export interface IndexInput {
  place: Place;
  aliases?: string[];
}

export interface PlaceIndex {
  readonly places: readonly Place[];
  /** sorted, distinct per place */
  readonly keys: readonly string[];
  /** place of each key */
  readonly keyPlace: Int32Array;
  /** keys joined by '\n', and where each key starts in it */
  readonly haystack: string;
  readonly keyStart: Int32Array;
  /** each place's position when all are ordered by population (largest first), name, state */
  readonly order: Int32Array;
  /** the inverse: the place at each position of that order */
  readonly byOrder: Int32Array;
}

export function buildIndex(inputs: readonly IndexInput[]): PlaceIndex {
  const places: Place[] = [];
  const pairs: Array<[string, number]> = [];
  for (const input of inputs) {
    const i = places.push(input.place) - 1;
    const forms = new Set<string>();
    for (const n of [input.place.name, ...(input.aliases ?? [])]) {
      const { long, short } = nameForms(normalizeName(n));
      if (long) forms.add(long);
      if (short) forms.add(short);
    }
    for (const f of forms) pairs.push([f, i]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const keys = pairs.map((p) => p[0]);
  const keyPlace = Int32Array.from(pairs, (p) => p[1]);
  const keyStart = new Int32Array(keys.length);
  let pos = 0;
  keys.forEach((k, i) => {
    keyStart[i] = pos;
    pos += k.length + 1;
  });
  const byPopulation = places.map((_, i) => i);
  byPopulation.sort((a, b) => {
    const pa = places[a] as Place;
    const pb = places[b] as Place;
    return (pb.population ?? -1) - (pa.population ?? -1) || pa.name.localeCompare(pb.name) || pa.state.localeCompare(pb.state);
  });
  const order = new Int32Array(places.length);
  byPopulation.forEach((placeIndex, position) => {
    order[placeIndex] = position;
  });
  return { places, keys, keyPlace, haystack: keys.join('\n'), keyStart, order, byOrder: Int32Array.from(byPopulation) };
}

const COUNTY_WORDS = new Set(['county', 'parish', 'borough', 'municipio', 'census']);

/** How well a name matched: the lower the better. */
const EXACT = 0;
const PREFIX = 1;
const WORD = 2;
const INSIDE = 3;

function lowerBound(keys: readonly string[], q: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < q) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The key that contains haystack position `pos`. */
function keyAt(starts: Int32Array, pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const NONE = 255;
/** more than the number of places (about 20,000) */
const ORDER_SPAN = 1 << 20;
const scratch = new WeakMap<PlaceIndex, Uint8Array>();
function scratchFor(index: PlaceIndex): Uint8Array {
  let a = scratch.get(index);
  if (!a) {
    a = new Uint8Array(index.places.length).fill(NONE);
    scratch.set(index, a);
  }
  return a;
}

export interface SearchOptions {
  state?: string;
  limit?: number;
}

/**
 * Places whose name starts with the query (exact names first), then those with a word that
 * starts with it, then those that contain it; within each, the larger place first. Counties
 * come after places unless the query says "county" (or parish, borough...).
 */
/** The words a legal name starts with before the place's own name, normalized. */
const LEGAL_PREFIX = /^(?:the )?(?:city and county|city|town|township|village|borough|county|municipality|parish|consolidated government|unified government) of /;

export function searchIndex(index: PlaceIndex, rawQuery: string, opts: SearchOptions = {}): Place[] {
  const limit = Math.max(1, Math.min(opts.limit ?? 10, 100));
  let query = rawQuery;
  let state = opts.state?.toUpperCase();
  // "Springfield, IL": a trailing state code after a comma filters by state.
  const withState = /^(.*\S)\s*,\s*([A-Za-z]{2})\s*$/.exec(rawQuery);
  if (withState?.[1] && withState[2] && !state) {
    query = withState[1];
    state = withState[2].toUpperCase();
  }
  const q = normalizeName(query);
  if (!q) return [];
  // A legal name as typed ("City of Boulder", "Town of Brattleboro") finds the place by its own
  // name too; the whole query still counts, for places whose name is such ("Village of Oak Creek").
  const bare = q.replace(LEGAL_PREFIX, '');
  const forms = [...new Set([q, ...(bare ? [bare] : [])].flatMap((x) => Object.values(nameForms(x))))];
  // Best tier per place, in a scratch array reused across calls (no per-call allocation of a map).
  const tiers = scratchFor(index);
  const found: number[] = [];
  const consider = (place: number, tier: number) => {
    if (state && index.places[place]?.state !== state) return;
    const had = tiers[place] as number;
    if (had === NONE) found.push(place);
    if (tier < had) tiers[place] = tier;
  };

  for (const f of forms) {
    for (let k = lowerBound(index.keys, f); k < index.keys.length; k++) {
      const key = index.keys[k] as string;
      if (!key.startsWith(f)) break;
      consider(index.keyPlace[k] as number, key.length === f.length ? EXACT : PREFIX);
    }
  }
  // Substring matches can only make the list when prefix matches did not fill it.
  if (found.length < limit) {
    for (const f of forms) {
      for (let pos = index.haystack.indexOf(f); pos !== -1; pos = index.haystack.indexOf(f, pos + 1)) {
        const k = keyAt(index.keyStart, pos);
        if (pos === index.keyStart[k]) continue; // a prefix match, counted above
        consider(index.keyPlace[k] as number, index.haystack[pos - 1] === ' ' ? WORD : INSIDE);
      }
    }
  }

  // "king county", and "king co" on the way to it, put counties first.
  const words = q.split(' ');
  const last = words[words.length - 1] ?? '';
  const countiesFirst = words.some((w) => COUNTY_WORDS.has(w)) || (words.length > 1 && last.length >= 2 && [...COUNTY_WORDS].some((w) => w.startsWith(last)));
  // One integer per match: tier and kind in the high bits, size order in the low ones.
  const ranked = new Int32Array(found.length);
  found.forEach((i, n) => {
    const tier = tiers[i] as number;
    tiers[i] = NONE;
    const isCounty = index.places[i]?.kind === 'county';
    // tier, then kind (places first unless the query names a county), then size
    ranked[n] = (tier * 2 + (isCounty === countiesFirst ? 0 : 1)) * ORDER_SPAN + (index.order[i] as number);
  });
  ranked.sort();
  const out: Place[] = [];
  for (let n = 0; n < Math.min(limit, ranked.length); n++) out.push(index.places[index.byOrder[(ranked[n] as number) % ORDER_SPAN] as number] as Place);
  return out;
}

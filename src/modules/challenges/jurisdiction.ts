// Whether a business's address is in the jurisdiction of the government that runs the challenge.
//
// The rule (README "Jurisdiction"): the address's state must be the government's state; then
// - a county: the address's city must be a place the places lookup knows in that state (same
//   name, compared as the lookup compares names) whose point lies inside the county's boundary
//   (us-atlas, the Census Bureau's shapes; the county is the organization's `place_source`
//   `us-atlas:<FIPS>`, else the county of its name in its state);
// - any other government (city, town, ...): the address's city must be the government's own place
//   name: its name without a leading "City of", "Town of", "Village of", "City and County of"...
//   compared the same way ("St. Louis" = "Saint Louis", case and accents ignored).
// We compare names, not street addresses: there is no address geocoder in Civnet, and a city's
// postal name is what businesses write. A business with a mailing city outside the government's
// name (an unincorporated area, a postal name of a neighboring town) is refused with the reason.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { geoContains } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { searchPlaces } from '../places/index.js';

const require = createRequire(import.meta.url);

export interface Government {
  name: string;
  state: string;
  entity_type: string;
  place_source: string | null;
}

const ABBREVIATIONS = new Map([
  ['st', 'saint'],
  ['ste', 'sainte'],
  ['ft', 'fort'],
  ['mt', 'mount'],
]);

/** Lowercase ASCII words, abbreviations spelled out: "St. Cañon" → "saint canon". */
export function normalizePlaceName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘ʻ`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => ABBREVIATIONS.get(w) ?? w)
    .join(' ');
}

const PREFIX = /^(city and county|city|town|township|village|borough|municipality|county|parish|consolidated government) of /;

/** The place a city or town government is named for: "City of Springfield" → "springfield". */
export function placeNameOf(governmentName: string): string {
  return normalizePlaceName(governmentName).replace(PREFIX, '');
}

type CountyShape = Parameters<typeof geoContains>[0];

/** One county's shape by its 5-digit FIPS, read from the package's file each time: a county
 * government's sign-up is rare (and rate limited), so no cache is kept (it would be process state). */
async function countyShape(fips: string): Promise<CountyShape | undefined> {
  const topo = JSON.parse(await readFile(require.resolve('us-atlas/counties-10m.json'), 'utf8')) as Topology<{ counties: GeometryCollection<{ name: string }> }>;
  return feature(topo, topo.objects.counties).features.find((f) => String(f.id ?? '') === fips);
}

async function countyFips(g: Government): Promise<string | null> {
  const given = /^us-atlas:(\d{5})$/.exec(g.place_source ?? '')?.[1];
  if (given) return given;
  const wanted = normalizePlaceName(g.name).replace(PREFIX, '');
  const found = (await searchPlaces(g.name, { state: g.state, limit: 10 })).find((p) => p.kind === 'county' && normalizePlaceName(p.name) === wanted);
  return /^us-atlas:(\d{5})$/.exec(found?.source ?? '')?.[1] ?? null;
}

/** null when the address is in the jurisdiction; otherwise what to tell the business. */
export async function outsideJurisdiction(g: Government, address: { city: string; state: string }): Promise<string | null> {
  const refusal = `This challenge is for businesses in ${g.name}, ${g.state}. Your address (${address.city}, ${address.state}) is outside it.`;
  if (address.state !== g.state) return refusal;
  const city = normalizePlaceName(address.city);
  if (g.entity_type !== 'county') return city === placeNameOf(g.name) ? null : refusal;
  const fips = await countyFips(g);
  const shape = fips ? await countyShape(fips) : undefined;
  if (!shape) return `We cannot tell which places are in ${g.name}; please contact ${g.name} to join.`;
  const places = (await searchPlaces(address.city, { state: g.state, limit: 20 })).filter((p) => p.kind === 'place' && normalizePlaceName(p.name) === city);
  return places.some((p) => geoContains(shape, [p.longitude, p.latitude])) ? null : refusal;
}

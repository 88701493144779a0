// Candidates for the generated organizations: places (cities and towns), counties, regions
// (councils named after counties) and tribal nations, from the places module's data.
import type { EntityType } from '../../db/types.js';
import { loadPlaceIndex } from '../../modules/places/index.js';
import { type Rng, rng } from './random.js';

export interface Candidate {
  type: EntityType;
  name: string;
  /** the place the address is in */
  locality: string;
  state: string;
  population: number;
  populationSource: string;
  latitude: number;
  longitude: number;
  placeSource: string | null;
  weight: number;
}

/** Federally recognized tribal nations; populations are rounded enrolment figures (estimates). */
const TRIBAL_NATIONS: Array<[string, string, number, number, number]> = [
  ['Cherokee Nation', 'OK', 35.91, -94.97, 450_000],
  ['Navajo Nation', 'AZ', 35.67, -109.07, 400_000],
  ['Muscogee (Creek) Nation', 'OK', 35.62, -95.96, 100_000],
  ['Choctaw Nation of Oklahoma', 'OK', 34.0, -95.51, 225_000],
  ['Chickasaw Nation', 'OK', 34.51, -96.97, 80_000],
  ['Seminole Nation of Oklahoma', 'OK', 35.23, -96.67, 18_000],
  ['Osage Nation', 'OK', 36.66, -96.34, 25_000],
  ['Oglala Sioux Tribe', 'SD', 43.03, -102.56, 46_000],
  ['Rosebud Sioux Tribe', 'SD', 43.23, -100.85, 35_000],
  ['Standing Rock Sioux Tribe', 'ND', 46.09, -100.63, 15_000],
  ["Tohono O'odham Nation", 'AZ', 32.0, -112.0, 34_000],
  ['Gila River Indian Community', 'AZ', 33.17, -111.83, 22_000],
  ['Hopi Tribe', 'AZ', 35.83, -110.5, 14_000],
  ['White Mountain Apache Tribe', 'AZ', 33.83, -109.97, 17_000],
  ['San Carlos Apache Tribe', 'AZ', 33.35, -110.45, 16_000],
  ['Pueblo of Zuni', 'NM', 35.07, -108.85, 12_000],
  ['Pueblo of Laguna', 'NM', 35.04, -107.39, 9_000],
  ['Mescalero Apache Tribe', 'NM', 33.16, -105.77, 5_000],
  ['Eastern Band of Cherokee Indians', 'NC', 35.48, -83.31, 16_000],
  ['Mississippi Band of Choctaw Indians', 'MS', 32.78, -89.13, 11_000],
  ['Seminole Tribe of Florida', 'FL', 26.06, -80.22, 4_300],
  ['Poarch Band of Creek Indians', 'AL', 31.13, -87.48, 3_000],
  ['Catawba Indian Nation', 'SC', 34.9, -80.9, 3_400],
  ['Oneida Nation', 'WI', 44.49, -88.18, 17_000],
  ['Menominee Indian Tribe of Wisconsin', 'WI', 44.98, -88.67, 9_000],
  ['Ho-Chunk Nation', 'WI', 44.3, -90.8, 8_000],
  ['Red Lake Band of Chippewa Indians', 'MN', 47.87, -95.02, 12_000],
  ['White Earth Nation', 'MN', 47.1, -95.85, 19_000],
  ['Leech Lake Band of Ojibwe', 'MN', 47.38, -94.6, 9_000],
  ['Saginaw Chippewa Indian Tribe of Michigan', 'MI', 43.6, -84.78, 3_000],
  ['Seneca Nation of Indians', 'NY', 42.2, -78.9, 8_000],
  ['Mashantucket Pequot Tribal Nation', 'CT', 41.47, -71.97, 1_000],
  ['Mashpee Wampanoag Tribe', 'MA', 41.65, -70.48, 3_000],
  ['Passamaquoddy Tribe', 'ME', 44.93, -67.0, 3_600],
  ['Penobscot Nation', 'ME', 44.95, -68.65, 2_400],
  ['Confederated Tribes of the Colville Reservation', 'WA', 48.15, -118.97, 9_500],
  ['Confederated Tribes and Bands of the Yakama Nation', 'WA', 46.35, -120.6, 11_000],
  ['Tulalip Tribes', 'WA', 48.06, -122.28, 5_000],
  ['Lummi Nation', 'WA', 48.8, -122.63, 5_000],
  ['Confederated Tribes of Warm Springs', 'OR', 44.76, -121.27, 5_300],
  ['Confederated Tribes of the Umatilla Indian Reservation', 'OR', 45.65, -118.65, 3_100],
  ['Nez Perce Tribe', 'ID', 46.4, -116.8, 3_500],
  ['Shoshone-Bannock Tribes', 'ID', 43.02, -112.43, 6_000],
  ['Blackfeet Nation', 'MT', 48.6, -113.0, 17_000],
  ['Crow Tribe', 'MT', 45.5, -107.5, 14_000],
  ['Northern Cheyenne Tribe', 'MT', 45.6, -106.67, 12_000],
  ['Eastern Shoshone Tribe', 'WY', 43.0, -108.9, 4_000],
  ['Southern Ute Indian Tribe', 'CO', 37.13, -107.63, 1_500],
  ['Ute Mountain Ute Tribe', 'CO', 37.3, -108.65, 2_100],
  ['Ute Indian Tribe of the Uintah and Ouray Reservation', 'UT', 40.3, -109.9, 3_000],
  ['Pyramid Lake Paiute Tribe', 'NV', 39.93, -119.6, 2_500],
  ['Yurok Tribe', 'CA', 41.5, -124.0, 6_300],
  ['Hoopa Valley Tribe', 'CA', 41.05, -123.67, 3_000],
  ['Agua Caliente Band of Cahuilla Indians', 'CA', 33.8, -116.55, 500],
  ['Prairie Band Potawatomi Nation', 'KS', 39.4, -95.75, 4_800],
  ['Winnebago Tribe of Nebraska', 'NE', 42.24, -96.47, 5_000],
  ['Sac and Fox Tribe of the Mississippi in Iowa', 'IA', 41.97, -92.63, 1_500],
  ['Chitimacha Tribe of Louisiana', 'LA', 29.89, -91.53, 1_400],
  ['Alabama-Coushatta Tribe of Texas', 'TX', 30.72, -94.7, 1_300],
  ['Metlakatla Indian Community', 'AK', 55.13, -131.57, 2_000],
  ['Central Council of the Tlingit & Haida Indian Tribes of Alaska', 'AK', 58.3, -134.42, 35_000],
];

const REGION_KINDS = ['Regional Council', 'Council of Governments', 'Regional Planning Commission', 'Area Development District', 'Regional Commission'];
const COUNTY_SUFFIX = / (County|Parish|Borough|Census Area|Municipio|District|Municipality|Island)$/;

export async function candidates(r: Rng): Promise<Candidate[]> {
  const index = await loadPlaceIndex();
  const cities = index.places.filter((p) => p.kind === 'place' && p.population !== null && p.population > 0);
  const counties = index.places.filter((p) => p.kind === 'county');
  // us-atlas has no populations: estimate a county's from the GeoNames places nearest its centroid.
  const countyPop = new Map<string, number>();
  const byState = new Map<string, typeof counties>();
  for (const c of counties) byState.set(c.state, [...(byState.get(c.state) ?? []), c]);
  for (const p of cities) {
    const inState = byState.get(p.state);
    if (!inState) continue;
    const k = Math.cos((p.latitude * Math.PI) / 180);
    let best = inState[0];
    let bestD = Number.POSITIVE_INFINITY;
    for (const c of inState) {
      const d = (c.latitude - p.latitude) ** 2 + ((c.longitude - p.longitude) * k) ** 2;
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    if (best) countyPop.set(best.source, (countyPop.get(best.source) ?? 0) + (p.population ?? 0));
  }
  const out: Candidate[] = [];
  for (const p of cities) {
    const population = p.population ?? 1;
    const city = population >= 10_000;
    out.push({
      type: city ? 'city' : 'town',
      name: `${city ? 'City' : 'Town'} of ${p.name}`,
      locality: p.name,
      state: p.state,
      population,
      populationSource: 'GeoNames',
      latitude: p.latitude,
      longitude: p.longitude,
      placeSource: p.source,
      weight: city ? 3 : 1,
    });
  }
  for (const c of counties) {
    const population = Math.max(1_000, Math.round((countyPop.get(c.source) ?? 0) * 1.25));
    const base = c.name.replace(COUNTY_SUFFIX, '');
    out.push({
      type: 'county',
      name: c.name,
      locality: base,
      state: c.state,
      population,
      populationSource: 'Estimate',
      latitude: c.latitude,
      longitude: c.longitude,
      placeSource: c.source,
      weight: 2,
    });
    out.push({
      type: 'region',
      name: `${base} ${r.pick(REGION_KINDS)}`,
      locality: base,
      state: c.state,
      population: population * r.int(2, 4),
      populationSource: 'Estimate',
      latitude: c.latitude,
      longitude: c.longitude,
      placeSource: null,
      weight: 0.25,
    });
  }
  for (const [name, state, latitude, longitude, population] of TRIBAL_NATIONS) {
    out.push({ type: 'tribal_nation', name, locality: name, state, population, populationSource: 'Estimate', latitude, longitude, placeSource: null, weight: 2 });
  }
  return out;
}

/** N candidates: the largest in every state first, then a weighted random sample of the rest. */
export function choose(all: Candidate[], n: number, r: Rng): Candidate[] {
  const keyed = all.map((c) => ({ c, key: Math.log(r.next() || Number.MIN_VALUE) / c.weight }));
  keyed.sort((a, b) => b.key - a.key);
  const largest = new Map<string, Candidate>();
  for (const c of all) {
    const best = largest.get(c.state);
    if (c.type !== 'region' && (!best || c.population > best.population)) largest.set(c.state, c);
  }
  const first = [...largest.values()].sort((a, b) => (a.state < b.state ? -1 : 1)).slice(0, n);
  const taken = new Set(first);
  const rest = keyed.filter((k) => !taken.has(k.c)).map((k) => k.c);
  return [...first, ...rest.slice(0, n - first.length)];
}

/** The most organizations the data can name. */
export async function scaleCapacity(): Promise<number> {
  return (await candidates(rng(1))).length;
}

export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

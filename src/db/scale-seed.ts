// `civnet seed --scale N`: a national data set for benchmarks and demos, deterministic from a
// seed number. N organizations over every state, named after real places and counties (the
// places module's data) with their coordinates and populations, five people each as contacts,
// a membership per organization with up to ten years of history, and an invoice per term with
// its line and, for the paid ones, payments. Rows go in with multi-row `insert … select from
// unnest(…)` statements, each its own transaction: thousands of rows per round trip.
import { createHash, randomBytes } from 'node:crypto';
import { addDays, addYears } from '../modules/billing/index.js';
import { seedScaleDirectory } from '../modules/directory/index.js';
import type { DuesRule } from '../modules/dues/rules.js';
import { DEMO_SCHEDULES } from '../modules/dues/seed.js';
import { loadPlaceIndex } from '../modules/places/index.js';
import type { Database } from './client.js';
import { DEMO_DOMAIN, isSeeded, seedDemo } from './seed.js';
import type { EntityType, InvoiceStatus, PaymentMethod } from './types.js';

export interface ScaleSeedOptions {
  organizations: number;
  /** the seed number: the same seed (and day) gives the same rows */
  seed: number;
  /** 'YYYY-MM-DD', the day the histories lead up to; default today (UTC) */
  today?: string;
  /** rows per statement; default 5,000 on PostgreSQL, 1,000 on PGlite */
  batchSize?: number;
}

export interface ScaleSeedResult {
  organizations: number;
  people: number;
  memberships: number;
  invoices: number;
  payments: number;
  /** organization–pathway links (0 when the pathways tables do not exist) */
  pathwayLinks: number;
  /** organizations that opted out of the public listing */
  unlisted: number;
  /** people made individual members with a directory profile (0 without the 0010/0011 tables) */
  individualMembers: number;
  seconds: number;
}

/** The domain of every generated organization's email addresses: `<slug>.example.gov`. */
export const SCALE_EMAIL_DOMAIN = 'example.gov';
const YEARS = 10;

// ---------------------------------------------------------------------------------------------
// Randomness: a seeded PRNG for choices; ids from a bijective hash of a counter, so that they
// never collide (a 32-bit PRNG's outputs would, among hundreds of thousands of ids). Secrets
// (invoice tokens) come from node:crypto instead; the rows have no passwords or session tokens.

/** mulberry32: a small, fast PRNG with 32 bits of state; returns numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A bijection on 32-bit integers (lowbias32). */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** Distinct, seed-dependent UUIDs (version 4 layout): the first word is a bijection of the counter. */
function uuidFactory(seed: number): () => string {
  const salt = [mix32(seed ^ 0x9e3779b9), mix32(seed ^ 0x85ebca6b), mix32(seed ^ 0xc2b2ae35), mix32(seed ^ 0x27d4eb2f)];
  let n = 0;
  return () => {
    const w0 = mix32((n++ ^ (salt[0] ?? 0)) >>> 0);
    const w1 = mix32(w0 ^ (salt[1] ?? 0));
    const w2 = mix32(w1 ^ (salt[2] ?? 0));
    const w3 = mix32(w2 ^ (salt[3] ?? 0));
    const b = hex8(((w1 & 0xffff0fff) | 0x00004000) >>> 0);
    const c = hex8(((w2 & 0x3fffffff) | 0x80000000) >>> 0);
    return `${hex8(w0)}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex8(w3)}`;
  };
}

/** An invoice's public token: a secret, so from the operating system's randomness like
 * `randomToken(24)` (32 base64url characters), never from the seed: anyone who knows the seed
 * could otherwise rebuild every invoice link. */
const secretToken = () => randomBytes(24).toString('base64url');

interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

function rng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    chance: (p) => next() < p,
  };
}

// ---------------------------------------------------------------------------------------------
// Candidates: places (cities and towns), counties, regions (councils named after counties) and
// tribal nations.

interface Candidate {
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

async function candidates(r: Rng): Promise<Candidate[]> {
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
function choose(all: Candidate[], n: number, r: Rng): Candidate[] {
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

// ---------------------------------------------------------------------------------------------
// People, dues, payments.

const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Karen',
  'Daniel',
  'Lisa',
  'Matthew',
  'Nancy',
  'Anthony',
  'Sandra',
  'Mark',
  'Ashley',
  'Luis',
  'Kimberly',
  'Andrew',
  'Emily',
  'Joshua',
  'Donna',
  'Kevin',
  'Michelle',
  'Brian',
  'Carol',
  'Wei',
  'Amanda',
  'Jamal',
  'Melissa',
  'Ryan',
  'Deborah',
  'Jacob',
  'Stephanie',
  'Gary',
  'Rebecca',
  'Nicholas',
  'Sharon',
  'Eric',
  'Laura',
  'Jose',
  'Cynthia',
  'Priya',
  'Aisha',
  'Hiroshi',
  'Fatima',
  'Diego',
  'Mei',
  'Omar',
  'Grace',
  'Tyrone',
  'Rosa',
  'Kwame',
  'Leilani',
  'Nguyen',
  'Ana',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Chen',
  'Patel',
  'Kim',
  'Okafor',
  'Begay',
  'Yazzie',
  'Kahale',
  'Singh',
  'Cohen',
  'Murphy',
  "O'Brien",
  'Novak',
  'Kowalski',
  'Haddad',
  'Tanaka',
  'Morales',
  'Reyes',
];
const STREETS = ['Main Street', 'Center Street', 'Court Street', 'Broadway', 'Market Street', 'Civic Center Drive', 'Government Way', 'Washington Street'];

interface Band {
  max: number | null;
  cents: number;
}

/** The demo dues schedules as (effective from, bands) pairs, newest first; regions by arrangement. */
function duesTable(): Array<{ from: string; bands: Band[] }> {
  return DEMO_SCHEDULES.map((s) => {
    const rule: DuesRule | undefined = s.rules.city;
    const bands = rule?.mode === 'bands' ? rule.bands.map((b) => ({ max: b.max, cents: b.amountCents })) : [];
    return { from: s.effectiveFrom, bands };
  }).sort((a, b) => (a.from < b.from ? 1 : -1));
}

function duesCents(table: ReturnType<typeof duesTable>, type: EntityType, population: number, periodStart: string): number {
  const schedule = table.find((s) => s.from <= periodStart) ?? table[table.length - 1];
  if (type === 'region') return periodStart < '2020-01-01' ? 400_000 : 500_000;
  const band = schedule?.bands.find((b) => b.max === null || population <= b.max);
  return band?.cents ?? 60_000;
}

const LONG_DAY = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });
const longDay = (day: string) => LONG_DAY.format(new Date(`${day}T00:00:00Z`));
const at = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00Z`;
const minDay = (a: string, b: string) => (a < b ? a : b);

// ---------------------------------------------------------------------------------------------
// Loading.

type Column = [name: string, pgType: string];

class Table {
  readonly data: unknown[][];
  constructor(
    readonly name: string,
    readonly columns: Column[],
  ) {
    this.data = columns.map(() => []);
  }
  push(...values: unknown[]) {
    values.forEach((v, i) => {
      this.data[i]?.push(v);
    });
  }
  get length() {
    return this.data[0]?.length ?? 0;
  }
}

/** `insert … select from unnest(…)`, `batch` rows a statement (each statement its own transaction). */
async function load(database: Database, table: Table, batch: number): Promise<void> {
  const names = table.columns.map((c) => c[0]).join(', ');
  const params = table.columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(', ');
  const text = `insert into ${table.name} (${names}) select * from unnest(${params})`;
  for (let i = 0; i < table.length; i += batch) {
    await database.executor.executeSql(
      text,
      table.data.map((col) => col.slice(i, i + batch)),
    );
  }
}

async function exists(database: Database, table: string, column?: string): Promise<boolean> {
  const { rows } = column
    ? await database.executor.executeSql(`select 1 from information_schema.columns where table_schema = current_schema() and table_name = $1 and column_name = $2`, [table, column])
    : await database.executor.executeSql(`select 1 from information_schema.tables where table_schema = current_schema() and table_name = $1`, [table]);
  return rows.length > 0;
}

/** Whether a generated data set is already loaded (its organizations' email domain). */
export async function hasScaleData(database: Database): Promise<boolean> {
  const { rows } = await database.executor.executeSql(`select 1 from organizations where email_domain like $1 limit 1`, [`%.${SCALE_EMAIL_DOMAIN}`]);
  return rows.length > 0;
}

/**
 * Why this database holds more than demo data, or null when it holds only demo data (or nothing).
 * Demo data, precisely: accounts whose address is at the demo domain (`@example.org`) or at a
 * generated organization's (`@<slug>.example.gov`), both reserved names no real person has; and
 * organizations made by the demo seed (`place_source = 'demo'`) or generated (`email_domain` under
 * `example.gov`). Anything else (an admin made with `civnet admin create`, a person who signed up,
 * an organization staff added) is real data.
 */
export async function nonDemoData(database: Database): Promise<string | null> {
  const count = async (text: string, values: unknown[]) => Number((await database.executor.executeSql(text, values)).rows[0]?.n ?? 0);
  const people = await count(`select count(*)::int as n from users where not (lower(email) like $1 or lower(email) like $2)`, [`%@${DEMO_DOMAIN}`, `%.${SCALE_EMAIL_DOMAIN}`]);
  const orgs = await count(`select count(*)::int as n from organizations where place_source is distinct from 'demo' and coalesce(email_domain, '') not like $1`, [
    `%.${SCALE_EMAIL_DOMAIN}`,
  ]);
  const found = [
    people ? `${people.toLocaleString('en-US')} account(s) outside ${DEMO_DOMAIN} and ${SCALE_EMAIL_DOMAIN}` : '',
    orgs ? `${orgs.toLocaleString('en-US')} organization(s) not made by the demo seed` : '',
  ].filter(Boolean);
  return found.length ? found.join(' and ') : null;
}

/**
 * Loads the data set; returns null, loading nothing, when one is already there. Seeds the demo
 * data first when the database has no association profile. Refuses, loading nothing, when the
 * database holds anything but demo data (`nonDemoData`).
 */
export async function seedScale(database: Database, opts: ScaleSeedOptions): Promise<ScaleSeedResult | null> {
  const started = performance.now();
  const n = opts.organizations;
  if (!Number.isSafeInteger(n) || n < 1) throw new Error('The number of organizations must be a whole number of at least 1.');
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const batch = opts.batchSize ?? (database.kind === 'pg' ? 5_000 : 1_000);
  const real = await nonDemoData(database);
  if (real) throw new Error(`seed --scale runs only on an empty database or one with demo data, and this one has ${real}: nothing was loaded.`);
  if (!(await isSeeded(database.db))) await seedDemo(database.db);
  if (await hasScaleData(database)) return null;

  const r = rng(opts.seed);
  const uuid = uuidFactory(opts.seed);
  const taken = new Set((await database.executor.executeSql('select slug from organizations')).rows.map((row) => String(row.slug)));
  // Places that are already organizations (the demo's) are left out rather than doubled.
  const pool = (await candidates(r)).filter((c) => !taken.has(slugify(`${c.name} ${c.state}`)));
  if (n > pool.length)
    throw new Error(`At most ${pool.length.toLocaleString('en-US')} organizations can be generated (one per place, county, region and tribal nation in the data).`);
  const chosen = choose(pool, n, r);

  const finance = await database.executor.executeSql(`select user_id from user_roles where role = 'finance' order by user_id limit 1`);
  const recordedBy = finance.rows[0] ? String(finance.rows[0].user_id) : null;
  const dues = duesTable();
  const earliest = addYears(today, -YEARS);

  const orgs = new Table('organizations', [
    ['id', 'uuid'],
    ['slug', 'text'],
    ['name', 'text'],
    ['entity_type', 'text'],
    ['state', 'text'],
    ['population', 'int4'],
    ['status', 'text'],
    ['created_at', 'timestamptz'],
    ['website', 'text'],
    ['latitude', 'float8'],
    ['longitude', 'float8'],
    ['place_source', 'text'],
    ['population_source', 'text'],
    ['population_year', 'int4'],
    ['billing_address', 'text'],
    ['po_required', 'bool'],
    ['po_number', 'text'],
    ['email_domain', 'text'],
  ]);
  const users = new Table('users', [
    ['id', 'uuid'],
    ['email', 'text'],
    ['name', 'text'],
    ['password_changed_at', 'timestamptz'],
    ['created_at', 'timestamptz'],
  ]);
  const contacts = new Table('organization_contacts', [
    ['organization_id', 'uuid'],
    ['user_id', 'uuid'],
    ['role', 'text'],
    ['created_at', 'timestamptz'],
  ]);
  const memberships = new Table('memberships', [
    ['id', 'uuid'],
    ['organization_id', 'uuid'],
    ['status', 'text'],
    ['term_start', 'date'],
    ['term_end', 'date'],
    ['created_at', 'timestamptz'],
    ['activated_at', 'timestamptz'],
    ['lapsed_at', 'timestamptz'],
  ]);
  interface Draft {
    id: string;
    organizationId: string;
    membershipId: string;
    purpose: 'membership' | 'renewal';
    periodStart: string;
    periodEnd: string;
    status: InvoiceStatus;
    total: number;
    paid: number;
    issuedOn: string;
    hour: number;
    poNumber: string | null;
    billToName: string;
    billToEmail: string;
    billToAddress: string;
    voidedAt: string | null;
    description: string;
  }
  const drafts: Draft[] = [];
  const payments = new Table('payments', [
    ['id', 'uuid'],
    ['invoice_id', 'uuid'],
    ['amount_cents', 'int8'],
    ['method', 'text'],
    ['reference', 'text'],
    ['received_on', 'date'],
    ['recorded_by', 'uuid'],
    ['created_at', 'timestamptz'],
  ]);
  const pay = (invoiceId: string, cents: number, day: string) => {
    const method: PaymentMethod = r.pick(['check', 'check', 'ach', 'ach', 'ach', 'wire'] as const);
    const reference = method === 'check' ? `Check ${r.int(1000, 99999)}` : method === 'ach' ? `ACH trace ${r.int(100000000, 999999999)}` : `Wire ${r.int(10000000, 99999999)}`;
    payments.push(uuid(), invoiceId, cents, method, reference, day, recordedBy, at(day, r.int(9, 17)));
  };

  for (const c of chosen) {
    let slug = slugify(`${c.name} ${c.state}`);
    for (let i = 2; taken.has(slug); i++) slug = `${slugify(`${c.name} ${c.state}`)}-${i}`;
    taken.add(slug);
    const domain = `${slug}.${SCALE_EMAIL_DOMAIN}`;
    const orgId = uuid();
    const roll = r.next();
    const status = roll < 0.8 ? 'active' : roll < 0.92 ? 'lapsed' : 'ended';
    // Active members joined any time in the ten years; the others at least two years ago.
    const span = status === 'active' ? YEARS * 365 - 30 : (YEARS - 2) * 365;
    const joined = addDays(earliest, r.int(0, span));
    const address = `${r.int(1, 999)} ${r.pick(STREETS)}\n${c.locality}, ${c.state}`;
    const poRequired = r.chance(0.1);
    const poNumber = poRequired ? `PO-${r.int(10000, 99999)}` : null;
    orgs.push(
      orgId,
      slug,
      c.name,
      c.type,
      c.state,
      c.population,
      status,
      at(addDays(joined, -r.int(20, 60)), 12),
      `https://www.${domain}`,
      c.latitude,
      c.longitude,
      c.placeSource,
      c.populationSource,
      c.populationSource === 'GeoNames' ? null : 2020,
      address,
      poRequired,
      poNumber,
      domain,
    );

    let billTo = '';
    let billToName = '';
    const used = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const first = r.pick(FIRST);
      const last = r.pick(LAST);
      let local = slugify(`${first} ${last}`).replace(/-/g, '.');
      for (let k = 2; used.has(local); k++) local = `${slugify(`${first} ${last}`).replace(/-/g, '.')}${k}`;
      used.add(local);
      const email = `${local}@${domain}`;
      const userId = uuid();
      const created = at(minDay(addDays(joined, -r.int(0, 30) + i * r.int(0, 200)), today), 12);
      users.push(userId, email, `${first} ${last}`, created, created);
      contacts.push(orgId, userId, i === 0 ? 'admin' : 'contact', created);
      if (i === 0) {
        billTo = email;
        billToName = `${first} ${last}`;
      }
    }

    // Terms: a year each from the day they joined. Active: up to the term containing today (and
    // the next one's renewal invoice once it is issued, 45 days ahead). Lapsed or ended: some
    // terms, the last ending at least a month ago; a lapsed one's unpaid renewal is void.
    const terms: Array<{ start: string; end: string }> = [];
    for (let k = 0; ; k++) {
      const start = addYears(joined, k);
      const end = addDays(addYears(joined, k + 1), -1);
      if (status === 'active' ? start > today : end >= addDays(today, -31)) break;
      terms.push({ start, end });
    }
    if (status !== 'active') terms.splice(r.int(1, terms.length));
    const last = terms[terms.length - 1] ?? { start: joined, end: addDays(addYears(joined, 1), -1) };
    const lapsedAt = status === 'lapsed' ? at(addDays(last.end, 31), 6) : null;
    const membershipId = uuid();
    memberships.push(membershipId, orgId, status, last.start, last.end, at(addDays(joined, -20), 12), at(joined, 12), lapsedAt);

    const periods = [...terms];
    const next = { start: addDays(last.end, 1), end: addDays(addYears(addDays(last.end, 1), 1), -1) };
    if ((status === 'active' && addDays(next.start, -45) <= today) || status === 'lapsed') periods.push(next);
    periods.forEach((term, k) => {
      const first = k === 0;
      const issuedOn = first ? addDays(joined, -20) : addDays(term.start, -45);
      const total = duesCents(dues, c.type, c.population, term.start);
      const id = uuid();
      const isVoid = status === 'lapsed' && k === periods.length - 1;
      // Invoices of the last weeks may still be open or partly paid; older ones were paid.
      let state: InvoiceStatus = 'paid';
      if (isVoid) state = 'void';
      else if (!first && term.start > addDays(today, -30)) {
        const roll = r.next();
        state = roll < 0.65 ? 'paid' : roll < 0.88 ? 'issued' : 'partially_paid';
      }
      let paid = 0;
      if (state === 'paid') {
        const day = first ? joined : minDay(addDays(issuedOn, r.int(5, 70)), today);
        if (total > 100 && r.chance(0.08)) {
          const part = Math.round(total / 2);
          pay(id, part, day);
          pay(id, total - part, minDay(addDays(day, r.int(7, 45)), today));
        } else pay(id, total, day);
        paid = total;
      } else if (state === 'partially_paid') {
        paid = Math.round(total / 2);
        pay(id, paid, minDay(addDays(issuedOn, r.int(3, 30)), today));
      }
      drafts.push({
        id,
        organizationId: orgId,
        membershipId,
        purpose: first ? 'membership' : 'renewal',
        periodStart: term.start,
        periodEnd: term.end,
        status: state,
        total,
        paid,
        issuedOn,
        hour: r.int(8, 18),
        poNumber,
        billToName: `${c.name} (attn. ${billToName})`,
        billToEmail: billTo,
        billToAddress: address,
        voidedAt: isVoid ? lapsedAt : null,
        description:
          `${first ? 'Membership dues' : 'Membership renewal'}, ${longDay(term.start)} to ${longDay(term.end)} — ${c.name} (population ${c.population.toLocaleString('en-US')})`.slice(
            0,
            300,
          ),
      });
    });
  }

  // Numbers: in issue order within each year, continuing each year's counter. The counters are
  // moved first, in one statement, so numbers are never handed out twice.
  drafts.sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : a.hour - b.hour));
  const perYear = new Map<number, number>();
  for (const d of drafts) perYear.set(Number(d.issuedOn.slice(0, 4)), (perYear.get(Number(d.issuedOn.slice(0, 4))) ?? 0) + 1);
  const years = [...perYear.keys()].sort();
  const bumped = await database.executor.executeSql(
    `insert into invoice_counters (year, last_number) select * from unnest($1::int4[], $2::int4[])
     on conflict (year) do update set last_number = invoice_counters.last_number + excluded.last_number
     returning year, last_number`,
    [years, years.map((y) => perYear.get(y) ?? 0)],
  );
  const nextSeq = new Map<number, number>();
  for (const row of bumped.rows) nextSeq.set(Number(row.year), Number(row.last_number) - (perYear.get(Number(row.year)) ?? 0) + 1);

  const invoices = new Table('invoices', [
    ['id', 'uuid'],
    ['number', 'text'],
    ['year', 'int4'],
    ['seq', 'int4'],
    ['organization_id', 'uuid'],
    ['membership_id', 'uuid'],
    ['purpose', 'text'],
    ['period_start', 'date'],
    ['period_end', 'date'],
    ['status', 'text'],
    ['total_cents', 'int8'],
    ['paid_cents', 'int8'],
    ['issued_on', 'date'],
    ['due_on', 'date'],
    ['po_number', 'text'],
    ['bill_to_name', 'text'],
    ['bill_to_email', 'text'],
    ['bill_to_address', 'text'],
    ['public_token', 'text'],
    ['void_reason', 'text'],
    ['voided_at', 'timestamptz'],
    ['created_at', 'timestamptz'],
  ]);
  const lines = new Table('invoice_lines', [
    ['invoice_id', 'uuid'],
    ['position', 'int4'],
    ['description', 'text'],
    ['quantity', 'int4'],
    ['unit_cents', 'int8'],
    ['amount_cents', 'int8'],
  ]);
  for (const d of drafts) {
    const year = Number(d.issuedOn.slice(0, 4));
    const seq = nextSeq.get(year) ?? 1;
    nextSeq.set(year, seq + 1);
    invoices.push(
      d.id,
      `${year}-${String(seq).padStart(6, '0')}`,
      year,
      seq,
      d.organizationId,
      d.membershipId,
      d.purpose,
      d.periodStart,
      d.periodEnd,
      d.status,
      d.total,
      d.paid,
      d.issuedOn,
      addDays(d.issuedOn, 30),
      d.poNumber,
      d.billToName,
      d.billToEmail,
      d.billToAddress,
      secretToken(),
      d.status === 'void' ? 'Membership lapsed: the renewal was not paid.' : null,
      d.voidedAt,
      at(d.issuedOn, d.hour),
    );
    lines.push(d.id, 1, d.description, 1, d.total, d.total);
  }

  // The network tables (0006_network), when they exist: 0–3 pathways each, 5% unlisted.
  const pathwayLinks = new Table('organization_pathways', [
    ['organization_id', 'uuid'],
    ['pathway_id', 'uuid'],
  ]);
  const unlistedIds: string[] = [];
  const orgIds = orgs.data[0] as string[];
  if ((await exists(database, 'organization_pathways')) && (await exists(database, 'pathways'))) {
    const pathwayIds = (await database.executor.executeSql('select id from pathways order by slug')).rows.map((row) => String(row.id));
    for (const orgId of orgIds) {
      const count = Math.min(pathwayIds.length, r.int(0, 3));
      const chosenIds = new Set<string>();
      while (chosenIds.size < count) chosenIds.add(r.pick(pathwayIds));
      for (const p of chosenIds) pathwayLinks.push(orgId, p);
    }
  }
  const hasListed = await exists(database, 'organizations', 'listed');
  if (hasListed) for (const orgId of orgIds) if (r.chance(0.05)) unlistedIds.push(orgId);

  await load(database, orgs, batch);
  await load(database, users, batch);
  await load(database, contacts, batch);
  await load(database, memberships, batch);
  await load(database, invoices, batch);
  await load(database, lines, batch);
  await load(database, payments, batch);
  if (pathwayLinks.length) await load(database, pathwayLinks, batch);
  for (let i = 0; i < unlistedIds.length; i += batch) {
    await database.executor.executeSql('update organizations set listed = false where id = any($1::uuid[])', [unlistedIds.slice(i, i + batch)]);
  }
  // Every person an individual member with a directory profile, when those tables exist.
  let individualMembers = 0;
  if ((await exists(database, 'individual_memberships')) && (await exists(database, 'member_profiles'))) {
    const orgById = new Map(orgIds.map((id, i) => [id, { name: String(orgs.data[2]?.[i]), type: String(orgs.data[3]?.[i]), state: String(orgs.data[4]?.[i]) }]));
    const people = (users.data[0] as string[]).map((userId, i) => {
      const organizationId = String(contacts.data[0]?.[i]);
      const org = orgById.get(organizationId);
      return {
        userId,
        email: String(users.data[1]?.[i]),
        organizationId,
        organizationName: org?.name ?? '',
        state: org?.state ?? '',
        entityType: org?.type ?? 'city',
        rank: contacts.data[2]?.[i] === 'admin' ? 0 : 1,
      };
    });
    individualMembers = await seedScaleDirectory(database, people, { seed: opts.seed, today, batch });
  }
  const analysed = ['organizations', 'users', 'organization_contacts', 'memberships', 'invoices', 'invoice_lines', 'payments', 'invoice_counters'];
  if (pathwayLinks.length) analysed.push('organization_pathways');
  await database.executor.executeSql(`analyze ${analysed.join(', ')}`);

  return {
    organizations: orgs.length,
    people: users.length,
    memberships: memberships.length,
    invoices: invoices.length,
    payments: payments.length,
    pathwayLinks: pathwayLinks.length,
    unlisted: unlistedIds.length,
    individualMembers,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The line the command prints. */
export function scaleSummary(result: ScaleSeedResult, seed: number): string {
  const f = (x: number) => x.toLocaleString('en-US');
  return (
    `Loaded ${f(result.organizations)} organizations, ${f(result.people)} people, ${f(result.memberships)} memberships, ` +
    `${f(result.invoices)} invoices and ${f(result.payments)} payments (seed ${seed}) in ${result.seconds.toFixed(1)} s.`
  );
}

/** A digest of what a seed produced, for comparing two loads. */
export function digest(rows: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

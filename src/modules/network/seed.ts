// Demo data of the network: the pathways, coordinates and active memberships for the demo
// organizations, a few more members, one lapsed former member, and one member that opted out.
// Terms end a number of days from today (`termEndInDays`), so the demo stays alive: renewals come
// due, one membership is in its grace period (its term ended, not yet lapsed), one has lapsed.
// Written through the organizations and pathways modules, which own those tables.
import type { Transaction } from 'kysely';
import type { DB, EntityType } from '../../db/types.js';
import { seedMembership, seedOrganizationDetails, seedOrganizations } from '../organizations/index.js';
import { seedPathwaysDemo, setOrganizationPathways } from '../pathways/index.js';

interface DemoOrg {
  slug: string;
  name?: string;
  type?: EntityType;
  state?: string;
  population?: number;
  latitude: number;
  longitude: number;
  membership: 'active' | 'lapsed' | null;
  since: string;
  /** the current term ends this many days from today (negative: it ended that long ago) */
  termEndInDays: number;
  listed: boolean;
  pathways: string[];
}

const DEMO: DemoOrg[] = [
  {
    slug: 'city-of-springfield-il',
    latitude: 39.7817,
    longitude: -89.6501,
    membership: 'active',
    since: '2016-01-01',
    termEndInDays: 200,
    listed: true,
    pathways: ['zero-emission', 'equitable'],
  },
  {
    slug: 'king-county-wa',
    latitude: 47.6062,
    longitude: -122.3321,
    membership: 'active',
    since: '2009-01-01',
    termEndInDays: 45,
    listed: true,
    pathways: ['nature-based', 'resilient', 'circular'],
  },
  {
    slug: 'town-of-brookline-ma',
    latitude: 42.3318,
    longitude: -71.1212,
    membership: 'active',
    since: '2019-01-01',
    termEndInDays: 10,
    listed: false,
    pathways: ['zero-emission'],
  },
  {
    slug: 'municipality-of-anchorage-ak',
    latitude: 61.2181,
    longitude: -149.9003,
    membership: 'active',
    since: '2021-01-01',
    termEndInDays: -15,
    listed: true,
    pathways: ['resilient', 'equitable'],
  },
  { slug: 'city-and-county-of-honolulu-hi', latitude: 21.3069, longitude: -157.8583, membership: null, since: '', termEndInDays: 0, listed: true, pathways: ['resilient'] },
  {
    slug: 'city-of-austin-tx',
    name: 'City of Austin',
    type: 'city',
    state: 'TX',
    population: 961_855,
    latitude: 30.2672,
    longitude: -97.7431,
    membership: 'active',
    since: '2012-01-01',
    termEndInDays: 150,
    listed: true,
    pathways: ['zero-emission', 'resilient'],
  },
  {
    slug: 'hennepin-county-mn',
    name: 'Hennepin County',
    type: 'county',
    state: 'MN',
    population: 1_281_565,
    latitude: 44.9778,
    longitude: -93.265,
    membership: 'active',
    since: '2014-01-01',
    termEndInDays: 55,
    listed: true,
    pathways: ['equitable', 'circular'],
  },
  {
    slug: 'town-of-carrboro-nc',
    name: 'Town of Carrboro',
    type: 'town',
    state: 'NC',
    population: 21_295,
    latitude: 35.9101,
    longitude: -79.0753,
    membership: 'active',
    since: '2020-01-01',
    termEndInDays: 120,
    listed: true,
    pathways: ['nature-based'],
  },
  {
    slug: 'city-of-fairbanks-ak',
    name: 'City of Fairbanks',
    type: 'city',
    state: 'AK',
    population: 32_515,
    latitude: 64.8378,
    longitude: -147.7164,
    membership: 'active',
    since: '2022-01-01',
    termEndInDays: 300,
    listed: true,
    pathways: ['nature-based', 'resilient'],
  },
  {
    slug: 'city-of-tucson-az',
    name: 'City of Tucson',
    type: 'city',
    state: 'AZ',
    population: 542_629,
    latitude: 32.2226,
    longitude: -110.9747,
    membership: 'lapsed',
    since: '2015-01-01',
    termEndInDays: -120,
    listed: true,
    pathways: ['zero-emission'],
  },
];

const DAY_MS = 86_400_000;
/** how long before its first term a demo member applied (and was added) */
const APPLIED_BEFORE_DAYS = 45;

export async function seedNetworkDemo(trx: Transaction<DB>, now = new Date()): Promise<void> {
  const pathwayIds = await seedPathwaysDemo(trx);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dayFrom = (days: number) => new Date(today + days * DAY_MS).toISOString().slice(0, 10);
  for (const d of DEMO) {
    let org = await trx.selectFrom('organizations').select(['id', 'status']).where('slug', '=', d.slug).executeTakeFirst();
    if (!org && d.name && d.type && d.state && d.population) {
      const created = await seedOrganizations(trx, [
        { slug: d.slug, name: d.name, entity_type: d.type, state: d.state, population: d.population, status: d.membership ?? 'prospect' },
      ]);
      org = created.get(d.slug);
    }
    if (!org) continue;
    const organizationId = org.id;
    // A member was added to the records when it applied, before its first term: not on the day
    // the demo was loaded (the staff record's "Added" would say so).
    const added = d.membership && d.since ? { created_at: new Date(Date.parse(`${d.since}T12:00:00Z`) - APPLIED_BEFORE_DAYS * DAY_MS) } : {};
    await seedOrganizationDetails(trx, organizationId, { latitude: d.latitude, longitude: d.longitude, listed: d.listed, place_source: 'demo', ...added });
    const ids = d.pathways.flatMap((slug) => pathwayIds.get(slug) ?? []);
    if (ids.length) await setOrganizationPathways(trx, organizationId, ids);
    if (org.status !== 'active' && org.status !== 'lapsed') continue;
    if (d.membership === 'active') {
      await seedMembership(trx, {
        organization_id: organizationId,
        status: 'active',
        term_start: d.since,
        term_end: dayFrom(d.termEndInDays),
        activated_at: new Date(`${d.since}T12:00:00Z`),
      });
    } else if (d.membership === 'lapsed') {
      await seedMembership(trx, {
        organization_id: organizationId,
        status: 'lapsed',
        term_start: d.since,
        term_end: dayFrom(d.termEndInDays),
        activated_at: new Date(`${d.since}T12:00:00Z`),
        // lapsed when its grace period (30 days) ended
        lapsed_at: new Date(today + (d.termEndInDays + 31) * DAY_MS + 6 * 3_600_000),
      });
    }
  }
}

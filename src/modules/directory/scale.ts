// `civnet seed --scale N`, the directory's part: every generated person (made an individual
// member by the individuals module) gets a profile at their organization: title, expertise,
// contact details with mixed visibilities, and about 5% not listed. Deterministic from the seed,
// with its own random stream so that the rest of the generated data set does not change. Rows go
// in with `insert … select from unnest(…)`.
import { type BulkColumn, insertRows } from '../../db/bulk.js';
import type { Database } from '../../db/client.js';
import type { Visibility } from '../../db/types.js';

export interface ScalePerson {
  userId: string;
  email: string;
  organizationId: string;
  organizationName: string;
  state: string;
  entityType: string;
  /** 0 for the organization's first contact (its chief executive), 1–4 for the others */
  rank: number;
}

const CHIEF: Record<string, string> = {
  city: 'City Manager',
  town: 'Town Manager',
  county: 'County Administrator',
  region: 'Executive Director',
  tribal_nation: 'Tribal Administrator',
};
const TITLES = [
  'Assistant City Manager',
  'Deputy County Administrator',
  'Budget Director',
  'Finance Director',
  'Planning Director',
  'Management Analyst',
  'Sustainability Manager',
  'Public Works Director',
  'Human Resources Director',
  'Chief Resilience Officer',
];
const EXPERTISE = [
  'budgeting',
  'public safety',
  'economic development',
  'climate resilience',
  'housing',
  'transit',
  'water',
  'performance management',
  'labor relations',
  'intergovernmental relations',
  'emergency management',
  'equity',
];
const STREETS = ['Main Street', 'Civic Center Drive', 'Court Street', 'Government Way'];
const VISIBILITY = ['everyone', 'members', 'members', 'members', 'staff'] as const;

/** mulberry32 (the same generator as the rest of the scale seed). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface BulkProfile {
  user_id: string;
  employer_name: string;
  employer_organization_id: string;
  employer_state: string;
  title: string;
  /** a Postgres array literal */
  expertise: string;
  work_email: string;
  work_email_visibility: Visibility;
  phone: string;
  phone_visibility: Visibility;
  mailing_address: string;
  mailing_address_visibility: Visibility;
  listed: boolean;
}

const PROFILE_COLUMNS: Array<BulkColumn<BulkProfile>> = [
  ['user_id', 'uuid'],
  ['employer_name', 'text'],
  ['employer_organization_id', 'uuid'],
  ['employer_state', 'text'],
  ['title', 'text'],
  ['expertise', 'text', 'text[]'],
  ['work_email', 'text'],
  ['work_email_visibility', 'text'],
  ['phone', 'text'],
  ['phone_visibility', 'text'],
  ['mailing_address', 'text'],
  ['mailing_address_visibility', 'text'],
  ['listed', 'bool'],
];

/** Loads the people's profiles; returns how many were loaded. `analyze: false` leaves the table's
 * statistics to the caller (a load in chunks analyzes once at the end). */
export async function seedScaleDirectory(database: Database, people: ScalePerson[], opts: { seed: number; batch: number; analyze?: boolean }): Promise<number> {
  const next = random(opts.seed ^ 0x5bd1e995);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const rows: BulkProfile[] = [];
  for (const person of people) {
    const areas = new Set<string>();
    const count = 1 + Math.floor(next() * 3);
    while (areas.size < count) areas.add(pick(EXPERTISE));
    const title = person.rank === 0 ? (CHIEF[person.entityType] ?? 'Chief Administrative Officer') : pick(TITLES);
    // A Postgres array literal: the values are plain words from the list above.
    const expertise = `{${[...areas].map((a) => `"${a}"`).join(',')}}`;
    const emailVisibility = pick(VISIBILITY);
    const phone = `(${200 + Math.floor(next() * 800)}) 555-${String(Math.floor(next() * 10_000)).padStart(4, '0')}`;
    const phoneVisibility = pick(VISIBILITY);
    const address = `${1 + Math.floor(next() * 999)} ${pick(STREETS)}, ${person.state}`;
    const addressVisibility = pick(VISIBILITY);
    rows.push({
      user_id: person.userId,
      employer_name: person.organizationName,
      employer_organization_id: person.organizationId,
      employer_state: person.state,
      title,
      expertise,
      work_email: person.email,
      work_email_visibility: emailVisibility,
      phone,
      phone_visibility: phoneVisibility,
      mailing_address: address,
      mailing_address_visibility: addressVisibility,
      listed: next() >= 0.05,
    });
  }
  await insertRows(database, 'member_profiles', PROFILE_COLUMNS, rows, opts.batch);
  if (opts.analyze !== false) await database.executor.executeSql('analyze member_profiles');
  return rows.length;
}

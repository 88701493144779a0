// `civnet seed --scale N`, the directory's part: every generated person becomes an individual
// member (the `member` role, an active membership at the 'manager' level) with a profile at
// their organization: title, expertise, contact details with mixed visibilities, and about 5%
// not listed. Deterministic from the seed, with its own random stream so that the rest of the
// generated data set does not change. Rows go in with `insert … select from unnest(…)`.
import type { Database } from '../../db/client.js';

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

/** Columns as [name, element type, values, cast of each value (for array literals)]. */
type Column = [name: string, pgType: string, values: unknown[], cast?: string];

async function insertColumns(database: Database, table: string, columns: Column[], batch: number): Promise<void> {
  const names = columns.map((c) => c[0]).join(', ');
  const params = columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(', ');
  const selected = columns.map((c, i) => (c[3] ? `c${i}::${c[3]}` : `c${i}`)).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const text = `insert into ${table} (${names}) select ${selected} from unnest(${params}) as x(${aliases})`;
  const length = columns[0]?.[2].length ?? 0;
  for (let i = 0; i < length; i += batch) {
    await database.executor.executeSql(
      text,
      columns.map((c) => c[2].slice(i, i + batch)),
    );
  }
}

/** Loads the members' roles, memberships and profiles; returns how many people became members. */
export async function seedScaleDirectory(database: Database, people: ScalePerson[], opts: { seed: number; today: string; batch: number }): Promise<number> {
  const next = random(opts.seed ^ 0x5bd1e995);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  await database.executor.executeSql(
    `insert into member_levels (slug, name, rule, rate_bp, cap_cents, discount_percent, discount_max_population, instalments_allowed)
     values ('manager', 'Manager', 'salary_share', 65, 120000, 20, 7500, true) on conflict (slug) do nothing`,
  );
  const level = await database.executor.executeSql(`select id from member_levels where slug = 'manager'`);
  const levelId = String(level.rows[0]?.id);
  const termStart = `${opts.today.slice(0, 4)}-01-01`;
  const termEnd = `${opts.today.slice(0, 4)}-12-31`;

  const p = {
    user: [] as string[],
    employer: [] as string[],
    org: [] as string[],
    state: [] as string[],
    title: [] as string[],
    expertise: [] as string[],
    email: [] as string[],
    emailVis: [] as string[],
    phone: [] as string[],
    phoneVis: [] as string[],
    address: [] as string[],
    addressVis: [] as string[],
    listed: [] as boolean[],
  };
  for (const person of people) {
    const areas = new Set<string>();
    const count = 1 + Math.floor(next() * 3);
    while (areas.size < count) areas.add(pick(EXPERTISE));
    p.user.push(person.userId);
    p.employer.push(person.organizationName);
    p.org.push(person.organizationId);
    p.state.push(person.state);
    p.title.push(person.rank === 0 ? (CHIEF[person.entityType] ?? 'Chief Administrative Officer') : pick(TITLES));
    // A Postgres array literal: the values are plain words from the list above.
    p.expertise.push(`{${[...areas].map((a) => `"${a}"`).join(',')}}`);
    p.email.push(person.email);
    p.emailVis.push(pick(VISIBILITY));
    p.phone.push(`(${200 + Math.floor(next() * 800)}) 555-${String(Math.floor(next() * 10_000)).padStart(4, '0')}`);
    p.phoneVis.push(pick(VISIBILITY));
    p.address.push(`${1 + Math.floor(next() * 999)} ${pick(STREETS)}, ${person.state}`);
    p.addressVis.push(pick(VISIBILITY));
    p.listed.push(next() >= 0.05);
  }
  const n = people.length;
  await insertColumns(
    database,
    'user_roles',
    [
      ['user_id', 'uuid', p.user],
      ['role', 'text', Array(n).fill('member')],
    ],
    opts.batch,
  );
  await insertColumns(
    database,
    'individual_memberships',
    [
      ['user_id', 'uuid', p.user],
      ['level_id', 'uuid', Array(n).fill(levelId)],
      ['status', 'text', Array(n).fill('active')],
      ['term_start', 'date', Array(n).fill(termStart)],
      ['term_end', 'date', Array(n).fill(termEnd)],
      ['quoted_cents', 'int8', Array(n).fill(120_000)],
      ['activated_at', 'timestamptz', Array(n).fill(`${termStart}T12:00:00Z`)],
    ],
    opts.batch,
  );
  await insertColumns(
    database,
    'member_profiles',
    [
      ['user_id', 'uuid', p.user],
      ['employer_name', 'text', p.employer],
      ['employer_organization_id', 'uuid', p.org],
      ['employer_state', 'text', p.state],
      ['title', 'text', p.title],
      ['expertise', 'text', p.expertise, 'text[]'],
      ['work_email', 'text', p.email],
      ['work_email_visibility', 'text', p.emailVis],
      ['phone', 'text', p.phone],
      ['phone_visibility', 'text', p.phoneVis],
      ['mailing_address', 'text', p.address],
      ['mailing_address_visibility', 'text', p.addressVis],
      ['listed', 'bool', p.listed],
    ],
    opts.batch,
  );
  await database.executor.executeSql('analyze user_roles, individual_memberships, member_profiles, member_levels');
  return n;
}

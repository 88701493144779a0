// Demo data of individual membership: the six levels, active memberships for the demo members
// (member@ at Other local government staff, manager@ at Manager with a salary, academic@,
// retired@ and international@ at theirs; student@ has an account and no membership yet), and the
// `transition` permission for the demo membership staff member (the designated reviewer).
//
// Flat amounts are our picks (the source pages give only the Manager rule): Other local
// government staff $150, Academic $125, International $100, Retired $60, Student free.
// Eligibility checks (issue 11): Student is free and self-declared, so a student uploads proof;
// Academic and Retired are checked by membership staff. The levels defined by employment
// (Manager, Other local government staff, International) have no check: their dues are the gate.
//
// Also the generated members of `civnet seed --scale`: the 'manager' level and an active
// membership for each generated person, loaded in bulk.
import type { Transaction } from 'kysely';
import { type BulkColumn, insertRows } from '../../db/bulk.js';
import type { Database } from '../../db/client.js';
import type { DB, IndividualMembershipsTable } from '../../db/types.js';
import { seedRole } from '../accounts/index.js';
import { addDays, addYears } from '../billing/index.js';
import { addMonths } from './dues.js';
import { STEP_MONTHS, WAIVER_REASON } from './transition.js';

type L = {
  slug: string;
  name: string;
  description: string;
  eligibility: Record<string, boolean>;
  rule: 'flat' | 'salary_share' | 'free';
  flat_cents?: number;
  rate_bp?: number;
  cap_cents?: number;
  discount_percent?: number;
  discount_max_population?: number;
  discount_max_general_fund_cents?: number;
  instalments_allowed?: boolean;
  verification?: 'none' | 'staff_verification' | 'proof_upload';
  proof_instructions?: string;
};

export const DEMO_LEVELS: L[] = [
  {
    slug: 'manager',
    name: 'Manager',
    description: 'Chief administrative officers of local governments and their assistants.',
    eligibility: { local_government: true, cao_or_assistant: true },
    rule: 'salary_share',
    rate_bp: 65,
    cap_cents: 120_000,
    discount_percent: 20,
    discount_max_population: 7_500,
    discount_max_general_fund_cents: 780_000_000,
    instalments_allowed: true,
  },
  {
    slug: 'local-government-staff',
    name: 'Other local government staff',
    description: 'Staff of a local government who are not its chief administrative officer.',
    eligibility: { local_government: true, cao_or_assistant: false },
    rule: 'flat',
    flat_cents: 15_000,
    instalments_allowed: true,
  },
  {
    slug: 'academic',
    name: 'Academic',
    description: 'Faculty and researchers at a university or college.',
    eligibility: { academic: true },
    rule: 'flat',
    flat_cents: 12_500,
    verification: 'staff_verification',
  },
  {
    slug: 'student',
    name: 'Student',
    description: 'Full-time students.',
    eligibility: { student: true },
    rule: 'free',
    verification: 'proof_upload',
    proof_instructions: 'An enrollment letter or student ID card for this academic year, as a PDF or a photo.',
  },
  {
    slug: 'international',
    name: 'International',
    description: 'Local government professionals working outside the United States.',
    eligibility: { outside_us: true },
    rule: 'flat',
    flat_cents: 10_000,
  },
  {
    slug: 'retired',
    name: 'Retired',
    description: 'Retired local government professionals.',
    eligibility: { retired: true },
    rule: 'flat',
    flat_cents: 6_000,
    verification: 'staff_verification',
  },
];

export async function seedIndividualsDemo(trx: Transaction<DB>, today = new Date().toISOString().slice(0, 10)): Promise<void> {
  const ids = new Map<string, string>();
  for (const [i, l] of DEMO_LEVELS.entries()) {
    const row = await trx
      .insertInto('member_levels')
      .values({
        slug: l.slug,
        name: l.name,
        description: l.description,
        position: (i + 1) * 10,
        eligibility: JSON.stringify(l.eligibility),
        rule: l.rule,
        flat_cents: l.flat_cents ?? null,
        rate_bp: l.rate_bp ?? null,
        cap_cents: l.cap_cents ?? null,
        discount_percent: l.discount_percent ?? null,
        discount_max_population: l.discount_max_population ?? null,
        discount_max_general_fund_cents: l.discount_max_general_fund_cents ?? null,
        instalments_allowed: l.instalments_allowed ?? false,
        verification: l.verification ?? 'none',
        proof_instructions: l.proof_instructions ?? '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(l.slug, row.id);
  }
  // Terms that started four months ago, so they are active and not yet due for renewal.
  const start = addDays(today, -120);
  const end = addDays(addYears(start, 1), -1);
  const people = [
    {
      email: 'member@example.org',
      level: 'local-government-staff',
      salary: null,
      population: null,
      fund: null,
      quoted: 15_000,
      answers: { local_government: true, cao_or_assistant: false, academic: false, student: false, outside_us: false, retired: false },
    },
    {
      email: 'manager@example.org',
      level: 'manager',
      // King County's administrator (directory's demo profile): King County's population and
      // general fund, so no small-community discount; $238,000 × 0.65% = $1,547, capped at $1,200
      salary: 23_800_000,
      population: 2_269_675,
      fund: 110_000_000_000,
      quoted: 120_000,
      answers: { local_government: true, cao_or_assistant: true, academic: false, student: false, outside_us: false, retired: false },
    },
    {
      email: 'academic@example.org',
      level: 'academic',
      salary: null,
      population: null,
      fund: null,
      quoted: 12_500,
      answers: { local_government: false, cao_or_assistant: false, academic: true, student: false, outside_us: false, retired: false },
    },
    {
      email: 'retired@example.org',
      level: 'retired',
      salary: null,
      population: null,
      fund: null,
      quoted: 6_000,
      answers: { local_government: false, cao_or_assistant: false, academic: false, student: false, outside_us: false, retired: true },
    },
    {
      email: 'international@example.org',
      level: 'international',
      salary: null,
      population: null,
      fund: null,
      quoted: 10_000,
      answers: { local_government: false, cao_or_assistant: false, academic: false, student: false, outside_us: true, retired: false },
    },
  ];
  for (const p of people) {
    const user = await trx.selectFrom('users').select('id').where('email', '=', p.email).executeTakeFirst();
    const levelId = ids.get(p.level);
    if (!user || !levelId) continue;
    await trx
      .insertInto('individual_memberships')
      .values({
        user_id: user.id,
        level_id: levelId,
        status: 'active',
        term_start: start,
        term_end: end,
        salary_cents: p.salary,
        employer_population: p.population,
        employer_general_fund_cents: p.fund,
        answers: JSON.stringify(p.answers),
        quoted_cents: p.quoted,
        activated_at: new Date(`${start}T12:00:00Z`),
      })
      .execute();
    await seedRole(trx, user.id, 'member');
  }
  const reviewer = await trx.selectFrom('users').select('id').where('email', '=', 'membership@example.org').executeTakeFirst();
  if (reviewer) {
    await seedRole(trx, reviewer.id, 'transition');
  }
  const staffLevel = ids.get('local-government-staff');
  if (staffLevel) await seedTransitionDemo(trx, today, staffLevel, reviewer?.id ?? null);
}

export const DEMO_TRANSITION_EMAIL = 'transition@example.org';

/**
 * A member in transition: a term that began eleven months ago and ends next month, a separation two
 * months ago, a request approved last month for two steps (12 months): the waivers run from the day
 * after the term's end, and the term now ends with them (as `decideTransition` leaves it).
 */
async function seedTransitionDemo(trx: Transaction<DB>, today: string, levelId: string, reviewerId: string | null): Promise<void> {
  const user = await trx.selectFrom('users').select('id').where('email', '=', DEMO_TRANSITION_EMAIL).executeTakeFirst();
  if (!user) return;
  const start = addDays(today, -330);
  const end = addDays(addYears(start, 1), -1);
  const waivers = [0, 1].map((k) => {
    const from = addMonths(addDays(end, 1), k * STEP_MONTHS);
    return { from, to: addDays(addMonths(from, STEP_MONTHS), -1) };
  });
  const membership = await trx
    .insertInto('individual_memberships')
    .values({
      user_id: user.id,
      level_id: levelId,
      status: 'active',
      term_start: start,
      term_end: waivers.at(-1)?.to ?? end,
      answers: JSON.stringify({ local_government: true, cao_or_assistant: false, academic: false, student: false, outside_us: false, retired: false }),
      quoted_cents: 15_000,
      activated_at: new Date(`${start}T12:00:00Z`),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await seedRole(trx, user.id, 'member');
  const request = await trx
    .insertInto('transition_requests')
    .values({
      user_id: user.id,
      separation_on: addDays(today, -60),
      circumstances: 'My position as the town’s budget analyst was eliminated in the budget. Help with dues while I look for my next post would be welcome.',
      status: 'approved',
      created_at: new Date(`${addDays(today, -40)}T15:00:00Z`),
      decided_at: new Date(`${addDays(today, -30)}T15:00:00Z`),
      decided_by: reviewerId,
      decision_note: 'Approved for two steps. Good luck with the search.',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const w of waivers)
    await trx
      .insertInto('dues_waivers')
      .values({
        user_id: user.id,
        individual_membership_id: membership.id,
        transition_request_id: request.id,
        months: STEP_MONTHS,
        from_date: w.from,
        to_date: w.to,
        reason: WAIVER_REASON,
        created_by: reviewerId,
      })
      .execute();
}

// ---------------------------------------------------------------------------------------------
// Bulk loading (`civnet seed --scale`).

/** The 'manager' level of the generated members, created if absent; returns its id. */
export async function seedScaleLevel(database: Database): Promise<string> {
  await database.executor.executeSql(
    `insert into member_levels (slug, name, rule, rate_bp, cap_cents, discount_percent, discount_max_population, instalments_allowed)
     values ('manager', 'Manager', 'salary_share', 65, 120000, 20, 7500, true) on conflict (slug) do nothing`,
  );
  const level = await database.executor.executeSql(`select id from member_levels where slug = 'manager'`);
  return String(level.rows[0]?.id);
}

export interface BulkIndividualMembership {
  user_id: string;
  level_id: string;
  status: 'pending' | 'active' | 'lapsed' | 'ended';
  term_start: string;
  term_end: string;
  quoted_cents: IndividualMembershipsTable['quoted_cents'];
  activated_at: string;
  /** the dues inputs of a salary-based level (null: the member gave none, so it cannot be priced) */
  salary_cents?: number | null;
  employer_population?: number | null;
  /** with the population or not at all: the discount needs both (dues.ts) */
  employer_general_fund_cents?: number | null;
  lapsed_at?: string | null;
}

export async function bulkInsertIndividualMemberships(database: Database, rows: BulkIndividualMembership[], batch: number): Promise<void> {
  const columns: Array<BulkColumn<BulkIndividualMembership>> = [
    ['user_id', 'uuid'],
    ['level_id', 'uuid'],
    ['status', 'text'],
    ['term_start', 'date'],
    ['term_end', 'date'],
    ['quoted_cents', 'int8'],
    ['activated_at', 'timestamptz'],
    ['salary_cents', 'int8'],
    ['employer_population', 'int4'],
    ['employer_general_fund_cents', 'int8'],
    ['lapsed_at', 'timestamptz'],
  ];
  const full = rows.map((row) => ({
    ...row,
    salary_cents: row.salary_cents ?? null,
    employer_population: row.employer_population ?? null,
    employer_general_fund_cents: row.employer_general_fund_cents ?? null,
    lapsed_at: row.lapsed_at ?? null,
  }));
  await insertRows(database, 'individual_memberships', columns, full, batch);
}

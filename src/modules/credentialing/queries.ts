// Reads of the credentialing program's tables (and the names and emails of users, a shared read).
import { sql } from 'kysely';
import { type Db, PREPARED } from '../../db/client.js';
import type { CredentialApplicationStatus, CredentialDecision, CredentialStatus } from '../../db/types.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import type { Trx } from '../billing/index.js';
import { POSITION_ROWS, type Position } from './rules.js';

type Reader = Db | Trx;

export interface Referee {
  name: string;
  email: string;
  relationship: string;
}

export interface Application {
  id: string;
  userId: string;
  applicant: string;
  applicantEmail: string;
  status: CredentialApplicationStatus;
  cycleId: string | null;
  cycleName: string | null;
  cutoffOn: string | null;
  degree: string;
  institution: string;
  degreeYear: number | null;
  positions: Position[];
  referees: Referee[];
  selfAssessment: Record<string, string>;
  monthsSenior: number;
  feeCents: number;
  invoiceId: string | null;
  feePaidOn: string | null;
  submittedOn: string | null;
  staffDecision: CredentialDecision | null;
  staffReasons: string;
  staffReviewer: string | null;
  panelDecision: CredentialDecision | null;
  panelReasons: string;
  panelReviewer: string | null;
  panelUserId: string | null;
  staffUserId: string | null;
}

const day = (d: unknown) => (d == null ? null : String(d).slice(0, 10));
const asArray = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : typeof v === 'string' ? (JSON.parse(v) as T[]) : []);
const asRecord = (v: unknown): Record<string, string> => (typeof v === 'string' ? JSON.parse(v) : ((v ?? {}) as Record<string, string>));

function applications(db: Reader) {
  return db
    .selectFrom('credential_applications as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .leftJoin('credential_cycles as c', 'c.id', 'a.cycle_id')
    .leftJoin('users as s', 's.id', 'a.staff_user_id')
    .leftJoin('users as p', 'p.id', 'a.panel_user_id')
    .select([
      'a.id',
      'a.user_id',
      'u.name as applicant',
      'u.email as applicant_email',
      'a.status',
      'a.cycle_id',
      'c.name as cycle_name',
      'c.cutoff_on',
      'a.degree',
      'a.institution',
      'a.degree_year',
      'a.positions',
      'a.referees',
      'a.self_assessment',
      'a.months_senior',
      'a.fee_cents',
      'a.invoice_id',
      'a.fee_paid_on',
      'a.submitted_on',
      'a.staff_decision',
      'a.staff_reasons',
      's.name as staff_reviewer',
      'a.staff_user_id',
      'a.panel_decision',
      'a.panel_reasons',
      'p.name as panel_reviewer',
      'a.panel_user_id',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof applications>['executeTakeFirstOrThrow']>>;
const toApplication = (r: Row): Application => ({
  id: r.id,
  userId: r.user_id,
  applicant: r.applicant,
  applicantEmail: r.applicant_email,
  status: r.status,
  cycleId: r.cycle_id,
  cycleName: r.cycle_name,
  cutoffOn: day(r.cutoff_on),
  degree: r.degree,
  institution: r.institution,
  degreeYear: r.degree_year,
  positions: asArray<Position>(r.positions),
  referees: asArray<Referee>(r.referees),
  selfAssessment: asRecord(r.self_assessment),
  monthsSenior: r.months_senior,
  feeCents: Number(r.fee_cents),
  invoiceId: r.invoice_id,
  feePaidOn: day(r.fee_paid_on),
  submittedOn: day(r.submitted_on),
  staffDecision: r.staff_decision,
  staffReasons: r.staff_reasons,
  staffReviewer: r.staff_reviewer,
  staffUserId: r.staff_user_id,
  panelDecision: r.panel_decision,
  panelReasons: r.panel_reasons,
  panelReviewer: r.panel_reviewer,
  panelUserId: r.panel_user_id,
});

export async function applicationById(db: Reader, id: string): Promise<Application | undefined> {
  const r = await applications(db).where('a.id', '=', id).executeTakeFirst();
  return r ? toApplication(r) : undefined;
}

/** The positions the person's profile lists (directory's `member_positions`, read-only: its README
 * shares it), the latest first, as many as the form has rows. The profile gives years only. */
export async function profilePositionsOf(db: Reader, userId: string): Promise<Array<{ title: string; employerName: string; startYear: number; endYear: number | null }>> {
  const rows = await db
    .selectFrom('member_positions')
    .select(['title', 'employer_name', 'start_year', 'end_year'])
    .where('user_id', '=', userId)
    .orderBy('start_year', 'desc')
    .orderBy('id')
    .limit(POSITION_ROWS)
    .execute();
  return rows.map((r) => ({ title: r.title, employerName: r.employer_name, startYear: r.start_year, endYear: r.end_year }));
}

/** The person's latest application (an open one first). */
export async function latestApplicationOf(db: Reader, userId: string): Promise<Application | undefined> {
  const r = await applications(db)
    .where('a.user_id', '=', userId)
    .orderBy(sql`case when a.status in ('draft','submitted') then 0 else 1 end`)
    .orderBy('a.created_at', 'desc')
    .executeTakeFirst();
  return r ? toApplication(r) : undefined;
}

export async function applicationsInCycle(db: Reader, cycleId: string): Promise<Application[]> {
  const rows = await applications(db).where('a.cycle_id', '=', cycleId).orderBy('a.submitted_at').execute();
  return rows.map(toApplication);
}

export interface Cycle {
  id: string;
  name: string;
  cutoffOn: string;
  applications: number;
  undecided: number;
  /** submitted applications with no panel decision yet: what a panel member has to do */
  panelWaiting: number;
  panel: Array<{ id: string; name: string; email: string }>;
}

export async function listCycles(db: Reader, opts: { panelUserId?: string } = {}): Promise<Cycle[]> {
  let q = db
    .selectFrom('credential_cycles as c')
    .select((eb) => [
      'c.id',
      'c.name',
      'c.cutoff_on',
      eb.selectFrom('credential_applications as a').select(eb.fn.countAll<string>().as('n')).whereRef('a.cycle_id', '=', 'c.id').as('applications'),
      eb
        .selectFrom('credential_applications as a')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('a.cycle_id', '=', 'c.id')
        .where('a.status', '=', 'submitted')
        .as('undecided'),
      eb
        .selectFrom('credential_applications as a')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('a.cycle_id', '=', 'c.id')
        .where('a.status', '=', 'submitted')
        .where('a.panel_decision', 'is', null)
        .as('panel_waiting'),
    ])
    .orderBy('c.cutoff_on', 'desc');
  if (opts.panelUserId) {
    const uid = opts.panelUserId;
    q = q.where((eb) => eb.exists(eb.selectFrom('credential_panel_members as m').select('m.user_id').whereRef('m.cycle_id', '=', 'c.id').where('m.user_id', '=', uid)));
  }
  const rows = await q.execute();
  const panels = rows.length
    ? await db
        .selectFrom('credential_panel_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.cycle_id', 'u.id', 'u.name', 'u.email'])
        .where(
          'm.cycle_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('u.name')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    cutoffOn: String(r.cutoff_on).slice(0, 10),
    applications: Number(r.applications ?? 0),
    undecided: Number(r.undecided ?? 0),
    panelWaiting: Number(r.panel_waiting ?? 0),
    panel: panels.filter((p) => p.cycle_id === r.id).map((p) => ({ id: p.id, name: p.name, email: p.email })),
  }));
}

export async function cycleById(db: Reader, id: string): Promise<Cycle | undefined> {
  return (await listCycles(db)).find((c) => c.id === id);
}

export async function isPanelMember(db: Reader, cycleId: string, userId: string): Promise<boolean> {
  const r = await db.selectFrom('credential_panel_members').select('user_id').where('cycle_id', '=', cycleId).where('user_id', '=', userId).executeTakeFirst();
  return !!r;
}

export interface Credential {
  status: CredentialStatus;
  awardedOn: string;
  lapsedYear: number | null;
  lapsedOn: string | null;
  reinstatementRequestedOn: string | null;
  revokedOn: string | null;
}

export async function credentialOf(db: Reader, userId: string): Promise<Credential | undefined> {
  const r = await db.selectFrom('credentials').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!r) return undefined;
  return {
    status: r.status,
    awardedOn: String(r.awarded_on).slice(0, 10),
    lapsedYear: r.lapsed_year,
    lapsedOn: day(r.lapsed_on),
    reinstatementRequestedOn: day(r.reinstatement_requested_on),
    revokedOn: day(r.revoked_on),
  };
}

/** The bar in force on `today`, if any: `until` null is for good. */
export async function barOf(db: Reader, userId: string, today: string): Promise<{ until: string | null } | undefined> {
  const r = await db
    .selectFrom('credential_bars')
    .select('until')
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>=', today)]))
    .executeTakeFirst();
  return r ? { until: day(r.until) } : undefined;
}

/** Of these people, those who hold the credential now (Who's Who's marker). */
export async function currentHolders(db: Reader, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  // one prepared statement for any number of ids (Who's Who asks for each page of results)
  const { rows } = await sql<{ user_id: string }>`${sql.raw(PREPARED)}
    select user_id from credentials where user_id = any(${[...userIds]}::uuid[]) and status = 'current'`.execute(db);
  return new Set(rows.map((r) => r.user_id));
}

/** The public check: current holders whose name contains `name`, with their award year. */
export async function verifyByName(db: Reader, name: string): Promise<Array<{ name: string; awardYear: number }>> {
  const pattern = `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('credentials as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.name', 'c.awarded_on'])
    .where('c.status', '=', 'current')
    .where(sql<boolean>`lower(u.name) like lower(${pattern})`)
    .orderBy('u.name')
    .limit(20)
    .execute();
  return rows.map((r) => ({ name: r.name, awardYear: Number(String(r.awarded_on).slice(0, 4)) }));
}

export interface Activity {
  id: string;
  title: string;
  provider: string;
  doneOn: string;
  minutes: number;
  filename: string;
}

export async function activitiesOf(db: Reader, userId: string): Promise<Activity[]> {
  const rows = await db
    .selectFrom('credential_activities')
    .select(['id', 'title', 'provider', 'done_on', 'minutes', 'filename'])
    .where('user_id', '=', userId)
    .orderBy('done_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, provider: r.provider, doneOn: String(r.done_on).slice(0, 10), minutes: r.minutes, filename: r.filename }));
}

/** The evidence file of one of the person's own activities (undefined for anyone else's). */
export async function evidenceOf(db: Reader, userId: string, id: string) {
  return db.selectFrom('credential_activities').select(['filename', 'content_type', 'size_bytes', 'content']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

/** Self-reported minutes of a year for each of these people. */
export async function selfReportedMinutes(db: Reader, userIds: string[], year: number): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('credential_activities')
    .select((eb) => ['user_id', eb.fn.sum<string>('minutes').as('minutes')])
    .where('user_id', 'in', userIds)
    .where('done_on', '>=', `${year}-01-01`)
    .where('done_on', '<=', `${year}-12-31`)
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.minutes)]));
}

/** Lapsed credentials whose holder asked for reinstatement, oldest request first. */
export async function reinstatementRequests(db: Reader) {
  const rows = await db
    .selectFrom('credentials as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.user_id', 'u.name', 'c.lapsed_year', 'c.reinstatement_requested_on'])
    .where('c.status', '=', 'lapsed')
    .where('c.reinstatement_requested_on', 'is not', null)
    .orderBy('c.reinstatement_requested_on')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.name, lapsedYear: r.lapsed_year ?? 0, requestedOn: day(r.reinstatement_requested_on) ?? '' }));
}

/** credential applications by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const credentialApplicationNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('credential_applications')
    .innerJoin('users', 'users.id', 'credential_applications.user_id')
    .select(['credential_applications.id as id', 'users.name as name'])
    .where('credential_applications.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `Credential application of ${r.name}`, href: `/staff/credential/applications/${r.id}` }]));
};

/** credential cycles by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const credentialCycleNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('credential_cycles').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Review cycle', r.name), href: `/staff/credential/cycles/${r.id}` }]));
};

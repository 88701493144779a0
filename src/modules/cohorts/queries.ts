// Read SQL of cohorts and delegations. What is private stays in the staff and participant reads:
// scores, reasons and answers (staffApplications), meetings with their links, notes and files
// (the space's reads); the public reads never select them.
import type { Db } from '../../db/client.js';
import type { CohortApplicationStatus, CohortKind, CohortQuestionKind } from '../../db/types.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';

export interface Cohort {
  id: string;
  kind: CohortKind;
  slug: string;
  title: string;
  description: string;
  eventName: string;
  opensOn: string;
  closesOn: string;
  capacity: number | null;
  selectionPublishedAt: Date | null;
  pathwayName: string | null;
}

export type CallState = 'upcoming' | 'open' | 'closed';

/** Where the call stands on `today` (a calendar day in the association's time zone). */
export const callState = (c: Pick<Cohort, 'opensOn' | 'closesOn'>, today: string): CallState => (today < c.opensOn ? 'upcoming' : today > c.closesOn ? 'closed' : 'open');

const cohortColumns = ['c.id', 'c.kind', 'c.slug', 'c.title', 'c.description', 'c.event_name', 'c.opens_on', 'c.closes_on', 'c.capacity', 'c.selection_published_at'] as const;

function baseCohorts(db: Db) {
  return db
    .selectFrom('cohorts as c')
    .select(cohortColumns)
    .select((eb) =>
      eb
        .selectFrom('cohort_pathways as cp')
        .innerJoin('pathways as p', 'p.id', 'cp.pathway_id')
        .select('p.name')
        .whereRef('cp.cohort_id', '=', 'c.id')
        .orderBy('p.name')
        .limit(1)
        .as('pathway_name'),
    );
}

type CohortRow = Awaited<ReturnType<ReturnType<typeof baseCohorts>['executeTakeFirstOrThrow']>>;
const toCohort = (r: CohortRow): Cohort => ({
  id: r.id,
  kind: r.kind,
  slug: r.slug,
  title: r.title,
  description: r.description,
  eventName: r.event_name,
  opensOn: r.opens_on,
  closesOn: r.closes_on,
  capacity: r.capacity,
  selectionPublishedAt: r.selection_published_at,
  pathwayName: r.pathway_name ?? null,
});

export async function listCohorts(db: Db, kinds?: CohortKind[]): Promise<Cohort[]> {
  let q = baseCohorts(db);
  if (kinds) q = q.where('c.kind', 'in', kinds);
  const rows = await q.orderBy('c.closes_on', 'desc').orderBy('c.title').limit(200).execute();
  return rows.map(toCohort);
}

export async function cohortBySlug(db: Db, slug: string): Promise<Cohort | undefined> {
  const r = await baseCohorts(db).where('c.slug', '=', slug).executeTakeFirst();
  return r ? toCohort(r) : undefined;
}

export async function cohortById(db: Db, id: string): Promise<Cohort | undefined> {
  const r = await baseCohorts(db).where('c.id', '=', id).executeTakeFirst();
  return r ? toCohort(r) : undefined;
}

export interface Question {
  id: string;
  position: number;
  kind: CohortQuestionKind;
  prompt: string;
  required: boolean;
}

export async function questionsOf(db: Db, cohortId: string): Promise<Question[]> {
  return db.selectFrom('cohort_questions').select(['id', 'position', 'kind', 'prompt', 'required']).where('cohort_id', '=', cohortId).orderBy('position').execute();
}

/** The applicant's own view of their application: its status only (no score, no reason). */
export async function ownApplication(db: Db, cohortId: string, userId: string): Promise<{ id: string; status: CohortApplicationStatus; createdAt: Date } | undefined> {
  const r = await db.selectFrom('cohort_applications').select(['id', 'status', 'created_at']).where('cohort_id', '=', cohortId).where('user_id', '=', userId).executeTakeFirst();
  return r ? { id: r.id, status: r.status, createdAt: r.created_at } : undefined;
}

export async function isParticipant(db: Db, cohortId: string, userId: string): Promise<boolean> {
  const r = await db
    .selectFrom('cohort_applications')
    .select('id')
    .where('cohort_id', '=', cohortId)
    .where('user_id', '=', userId)
    .where('status', '=', 'selected')
    .executeTakeFirst();
  return !!r;
}

export interface StaffApplication {
  id: string;
  userId: string;
  name: string;
  email: string;
  organizationName: string | null;
  seatTitle: string;
  status: CohortApplicationStatus;
  answers: Record<string, string>;
  score: number | null;
  reason: string;
  decidedAt: Date | null;
  createdAt: Date;
}

/** Programs staff only: every application with its answers, score and reason. */
export async function staffApplications(db: Db, cohortId: string): Promise<StaffApplication[]> {
  const rows = await db
    .selectFrom('cohort_applications as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .leftJoin('organizations as o', 'o.id', 'a.organization_id')
    .select([
      'a.id',
      'a.user_id',
      'u.name',
      'u.email',
      'o.name as org_name',
      'a.seat_title',
      'a.status',
      'a.answers',
      'a.score',
      'a.decision_reason',
      'a.decided_at',
      'a.created_at',
    ])
    .where('a.cohort_id', '=', cohortId)
    .orderBy('a.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    organizationName: r.org_name,
    seatTitle: r.seat_title,
    status: r.status,
    answers: r.answers ?? {},
    score: r.score,
    reason: r.decision_reason,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
  }));
}

export interface Member {
  name: string;
  title: string;
  organization: string | null;
}

/** The selected participants: names, titles and organizations (the space, and a published
 * delegation's public page). */
export async function selectedMembers(db: Db, cohortId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('cohort_applications as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .leftJoin('organizations as o', 'o.id', 'a.organization_id')
    .select(['u.name', 'a.seat_title', 'o.name as org_name'])
    .where('a.cohort_id', '=', cohortId)
    .where('a.status', '=', 'selected')
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({ name: r.name, title: r.seat_title, organization: r.org_name }));
}

export interface Meeting {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  place: string;
  onlineUrl: string;
}

/** Participants and staff only (the link to join is in it). */
export async function meetingsOf(db: Db, cohortId: string): Promise<Meeting[]> {
  const rows = await db
    .selectFrom('cohort_meetings')
    .select(['id', 'title', 'starts_at', 'ends_at', 'time_zone', 'place', 'online_url'])
    .where('cohort_id', '=', cohortId)
    .orderBy('starts_at')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, startsAt: r.starts_at, endsAt: r.ends_at, timeZone: r.time_zone, place: r.place, onlineUrl: r.online_url }));
}

export interface Note {
  id: string;
  author: string;
  body: string;
  createdAt: Date;
}

export async function notesOf(db: Db, cohortId: string): Promise<Note[]> {
  const rows = await db
    .selectFrom('cohort_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_user_id')
    .select(['n.id', 'u.name', 'n.body', 'n.created_at'])
    .where('n.cohort_id', '=', cohortId)
    .orderBy('n.seq', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, author: r.name, body: r.body, createdAt: r.created_at }));
}

export interface SharedFile {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: string;
  createdAt: Date;
}

export async function filesOf(db: Db, cohortId: string): Promise<SharedFile[]> {
  const rows = await db
    .selectFrom('cohort_files as f')
    .innerJoin('users as u', 'u.id', 'f.uploaded_by')
    .select(['f.id', 'f.filename', 'f.content_type', 'f.size_bytes', 'u.name', 'f.created_at'])
    .where('f.cohort_id', '=', cohortId)
    .orderBy('f.created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, filename: r.filename, contentType: r.content_type, sizeBytes: r.size_bytes, uploadedBy: r.name, createdAt: r.created_at }));
}

/** One file with its bytes; the caller has checked that the viewer may have it. */
export function fileWithContent(db: Db, cohortId: string, fileId: string) {
  return db.selectFrom('cohort_files').select(['filename', 'content_type', 'size_bytes', 'content']).where('cohort_id', '=', cohortId).where('id', '=', fileId).executeTakeFirst();
}

/** Applications per cohort (staff's list). */
export async function applicationCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('cohort_applications')
    .select(['cohort_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('cohort_id')
    .execute();
  return new Map(rows.map((r) => [r.cohort_id, Number(r.n)]));
}

/** cohorts by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const cohortNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('cohorts').select(['id', 'title']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Cohort', r.title), href: `/staff/cohorts/${r.id}` }]));
};

/** cohort meetings by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const cohortMeetingNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('cohort_meetings as m')
    .innerJoin('cohorts as c', 'c.id', 'm.cohort_id')
    .select(['m.id', 'm.title', 'c.id as cohort_id', 'c.title as cohort'])
    .where('m.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `${titled('Meeting', r.title)} of ${titled('cohort', r.cohort)}`, href: `/staff/cohorts/${r.cohort_id}` }]));
};

/** applications to cohorts (who applied, not their answers or score) by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const cohortApplicationNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('cohort_applications as a')
    .innerJoin('cohorts as c', 'c.id', 'a.cohort_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'u.name as person', 'c.id as cohort_id', 'c.title as cohort'])
    .where('a.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `Application of ${r.person} to ${titled('cohort', r.cohort)}`, href: `/staff/cohorts/${r.cohort_id}` }]));
};

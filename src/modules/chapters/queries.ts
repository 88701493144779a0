// Reads of student chapters for pages: the public list (by state, searchable by university), a
// chapter's page (officers with terms, member count, events), the officers' and staff's views
// (members, invitations, reports), a person's invitations and chapter, and the staff queues.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { ChapterRole, ChapterStatus } from '../../db/types.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';

export interface ChapterListItem {
  id: string;
  slug: string;
  name: string;
  university: string;
  city: string;
  state: string;
  members: number;
}

/** Active (or dormant) chapters by state and university; `q` matches the university's or the chapter's name. */
export async function listChapters(db: Db, status: 'active' | 'dormant', q = ''): Promise<ChapterListItem[]> {
  let query = db
    .selectFrom('chapters as c')
    .select(['c.id', 'c.slug', 'c.name', 'c.university', 'c.city', 'c.state'])
    .select((eb) =>
      eb
        .selectFrom('chapter_members as m')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('m.chapter_id', '=', 'c.id')
        .as('members'),
    )
    .where('c.status', '=', status);
  const words = q.trim().toLowerCase().slice(0, 100);
  if (words) {
    const like = `%${words.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(c.university)`, 'like', like), eb(sql`lower(c.name)`, 'like', like)]));
  }
  const rows = await query.orderBy('c.state').orderBy('c.university').orderBy('c.name').limit(1000).execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug ?? '', name: r.name, university: r.university, city: r.city, state: r.state, members: Number(r.members ?? 0) }));
}

export interface ChapterDetail {
  id: string;
  status: ChapterStatus;
  slug: string | null;
  name: string;
  university: string;
  city: string;
  state: string;
  advisorName: string;
  advisorEmail: string;
  advisorDepartment: string;
  purpose: string;
  requestedBy: string;
  requestedAt: Date;
  approvedOn: string | null;
  declineReason: string;
  dormantSince: string | null;
  dormantReason: string;
  /** a dormant chapter's officer asked membership staff to reactivate it: when, and who */
  reactivationAskedAt: Date | null;
  reactivationAskedBy: string | null;
}

const detailColumns = [
  'c.id',
  'c.status',
  'c.slug',
  'c.name',
  'c.university',
  'c.city',
  'c.state',
  'c.advisor_name',
  'c.advisor_email',
  'c.advisor_department',
  'c.purpose',
  'u.name as requester',
  'c.requested_at',
  'c.approved_on',
  'c.decline_reason',
  'c.dormant_since',
  'c.dormant_reason',
  'c.reactivation_asked_at',
  'ra.name as reactivation_asker',
] as const;

function detailOf(r: {
  id: string;
  status: ChapterStatus;
  slug: string | null;
  name: string;
  university: string;
  city: string;
  state: string;
  advisor_name: string;
  advisor_email: string;
  advisor_department: string;
  purpose: string;
  requester: string;
  requested_at: Date;
  approved_on: string | null;
  decline_reason: string;
  dormant_since: string | null;
  dormant_reason: string;
  reactivation_asked_at: Date | null;
  reactivation_asker: string | null;
}): ChapterDetail {
  return {
    id: r.id,
    status: r.status,
    slug: r.slug,
    name: r.name,
    university: r.university,
    city: r.city,
    state: r.state,
    advisorName: r.advisor_name,
    advisorEmail: r.advisor_email,
    advisorDepartment: r.advisor_department,
    purpose: r.purpose,
    requestedBy: r.requester,
    requestedAt: r.requested_at,
    approvedOn: r.approved_on,
    declineReason: r.decline_reason,
    dormantSince: r.dormant_since,
    dormantReason: r.dormant_reason,
    reactivationAskedAt: r.reactivation_asked_at,
    reactivationAskedBy: r.reactivation_asker,
  };
}

/** An approved chapter (active or dormant) by its address. */
export async function chapterBySlug(db: Db, slug: string): Promise<ChapterDetail | undefined> {
  const r = await db
    .selectFrom('chapters as c')
    .innerJoin('users as u', 'u.id', 'c.requested_by')
    .leftJoin('users as ra', 'ra.id', 'c.reactivation_asked_by')
    .select(detailColumns)
    .where('c.slug', '=', slug)
    .where('c.status', 'in', ['active', 'dormant'])
    .executeTakeFirst();
  return r ? detailOf(r) : undefined;
}

export async function chapterById(db: Db, id: string): Promise<ChapterDetail | undefined> {
  const r = await db
    .selectFrom('chapters as c')
    .innerJoin('users as u', 'u.id', 'c.requested_by')
    .leftJoin('users as ra', 'ra.id', 'c.reactivation_asked_by')
    .select(detailColumns)
    .where('c.id', '=', id)
    .executeTakeFirst();
  return r ? detailOf(r) : undefined;
}

export interface OfficerRow {
  id: string;
  role: ChapterRole;
  name: string;
  email: string;
  status: 'invited' | 'accepted' | 'declined' | 'withdrawn';
  termStart: string;
  termEnd: string;
  /** named in the request: before the approval its term is not set yet */
  founding: boolean;
}

const ROLE_ORDER = sql<number>`array_position(array['president','vice_president','secretary','treasurer']::text[], o.role)`;

/** Officers: by default those who accepted and whose term has not ended (public); `all` adds invitations and the past. */
export async function officersOf(db: Db, chapterId: string, today: string, all = false): Promise<OfficerRow[]> {
  let q = db
    .selectFrom('chapter_officers as o')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .select(['o.id', 'o.role', 'u.name', 'u.email', 'o.status', 'o.term_start', 'o.term_end', 'o.founding'])
    .where('o.chapter_id', '=', chapterId);
  if (!all) q = q.where('o.status', '=', 'accepted').where('o.term_end', '>=', today);
  const rows = await q.orderBy(ROLE_ORDER).orderBy('o.term_start').limit(200).execute();
  return rows.map((r) => ({ id: r.id, role: r.role, name: r.name, email: r.email, status: r.status, termStart: r.term_start, termEnd: r.term_end, founding: r.founding }));
}

export async function countMembers(db: Db, chapterId: string): Promise<number> {
  const r = await db
    .selectFrom('chapter_members')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('chapter_id', '=', chapterId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  joinedAt: Date;
}

export async function membersOf(db: Db, chapterId: string): Promise<MemberRow[]> {
  const rows = await db
    .selectFrom('chapter_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'm.joined_at'])
    .where('m.chapter_id', '=', chapterId)
    .orderBy('u.name')
    .limit(2000)
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.name, email: r.email, joinedAt: r.joined_at }));
}

/** One member of the chapter, or undefined (another chapter's member, or nobody's). */
export async function memberOf(db: Db, chapterId: string, userId: string): Promise<MemberRow | undefined> {
  const r = await db
    .selectFrom('chapter_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'm.joined_at'])
    .where('m.chapter_id', '=', chapterId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  return r ? { userId: r.id, name: r.name, email: r.email, joinedAt: r.joined_at } : undefined;
}

export interface ChapterEvent {
  id: string;
  title: string;
  happensOn: string;
  place: string;
  description: string;
}

export async function eventsOf(db: Db, chapterId: string): Promise<ChapterEvent[]> {
  const rows = await db
    .selectFrom('chapter_events')
    .select(['id', 'title', 'happens_on', 'place', 'description'])
    .where('chapter_id', '=', chapterId)
    .orderBy('happens_on', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, happensOn: r.happens_on, place: r.place, description: r.description }));
}

/** One event of this chapter (another chapter's event id finds nothing). */
export async function eventOf(db: Db, chapterId: string, eventId: string): Promise<ChapterEvent | undefined> {
  const r = await db
    .selectFrom('chapter_events')
    .select(['id', 'title', 'happens_on', 'place', 'description'])
    .where('chapter_id', '=', chapterId)
    .where('id', '=', eventId)
    .executeTakeFirst();
  return r ? { id: r.id, title: r.title, happensOn: r.happens_on, place: r.place, description: r.description } : undefined;
}

export interface ReportRow {
  id: string;
  year: number;
  activities: string;
  eventsHeld: string;
  memberCount: number;
  submittedBy: string | null;
  submittedAt: Date;
  acceptedAt: Date | null;
  /** sent back to the officers, with what to change; null once filed again */
  returnedAt: Date | null;
  returnNote: string;
}

/** A chapter's reports, newest year first; `reportId` picks one (of this chapter only). */
export async function reportsOf(db: Db, chapterId: string, reportId?: string): Promise<ReportRow[]> {
  let q = db
    .selectFrom('chapter_reports as r')
    .leftJoin('users as u', 'u.id', 'r.submitted_by')
    .select(['r.id', 'r.year', 'r.activities', 'r.events_held', 'r.member_count', 'u.name', 'r.submitted_at', 'r.accepted_at', 'r.returned_at', 'r.return_note'])
    .where('r.chapter_id', '=', chapterId);
  if (reportId) q = q.where('r.id', '=', reportId);
  const rows = await q.orderBy('r.year', 'desc').limit(100).execute();
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    activities: r.activities,
    eventsHeld: r.events_held,
    memberCount: r.member_count,
    submittedBy: r.name,
    submittedAt: r.submitted_at,
    acceptedAt: r.accepted_at,
    returnedAt: r.returned_at,
    returnNote: r.return_note,
  }));
}

export interface MyInvitation {
  id: string;
  role: ChapterRole;
  chapter: string;
  university: string;
  slug: string | null;
  termStart: string;
  termEnd: string;
  founding: boolean;
}

export async function myInvitations(db: Db, userId: string): Promise<MyInvitation[]> {
  const rows = await db
    .selectFrom('chapter_officers as o')
    .innerJoin('chapters as c', 'c.id', 'o.chapter_id')
    .select(['o.id', 'o.role', 'c.name', 'c.university', 'c.slug', 'o.term_start', 'o.term_end', 'o.founding'])
    .where('o.user_id', '=', userId)
    .where('o.status', '=', 'invited')
    .where('c.status', '<>', 'declined')
    .orderBy('o.invited_at')
    .limit(50)
    .execute();
  return rows.map((r) => ({ id: r.id, role: r.role, chapter: r.name, university: r.university, slug: r.slug, termStart: r.term_start, termEnd: r.term_end, founding: r.founding }));
}

/** The chapter a person is a member of, if any. */
export async function myChapterId(db: Db, userId: string): Promise<string | null> {
  const r = await db.selectFrom('chapter_members').select('chapter_id').where('user_id', '=', userId).executeTakeFirst();
  return r?.chapter_id ?? null;
}

export interface StaffChapterRow {
  id: string;
  status: ChapterStatus;
  slug: string | null;
  name: string;
  university: string;
  state: string;
  requestedAt: Date;
  approvedOn: string | null;
  dormantSince: string | null;
  /** when staff approved or declined the request */
  decidedAt: Date | null;
  members: number;
  reportsWaiting: number;
  reactivationAskedAt: Date | null;
  /** an approved chapter with no officer today: nobody in it can invite one */
  noOfficers: boolean;
}

export async function staffChapters(db: Db, today: string): Promise<StaffChapterRow[]> {
  const rows = await db
    .selectFrom('chapters as c')
    .select(['c.id', 'c.status', 'c.slug', 'c.name', 'c.university', 'c.state', 'c.requested_at', 'c.approved_on', 'c.dormant_since', 'c.decided_at', 'c.reactivation_asked_at'])
    .select((eb) =>
      eb
        .selectFrom('chapter_members as m')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('m.chapter_id', '=', 'c.id')
        .as('members'),
    )
    .select((eb) =>
      eb
        .selectFrom('chapter_reports as r')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('r.chapter_id', '=', 'c.id')
        .where('r.accepted_at', 'is', null)
        .where('r.returned_at', 'is', null)
        .as('waiting'),
    )
    .select((eb) =>
      eb
        .selectFrom('chapter_officers as o')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('o.chapter_id', '=', 'c.id')
        .where('o.status', '=', 'accepted')
        .where('o.term_start', '<=', today)
        .where('o.term_end', '>=', today)
        .as('officers'),
    )
    .orderBy('c.requested_at', 'desc')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    slug: r.slug,
    name: r.name,
    university: r.university,
    state: r.state,
    requestedAt: r.requested_at,
    approvedOn: r.approved_on,
    dormantSince: r.dormant_since,
    decidedAt: r.decided_at,
    members: Number(r.members ?? 0),
    reportsWaiting: Number(r.waiting ?? 0),
    reactivationAskedAt: r.reactivation_asked_at,
    noOfficers: (r.status === 'active' || r.status === 'dormant') && Number(r.officers ?? 0) === 0,
  }));
}

/** chapters by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const chapterNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('chapters').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Chapter', r.name), href: `/staff/chapters/${r.id}` }]));
};

/** chapter officers by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const chapterOfficerNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('chapter_officers as o')
    .innerJoin('chapters as c', 'c.id', 'o.chapter_id')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .select(['o.id', 'o.role', 'u.name as person', 'c.id as chapter_id', 'c.name'])
    .where('o.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `${r.person}, ${r.role.replace(/_/g, ' ')} of ${titled('chapter', r.name)}`, href: `/staff/chapters/${r.chapter_id}` }]));
};

/** chapter reports by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const chapterReportNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('chapter_reports as r')
    .innerJoin('chapters as c', 'c.id', 'r.chapter_id')
    .select(['r.id', 'r.year', 'c.id as chapter_id', 'c.name'])
    .where('r.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `${r.year} report of ${titled('chapter', r.name)}`, href: `/staff/chapters/${r.chapter_id}` }]));
};

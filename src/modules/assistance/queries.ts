// Reads of technical assistance: an organization's requests, one request's thread, the staff
// queue with its filters and aging, one attachment's bytes, and the organizations a contact files for.
import { sql } from 'kysely';
import type { AssistanceStatus } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { foldedContains } from '../../lib/search-text.js';
import { isUuid } from '../../lib/validators.js';
import { AGE_BUCKETS, type AgeBucket, daysOpen } from './states.js';

type Db = Deps['db'];

export interface RequestSummary {
  id: string;
  organizationId: string;
  organizationName: string;
  subject: string;
  status: AssistanceStatus;
  pathwayName: string | null;
  advisorName: string | null;
  createdAt: Date;
  updatedAt: Date;
  desiredOn: string | null;
  daysOpen: number;
}

const summaryQuery = (db: Db) =>
  db
    .selectFrom('assistance_requests as r')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .leftJoin('pathways as p', 'p.id', 'r.pathway_id')
    .leftJoin('users as a', 'a.id', 'r.advisor_user_id')
    .select([
      'r.id',
      'r.organization_id',
      'o.name as organization_name',
      'r.subject',
      'r.status',
      'p.name as pathway_name',
      'a.name as advisor_name',
      'r.created_at',
      'r.updated_at',
      'r.closed_at',
      'r.desired_on',
    ]);

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];
const toSummary = (r: SummaryRow, now: Date): RequestSummary => ({
  id: r.id,
  organizationId: r.organization_id,
  organizationName: r.organization_name,
  subject: r.subject,
  status: r.status,
  pathwayName: r.pathway_name,
  advisorName: r.advisor_name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  desiredOn: r.desired_on,
  daysOpen: daysOpen(r.created_at, r.closed_at, now),
});

/** Requests of these organizations, newest first (at most 500). */
export async function listOrganizationRequests(db: Db, organizationIds: string[], now: Date, opts: { openOnly?: boolean } = {}): Promise<RequestSummary[]> {
  if (organizationIds.length === 0) return [];
  let q = summaryQuery(db).where('r.organization_id', 'in', organizationIds);
  if (opts.openOnly) q = q.where('r.status', 'not in', ['resolved', 'closed']);
  const rows = await q.orderBy('r.created_at', 'desc').orderBy('r.id').limit(500).execute();
  return rows.map((r) => toSummary(r, now));
}

export interface ThreadMessage {
  id: string;
  authorName: string;
  /** the author is staff (not a contact of the organization) */
  fromStaff: boolean;
  body: string;
  createdAt: Date;
  attachments: AttachmentInfo[];
}
export interface AttachmentInfo {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}
export interface ThreadEvent {
  kind: 'filed' | 'status' | 'assigned';
  actorName: string | null;
  fromStatus: AssistanceStatus | null;
  toStatus: AssistanceStatus | null;
  advisorName: string | null;
  createdAt: Date;
}
export interface Thread {
  request: RequestSummary & { description: string; createdByName: string; advisorUserId: string | null; pathwayId: string | null };
  attachments: AttachmentInfo[];
  messages: ThreadMessage[];
  events: ThreadEvent[];
}

/** One request with its thread; null when there is no such request. Callers check who may see it. */
export async function getThread(db: Db, id: string, now: Date): Promise<Thread | null> {
  const r = await summaryQuery(db)
    .innerJoin('users as c', 'c.id', 'r.created_by')
    .select(['r.description', 'c.name as created_by_name', 'r.advisor_user_id', 'r.pathway_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!r) return null;
  const [messages, files, events, contacts] = await Promise.all([
    db
      .selectFrom('assistance_messages as m')
      .innerJoin('users as u', 'u.id', 'm.author_user_id')
      .select(['m.id', 'm.body', 'm.created_at', 'm.author_user_id', 'u.name'])
      .where('m.request_id', '=', id)
      .orderBy('m.seq')
      .execute(),
    db
      .selectFrom('assistance_attachments')
      .select(['id', 'message_id', 'filename', 'content_type', 'size_bytes'])
      .where('request_id', '=', id)
      .orderBy('created_at')
      .orderBy('filename')
      .execute(),
    db
      .selectFrom('assistance_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_user_id')
      .leftJoin('users as a', 'a.id', 'e.advisor_user_id')
      .select(['e.kind', 'e.from_status', 'e.to_status', 'e.created_at', 'u.name as actor_name', 'a.name as advisor_name'])
      .where('e.request_id', '=', id)
      .orderBy('e.seq')
      .execute(),
    db.selectFrom('organization_contacts').select('user_id').where('organization_id', '=', r.organization_id).execute(),
  ]);
  const contactIds = new Set(contacts.map((c) => c.user_id));
  const info = (f: (typeof files)[number]): AttachmentInfo => ({ id: f.id, filename: f.filename, contentType: f.content_type, sizeBytes: f.size_bytes });
  return {
    request: { ...toSummary(r, now), description: r.description, createdByName: r.created_by_name, advisorUserId: r.advisor_user_id, pathwayId: r.pathway_id },
    attachments: files.filter((f) => f.message_id === null).map(info),
    messages: messages.map((m) => ({
      id: m.id,
      authorName: m.name,
      fromStaff: !contactIds.has(m.author_user_id),
      body: m.body,
      createdAt: m.created_at,
      attachments: files.filter((f) => f.message_id === m.id).map(info),
    })),
    events: events.map((e) => ({ kind: e.kind, actorName: e.actor_name, fromStatus: e.from_status, toStatus: e.to_status, advisorName: e.advisor_name, createdAt: e.created_at })),
  };
}

/** The organization a request belongs to, or null when there is no such request. */
export async function organizationOfRequest(db: Db, id: string): Promise<string | null> {
  const r = await db.selectFrom('assistance_requests').select('organization_id').where('id', '=', id).executeTakeFirst();
  return r?.organization_id ?? null;
}

/** One attachment of one request (both ids must match), with its bytes. */
export async function getAttachment(db: Db, requestId: string, attachmentId: string) {
  return db
    .selectFrom('assistance_attachments')
    .select(['filename', 'content_type', 'content', 'size_bytes'])
    .where('id', '=', attachmentId)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
}

export interface QueueFilters {
  /** a status, 'active' (not closed; the default) or 'any' */
  status: AssistanceStatus | 'active' | 'any';
  advisor: 'me' | 'any' | 'unassigned';
  org?: string;
  pathway?: string;
  age?: AgeBucket;
  /** 'yes': not yet resolved or closed, and past the day the member wanted help by */
  late?: 'yes';
  page: number;
}
export const QUEUE_PAGE_SIZE = 25;

/** The staff queue: oldest first, a page at a time. */
export async function listQueue(db: Db, f: QueueFilters, viewerId: string, now: Date, today: string): Promise<{ rows: RequestSummary[]; hasNext: boolean }> {
  let q = summaryQuery(db);
  if (f.status === 'active') q = q.where('r.status', '<>', 'closed');
  else if (f.status !== 'any') q = q.where('r.status', '=', f.status);
  if (f.advisor === 'me') q = q.where('r.advisor_user_id', '=', viewerId);
  if (f.advisor === 'unassigned') q = q.where('r.advisor_user_id', 'is', null);
  if (f.org) q = q.where(foldedContains('o.name', f.org));
  if (f.pathway) q = q.where('p.slug', '=', f.pathway);
  if (f.late === 'yes') q = q.where('r.status', 'not in', ['resolved', 'closed']).where('r.desired_on', '<', today);
  const bucket = AGE_BUCKETS.find((b) => b.key === f.age);
  if (bucket) {
    // Whole days open, as daysOpen() counts them: until now, or until the request closed.
    const age = sql<number>`floor(extract(epoch from (coalesce(r.closed_at, ${now.toISOString()}::timestamptz) - r.created_at)) / 86400)`;
    q = q.where(age, '>=', bucket.min);
    if (bucket.max !== null) q = q.where(age, '<=', bucket.max);
  }
  const rows = await q
    .orderBy('r.created_at', 'asc')
    .orderBy('r.id')
    .limit(QUEUE_PAGE_SIZE + 1)
    .offset((f.page - 1) * QUEUE_PAGE_SIZE)
    .execute();
  return { rows: rows.slice(0, QUEUE_PAGE_SIZE).map((r) => toSummary(r, now)), hasNext: rows.length > QUEUE_PAGE_SIZE };
}

/** Staff who can be assigned requests: active people with the advisor role. */
export async function listAdvisors(db: Db): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.name'])
    .where('user_roles.role', '=', 'advisor')
    .where('users.disabled_at', 'is', null)
    .orderBy('users.name')
    .execute();
}

/** Organizations by id, by name: the ones a contact may file and read requests for. */
export async function organizationChoices(db: Db, ids: string[]): Promise<Array<{ id: string; name: string }>> {
  if (ids.length === 0) return [];
  return db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute();
}

/** An organization's time zone (its "today" for a desired date), or null if there is no such organization. */
export async function organizationTimeZone(db: Db, id: string): Promise<string | null> {
  const row = await db.selectFrom('organizations').select('time_zone').where('id', '=', id).executeTakeFirst();
  return row?.time_zone ?? null;
}

/** Requests not yet resolved or closed whose wanted-by day has passed: the staff desk's count, the
 * queue filtered by `late=yes`. */
export async function countLateRequests(db: Db, today: string): Promise<number> {
  const r = await db
    .selectFrom('assistance_requests as r')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('r.status', 'not in', ['resolved', 'closed'])
    .where('r.desired_on', '<', today)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** request id → its subject: the audit log names the requests it is about. */
export async function requestSubjects(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)].filter((id) => isUuid(id));
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('assistance_requests').select(['id', 'subject']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.subject]));
}

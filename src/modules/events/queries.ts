// Events' reads for pages and the API: the public listing (upcoming and past, filtered, keyset
// paged), one event by its slug with its agenda, ticket types and pathways, whether a person holds
// a seat (the join link's rule), and the staff list and overview. Drafts never leave here except
// through the staff reads.
import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB, EventFormat, EventKind, EventStatus } from '../../db/types.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import { foldedContains } from '../../lib/search-text.js';
import { isUuid } from '../../lib/validators.js';
import type { PriceSource } from './format.js';

export interface EventRow {
  id: string;
  slug: string;
  title: string;
  kind: EventKind;
  format: EventFormat;
  status: EventStatus;
  audience: 'everyone' | 'members';
  summary: string;
  description: string;
  time_zone: string;
  starts_at: Date;
  ends_at: Date;
  venue_name: string;
  venue_address: string;
  join_url: string | null;
  capacity: number | null;
  cancel_hours_before: number;
  transfers_allowed: boolean;
  offer_hours: number;
  published_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
}

const EVENT_COLUMNS = [
  'e.id',
  'e.slug',
  'e.title',
  'e.kind',
  'e.format',
  'e.status',
  'e.audience',
  'e.summary',
  'e.description',
  'e.time_zone',
  'e.starts_at',
  'e.ends_at',
  'e.venue_name',
  'e.venue_address',
  'e.join_url',
  'e.capacity',
  'e.cancel_hours_before',
  'e.transfers_allowed',
  'e.offer_hours',
  'e.published_at',
  'e.cancelled_at',
  'e.cancel_reason',
] as const;

export interface TicketRow extends PriceSource {
  id: string;
  event_id: string;
  name: string;
  position: number;
  capacity: number | null;
  members_only: boolean;
  archived_at: Date | null;
}

export interface SessionRow {
  id: string;
  event_id: string;
  title: string;
  description: string;
  location: string;
  starts_at: Date;
  ends_at: Date;
  pd_minutes: number;
}

export interface PathwayRef {
  id: string;
  slug: string;
  name: string;
}

export interface ListedEvent extends EventRow {
  tickets: TicketRow[];
  pathways: PathwayRef[];
}

// ---- keyset cursor: the last row's start and id

export interface Cursor {
  startsAt: Date;
  id: string;
}

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.startsAt.toISOString(), c.id])).toString('base64url');

export function decodeCursor(raw: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw)) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 2) return null;
    const [at, id] = v as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || !isUuid(id) || !/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(at)) return null;
    const startsAt = new Date(at);
    return Number.isNaN(startsAt.getTime()) ? null : { startsAt, id };
  } catch {
    return null;
  }
}

export interface ListingFilter {
  when: 'upcoming' | 'past';
  now: Date;
  kind?: EventKind;
  format?: EventFormat;
  pathway?: string;
  /** YYYY-MM, in each event's own zone */
  fromMonth?: string;
  toMonth?: string;
}

const localMonth = (eb: ExpressionBuilder<DB & { e: DB['events'] }, 'e'>) => sql<string>`to_char(${eb.ref('e.starts_at')} at time zone ${eb.ref('e.time_zone')}, 'YYYY-MM')`;

/** Published (and cancelled) events still to come, soonest first; or past ones, latest first. */
export async function listPublicEvents(db: Db, f: ListingFilter, page: { after: Cursor | null; limit: number }): Promise<{ events: ListedEvent[]; next: Cursor | null }> {
  const upcoming = f.when === 'upcoming';
  let q = db
    .selectFrom('events as e')
    .select(EVENT_COLUMNS)
    .where('e.status', 'in', upcoming ? ['published', 'cancelled'] : ['published', 'completed'])
    // a draft cancelled before it was ever published was never public: it stays off the listing
    .where('e.published_at', 'is not', null)
    .where('e.ends_at', upcoming ? '>' : '<=', f.now);
  if (f.kind) q = q.where('e.kind', '=', f.kind);
  if (f.format) q = q.where('e.format', '=', f.format);
  if (f.pathway) {
    const slug = f.pathway;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('event_pathways as ep')
          .innerJoin('pathways as p', 'p.id', 'ep.pathway_id')
          .select('ep.event_id')
          .whereRef('ep.event_id', '=', 'e.id')
          .where('p.slug', '=', slug),
      ),
    );
  }
  if (f.fromMonth) {
    const m = f.fromMonth;
    q = q.where((eb) => eb(localMonth(eb), '>=', m));
  }
  if (f.toMonth) {
    const m = f.toMonth;
    q = q.where((eb) => eb(localMonth(eb), '<=', m));
  }
  if (page.after) {
    const { startsAt, id } = page.after;
    q = q.where((eb) => eb.or([eb('e.starts_at', upcoming ? '>' : '<', startsAt), eb.and([eb('e.starts_at', '=', startsAt), eb('e.id', upcoming ? '>' : '<', id)])]));
  }
  const dir = upcoming ? 'asc' : 'desc';
  const rows = (await q
    .orderBy('e.starts_at', dir)
    .orderBy('e.id', dir)
    .limit(page.limit + 1)
    .execute()) as EventRow[];
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  const last = shown[shown.length - 1];
  return { events: await withTicketsAndPathways(db, shown), next: more && last ? { startsAt: last.starts_at, id: last.id } : null };
}

async function withTicketsAndPathways(db: Db, events: EventRow[], opts: { archived?: boolean } = {}): Promise<ListedEvent[]> {
  if (events.length === 0) return [];
  const ids = events.map((e) => e.id);
  const [tickets, pathways] = await Promise.all([ticketsOf(db, ids, opts), pathwaysOf(db, ids)]);
  return events.map((e) => ({
    ...e,
    tickets: tickets.filter((t) => t.event_id === e.id),
    pathways: pathways.filter((p) => p.event_id === e.id).map(({ id, slug, name }) => ({ id, slug, name })),
  }));
}

async function ticketsOf(db: Db, eventIds: string[], opts: { archived?: boolean }): Promise<TicketRow[]> {
  let q = db
    .selectFrom('event_ticket_types')
    .select([
      'id',
      'event_id',
      'name',
      'position',
      'member_cents',
      'nonmember_cents',
      'early_member_cents',
      'early_nonmember_cents',
      'early_until',
      'capacity',
      'members_only',
      'archived_at',
    ])
    .where('event_id', 'in', eventIds);
  if (!opts.archived) q = q.where('archived_at', 'is', null);
  const rows = await q.orderBy('position').orderBy('name').execute();
  // bigint columns arrive as strings from PostgreSQL
  return rows.map((t) => ({
    ...t,
    member_cents: Number(t.member_cents),
    nonmember_cents: Number(t.nonmember_cents),
    early_member_cents: t.early_member_cents === null ? null : Number(t.early_member_cents),
    early_nonmember_cents: t.early_nonmember_cents === null ? null : Number(t.early_nonmember_cents),
  }));
}

function pathwaysOf(db: Db, eventIds: string[]) {
  return db
    .selectFrom('event_pathways as ep')
    .innerJoin('pathways as p', 'p.id', 'ep.pathway_id')
    .select(['ep.event_id', 'p.id', 'p.slug', 'p.name'])
    .where('ep.event_id', 'in', eventIds)
    .orderBy('p.position')
    .orderBy('p.name')
    .execute();
}

function sessionsOf(db: Db, eventId: string): Promise<SessionRow[]> {
  return db
    .selectFrom('event_sessions')
    .select(['id', 'event_id', 'title', 'description', 'location', 'starts_at', 'ends_at', 'pd_minutes'])
    .where('event_id', '=', eventId)
    .orderBy('starts_at')
    .orderBy('title')
    .execute();
}

export interface EventDetail extends ListedEvent {
  sessions: SessionRow[];
}

/** A published, cancelled or completed event by its slug, with its agenda; never a draft, nor a
 * draft cancelled before it was published. */
export async function publicEventBySlug(db: Db, slug: string): Promise<EventDetail | null> {
  const row = (await db
    .selectFrom('events as e')
    .select(EVENT_COLUMNS)
    .where('e.slug', '=', slug)
    .where('e.status', '<>', 'draft')
    .where('e.published_at', 'is not', null)
    .executeTakeFirst()) as EventRow | undefined;
  if (!row) return null;
  const [listed] = await withTicketsAndPathways(db, [row]);
  return listed ? { ...listed, sessions: await sessionsOf(db, row.id) } : null;
}

export interface Seat {
  /** 'confirmed' (registered, and paid, free or billed to nobody: the join link's rule) or
   * 'awaiting_payment' (registered, its invoice not yet paid) */
  state: 'confirmed' | 'awaiting_payment';
  /** the person has an invoice of their own for it (false: a free seat, or one billed to their organization) */
  invoiced: boolean;
}

/** The person's seat at the event, or null. */
export async function seatOf(db: Db, eventId: string, userId: string): Promise<Seat | null> {
  const row = await db
    .selectFrom('event_registrations as r')
    .leftJoin('event_orders as o', 'o.id', 'r.order_id')
    .select(['o.status as order_status', 'o.invoice_id', 'o.buyer_user_id'])
    .where('r.event_id', '=', eventId)
    .where('r.user_id', '=', userId)
    .where('r.status', '=', 'registered')
    .executeTakeFirst();
  if (!row) return null;
  return { state: row.order_status === 'pending' ? 'awaiting_payment' : 'confirmed', invoiced: !!row.invoice_id && row.buyer_user_id === userId };
}

/** Whether the person ever registered for the event (any status, the waitlist too): a cancelled
 * event's page tells such a person why it was cancelled, as their email did. */
export async function everRegistered(db: Db, eventId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('event_registrations').select('id').where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst();
  return !!row;
}

// ---- staff

export const STAFF_PAGE_SIZE = 25;

/** Every event for programs staff, by status, newest start first; a page of STAFF_PAGE_SIZE. */
export async function listEventsForStaff(db: Db, f: { status?: EventStatus; page: number }): Promise<{ events: Array<EventRow & { registered: number }>; hasNext: boolean }> {
  let q = db
    .selectFrom('events as e')
    .select(EVENT_COLUMNS)
    .select((eb) =>
      eb
        .selectFrom('event_registrations as r')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('r.event_id', '=', 'e.id')
        .where('r.status', '=', 'registered')
        .as('registered'),
    );
  if (f.status) q = q.where('e.status', '=', f.status);
  const rows = await q
    .orderBy(sql`case e.status when 'draft' then 0 when 'published' then 1 when 'cancelled' then 2 else 3 end`)
    .orderBy('e.starts_at', 'desc')
    .orderBy('e.id')
    .limit(STAFF_PAGE_SIZE + 1)
    .offset((f.page - 1) * STAFF_PAGE_SIZE)
    .execute();
  return { events: rows.slice(0, STAFF_PAGE_SIZE).map((r) => ({ ...(r as EventRow), registered: Number(r.registered ?? 0) })), hasNext: rows.length > STAFF_PAGE_SIZE };
}

/** One event for programs staff (any status), with its agenda and every ticket type (archived too). */
export async function eventForStaff(db: Db, id: string): Promise<EventDetail | null> {
  if (!isUuid(id)) return null;
  const row = (await db.selectFrom('events as e').select(EVENT_COLUMNS).where('e.id', '=', id).executeTakeFirst()) as EventRow | undefined;
  if (!row) return null;
  const [listed] = await withTicketsAndPathways(db, [row], { archived: true });
  return listed ? { ...listed, sessions: await sessionsOf(db, row.id) } : null;
}

/** events by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const eventNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('events').select(['id', 'title']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Event', r.title), href: `/staff/events/${r.id}` }]));
};

/** event registrations by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const eventRegistrationNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'u.name as person', 'e.id as event_id', 'e.title'])
    .where('r.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `Registration of ${r.person} for ${titled('event', r.title)}`, href: `/staff/events/${r.event_id}/registrations` }]));
};

/** The events whose title contains `text` (accents and case aside), at most 200: the audit log's "About" search. */
export async function eventIdsTitled(db: Db, text: string): Promise<string[]> {
  const rows = await db.selectFrom('events').select('id').where(foldedContains('title', text)).limit(200).execute();
  return rows.map((r) => r.id);
}

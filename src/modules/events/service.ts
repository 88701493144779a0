// Events' core use cases: create an event (draft) with its agenda and ticket types, and publish
// it. Each runs in the caller's transaction with its audit row. Registration (registrations.ts),
// the waitlist, check-in and the PD log build on these rows.
import type { Transaction } from 'kysely';
import type { DB, EventFormat, EventKind } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { type Told, tellRegistrantsOfChanges, timeOrPlaceChanges } from './event-changes.js';

export type Trx = Transaction<DB>;
export type EventsDeps = Pick<Deps, 'clock' | 'mail' | 'config' | 'association'>;

export interface NewEvent {
  slug: string;
  title: string;
  kind: EventKind;
  format: EventFormat;
  audience?: 'everyone' | 'members';
  summary?: string;
  description?: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  venueName?: string;
  venueAddress?: string;
  joinUrl?: string | null;
  capacity?: number | null;
  cancelHoursBefore?: number;
  transfersAllowed?: boolean;
  offerHours?: number;
  pathwayIds?: string[];
}

export interface NewTicketType {
  name: string;
  memberCents: number;
  nonmemberCents: number;
  earlyMemberCents?: number | null;
  earlyNonmemberCents?: number | null;
  earlyUntil?: Date | null;
  capacity?: number | null;
  membersOnly?: boolean;
  position?: number;
}

export interface NewSession {
  title: string;
  description?: string;
  location?: string;
  startsAt: Date;
  endsAt: Date;
  pdMinutes?: number;
}

export interface Actor {
  userId: string | null;
  requestId?: string;
}

/** The columns an event's form sets, with the defaults of a new event. */
const eventColumns = (input: NewEvent) => ({
  slug: input.slug,
  title: input.title,
  kind: input.kind,
  format: input.format,
  audience: input.audience ?? 'everyone',
  summary: input.summary ?? '',
  description: input.description ?? '',
  time_zone: input.timeZone,
  starts_at: input.startsAt,
  ends_at: input.endsAt,
  venue_name: input.venueName ?? '',
  venue_address: input.venueAddress ?? '',
  join_url: input.joinUrl ?? null,
  capacity: input.capacity ?? null,
  cancel_hours_before: input.cancelHoursBefore ?? 72,
  transfers_allowed: input.transfersAllowed ?? true,
  offer_hours: input.offerHours ?? 48,
});

/** A draft event; its slug must be free (409 `events.slug_taken`). */
export async function createEvent(trx: Trx, deps: EventsDeps, input: NewEvent, actor: Actor): Promise<{ id: string; slug: string }> {
  const taken = await trx.selectFrom('events').select('id').where('slug', '=', input.slug).executeTakeFirst();
  if (taken)
    throw new AppError('events.slug_taken', {
      status: 409,
      message: 'Another event already has this web address.',
      fields: { slug: 'Another event already has this web address; choose another.' },
    });
  const row = await trx
    .insertInto('events')
    .values({ ...eventColumns(input), created_by: actor.userId })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  if (input.pathwayIds?.length) {
    await trx
      .insertInto('event_pathways')
      .values(input.pathwayIds.map((pathway_id) => ({ event_id: row.id, pathway_id })))
      .execute();
  }
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: actor.userId,
    action: 'events.created',
    entityType: 'event',
    entityId: row.id,
    after: { slug: row.slug, title: input.title },
    requestId: actor.requestId,
  });
  return row;
}

export async function addTicketType(trx: Trx, deps: EventsDeps, eventId: string, input: NewTicketType, actor: Actor): Promise<string> {
  const row = await trx
    .insertInto('event_ticket_types')
    .values({
      event_id: eventId,
      name: input.name,
      position: input.position ?? 0,
      member_cents: input.memberCents,
      nonmember_cents: input.nonmemberCents,
      early_member_cents: input.earlyMemberCents ?? null,
      early_nonmember_cents: input.earlyNonmemberCents ?? null,
      early_until: input.earlyUntil ?? null,
      capacity: input.capacity ?? null,
      members_only: input.membersOnly ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: actor.userId,
    action: 'events.ticket_type_added',
    entityType: 'event',
    entityId: eventId,
    after: { ticketTypeId: row.id, name: input.name },
    requestId: actor.requestId,
  });
  return row.id;
}

export async function addSession(trx: Trx, deps: EventsDeps, eventId: string, input: NewSession, actor: Actor): Promise<string> {
  const row = await trx
    .insertInto('event_sessions')
    .values({
      event_id: eventId,
      title: input.title,
      description: input.description ?? '',
      location: input.location ?? '',
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      pd_minutes: input.pdMinutes ?? 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: actor.userId,
    action: 'events.session_added',
    entityType: 'event',
    entityId: eventId,
    after: { sessionId: row.id, title: input.title },
    requestId: actor.requestId,
  });
  return row.id;
}

/** A draft becomes published: it needs at least one ticket type (409 `events.no_tickets`). */
export async function publishEvent(trx: Trx, deps: EventsDeps, eventId: string, actor: Actor): Promise<void> {
  const tickets = await trx.selectFrom('event_ticket_types').select('id').where('event_id', '=', eventId).where('archived_at', 'is', null).executeTakeFirst();
  if (!tickets) throw new AppError('events.no_tickets', { status: 409, message: 'Add at least one ticket type (it may be free) before publishing.' });
  const event = await trx.selectFrom('events').select(['format', 'join_url']).where('id', '=', eventId).executeTakeFirst();
  if (event && event.format !== 'in_person' && !event.join_url)
    throw new AppError('events.no_join_link', { status: 409, message: 'Add the join link of an online or hybrid event before publishing.' });
  const done = await trx
    .updateTable('events')
    .set({ status: 'published', published_at: deps.clock.now() })
    .where('id', '=', eventId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new AppError('events.not_draft', { status: 409, message: 'Only a draft event can be published.' });
  await writeAudit(trx, { at: deps.clock.now(), actorUserId: actor.userId, action: 'events.published', entityType: 'event', entityId: eventId, requestId: actor.requestId });
}

// ---- staff authoring: changes to an event, its agenda and its ticket types (public pages and
// authoring, issue 16). Each runs in the caller's transaction with its audit row.

const notFound = (what: string) => new AppError('not_found', { message: `There is no such ${what}.` });

async function editableEvent(trx: Trx, eventId: string) {
  const row = await trx.selectFrom('events').select(['id', 'status', 'slug']).where('id', '=', eventId).forUpdate().executeTakeFirst();
  if (!row) throw notFound('event');
  if (row.status === 'cancelled' || row.status === 'completed')
    throw new AppError('events.closed', { status: 409, message: `This event is ${row.status}; it can no longer be changed.` });
  return row;
}

/** An event's details (and pathways, which are replaced). A published event keeps its web address
 * unless staff choose another that is free; an online or hybrid one must keep its join link. When
 * its time or place really changes, its calendar version goes up and, while it is published and not
 * over, each live registrant (and the waitlist, of a new time or place) is emailed the change
 * (event-changes.ts). Returns how many were told. */
export async function updateEvent(trx: Trx, deps: EventsDeps, eventId: string, input: NewEvent, actor: Actor): Promise<{ told: Told }> {
  const current = await editableEvent(trx, eventId);
  if (input.slug !== current.slug) {
    const taken = await trx.selectFrom('events').select('id').where('slug', '=', input.slug).where('id', '<>', eventId).executeTakeFirst();
    if (taken)
      throw new AppError('events.slug_taken', {
        status: 409,
        message: 'Another event already has this web address.',
        fields: { slug: 'Another event already has this web address; choose another.' },
      });
  }
  if (current.status === 'published' && input.format !== 'in_person' && !input.joinUrl)
    throw new AppError('validation_failed', { fields: { joinUrl: 'A published online or hybrid event needs its join link.' } });
  const before = await trx.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
  const changes = timeOrPlaceChanges(before, input);
  await trx.updateTable('events').set(eventColumns(input)).where('id', '=', eventId).execute();
  const told = await tellRegistrantsOfChanges(trx, deps, eventId, { ...before, title: input.title, slug: input.slug }, changes);
  await trx.deleteFrom('event_pathways').where('event_id', '=', eventId).execute();
  if (input.pathwayIds?.length)
    await trx
      .insertInto('event_pathways')
      .values([...new Set(input.pathwayIds)].map((pathway_id) => ({ event_id: eventId, pathway_id })))
      .execute();
  // The join link is private: the audit row says it changed, never what it is.
  const changed = (['slug', 'title', 'kind', 'format', 'audience', 'time_zone', 'capacity', 'venue_name'] as const).filter((k) => {
    const next = {
      slug: input.slug,
      title: input.title,
      kind: input.kind,
      format: input.format,
      audience: input.audience ?? 'everyone',
      time_zone: input.timeZone,
      capacity: input.capacity ?? null,
      venue_name: input.venueName ?? '',
    }[k];
    return before[k] !== next;
  });
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: actor.userId,
    action: 'events.updated',
    entityType: 'event',
    entityId: eventId,
    before: Object.fromEntries(changed.map((k) => [k, before[k]])),
    after: {
      ...Object.fromEntries(
        changed.map((k) => [
          k,
          {
            slug: input.slug,
            title: input.title,
            kind: input.kind,
            format: input.format,
            audience: input.audience ?? 'everyone',
            time_zone: input.timeZone,
            capacity: input.capacity ?? null,
            venue_name: input.venueName ?? '',
          }[k],
        ]),
      ),
      startsAt: input.startsAt.toISOString(),
      endsAt: input.endsAt.toISOString(),
      joinUrlChanged: (before.join_url ?? null) !== (input.joinUrl ?? null),
      ...(changes.length ? { registrantsTold: told.registered, offeredTold: told.offered, waitlistTold: told.waitlist } : {}),
    },
    requestId: actor.requestId,
  });
  return { told };
}

export async function updateSession(trx: Trx, deps: EventsDeps, eventId: string, sessionId: string, input: NewSession, actor: Actor): Promise<void> {
  await editableEvent(trx, eventId);
  const done = await trx
    .updateTable('event_sessions')
    .set({
      title: input.title,
      description: input.description ?? '',
      location: input.location ?? '',
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      pd_minutes: input.pdMinutes ?? 0,
    })
    .where('id', '=', sessionId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw notFound('session');
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: actor.userId,
    action: 'events.session_updated',
    entityType: 'event',
    entityId: eventId,
    after: { sessionId, title: input.title, pdMinutes: input.pdMinutes ?? 0 },
    requestId: actor.requestId,
  });
}

/** A session leaves the agenda; not once anyone was checked in to it (409 `events.session_attended`). */
export async function removeSession(trx: Trx, deps: EventsDeps, eventId: string, sessionId: string, actor: Actor): Promise<void> {
  await editableEvent(trx, eventId);
  const attended = await trx.selectFrom('event_attendance').select('session_id').where('session_id', '=', sessionId).executeTakeFirst();
  if (attended) throw new AppError('events.session_attended', { status: 409, message: 'People were checked in to this session; it cannot be removed.' });
  const gone = await trx.deleteFrom('event_sessions').where('id', '=', sessionId).where('event_id', '=', eventId).returning('title').executeTakeFirst();
  if (!gone) throw notFound('session');
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: actor.userId,
    action: 'events.session_removed',
    entityType: 'event',
    entityId: eventId,
    before: { sessionId, title: gone.title },
    requestId: actor.requestId,
  });
}

/** A ticket type's name, prices, capacity and rules. Seats already taken keep the price they were taken at. */
export async function updateTicketType(trx: Trx, deps: EventsDeps, eventId: string, ticketTypeId: string, input: NewTicketType, actor: Actor): Promise<void> {
  await editableEvent(trx, eventId);
  const done = await trx
    .updateTable('event_ticket_types')
    .set({
      name: input.name,
      position: input.position ?? 0,
      member_cents: input.memberCents,
      nonmember_cents: input.nonmemberCents,
      early_member_cents: input.earlyMemberCents ?? null,
      early_nonmember_cents: input.earlyNonmemberCents ?? null,
      early_until: input.earlyUntil ?? null,
      capacity: input.capacity ?? null,
      members_only: input.membersOnly ?? false,
    })
    .where('id', '=', ticketTypeId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw notFound('ticket type');
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: actor.userId,
    action: 'events.ticket_type_updated',
    entityType: 'event',
    entityId: eventId,
    after: { ticketTypeId, name: input.name, memberCents: input.memberCents, nonmemberCents: input.nonmemberCents },
    requestId: actor.requestId,
  });
}

/** A ticket type stops being offered; seats already taken on it stay. A published event keeps at
 * least one ticket type on offer (409 `events.last_ticket_type`). */
export async function archiveTicketType(trx: Trx, deps: EventsDeps, eventId: string, ticketTypeId: string, actor: Actor): Promise<void> {
  const event = await editableEvent(trx, eventId);
  const live = await trx.selectFrom('event_ticket_types').select('id').where('event_id', '=', eventId).where('archived_at', 'is', null).execute();
  if (!live.some((t) => t.id === ticketTypeId)) throw notFound('ticket type');
  if (event.status === 'published' && live.length === 1)
    throw new AppError('events.last_ticket_type', { status: 409, message: 'A published event needs at least one ticket type on offer; add another first.' });
  await trx.updateTable('event_ticket_types').set({ archived_at: deps.clock.now() }).where('id', '=', ticketTypeId).execute();
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: actor.userId,
    action: 'events.ticket_type_archived',
    entityType: 'event',
    entityId: eventId,
    after: { ticketTypeId },
    requestId: actor.requestId,
  });
}

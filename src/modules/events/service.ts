// Events' core use cases: create an event (draft) with its agenda and ticket types, and publish
// it. Each runs in the caller's transaction with its audit row. Registration (registrations.ts),
// the waitlist, check-in and the PD log build on these rows.
import type { Transaction } from 'kysely';
import type { DB, EventFormat, EventKind } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';

export type Trx = Transaction<DB>;
export type EventsDeps = Pick<Deps, 'clock' | 'mail' | 'config'>;

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
    .values({
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
      created_by: actor.userId,
    })
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
  const done = await trx
    .updateTable('events')
    .set({ status: 'published', published_at: deps.clock.now() })
    .where('id', '=', eventId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new AppError('events.not_draft', { status: 409, message: 'Only a draft event can be published.' });
  await writeAudit(trx, { at: deps.clock.now(), actorUserId: actor.userId, action: 'events.published', entityType: 'event', entityId: eventId, requestId: actor.requestId });
}

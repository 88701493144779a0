// Check-in: staff record that an attendee came, per session (`event_attendance`). Only a
// registered seat can be checked in (not one waitlisted, offered or cancelled); checking in twice
// records once (the primary key), and only the first is audited. A check-in after the event was
// completed grants (or updates) the attendee's PD credit at once.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { EventRegistrationStatus, EventStatus } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { likeEscape, nameWords } from '../../lib/search-text.js';
import { grantPdCredits } from './pd.js';
import type { Actor, EventsDeps, Trx } from './service.js';

export interface Ticket {
  registrationId: string;
  eventId: string;
  eventTitle: string;
  eventStatus: EventStatus;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  attendee: string;
  email: string;
  ticketType: string;
  status: EventRegistrationStatus;
  /** the sessions this registration is checked in to */
  checkedIn: string[];
  /** its order's invoice is not paid yet (staff decide at the door; the ticket says so) */
  unpaid: boolean;
}

function ticketQuery(db: Db | Trx) {
  return db
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id')
    .leftJoin('event_orders as o', 'o.id', 'r.order_id')
    .select([
      'r.id',
      'r.event_id',
      'e.title',
      'e.status as event_status',
      'e.time_zone',
      'e.starts_at',
      'e.ends_at',
      'u.name',
      'u.email',
      't.name as ticket_type',
      'r.status',
      'o.status as order_status',
    ]);
}

async function withAttendance(db: Db | Trx, rows: Awaited<ReturnType<ReturnType<typeof ticketQuery>['execute']>>): Promise<Ticket[]> {
  const ids = rows.map((r) => r.id);
  const attended = ids.length ? await db.selectFrom('event_attendance').select(['registration_id', 'session_id']).where('registration_id', 'in', ids).execute() : [];
  return rows.map((r) => ({
    registrationId: r.id,
    eventId: r.event_id,
    eventTitle: r.title,
    eventStatus: r.event_status,
    timeZone: r.time_zone,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    attendee: r.name,
    email: r.email,
    ticketType: r.ticket_type,
    status: r.status,
    checkedIn: attended.filter((a) => a.registration_id === r.id).map((a) => a.session_id),
    unpaid: r.order_status === 'pending',
  }));
}

/** The ticket with this code (the QR code's), whatever its event; undefined for an unknown code. */
export async function ticketByCode(db: Db, code: string): Promise<Ticket | undefined> {
  if (code.length < 8 || code.length > 100) return undefined;
  const rows = await ticketQuery(db).where('r.ticket_code', '=', code).execute();
  return (await withAttendance(db, rows))[0];
}

/** Attendees of the event whose name has every word of the query (live registrations first, then
 * cancelled ones, so that staff can say why someone cannot be checked in), at most 20. */
export async function searchAttendees(db: Db, eventId: string, query: string): Promise<Ticket[]> {
  const words = nameWords(query).slice(0, 6);
  if (words.length === 0) return [];
  let q = ticketQuery(db).where('r.event_id', '=', eventId);
  // the words are folded (accents off, lower case): so is the name they are looked for in
  for (const w of words) q = q.where(sql<string>`civnet_fold(u.name)`, 'like', `%${likeEscape(w)}%`);
  const rows = await q
    .orderBy((eb) => eb.case().when('r.status', '=', 'registered').then(0).else(1).end())
    .orderBy('u.name')
    .orderBy('r.id')
    .limit(20)
    .execute();
  return withAttendance(db, rows);
}

/** The attendee's name of a registration of this event; undefined when it is not this event's. */
export async function attendeeName(db: Db, eventId: string, registrationId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('event_registrations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('u.name')
    .where('r.id', '=', registrationId)
    .where('r.event_id', '=', eventId)
    .executeTakeFirst();
  return row?.name;
}

const NOT_CHECKABLE: Record<Exclude<EventRegistrationStatus, 'registered'>, string> = {
  waitlisted: 'This person is on the waitlist, not registered: they cannot be checked in.',
  offered: 'This person has been offered a seat but has not taken it yet: they cannot be checked in.',
  cancelled: 'This registration is cancelled: it cannot be checked in.',
};

/** Checks the registration in to the session; returns whether this call recorded it (false when
 * it was already). 404 for a session of another event, 409 for a seat that is not registered or an
 * event cancelled. */
export async function checkIn(trx: Trx, deps: EventsDeps, input: { registrationId: string; sessionId: string }, actor: Actor): Promise<boolean> {
  const found = await trx.selectFrom('event_registrations').select('event_id').where('id', '=', input.registrationId).executeTakeFirst();
  if (!found) throw new AppError('not_found', { message: 'There is no such ticket.' });
  // The event's row first, shared: completing or cancelling it (which lock it for update, then its
  // registrations) waits for this check-in and this one for them, in the same order (no deadlock),
  // so a check-in is never missed by the PD credits granted at completion.
  const event = await trx.selectFrom('events').select('status').where('id', '=', found.event_id).forShare().executeTakeFirstOrThrow();
  const reg = await trx
    .selectFrom('event_registrations')
    .select(['id', 'event_id', 'user_id', 'status'])
    .where('id', '=', input.registrationId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const session = await trx.selectFrom('event_sessions').select('id').where('id', '=', input.sessionId).where('event_id', '=', reg.event_id).executeTakeFirst();
  if (!session) throw new AppError('not_found', { message: 'There is no such session in this event.' });
  if (event.status === 'cancelled') throw new AppError('events.event_cancelled', { status: 409, message: 'This event is cancelled: nobody can be checked in.' });
  if (reg.status !== 'registered') throw new AppError('events.not_registered', { status: 409, message: NOT_CHECKABLE[reg.status] });
  const done = await trx
    .insertInto('event_attendance')
    .values({ registration_id: reg.id, session_id: session.id, checked_in_at: deps.clock.now(), checked_in_by: actor.userId })
    .onConflict((oc) => oc.columns(['registration_id', 'session_id']).doNothing())
    .executeTakeFirst();
  const recorded = Number(done.numInsertedOrUpdatedRows ?? 0) > 0;
  if (!recorded) return false;
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: actor.userId,
    action: 'events.checked_in',
    entityType: 'event_registration',
    entityId: reg.id,
    after: { eventId: reg.event_id, sessionId: session.id },
    requestId: actor.requestId,
  });
  if (event.status === 'completed') await grantPdCredits(trx, reg.event_id, { userId: reg.user_id });
  return true;
}

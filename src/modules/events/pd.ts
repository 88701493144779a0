// The professional-development (PD) log: when an event is completed (and at a check-in after
// that), each attendee checked in to at least one session with PD minutes gets one `pd_credits`
// row for the event: the minutes of the sessions attended, earned on the event's last day in its
// own time zone. One row per person and event (unique key): granting again only brings the
// minutes up to date. The credentialing program reads the log.
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import type { Trx } from './service.js';

/** The credential's yearly goal, shown as information beside each year's total. */
export const PD_GOAL_HOURS = 40;

/** Grants (or brings up to date) the PD credits of the event's attendees — of one attendee with
 * `userId` — from their attendance; returns the number of rows written. Only registered seats. */
export async function grantPdCredits(trx: Trx, eventId: string, opts: { userId?: string } = {}): Promise<number> {
  const event = await trx.selectFrom('events').select(['title', 'ends_at', 'time_zone']).where('id', '=', eventId).executeTakeFirstOrThrow();
  // the event's last day where it happens: an evening session in Chicago is still that day there
  const earnedOn = DateTime.fromJSDate(event.ends_at, { zone: event.time_zone }).toISODate() ?? event.ends_at.toISOString().slice(0, 10);
  let attended = trx
    .selectFrom('event_attendance as a')
    .innerJoin('event_registrations as r', 'r.id', 'a.registration_id')
    .innerJoin('event_sessions as s', 's.id', 'a.session_id')
    .select((eb) => ['r.user_id', eb.fn.sum<string>('s.pd_minutes').as('minutes')])
    .where('r.event_id', '=', eventId)
    .where('s.event_id', '=', eventId)
    .where('r.status', '=', 'registered')
    .groupBy('r.user_id')
    .having((eb) => eb.fn.sum('s.pd_minutes'), '>', 0);
  if (opts.userId) attended = attended.where('r.user_id', '=', opts.userId);
  const rows = await attended.execute();
  if (rows.length === 0) return 0;
  await trx
    .insertInto('pd_credits')
    .values(rows.map((r) => ({ user_id: r.user_id, source: 'event' as const, source_id: eventId, title: event.title, earned_on: earnedOn, minutes: Number(r.minutes) })))
    .onConflict((oc) => oc.columns(['user_id', 'source', 'source_id']).doUpdateSet({ minutes: sql`excluded.minutes`, earned_on: sql`excluded.earned_on` }))
    .execute();
  return rows.length;
}

export interface PdCredit {
  eventId: string;
  title: string;
  earnedOn: string;
  minutes: number;
}

/** A person's PD log, newest first, with the minutes of each year. */
export async function pdLog(db: Db, userId: string): Promise<{ credits: PdCredit[]; years: Array<{ year: number; minutes: number }> }> {
  const rows = await db
    .selectFrom('pd_credits')
    .select(['source_id', 'title', 'earned_on', 'minutes'])
    .where('user_id', '=', userId)
    .orderBy('earned_on', 'desc')
    .orderBy('title')
    .execute();
  const credits = rows.map((r) => ({ eventId: r.source_id, title: r.title, earnedOn: String(r.earned_on).slice(0, 10), minutes: r.minutes }));
  const years = new Map<number, number>();
  for (const c of credits) {
    const y = Number(c.earnedOn.slice(0, 4));
    years.set(y, (years.get(y) ?? 0) + c.minutes);
  }
  return { credits, years: [...years].map(([year, minutes]) => ({ year, minutes })).sort((a, b) => b.year - a.year) };
}

export interface CertificateData {
  attendee: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  minutes: number;
  earnedOn: string;
  association: string;
}

/** What the certificate of attendance says: only of the person's own credit (undefined else). */
export async function certificateOf(db: Db, userId: string, eventId: string): Promise<CertificateData | undefined> {
  const row = await db
    .selectFrom('pd_credits as c')
    .innerJoin('events as e', 'e.id', 'c.source_id')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.name', 'e.title', 'e.starts_at', 'e.ends_at', 'e.time_zone', 'c.minutes', 'c.earned_on'])
    .where('c.user_id', '=', userId)
    .where('c.source', '=', 'event')
    .where('c.source_id', '=', eventId)
    .executeTakeFirst();
  if (!row) return undefined;
  const association = await db.selectFrom('association').select('name').where('id', '=', 1).executeTakeFirst();
  return {
    attendee: row.name,
    title: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    minutes: row.minutes,
    earnedOn: String(row.earned_on).slice(0, 10),
    association: association?.name ?? '',
  };
}

/** Minutes as hours for people: 90 → "1.5", 60 → "1". */
export const hoursOf = (minutes: number): string => {
  const h = Math.round((minutes / 60) * 100) / 100;
  return h.toLocaleString('en-US', { maximumFractionDigits: 2 });
};

/** The PD minutes credited by events in one calendar year to each of these people (the
 * credentialing program's yearly log and its lapse job); people with none are left out. */
export async function eventPdMinutes(db: Db, userIds: string[], year: number): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('pd_credits')
    .select((eb) => ['user_id', eb.fn.sum<string>('minutes').as('minutes')])
    .where('user_id', 'in', userIds)
    .where('earned_on', '>=', `${year}-01-01`)
    .where('earned_on', '<=', `${year}-12-31`)
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.minutes)]));
}

// Who attended which event, for other modules' audiences (newsletters' segments): an event's
// attendees are the people checked in at one of its sessions at least (a registration alone is
// not attendance). Only these two functions read the tables for them.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/client.js';

/** A condition that the user (a column reference, such as `sql.ref('u.id')`) was checked in at
 * any of these events. */
export const attendedAnyOf = (userId: RawBuilder<unknown>, eventIds: readonly string[]) =>
  sql<SqlBool>`exists (select 1 from event_registrations r join event_attendance a on a.registration_id = r.id where r.user_id = ${userId} and r.event_id = any(${[...eventIds]}::uuid[]))`;

/** The events someone was checked in at, newest first (the 100 most recent): what a segment by
 * attendance may choose from. */
export async function eventsWithAttendance(db: Db): Promise<Array<{ id: string; title: string; startsAt: Date }>> {
  const rows = await db
    .selectFrom('events as e')
    .select(['e.id', 'e.title', 'e.starts_at'])
    .where((eb) =>
      eb.exists(eb.selectFrom('event_registrations as r').innerJoin('event_attendance as a', 'a.registration_id', 'r.id').select('r.id').whereRef('r.event_id', '=', 'e.id')),
    )
    .orderBy('e.starts_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, startsAt: r.starts_at }));
}

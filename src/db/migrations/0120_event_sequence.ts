// An event's version for calendars (iCalendar SEQUENCE): raised each time a published event's
// time or place really changes, so that the updated invitation emailed to registrants replaces
// the copy in their calendars (same UID, higher SEQUENCE). Existing events start at 0, what
// their invitations carried until now.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table events add column sequence integer not null default 0 check (sequence >= 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table events drop column sequence`.execute(db);
}

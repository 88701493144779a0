// An event's version for calendars (iCalendar SEQUENCE): raised each time a published event's
// time or place really changes, so that the updated invitation emailed to registrants replaces
// the copy in their calendars (same UID, higher SEQUENCE). Existing events start at 0, what
// their invitations carried until now.
// Webhook endpoints' form keys: the hidden key of the form that created an endpoint, and of the last
// one that rotated its secret, so that the same form posted again (a refresh) creates or rotates
// nothing more.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table events add column sequence integer not null default 0 check (sequence >= 0)`.execute(db);
  await sql`alter table webhook_endpoints add column created_with_key text unique`.execute(db);
  await sql`alter table webhook_endpoints add column rotated_with_key text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_endpoints drop column rotated_with_key`.execute(db);
  await sql`alter table webhook_endpoints drop column created_with_key`.execute(db);
  await sql`alter table events drop column sequence`.execute(db);
}

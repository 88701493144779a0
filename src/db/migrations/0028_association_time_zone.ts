// The association's time zone (settings): every time a page, email or PDF shows is written in it
// (or in the organization's own), with its zone's name, never in UTC by surprise.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table association add column time_zone text not null default 'America/New_York'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table association drop column time_zone`.execute(db);
}

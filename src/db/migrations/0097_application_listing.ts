// Listing on the public network map was an opt-out nobody was asked about: a new member was listed
// by name from the day it became one, while the membership terms said the association shows only
// what the member chooses to list. The application now asks, and approval carries the answer to
// the organization (`organizations.listed`), which an administrator can change later as before.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table applications add column listed boolean not null default true`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table applications drop column listed`.execute(db);
}

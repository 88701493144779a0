// The membership terms: applying asks a government to "agree to the membership terms", and the
// terms were nowhere to be read. Staff admins now write them (Markdown) in the settings; they are
// public at /membership-terms, which the application's checkbox links to.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table association add column membership_terms text not null default '' check (length(membership_terms) <= 50000)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table association drop column membership_terms`.execute(db);
}

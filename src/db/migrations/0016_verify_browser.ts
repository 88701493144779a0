// Safe to deploy (issue 11, finding 2): a confirmation link keeps the password chosen at sign-up
// only when it is used in the browser that signed up (or tried to sign in with that password).
// `browser_hash` is the SHA-256 of a random value kept in that browser's cookie; null for links
// not bound to a browser.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table auth_tokens add column browser_hash text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table auth_tokens drop column browser_hash`.execute(db);
}

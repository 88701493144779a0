// People (P10): staff change a person's email address only through the new address. The link sent
// to it carries the address it would set (`auth_tokens.new_email`, purpose `change_email`); until
// its owner follows it, the account keeps its old address ("no account usable before its address
// is verified"). The People list matches an email by its beginning (`users_email_prefix`).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table auth_tokens add column new_email citext`.execute(db);
  await sql`alter table auth_tokens drop constraint auth_tokens_purpose_check`.execute(db);
  await sql`
    alter table auth_tokens add constraint auth_tokens_purpose_check
      check (purpose in ('password_reset','magic_link','verify_email','admin_setup','change_email'))`.execute(db);
  await sql`alter table auth_tokens add constraint auth_tokens_new_email_check check ((purpose = 'change_email') = (new_email is not null))`.execute(db);
  // Prefix match on the address, case-insensitive: lower(email) with text_pattern_ops serves
  // lower(email::text) like 'abc%'.
  await sql`create index users_email_prefix on users (lower(email::text) text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists users_email_prefix`.execute(db);
  await sql`delete from auth_tokens where purpose = 'change_email'`.execute(db);
  await sql`alter table auth_tokens drop constraint auth_tokens_new_email_check`.execute(db);
  await sql`alter table auth_tokens drop constraint auth_tokens_purpose_check`.execute(db);
  await sql`
    alter table auth_tokens add constraint auth_tokens_purpose_check
      check (purpose in ('password_reset','magic_link','verify_email','admin_setup'))`.execute(db);
  await sql`alter table auth_tokens drop column new_email`.execute(db);
}

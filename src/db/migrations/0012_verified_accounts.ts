// Safe to deploy (issue 11), the accounts side: an account's address is verified before it can
// sign in or hold a role, and link tokens gain two purposes (verifying an address at sign-up, and
// the one-time set-up link of a staff admin created out of band with `civnet admin create`).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column email_verified_at timestamptz`.execute(db);
  // Accounts that exist before this migration were made by staff, the demo data, or an approval
  // that emailed their owner a link: they count as verified from their creation.
  await sql`update users set email_verified_at = created_at`.execute(db);
  await sql`alter table auth_tokens drop constraint auth_tokens_purpose_check`.execute(db);
  await sql`
    alter table auth_tokens add constraint auth_tokens_purpose_check
      check (purpose in ('password_reset','magic_link','verify_email','admin_setup'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from auth_tokens where purpose in ('verify_email','admin_setup')`.execute(db);
  await sql`alter table auth_tokens drop constraint auth_tokens_purpose_check`.execute(db);
  await sql`alter table auth_tokens add constraint auth_tokens_purpose_check check (purpose in ('password_reset','magic_link'))`.execute(db);
  await sql`alter table users drop column email_verified_at`.execute(db);
}

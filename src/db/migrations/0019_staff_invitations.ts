// Staff invitations (issue 13, P10): a staff role, and the Members in Transition permission, is
// given only to the owner of an address, who accepts an invitation a staff admin emailed to it.
// Until then the row here grants nothing. See src/modules/accounts/README.md.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table staff_invitations (
      id uuid primary key default gen_random_uuid(),
      email citext not null check (length(email) <= 254),
      name text not null check (length(name) between 1 and 200),
      roles text[] not null check (
        cardinality(roles) >= 1
        and roles <@ array['membership','finance','advisor','programs','communications','ethics','partnerships','admin','transition']::text[]
      ),
      token_hash text not null unique,
      invited_by uuid references users(id) on delete set null,
      invited_by_name text not null,
      created_at timestamptz not null,
      sent_at timestamptz not null,
      expires_at timestamptz not null,
      accepted_at timestamptz,
      accepted_by uuid references users(id) on delete set null,
      revoked_at timestamptz,
      revoked_by uuid references users(id) on delete set null,
      check (accepted_at is null or revoked_at is null)
    )`.execute(db);
  // One open invitation per address: inviting again replaces it.
  await sql`create unique index staff_invitations_one_open on staff_invitations(email) where accepted_at is null and revoked_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists staff_invitations`.execute(db);
}

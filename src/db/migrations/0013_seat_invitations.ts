// Seat invitations (issue 11, finding 2): a seat at an organization is given only to the owner of
// an address, who accepts an invitation emailed to it. Until then the seat is pending: the row
// here, not a row in organization_contacts. See src/modules/portal/README.md.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table seat_invitations (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      email citext not null check (length(email) <= 254),
      name text not null check (length(name) between 1 and 200),
      role text not null check (role in ('contact','admin')),
      title text not null default '',
      phone text not null default '',
      duties text[] not null default '{}' check (duties <@ array['elected','staff','billing']::text[]),
      source text not null check (source in ('application','contact','login_request')),
      token_hash text not null unique,
      invited_by uuid references users(id) on delete set null,
      invited_by_name text not null,
      created_at timestamptz not null,
      sent_at timestamptz not null,
      expires_at timestamptz not null,
      accepted_at timestamptz,
      accepted_by uuid references users(id) on delete set null,
      cancelled_at timestamptz,
      cancelled_by uuid references users(id) on delete set null,
      check (accepted_at is null or cancelled_at is null)
    )`.execute(db);
  // One open invitation per address and organization: inviting again renews it.
  await sql`create unique index seat_invitations_one_open on seat_invitations(organization_id, email) where accepted_at is null and cancelled_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists seat_invitations`.execute(db);
}

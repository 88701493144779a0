// Level eligibility checks (issue 11, finding 3): a free, self-declared level must not be a key to
// Who's Who. A level says how eligibility is checked (none, staff verification, proof upload with
// instructions); a membership joined at a level that checks stays pending, even when paid or free,
// until membership staff confirm it; proofs are stored here and only membership staff read them.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table member_levels
      add column verification text not null default 'none' check (verification in ('none','staff_verification','proof_upload')),
      add column proof_instructions text not null default '' check (length(proof_instructions) <= 500)`.execute(db);
  await sql`alter table member_levels add constraint member_levels_proof_instructions check (verification <> 'proof_upload' or length(proof_instructions) > 0)`.execute(db);
  // A free level that anyone may declare themselves into was the hole: existing free levels are
  // checked by staff from now on (staff may choose proof upload instead on /staff/levels).
  await sql`update member_levels set verification = 'staff_verification' where rule = 'free'`.execute(db);
  await sql`
    alter table individual_memberships
      add column verification text not null default 'not_needed' check (verification in ('not_needed','awaiting','confirmed','declined')),
      add column verification_decided_at timestamptz,
      add column verification_decided_by uuid references users(id),
      add column verification_note text check (length(verification_note) <= 1000)`.execute(db);
  // The staff queue: pending memberships waiting for a check, oldest first.
  await sql`create index individual_memberships_awaiting on individual_memberships(created_at) where verification = 'awaiting'`.execute(db);
  await sql`
    create table membership_proofs (
      id uuid primary key default gen_random_uuid(),
      membership_id uuid not null references individual_memberships(id) on delete cascade,
      filename text not null check (length(filename) between 1 and 200),
      content_type text not null,
      size_bytes integer not null check (size_bytes > 0),
      content bytea not null,
      uploaded_at timestamptz not null default now(),
      uploaded_by uuid references users(id) on delete set null
    )`.execute(db);
  await sql`create index membership_proofs_membership on membership_proofs(membership_id, uploaded_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table membership_proofs`.execute(db);
  await sql`drop index individual_memberships_awaiting`.execute(db);
  await sql`
    alter table individual_memberships
      drop column verification, drop column verification_decided_at, drop column verification_decided_by, drop column verification_note`.execute(db);
  await sql`alter table member_levels drop constraint member_levels_proof_instructions`.execute(db);
  await sql`alter table member_levels drop column verification, drop column proof_instructions`.execute(db);
}

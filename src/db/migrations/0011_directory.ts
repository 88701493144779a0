// profiles and Who's Who: see src/modules/directory/README.md. A member's profile (I3) with a
// visibility for each contact field, positions held over time, and indexes for the directory (I4).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table member_profiles (
      user_id uuid primary key references users(id) on delete cascade,
      employer_name text not null default '',
      employer_organization_id uuid references organizations(id) on delete set null,
      employer_state char(2),
      title text not null default '',
      education text not null default '',
      expertise text[] not null default '{}',
      bio text not null default '',
      -- contact fields, each with who may see it: everyone, members, staff
      work_email citext,
      work_email_visibility text not null default 'members' check (work_email_visibility in ('everyone','members','staff')),
      phone text not null default '',
      phone_visibility text not null default 'members' check (phone_visibility in ('everyone','members','staff')),
      mailing_address text not null default '',
      mailing_address_visibility text not null default 'members' check (mailing_address_visibility in ('everyone','members','staff')),
      photo bytea,
      photo_type text,
      listed boolean not null default true,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table member_positions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      title text not null check (length(title) between 1 and 200),
      employer_name text not null check (length(employer_name) between 1 and 200),
      employer_organization_id uuid references organizations(id) on delete set null,
      state char(2),
      start_year integer not null check (start_year between 1900 and 2100),
      end_year integer check (end_year between 1900 and 2100),
      check (end_year is null or end_year >= start_year)
    )`.execute(db);
  await sql`create index member_positions_user_idx on member_positions(user_id, start_year desc)`.execute(db);
  // Typo-tolerant name search.
  await sql`create index users_name_trgm on users using gin (name gin_trgm_ops)`.execute(db);
  await sql`create index member_profiles_state_idx on member_profiles(employer_state)`.execute(db);
  await sql`create index member_profiles_expertise_idx on member_profiles using gin (expertise)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists users_name_trgm`.execute(db);
  for (const t of ['member_positions', 'member_profiles']) await sql`drop table if exists ${sql.table(t)}`.execute(db);
}

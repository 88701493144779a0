// applications: a government's application to join, its review history, and what approval
// creates — the organization's fuller profile and a pending membership.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table organizations
      add column website text not null default '',
      add column latitude double precision,
      add column longitude double precision,
      add column place_source text,
      add column population_source text,
      add column population_year integer,
      add column billing_address text not null default '',
      add column po_required boolean not null default false,
      add column po_number text,
      add column email_domain text`.execute(db);
  await sql`create index organizations_state_idx on organizations(state)`.execute(db);
  await sql`create index organizations_email_domain_idx on organizations(email_domain)`.execute(db);

  await sql`
    create table memberships (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id),
      status text not null check (status in ('pending','active','lapsed','ended')),
      term_start date,
      term_end date,
      application_id uuid,
      created_at timestamptz not null default now(),
      check (term_end is null or term_start is null or term_end > term_start)
    )`.execute(db);
  // At most one membership that is pending or active per organization.
  await sql`create unique index memberships_one_open on memberships(organization_id) where status in ('pending','active')`.execute(db);

  await sql`
    create table applications (
      id uuid primary key default gen_random_uuid(),
      status text not null default 'draft' check (status in ('draft','submitted','more_info_requested','approved','declined')),
      applicant_email citext not null check (length(applicant_email) <= 254),
      entity_type text check (entity_type in ('city','county','town','region','tribal_nation')),
      legal_name text not null default '',
      state char(2),
      population integer check (population between 1 and 100000000),
      population_source text not null default '',
      population_year integer,
      place_source text,
      latitude double precision,
      longitude double precision,
      website text not null default '',
      staff_name text not null default '',
      staff_email text not null default '',
      staff_title text not null default '',
      staff_phone text not null default '',
      elected_name text not null default '',
      elected_email text not null default '',
      elected_title text not null default '',
      billing_name text not null default '',
      billing_email text not null default '',
      billing_address text not null default '',
      po_required boolean not null default false,
      po_number text not null default '',
      agreed_terms_at timestamptz,
      quoted_amount_cents bigint check (quoted_amount_cents >= 0),
      quote_contact_required boolean not null default false,
      quote_schedule_effective_from date,
      duplicate_flags jsonb not null default '[]',
      draft_token_hash text not null unique,
      organization_id uuid unique references organizations(id),
      decision_reason text,
      info_request text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz,
      decided_at timestamptz
    )`.execute(db);
  await sql`create index applications_status_idx on applications(status, submitted_at)`.execute(db);
  await sql`create index applications_name_trgm on applications using gin (legal_name gin_trgm_ops)`.execute(db);

  await sql`
    create table application_events (
      id bigint generated always as identity primary key,
      application_id uuid not null references applications(id) on delete cascade,
      at timestamptz not null,
      actor_user_id uuid references users(id) on delete set null,
      from_status text,
      to_status text not null,
      note text
    )`.execute(db);
  await sql`create index application_events_app_idx on application_events(application_id, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists application_events`.execute(db);
  await sql`drop table if exists applications`.execute(db);
  await sql`drop table if exists memberships`.execute(db);
  await sql`
    alter table organizations
      drop column website, drop column latitude, drop column longitude, drop column place_source,
      drop column population_source, drop column population_year, drop column billing_address,
      drop column po_required, drop column po_number, drop column email_domain`.execute(db);
}

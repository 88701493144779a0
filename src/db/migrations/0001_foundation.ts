// Foundation tables: association profile, accounts, sessions, tokens, organizations (minimal,
// extended by the organizations module), audit log, email outbox.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists citext`.execute(db);

  await sql`
    create table association (
      id integer primary key default 1 check (id = 1),
      name text not null,
      short_name text not null,
      contact_email text not null,
      phone text not null default '',
      address text not null default '',
      website text not null default '',
      founded_year integer not null check (founded_year between 1800 and 2200),
      membership_year_start_month integer not null default 1 check (membership_year_start_month between 1 and 12),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      email citext not null unique check (length(email) <= 254),
      name text not null check (length(name) between 1 and 200),
      password_hash text,
      totp_secret text,
      totp_enabled_at timestamptz,
      totp_last_counter bigint,
      password_changed_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    )`.execute(db);

  await sql`
    create table user_roles (
      user_id uuid not null references users(id) on delete cascade,
      role text not null check (role in ('member','membership','finance','advisor','programs',
        'communications','ethics','partnerships','admin')),
      granted_at timestamptz not null default now(),
      primary key (user_id, role)
    )`.execute(db);

  await sql`
    create table sessions (
      id_hash text primary key,
      user_id uuid not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      mfa_pending boolean not null default false,
      user_agent text
    )`.execute(db);
  await sql`create index sessions_user_idx on sessions(user_id)`.execute(db);

  await sql`
    create table auth_tokens (
      token_hash text primary key,
      user_id uuid not null references users(id) on delete cascade,
      purpose text not null check (purpose in ('password_reset','magic_link')),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index auth_tokens_user_idx on auth_tokens(user_id)`.execute(db);

  await sql`
    create table recovery_codes (
      id bigint generated always as identity primary key,
      user_id uuid not null references users(id) on delete cascade,
      code_hash text not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index recovery_codes_user_idx on recovery_codes(user_id)`.execute(db);

  await sql`
    create table organizations (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name text not null check (length(name) between 1 and 200),
      entity_type text not null check (entity_type in ('city','county','town','region','tribal_nation')),
      state char(2) not null,
      population integer check (population > 0),
      status text not null default 'prospect' check (status in ('prospect','pending','active','lapsed','ended')),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index organizations_name_trgm on organizations using gin (name gin_trgm_ops)`.execute(db);

  await sql`
    create table organization_contacts (
      organization_id uuid not null references organizations(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      role text not null check (role in ('contact','admin')),
      created_at timestamptz not null default now(),
      primary key (organization_id, user_id)
    )`.execute(db);
  await sql`create index organization_contacts_user_idx on organization_contacts(user_id)`.execute(db);

  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor_user_id uuid references users(id) on delete set null,
      action text not null,
      entity_type text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      request_id text
    )`.execute(db);
  await sql`create index audit_log_at_idx on audit_log(at desc, id desc)`.execute(db);
  await sql`create index audit_log_entity_idx on audit_log(entity_type, entity_id)`.execute(db);

  await sql`
    create table outbox (
      id uuid primary key default gen_random_uuid(),
      to_address text not null,
      subject text not null,
      body_text text not null,
      body_html text not null,
      template text not null,
      status text not null default 'queued' check (status in ('queued','sent','kept','failed')),
      attempts integer not null default 0,
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    )`.execute(db);
  await sql`create index outbox_created_idx on outbox(created_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['outbox', 'audit_log', 'organization_contacts', 'organizations', 'recovery_codes', 'auth_tokens', 'sessions', 'user_roles', 'users', 'association']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}

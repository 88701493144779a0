// The Voluntary Credentialing Program (issue 17, I7): see src/modules/credentialing/README.md.
// Review cycles with their cut-off day and panel, applications (draft, then submitted into the
// cycle whose cut-off is next; a staff reviewer's and a panel member's decisions), the credential
// (current, lapsed, revoked), bars set by ethics outcomes, self-reported PD activities with their
// evidence file, and the once-a-year reminders.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table credential_cycles (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 100),
      cutoff_on date not null unique,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table credential_panel_members (
      cycle_id uuid not null references credential_cycles(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      primary key (cycle_id, user_id)
    )`.execute(db);
  await sql`create index credential_panel_members_user_idx on credential_panel_members(user_id)`.execute(db);
  await sql`
    create table credential_applications (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      status text not null default 'draft' check (status in ('draft','submitted','awarded','declined')),
      cycle_id uuid references credential_cycles(id),
      degree text not null default '' check (length(degree) <= 200),
      institution text not null default '' check (length(institution) <= 200),
      degree_year integer check (degree_year is null or degree_year between 1900 and 2200),
      positions jsonb not null default '[]',
      referees jsonb not null default '[]',
      self_assessment jsonb not null default '{}',
      months_senior integer not null default 0,
      fee_cents bigint not null default 0 check (fee_cents >= 0),
      invoice_id uuid references invoices(id),
      fee_paid_on date,
      submitted_at timestamptz,
      submitted_on date,
      staff_decision text check (staff_decision in ('award','decline')),
      staff_reasons text not null default '' check (length(staff_reasons) <= 2000),
      staff_user_id uuid references users(id),
      staff_decided_at timestamptz,
      panel_decision text check (panel_decision in ('award','decline')),
      panel_reasons text not null default '' check (length(panel_reasons) <= 2000),
      panel_user_id uuid references users(id),
      panel_decided_at timestamptz,
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status = 'draft' or (cycle_id is not null and submitted_on is not null))
    )`.execute(db);
  // one open application (draft or submitted) per person
  await sql`create unique index credential_applications_open_idx on credential_applications(user_id) where status in ('draft','submitted')`.execute(db);
  await sql`create index credential_applications_cycle_idx on credential_applications(cycle_id, status)`.execute(db);
  await sql`create index credential_applications_invoice_idx on credential_applications(invoice_id)`.execute(db);
  await sql`
    create table credentials (
      user_id uuid primary key references users(id) on delete cascade,
      status text not null check (status in ('current','lapsed','revoked')),
      awarded_on date not null,
      application_id uuid references credential_applications(id),
      lapsed_year integer,
      lapsed_on date,
      reinstatement_requested_on date,
      revoked_on date,
      revoked_reason text not null default '' check (length(revoked_reason) <= 500),
      ethics_case_id uuid,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index credentials_status_idx on credentials(status)`.execute(db);
  await sql`
    create table credential_bars (
      user_id uuid primary key references users(id) on delete cascade,
      ethics_case_id uuid not null,
      outcome text not null check (outcome in ('public_censure','suspension','expulsion','credential_revoked')),
      until date,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table credential_activities (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      title text not null check (length(title) between 1 and 200),
      provider text not null check (length(provider) between 1 and 200),
      done_on date not null,
      minutes integer not null check (minutes between 15 and 6000),
      filename text not null check (length(filename) between 1 and 255),
      content_type text not null,
      size_bytes integer not null check (size_bytes between 1 and 5242880),
      sha256 text not null,
      content bytea not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index credential_activities_user_idx on credential_activities(user_id, done_on)`.execute(db);
  await sql`
    create table credential_reminders (
      user_id uuid not null references users(id) on delete cascade,
      year integer not null,
      sent_at timestamptz not null,
      primary key (user_id, year)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['credential_reminders', 'credential_activities', 'credential_bars', 'credentials', 'credential_applications', 'credential_panel_members', 'credential_cycles']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}

// cohorts and delegations (C2, O14): see src/modules/cohorts/README.md. One "call + applications"
// machinery for three kinds: peer-learning cohorts, leadership cohorts (elected officials of
// member organizations in good standing) and delegations to international events. Staff-defined
// questions, applications with staff-only scores and reasons, meetings of a cohort (iCalendar
// invitations rendered when sent), and the members-only space's notes and files.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table cohorts (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('cohort','leadership_cohort','delegation')),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
      title text not null check (length(title) between 1 and 200),
      description text not null default '' check (length(description) <= 5000),
      event_name text not null default '' check (length(event_name) <= 200),
      opens_on date not null,
      closes_on date not null,
      capacity integer check (capacity is null or capacity between 1 and 1000),
      selection_published_at timestamptz,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      check (closes_on >= opens_on)
    )`.execute(db);
  await sql`
    create table cohort_pathways (
      cohort_id uuid not null references cohorts(id) on delete cascade,
      pathway_id uuid not null references pathways(id),
      primary key (cohort_id, pathway_id)
    )`.execute(db);
  await sql`
    create table cohort_questions (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references cohorts(id) on delete cascade,
      position integer not null,
      kind text not null check (kind in ('short_text','long_text','yes_no')),
      prompt text not null check (length(prompt) between 1 and 300),
      required boolean not null default true,
      unique (cohort_id, position)
    )`.execute(db);
  await sql`
    create table cohort_applications (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references cohorts(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      status text not null default 'submitted' check (status in ('submitted','selected','declined')),
      answers jsonb not null default '{}',
      organization_id uuid references organizations(id) on delete set null,
      seat_title text not null default '',
      score smallint check (score is null or score between 1 and 5),
      decision_reason text not null default '' check (length(decision_reason) <= 2000),
      decided_by uuid references users(id),
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      unique (cohort_id, user_id)
    )`.execute(db);
  await sql`create index cohort_applications_user_idx on cohort_applications(user_id)`.execute(db);
  await sql`
    create table cohort_meetings (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references cohorts(id) on delete cascade,
      title text not null check (length(title) between 1 and 200),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      time_zone text not null,
      place text not null default '' check (length(place) <= 300),
      online_url text not null default '' check (length(online_url) <= 500),
      uid text not null unique,
      sequence integer not null default 0,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      check (ends_at > starts_at)
    )`.execute(db);
  await sql`create index cohort_meetings_cohort_idx on cohort_meetings(cohort_id, starts_at)`.execute(db);
  await sql`
    create table cohort_notes (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references cohorts(id) on delete cascade,
      seq bigint generated always as identity,
      author_user_id uuid not null references users(id),
      body text not null check (length(body) between 1 and 2000),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index cohort_notes_cohort_idx on cohort_notes(cohort_id, seq)`.execute(db);
  await sql`
    create table cohort_files (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references cohorts(id) on delete cascade,
      filename text not null check (length(filename) between 1 and 255),
      content_type text not null,
      size_bytes integer not null check (size_bytes between 1 and 10485760),
      sha256 text not null,
      content bytea not null,
      uploaded_by uuid not null references users(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index cohort_files_cohort_idx on cohort_files(cohort_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['cohort_files', 'cohort_notes', 'cohort_meetings', 'cohort_applications', 'cohort_questions', 'cohort_pathways', 'cohorts']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}

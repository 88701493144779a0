// Ethics cases (issue 17, I5): see src/modules/ethics/README.md. A complaint and the case it
// becomes are one row (`ethics_cases`), moving through stages: unconfirmed (a visitor's complaint
// waiting for its emailed link) → intake → response → fact_finding → decision → appeal_window →
// appeal → final, or dismissed at intake. Its timeline, files, the ethics committee, the
// committee members assigned to it, their notes and the reminders sent are beside it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ethics_cases (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      stage text not null check (stage in ('unconfirmed', 'intake', 'dismissed', 'response', 'fact_finding', 'decision', 'appeal_window', 'appeal', 'final')),
      complainant_user_id uuid references users(id),
      complainant_name text not null check (length(complainant_name) between 1 and 200),
      complainant_email text not null check (length(complainant_email) between 3 and 254),
      confirm_token_hash text unique,
      confirm_expires_at timestamptz,
      status_token_hash text unique,
      respondent_name text not null check (length(respondent_name) between 1 and 200),
      respondent_organization text not null default '' check (length(respondent_organization) <= 200),
      respondent_position text not null default '' check (length(respondent_position) <= 200),
      respondent_user_id uuid references users(id),
      tenets integer[] not null default '{}',
      code_version integer,
      facts text not null check (length(facts) between 1 and 20000),
      filed_at timestamptz not null,
      received_at timestamptz,
      dismissed_reason text,
      response_due_on date,
      response_text text,
      responded_at timestamptz,
      fact_finder text,
      fact_finding_due_on date,
      report_text text,
      reported_at timestamptz,
      outcome text check (outcome in ('no_action', 'private_censure', 'public_censure', 'suspension', 'expulsion', 'credential_revoked')),
      outcome_reasons text,
      suspension_until date,
      decided_at timestamptz,
      appeal_closes_on date,
      appeal_text text,
      appealed_at timestamptz,
      appeal_result text check (appeal_result in ('upheld', 'overturned')),
      appeal_reasons text,
      appeal_decided_at timestamptz,
      effective_on date,
      sanction_until date,
      final_at timestamptz
    )`.execute(db);
  await sql`create index ethics_cases_stage_idx on ethics_cases(stage, filed_at)`.execute(db);
  await sql`create index ethics_cases_respondent_idx on ethics_cases(respondent_user_id) where respondent_user_id is not null`.execute(db);
  await sql`create index ethics_cases_complainant_idx on ethics_cases(complainant_user_id) where complainant_user_id is not null`.execute(db);
  await sql`
    create table ethics_case_events (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references ethics_cases(id) on delete cascade,
      at timestamptz not null,
      actor_user_id uuid references users(id),
      summary text not null check (length(summary) between 1 and 500)
    )`.execute(db);
  await sql`create index ethics_case_events_case_idx on ethics_case_events(case_id, at)`.execute(db);
  await sql`
    create table ethics_case_files (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references ethics_cases(id) on delete cascade,
      kind text not null check (kind in ('complaint', 'response', 'report', 'appeal')),
      filename text not null check (length(filename) between 1 and 255),
      content_type text not null,
      size_bytes integer not null check (size_bytes between 1 and 10485760),
      sha256 text not null,
      content bytea not null,
      uploaded_by uuid references users(id),
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index ethics_case_files_case_idx on ethics_case_files(case_id, created_at)`.execute(db);
  await sql`
    create table ethics_committee_members (
      user_id uuid primary key references users(id),
      added_by uuid references users(id),
      added_at timestamptz not null
    )`.execute(db);
  await sql`
    create table ethics_case_assignments (
      case_id uuid not null references ethics_cases(id) on delete cascade,
      user_id uuid not null references ethics_committee_members(user_id) on delete cascade,
      assigned_by uuid references users(id),
      assigned_at timestamptz not null,
      primary key (case_id, user_id)
    )`.execute(db);
  await sql`
    create table ethics_committee_notes (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references ethics_cases(id) on delete cascade,
      author_user_id uuid not null references users(id),
      body text not null check (length(body) between 1 and 10000),
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index ethics_committee_notes_case_idx on ethics_committee_notes(case_id, created_at)`.execute(db);
  await sql`
    create table ethics_reminders (
      case_id uuid not null references ethics_cases(id) on delete cascade,
      kind text not null,
      days_before integer not null,
      sent_at timestamptz not null,
      primary key (case_id, kind, days_before)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'ethics_reminders',
    'ethics_committee_notes',
    'ethics_case_assignments',
    'ethics_committee_members',
    'ethics_case_files',
    'ethics_case_events',
    'ethics_cases',
  ]) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}

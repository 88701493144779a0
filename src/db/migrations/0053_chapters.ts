// student chapters (I8, issue 17): see src/modules/chapters/README.md. A chapter is requested by a
// student or faculty member, reviewed by membership staff (approved: active with a slug; or
// declined with reasons), may become dormant (daily job) and be reactivated by staff. Officers are
// invited by email of their account and linked only once they accept; student members join;
// officers list the chapter's events and file a yearly report; reminders are sent once per
// chapter, year and kind.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table chapter_settings (
      id boolean primary key default true check (id),
      due_month smallint not null default 6 check (due_month between 1 and 12),
      due_day smallint not null default 30 check (due_day between 1 and 31),
      reminder_days smallint not null default 30 check (reminder_days between 1 and 180),
      grace_days smallint not null default 90 check (grace_days between 0 and 365)
    )`.execute(db);
  await sql`insert into chapter_settings (id) values (true)`.execute(db);
  await sql`
    create table chapters (
      id uuid primary key default gen_random_uuid(),
      status text not null default 'requested' check (status in ('requested','declined','active','dormant')),
      slug text unique check (slug is null or (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80)),
      name text not null check (length(name) between 1 and 150),
      university text not null check (length(university) between 1 and 200),
      city text not null check (length(city) between 1 and 100),
      state text not null check (length(state) = 2),
      advisor_name text not null check (length(advisor_name) between 1 and 150),
      advisor_email text not null check (length(advisor_email) between 3 and 254),
      advisor_department text not null check (length(advisor_department) between 1 and 150),
      purpose text not null check (length(purpose) between 1 and 5000),
      requested_by uuid not null references users(id),
      requested_at timestamptz not null,
      decided_by uuid references users(id),
      decided_at timestamptz,
      approved_on date,
      decline_reason text not null default '' check (length(decline_reason) <= 2000),
      dormant_since date,
      dormant_reason text not null default '' check (length(dormant_reason) <= 300),
      reactivated_on date,
      check ((status in ('active','dormant')) = (slug is not null and approved_on is not null))
    )`.execute(db);
  await sql`create index chapters_status_idx on chapters(status, state)`.execute(db);
  await sql`
    create table chapter_officers (
      id uuid primary key default gen_random_uuid(),
      chapter_id uuid not null references chapters(id) on delete cascade,
      role text not null check (role in ('president','vice_president','secretary','treasurer')),
      user_id uuid not null references users(id) on delete cascade,
      status text not null default 'invited' check (status in ('invited','accepted','declined','withdrawn')),
      term_start date not null,
      term_end date not null,
      founding boolean not null default false,
      invited_by uuid references users(id),
      invited_at timestamptz not null,
      answered_at timestamptz,
      check (term_end >= term_start)
    )`.execute(db);
  await sql`create index chapter_officers_chapter_idx on chapter_officers(chapter_id, role)`.execute(db);
  await sql`create index chapter_officers_user_idx on chapter_officers(user_id)`.execute(db);
  await sql`
    create table chapter_members (
      chapter_id uuid not null references chapters(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      joined_at timestamptz not null,
      primary key (chapter_id, user_id),
      constraint chapter_members_one_chapter unique (user_id)
    )`.execute(db);
  await sql`
    create table chapter_events (
      id uuid primary key default gen_random_uuid(),
      chapter_id uuid not null references chapters(id) on delete cascade,
      title text not null check (length(title) between 1 and 200),
      happens_on date not null,
      place text not null default '' check (length(place) <= 300),
      description text not null default '' check (length(description) <= 2000),
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index chapter_events_chapter_idx on chapter_events(chapter_id, happens_on)`.execute(db);
  await sql`
    create table chapter_reports (
      id uuid primary key default gen_random_uuid(),
      chapter_id uuid not null references chapters(id) on delete cascade,
      year integer not null check (year between 2000 and 2200),
      activities text not null check (length(activities) between 1 and 10000),
      events_held text not null default '' check (length(events_held) <= 5000),
      member_count integer not null check (member_count between 0 and 100000),
      submitted_by uuid references users(id) on delete set null,
      submitted_at timestamptz not null,
      accepted_by uuid references users(id),
      accepted_at timestamptz,
      constraint chapter_reports_one_a_year unique (chapter_id, year)
    )`.execute(db);
  await sql`
    create table chapter_reminders (
      chapter_id uuid not null references chapters(id) on delete cascade,
      year integer not null,
      kind text not null check (kind in ('report_due','report_overdue')),
      sent_at timestamptz not null,
      primary key (chapter_id, year, kind)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['chapter_reminders', 'chapter_reports', 'chapter_events', 'chapter_members', 'chapter_officers', 'chapters', 'chapter_settings']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}

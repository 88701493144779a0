// advising: see src/modules/advising/README.md. Advisors (staff with the advisor role) with a
// region, a time zone and weekly availability; assignments of organizations to advisors with
// history; first meetings booked in slots, with iCalendar UIDs that survive a reschedule.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organizations add column time_zone text not null default 'America/New_York'`.execute(db);
  await sql`
    create table advisor_profiles (
      user_id uuid primary key references users(id) on delete cascade,
      states char(2)[] not null default '{}',
      time_zone text not null default 'America/New_York',
      phone text not null default '',
      meeting_minutes integer not null default 45 check (meeting_minutes between 15 and 240),
      active boolean not null default true,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index advisor_profiles_states_idx on advisor_profiles using gin (states)`.execute(db);
  await sql`
    create table advisor_assignments (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      advisor_user_id uuid not null references users(id),
      membership_id uuid references memberships(id),
      assigned_at timestamptz not null,
      assigned_by uuid references users(id),
      method text not null check (method in ('automatic','manual')),
      reason text not null default '',
      ended_at timestamptz,
      booking_reminder_sent_at timestamptz
    )`.execute(db);
  // One current advisor per organization; ended rows are the history.
  await sql`create unique index advisor_assignments_current on advisor_assignments(organization_id) where ended_at is null`.execute(db);
  await sql`create index advisor_assignments_advisor_idx on advisor_assignments(advisor_user_id) where ended_at is null`.execute(db);
  // Weekly availability in the advisor's own time zone: weekday 1 (Monday) … 7 (Sunday), minutes from midnight.
  await sql`
    create table advisor_availability (
      id uuid primary key default gen_random_uuid(),
      advisor_user_id uuid not null references users(id) on delete cascade,
      weekday smallint not null check (weekday between 1 and 7),
      start_minute integer not null check (start_minute between 0 and 1439),
      end_minute integer not null check (end_minute between 1 and 1440),
      check (end_minute > start_minute)
    )`.execute(db);
  await sql`create index advisor_availability_advisor_idx on advisor_availability(advisor_user_id, weekday)`.execute(db);
  // Exceptions: a local date the advisor is away, all day (no minutes) or for a range of it.
  await sql`
    create table advisor_exceptions (
      id uuid primary key default gen_random_uuid(),
      advisor_user_id uuid not null references users(id) on delete cascade,
      on_date date not null,
      start_minute integer check (start_minute between 0 and 1439),
      end_minute integer check (end_minute between 1 and 1440),
      note text not null default '',
      check ((start_minute is null) = (end_minute is null)),
      check (end_minute is null or end_minute > start_minute)
    )`.execute(db);
  await sql`create index advisor_exceptions_advisor_idx on advisor_exceptions(advisor_user_id, on_date)`.execute(db);
  await sql`
    create table meetings (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      advisor_user_id uuid not null references users(id),
      kind text not null default 'first_meeting' check (kind in ('first_meeting','follow_up')),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      status text not null default 'booked' check (status in ('booked','cancelled')),
      uid text not null unique,
      sequence integer not null default 0,
      booked_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      cancelled_at timestamptz,
      check (ends_at > starts_at)
    )`.execute(db);
  // A slot is held by one booking: the second insert of the same advisor and start fails.
  await sql`create unique index meetings_slot_taken on meetings(advisor_user_id, starts_at) where status = 'booked'`.execute(db);
  await sql`create index meetings_org_idx on meetings(organization_id, starts_at)`.execute(db);
  // One booked first meeting per organization: two contacts booking at once get one meeting.
  await sql`create unique index meetings_one_first_meeting on meetings(organization_id) where status = 'booked' and kind = 'first_meeting'`.execute(db);
  // The iCalendar file of each change to a meeting, fixed when the change is made; emails attach
  // it by id (the renderer reads it here when the message is sent).
  await sql`
    create table meeting_invitations (
      id uuid primary key default gen_random_uuid(),
      meeting_id uuid not null references meetings(id) on delete cascade,
      sequence integer not null,
      method text not null check (method in ('REQUEST','CANCEL')),
      ics text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index meeting_invitations_meeting_idx on meeting_invitations(meeting_id, sequence)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['meeting_invitations', 'meetings', 'advisor_exceptions', 'advisor_availability', 'advisor_assignments', 'advisor_profiles']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
  await sql`alter table organizations drop column time_zone`.execute(db);
}

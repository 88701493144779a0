// committees (O14 leadership roles): see src/modules/committees/README.md. Committees kept by
// programs staff, their seats (a title and how many of it), terms of a seat (dates), elections with
// a nomination window, nominations (the nominee accepts before one stands), the people who hold a
// place in a term (elected, or appointed and accepted), and the term-end reminders sent (once each).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table committees (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique,
      name text not null,
      description text not null default '',
      region text,
      reminder_days integer not null default 30 check (reminder_days between 1 and 365),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table committee_seats (
      id uuid primary key default gen_random_uuid(),
      committee_id uuid not null references committees(id) on delete cascade,
      title text not null,
      seat_count integer not null check (seat_count between 1 and 50),
      position integer not null default 0,
      unique (committee_id, title)
    )`.execute(db);
  await sql`
    create table committee_terms (
      id uuid primary key default gen_random_uuid(),
      seat_id uuid not null references committee_seats(id) on delete cascade,
      starts_on date not null,
      ends_on date not null,
      check (ends_on > starts_on),
      unique (seat_id, starts_on)
    )`.execute(db);
  await sql`
    create table committee_elections (
      id uuid primary key default gen_random_uuid(),
      committee_id uuid not null references committees(id) on delete cascade,
      title text not null,
      opens_on date not null,
      closes_on date not null,
      created_at timestamptz not null default now(),
      check (closes_on >= opens_on)
    )`.execute(db);
  await sql`create index committee_elections_committee_idx on committee_elections(committee_id, opens_on)`.execute(db);
  await sql`
    create table committee_nominations (
      id uuid primary key default gen_random_uuid(),
      election_id uuid not null references committee_elections(id) on delete cascade,
      seat_id uuid not null references committee_seats(id) on delete cascade,
      nominee_user_id uuid not null references users(id),
      nominated_by uuid references users(id),
      organization_id uuid not null references organizations(id),
      statement text not null default '',
      status text not null default 'awaiting' check (status in ('awaiting','accepted','declined','elected')),
      created_at timestamptz not null,
      answered_at timestamptz
    )`.execute(db);
  // One live nomination of a person for one seat in one election.
  await sql`create unique index committee_nominations_one on committee_nominations(election_id, seat_id, nominee_user_id) where status <> 'declined'`.execute(db);
  await sql`create index committee_nominations_nominee_idx on committee_nominations(nominee_user_id)`.execute(db);
  await sql`
    create table committee_holders (
      id uuid primary key default gen_random_uuid(),
      term_id uuid not null references committee_terms(id) on delete cascade,
      place integer not null check (place >= 1),
      user_id uuid not null references users(id),
      organization_id uuid references organizations(id),
      method text not null check (method in ('elected','appointed')),
      nomination_id uuid references committee_nominations(id),
      status text not null check (status in ('offered','holding','declined')),
      recorded_by uuid references users(id),
      recorded_at timestamptz not null,
      accepted_at timestamptz
    )`.execute(db);
  // One holder (or one open offer) per place of a term, and one place per person in a term.
  await sql`create unique index committee_holders_place on committee_holders(term_id, place) where status <> 'declined'`.execute(db);
  await sql`create unique index committee_holders_person on committee_holders(term_id, user_id) where status <> 'declined'`.execute(db);
  await sql`create index committee_holders_user_idx on committee_holders(user_id)`.execute(db);
  // A term-end reminder is sent once per holder and lead time: the insert that claims it is the guard.
  await sql`
    create table committee_reminders (
      holder_id uuid not null references committee_holders(id) on delete cascade,
      days_before integer not null,
      sent_at timestamptz not null,
      primary key (holder_id, days_before)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['committee_reminders', 'committee_holders', 'committee_nominations', 'committee_elections', 'committee_terms', 'committee_seats', 'committees']) {
    await sql`drop table ${sql.table(t)}`.execute(db);
  }
}

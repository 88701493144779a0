// Sponsorship (issue 20, R3): packages for the annual conference (tied to an event) and year-round
// partner packages, with a tier, a price in cents, benefits, a number of places and a deadline; and
// the applications of companies (their logo kept here, re-encoded), confirmed by an emailed link,
// then accepted (taking one place: `sold` never passes `quantity`) or declined by staff.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table sponsorship_packages (
    id uuid primary key default gen_random_uuid(),
    name text not null check (length(btrim(name)) between 1 and 200),
    event_id uuid references events(id),
    tier text not null check (tier in ('platinum', 'gold', 'silver', 'bronze')),
    price_cents bigint not null check (price_cents between 0 and 100000000000),
    benefits text not null default '' check (length(benefits) <= 4000),
    quantity integer not null check (quantity between 1 and 1000),
    sold integer not null default 0 check (sold >= 0),
    check (sold <= quantity),
    deadline date not null,
    status text not null default 'open' check (status in ('open', 'closed')),
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create index sponsorship_packages_open on sponsorship_packages (status, deadline)`.execute(db);
  await sql`create table sponsorship_applications (
    id uuid primary key default gen_random_uuid(),
    package_id uuid not null references sponsorship_packages(id),
    company_name text not null check (length(btrim(company_name)) between 1 and 200),
    contact_name text not null check (length(btrim(contact_name)) between 1 and 200),
    contact_email text not null check (length(contact_email) between 3 and 254),
    website text not null default '' check (length(website) <= 300),
    logo_type text not null check (logo_type in ('image/png', 'image/jpeg')),
    logo_width integer not null check (logo_width > 0),
    logo_height integer not null check (logo_height > 0),
    logo bytea not null,
    status text not null default 'unconfirmed' check (status in ('unconfirmed', 'pending', 'accepted', 'declined')),
    token_hash text unique,
    token_expires_at timestamptz,
    confirmed_at timestamptz,
    decided_at timestamptz,
    decided_by uuid references users(id),
    decline_reason text check (decline_reason is null or length(decline_reason) <= 2000),
    invoice_id uuid references invoices(id),
    check ((status = 'accepted') = (invoice_id is not null)),
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index sponsorship_applications_package on sponsorship_applications (package_id, status)`.execute(db);
  await sql`create index sponsorship_applications_status on sponsorship_applications (status, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table sponsorship_applications`.execute(db);
  await sql`drop table sponsorship_packages`.execute(db);
}

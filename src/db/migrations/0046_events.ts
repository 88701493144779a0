// Events (C1): see src/modules/events/README.md. An event with its sessions (the agenda), ticket
// types (member and non-member prices, early-bird prices, capacity), orders (who pays: a person,
// or an organization for several of its staff; an order's money is one billing invoice),
// registrations (one per attendee: registered, waitlisted, offered a freed seat, cancelled),
// attendance per session, the professional-development log (a per-person ledger the
// credentialing program reads), and each person's calendar feed token.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table events (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 120),
      title text not null check (length(title) between 1 and 200),
      kind text not null check (kind in ('training','workshop','webinar','conference')),
      format text not null check (format in ('online','in_person','hybrid')),
      status text not null default 'draft' check (status in ('draft','published','cancelled','completed')),
      -- 'members': visitors see a teaser only; registering needs a membership
      audience text not null default 'everyone' check (audience in ('everyone','members')),
      summary text not null default '' check (length(summary) <= 500),
      description text not null default '' check (length(description) <= 20000),
      time_zone text not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      venue_name text not null default '' check (length(venue_name) <= 200),
      venue_address text not null default '' check (length(venue_address) <= 500),
      -- private: shown only to registrants and staff
      join_url text check (join_url is null or join_url ~ '^https://'),
      -- seats for the whole event (null: only the ticket types' capacities limit it)
      capacity integer check (capacity > 0),
      -- a registrant may cancel for a credit until this many hours before the start
      cancel_hours_before integer not null default 72 check (cancel_hours_before >= 0),
      transfers_allowed boolean not null default true,
      -- how long a freed seat offered to the next on the waitlist stays open
      offer_hours integer not null default 48 check (offer_hours between 1 and 720),
      created_at timestamptz not null default now(),
      created_by uuid references users(id),
      published_at timestamptz,
      cancelled_at timestamptz,
      cancel_reason text,
      completed_at timestamptz,
      check (ends_at > starts_at),
      check (format = 'online' or length(venue_name) > 0 or status = 'draft')
    )`.execute(db);
  await sql`create index events_listing_idx on events(status, starts_at, id)`.execute(db);
  await sql`
    create table event_pathways (
      event_id uuid not null references events(id) on delete cascade,
      pathway_id uuid not null references pathways(id),
      primary key (event_id, pathway_id)
    )`.execute(db);
  await sql`create index event_pathways_pathway_idx on event_pathways(pathway_id)`.execute(db);
  await sql`
    create table event_sessions (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references events(id) on delete cascade,
      title text not null check (length(title) between 1 and 200),
      description text not null default '' check (length(description) <= 5000),
      location text not null default '' check (length(location) <= 200),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      -- professional-development minutes credited to an attendee checked in to this session
      pd_minutes integer not null default 0 check (pd_minutes between 0 and 1440),
      check (ends_at > starts_at)
    )`.execute(db);
  await sql`create index event_sessions_event_idx on event_sessions(event_id, starts_at)`.execute(db);
  await sql`
    create table event_ticket_types (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references events(id) on delete cascade,
      name text not null check (length(name) between 1 and 100),
      position integer not null default 0,
      member_cents bigint not null check (member_cents >= 0),
      nonmember_cents bigint not null check (nonmember_cents >= 0),
      -- early-bird prices apply to registrations made before early_until
      early_member_cents bigint check (early_member_cents >= 0),
      early_nonmember_cents bigint check (early_nonmember_cents >= 0),
      early_until timestamptz,
      capacity integer check (capacity > 0),
      -- only members (individually or through their organization) may choose it
      members_only boolean not null default false,
      archived_at timestamptz,
      check (early_until is not null or (early_member_cents is null and early_nonmember_cents is null))
    )`.execute(db);
  await sql`create index event_ticket_types_event_idx on event_ticket_types(event_id, position)`.execute(db);
  await sql`
    create table event_orders (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references events(id),
      -- who placed it; for a group registration, an admin of organization_id
      buyer_user_id uuid not null references users(id),
      organization_id uuid references organizations(id),
      -- billing's invoice for it (null for a free order)
      invoice_id uuid references invoices(id),
      status text not null default 'pending' check (status in ('pending','paid','free','cancelled')),
      total_cents bigint not null default 0 check (total_cents >= 0),
      -- the registering form's or API's Idempotency-Key: the same key twice places one order
      idempotency_key text,
      created_at timestamptz not null default now(),
      unique (buyer_user_id, idempotency_key)
    )`.execute(db);
  await sql`create index event_orders_event_idx on event_orders(event_id)`.execute(db);
  await sql`create unique index event_orders_invoice_idx on event_orders(invoice_id) where invoice_id is not null`.execute(db);
  await sql`
    create table event_registrations (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references events(id),
      ticket_type_id uuid not null references event_ticket_types(id),
      order_id uuid references event_orders(id),
      -- the attendee
      user_id uuid not null references users(id),
      status text not null check (status in ('registered','waitlisted','offered','cancelled')),
      -- the price fixed when the seat was taken (member or not, early-bird or not)
      price_cents bigint not null default 0 check (price_cents >= 0),
      member_price boolean not null default false,
      -- the ticket's unguessable code (ticket page, QR code, check-in)
      ticket_code text not null unique,
      -- waitlist order, and the deadline of a seat offered from it
      waitlisted_at timestamptz,
      offer_expires_at timestamptz,
      created_at timestamptz not null default now(),
      registered_at timestamptz,
      cancelled_at timestamptz,
      cancel_reason text,
      -- a ticket transferred to another person: the new registration it became
      transferred_to uuid references event_registrations(id),
      check (status <> 'offered' or offer_expires_at is not null)
    )`.execute(db);
  // One live registration per person and event.
  await sql`create unique index event_registrations_one_live on event_registrations(event_id, user_id) where status <> 'cancelled'`.execute(db);
  await sql`create index event_registrations_seats_idx on event_registrations(event_id, ticket_type_id, status)`.execute(db);
  await sql`create index event_registrations_waitlist_idx on event_registrations(event_id, waitlisted_at) where status = 'waitlisted'`.execute(db);
  await sql`create index event_registrations_offers_idx on event_registrations(offer_expires_at) where status = 'offered'`.execute(db);
  await sql`create index event_registrations_user_idx on event_registrations(user_id, created_at desc)`.execute(db);
  await sql`create index event_registrations_order_idx on event_registrations(order_id)`.execute(db);
  await sql`
    create table event_attendance (
      registration_id uuid not null references event_registrations(id),
      session_id uuid not null references event_sessions(id) on delete cascade,
      checked_in_at timestamptz not null default now(),
      checked_in_by uuid references users(id),
      primary key (registration_id, session_id)
    )`.execute(db);
  await sql`
    create table pd_credits (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id),
      -- where the hours came from: an event attended (source_id: the event)
      source text not null check (source in ('event')),
      source_id uuid not null,
      title text not null,
      earned_on date not null,
      minutes integer not null check (minutes > 0),
      created_at timestamptz not null default now(),
      unique (user_id, source, source_id)
    )`.execute(db);
  await sql`create index pd_credits_user_idx on pd_credits(user_id, earned_on desc)`.execute(db);
  await sql`
    create table event_calendar_feeds (
      user_id uuid primary key references users(id) on delete cascade,
      -- SHA-256 of the feed URL's secret; replacing it stops the old URL at once
      token_hash text not null unique,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'event_calendar_feeds',
    'pd_credits',
    'event_attendance',
    'event_registrations',
    'event_orders',
    'event_ticket_types',
    'event_sessions',
    'event_pathways',
    'events',
  ]) {
    await sql.raw(`drop table ${t}`).execute(db);
  }
}

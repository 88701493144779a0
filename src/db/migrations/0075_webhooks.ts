// Webhooks (issue 21, P7): endpoints staff admins subscribe to event types, the events published
// in the transaction of the change that caused them (the outbox), one delivery per event and
// endpoint, and every attempt with its response code (the delivery log).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table webhook_endpoints (
    id uuid primary key default gen_random_uuid(),
    url text not null check (length(url) between 8 and 2000),
    description text not null default '' check (length(description) <= 300),
    secret text not null check (secret like 'whsec_%'),
    event_types text[] not null check (cardinality(event_types) >= 1),
    enabled boolean not null default true,
    disabled_at timestamptz,
    disabled_reason text not null default '',
    failing_since timestamptz,
    consecutive_failures integer not null default 0,
    created_by uuid references users(id),
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create table webhook_messages (
    id text primary key check (id ~ '^msg_[A-Za-z0-9]{10,40}$'),
    event_type text not null,
    payload jsonb not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index webhook_messages_created on webhook_messages (created_at)`.execute(db);
  await sql`create table webhook_deliveries (
    id uuid primary key default gen_random_uuid(),
    message_id text not null references webhook_messages(id) on delete cascade,
    endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
    status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null,
    locked_until timestamptz,
    last_status_code integer,
    last_error text not null default '',
    created_at timestamptz not null,
    finished_at timestamptz,
    unique (message_id, endpoint_id)
  )`.execute(db);
  await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending'`.execute(db);
  await sql`create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at desc)`.execute(db);
  await sql`create table webhook_attempts (
    id uuid primary key default gen_random_uuid(),
    delivery_id uuid not null references webhook_deliveries(id) on delete cascade,
    attempted_at timestamptz not null,
    status_code integer,
    error text not null default '' check (length(error) <= 500),
    duration_ms integer not null default 0,
    manual boolean not null default false
  )`.execute(db);
  await sql`create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempted_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table webhook_attempts`.execute(db);
  await sql`drop table webhook_deliveries`.execute(db);
  await sql`drop table webhook_messages`.execute(db);
  await sql`drop table webhook_endpoints`.execute(db);
}

// Newsletters (issue 19, C4): lists (public or members-only), the addresses that subscribe to them
// (double opt-in: pending until the confirmation link is followed), the suppression list every send
// honours, campaigns, and one row per address a campaign was queued to — its primary key is what
// makes a campaign go out once per address, whatever crashes between two batches.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table newsletter_settings (
    id integer primary key check (id = 1),
    rate_per_minute integer not null default 600 check (rate_per_minute between 1 and 1000000),
    batch_size integer not null default 500 check (batch_size between 1 and 10000),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`insert into newsletter_settings (id) values (1)`.execute(db);
  await sql`create table newsletter_lists (
    id uuid primary key default gen_random_uuid(),
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
    name text not null check (length(btrim(name)) between 1 and 120),
    description text not null default '' check (length(description) <= 1000),
    audience text not null check (audience in ('public', 'members')),
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table newsletter_subscribers (
    id uuid primary key default gen_random_uuid(),
    email text not null unique check (email = lower(email) and email like '%_@_%'),
    link_key text not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table newsletter_subscriptions (
    subscriber_id uuid not null references newsletter_subscribers(id) on delete cascade,
    list_id uuid not null references newsletter_lists(id) on delete cascade,
    status text not null check (status in ('pending', 'subscribed', 'unsubscribed')),
    confirm_hash text,
    confirm_expires_at timestamptz,
    requested_at timestamptz not null,
    confirmed_at timestamptz,
    unsubscribed_at timestamptz,
    unsubscribed_campaign_id uuid,
    primary key (list_id, subscriber_id)
  )`.execute(db);
  await sql`create index newsletter_subscriptions_subscriber on newsletter_subscriptions (subscriber_id)`.execute(db);
  await sql`create index newsletter_subscriptions_confirm on newsletter_subscriptions (confirm_hash) where confirm_hash is not null`.execute(db);
  await sql`create table newsletter_suppressions (
    email text primary key check (email = lower(email)),
    reason text not null check (reason in ('unsubscribed', 'bounced', 'complained')),
    detail text not null default '' check (length(detail) <= 500),
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table newsletter_campaigns (
    id uuid primary key default gen_random_uuid(),
    list_id uuid not null references newsletter_lists(id),
    subject text not null check (length(btrim(subject)) between 1 and 200),
    body text not null check (length(body) <= 100000),
    segment jsonb not null default '{}'::jsonb,
    state text not null check (state in ('draft', 'scheduled', 'sending', 'sent')),
    send_at timestamptz,
    started_at timestamptz,
    finished_at timestamptz,
    created_by uuid references users(id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index newsletter_campaigns_due on newsletter_campaigns (send_at) where state in ('scheduled', 'sending')`.execute(db);
  await sql`create table newsletter_campaign_recipients (
    campaign_id uuid not null references newsletter_campaigns(id) on delete cascade,
    email text not null,
    subscriber_id uuid not null,
    outbox_id uuid not null,
    queued_at timestamptz not null,
    primary key (campaign_id, email)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'newsletter_campaign_recipients',
    'newsletter_campaigns',
    'newsletter_suppressions',
    'newsletter_subscriptions',
    'newsletter_subscribers',
    'newsletter_lists',
    'newsletter_settings',
  ])
    await sql`drop table ${sql.table(t)}`.execute(db);
}

// The business challenge (issue 20, O16): the network's catalogue template of actions; a member
// government's challenges (a season, badge thresholds, its own copy of the catalogue); the local
// businesses that join; the actions they mark done, with evidence, verified or rejected by the
// government's staff.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table challenge_template_actions (
    id uuid primary key default gen_random_uuid(),
    title text not null check (length(btrim(title)) between 1 and 200),
    category text not null check (length(btrim(category)) between 1 and 80),
    points integer not null check (points between 1 and 1000),
    evidence_required boolean not null default false,
    retired boolean not null default false,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create table challenges (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations(id),
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
    title text not null check (length(btrim(title)) between 1 and 200),
    description text not null default '' check (length(description) <= 4000),
    starts_on date not null,
    ends_on date not null check (ends_on >= starts_on),
    bronze_points integer not null check (bronze_points >= 1),
    silver_points integer not null check (silver_points > bronze_points),
    gold_points integer not null check (gold_points > silver_points),
    created_by uuid references users(id),
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create index challenges_organization on challenges (organization_id)`.execute(db);
  await sql`create table challenge_actions (
    id uuid primary key default gen_random_uuid(),
    challenge_id uuid not null references challenges(id) on delete cascade,
    template_action_id uuid references challenge_template_actions(id),
    title text not null check (length(btrim(title)) between 1 and 200),
    category text not null check (length(btrim(category)) between 1 and 80),
    points integer not null check (points between 1 and 1000),
    evidence_required boolean not null default false,
    retired boolean not null default false,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index challenge_actions_challenge on challenge_actions (challenge_id)`.execute(db);
  await sql`create table challenge_businesses (
    id uuid primary key default gen_random_uuid(),
    challenge_id uuid not null references challenges(id) on delete cascade,
    name text not null check (length(btrim(name)) between 1 and 200),
    street text not null check (length(btrim(street)) between 1 and 200),
    city text not null check (length(btrim(city)) between 1 and 100),
    state text not null check (state ~ '^[A-Z]{2}$'),
    postal_code text not null check (postal_code ~ '^[0-9]{5}(-[0-9]{4})?$'),
    contact_name text not null check (length(btrim(contact_name)) between 1 and 200),
    contact_user_id uuid not null references users(id),
    joined_at timestamptz not null,
    unique (challenge_id, contact_user_id)
  )`.execute(db);
  await sql`create unique index challenge_businesses_name on challenge_businesses (challenge_id, lower(name))`.execute(db);
  await sql`create table challenge_completions (
    id uuid primary key default gen_random_uuid(),
    business_id uuid not null references challenge_businesses(id) on delete cascade,
    action_id uuid not null references challenge_actions(id) on delete cascade,
    status text not null check (status in ('submitted', 'verified', 'rejected')),
    evidence_text text not null default '' check (length(evidence_text) <= 2000),
    submitted_at timestamptz not null,
    reviewed_at timestamptz,
    reviewed_by uuid references users(id),
    reason text not null default '' check (length(reason) <= 2000),
    unique (business_id, action_id)
  )`.execute(db);
  await sql`create index challenge_completions_action on challenge_completions (action_id, status)`.execute(db);
  await sql`create table challenge_evidence_files (
    completion_id uuid primary key references challenge_completions(id) on delete cascade,
    filename text not null,
    content_type text not null,
    size_bytes integer not null check (size_bytes > 0),
    content bytea not null,
    uploaded_at timestamptz not null
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['challenge_evidence_files', 'challenge_completions', 'challenge_businesses', 'challenge_actions', 'challenges', 'challenge_template_actions'])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
}

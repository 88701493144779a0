// Member groups (issue 19, C3): groups (open, request-to-join, private; created by staff or
// requested by members), their members (role, status, notification choice, unsubscribe key),
// threads and posts (Markdown, searchable), the edit history of posts, members' reports of posts,
// and the daily digests already sent (one row per member, group and day: a digest goes out once).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table groups (
    id uuid primary key default gen_random_uuid(),
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
    name text not null check (length(btrim(name)) between 1 and 120),
    description text not null default '' check (length(description) <= 2000),
    kind text not null check (kind in ('open', 'request', 'private')),
    status text not null check (status in ('requested', 'active', 'declined')),
    requested_by uuid references users(id),
    created_by uuid references users(id),
    decision_reason text,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table group_members (
    id uuid primary key default gen_random_uuid(),
    group_id uuid not null references groups(id) on delete cascade,
    user_id uuid not null references users(id) on delete cascade,
    role text not null default 'member' check (role in ('member', 'moderator')),
    status text not null check (status in ('active', 'pending', 'invited', 'suspended')),
    notify text not null default 'every' check (notify in ('every', 'digest', 'none')),
    unsubscribe_key text not null,
    suspended_reason text,
    joined_at timestamptz not null default now(),
    unique (group_id, user_id)
  )`.execute(db);
  await sql`create index group_members_user on group_members (user_id, status)`.execute(db);
  await sql`create table group_threads (
    id uuid primary key default gen_random_uuid(),
    group_id uuid not null references groups(id) on delete cascade,
    author_id uuid not null references users(id),
    title text not null check (length(btrim(title)) between 1 and 200),
    pinned boolean not null default false,
    locked boolean not null default false,
    created_at timestamptz not null,
    last_post_at timestamptz not null,
    search tsvector generated always as (to_tsvector('english', title)) stored
  )`.execute(db);
  await sql`create index group_threads_group on group_threads (group_id, pinned desc, last_post_at desc)`.execute(db);
  await sql`create index group_threads_search on group_threads using gin (search)`.execute(db);
  await sql`create table group_posts (
    id uuid primary key default gen_random_uuid(),
    thread_id uuid not null references group_threads(id) on delete cascade,
    author_id uuid not null references users(id),
    body text not null check (length(body) between 1 and 20000),
    status text not null check (status in ('visible', 'held', 'hidden', 'removed')),
    moderation_reason text,
    created_at timestamptz not null,
    visible_at timestamptz,
    edited_at timestamptz,
    search tsvector generated always as (to_tsvector('english', left(body, 20000))) stored
  )`.execute(db);
  await sql`create index group_posts_thread on group_posts (thread_id, created_at)`.execute(db);
  await sql`create index group_posts_author on group_posts (author_id, created_at)`.execute(db);
  await sql`create index group_posts_visible on group_posts (visible_at) where status = 'visible'`.execute(db);
  await sql`create index group_posts_search on group_posts using gin (search) where status = 'visible'`.execute(db);
  await sql`create table group_post_edits (
    id uuid primary key default gen_random_uuid(),
    post_id uuid not null references group_posts(id) on delete cascade,
    body text not null,
    replaced_at timestamptz not null
  )`.execute(db);
  await sql`create index group_post_edits_post on group_post_edits (post_id, replaced_at)`.execute(db);
  await sql`create table group_reports (
    id uuid primary key default gen_random_uuid(),
    post_id uuid not null references group_posts(id) on delete cascade,
    reporter_id uuid not null references users(id) on delete cascade,
    reason text not null check (length(btrim(reason)) between 1 and 1000),
    created_at timestamptz not null,
    resolved_at timestamptz,
    resolved_by uuid references users(id),
    unique (post_id, reporter_id)
  )`.execute(db);
  await sql`create table group_digests_sent (
    group_id uuid not null references groups(id) on delete cascade,
    user_id uuid not null references users(id) on delete cascade,
    day date not null,
    sent_at timestamptz not null,
    primary key (group_id, user_id, day)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['group_digests_sent', 'group_reports', 'group_post_edits', 'group_posts', 'group_threads', 'group_members', 'groups'])
    await sql.raw(`drop table ${t}`).execute(db);
}

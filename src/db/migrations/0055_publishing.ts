// Publishing (issue 18): what resources, news and job postings share. Images uploaded into an
// item's text (resized, their metadata stripped, alt text required) and the revision history of
// every published item (who changed which fields, with the values after the change).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table content_images (
    id uuid primary key default gen_random_uuid(),
    content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
    width integer not null check (width > 0),
    height integer not null check (height > 0),
    size_bytes integer not null check (size_bytes > 0),
    content bytea not null,
    alt text not null check (length(btrim(alt)) between 1 and 300),
    uploaded_by uuid references users(id) on delete set null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table content_revisions (
    id bigint generated always as identity primary key,
    item_kind text not null check (item_kind in ('resource', 'news', 'topic', 'job')),
    item_id uuid not null,
    actor_id uuid references users(id) on delete set null,
    actor_name text not null,
    action text not null check (length(action) between 1 and 40),
    changed text[] not null default '{}',
    snapshot jsonb not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index content_revisions_item on content_revisions (item_kind, item_id, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table content_revisions`.execute(db);
  await sql`drop table content_images`.execute(db);
}

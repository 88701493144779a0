// Attachments of group posts (issue 19, C3): up to three files a post (PDF, Office documents,
// PNG or JPEG, 10 MB each), kept in the database beside the post; served only to whoever may
// read the post they belong to.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table group_attachments (
    id uuid primary key default gen_random_uuid(),
    post_id uuid not null references group_posts(id) on delete cascade,
    position smallint not null check (position between 1 and 3),
    filename text not null check (length(filename) between 1 and 255),
    content_type text not null,
    size_bytes integer not null check (size_bytes > 0 and size_bytes <= 10485760),
    content bytea not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create unique index group_attachments_post_idx on group_attachments(post_id, position)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table group_attachments`.execute(db);
}

// News and stories (issue 18, C7): posts written by communications staff in Markdown, with the
// publish workflow of publishing (draft, scheduled, published, archived; a preview link's hash),
// an audience, pathways, and an optional featured member organization.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table news_posts (
    id uuid primary key default gen_random_uuid(),
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 100),
    title text not null check (length(btrim(title)) between 1 and 200),
    summary text not null check (length(btrim(summary)) between 1 and 500),
    body text not null check (length(body) <= 100000),
    author_name text not null check (length(btrim(author_name)) between 1 and 120),
    author_user_id uuid references users(id) on delete set null,
    audience text not null default 'everyone' check (audience in ('everyone', 'members')),
    state text not null default 'draft' check (state in ('draft', 'scheduled', 'published', 'archived')),
    publish_at timestamptz,
    featured_organization_id uuid references organizations(id) on delete set null,
    preview_hash text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (state not in ('scheduled', 'published') or publish_at is not null)
  )`.execute(db);
  // The listing, the feed and the API read live posts newest first.
  await sql`create index news_posts_live on news_posts (publish_at desc, id desc) where state in ('published', 'scheduled')`.execute(db);
  await sql`create index news_posts_featured on news_posts (featured_organization_id) where featured_organization_id is not null`.execute(db);
  await sql`create table news_post_pathways (
    post_id uuid not null references news_posts(id) on delete cascade,
    pathway_id uuid not null references pathways(id) on delete cascade,
    primary key (post_id, pathway_id)
  )`.execute(db);
  await sql`create index news_post_pathways_pathway on news_post_pathways (pathway_id, post_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table news_post_pathways`.execute(db);
  await sql`drop table news_posts`.execute(db);
}

// Resources (issue 18, O13 and C5): the catalogue of tools and resources with its search, and the
// topic pages that collect them. A resource's pathways and topics are kept as arrays of ids on its
// row (the facets count them over the matches without a join); its file's bytes live in a table
// of their own so that a search never reads them.
//
// Two search vectors: `search_all` (title A, summary B, body C) for those who may read every
// resource, and `search_open`, the same except that a members-only resource has only its title and
// summary (the teaser), so that a visitor's query never matches, nor ranks by, words of its body.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table resource_topics (
    id uuid primary key default gen_random_uuid(),
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 100),
    name text not null check (length(btrim(name)) between 1 and 120),
    introduction text not null default '',
    state text not null default 'draft' check (state in ('draft', 'scheduled', 'published', 'archived')),
    publish_at timestamptz,
    preview_hash text,
    created_by uuid references users(id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table resources (
    id uuid primary key default gen_random_uuid(),
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 120),
    title text not null check (length(btrim(title)) between 1 and 200),
    summary text not null default '' check (length(summary) <= 600),
    body text not null default '',
    body_text text not null default '',
    type text not null check (type in ('guide', 'toolkit', 'case_study', 'recording', 'template', 'data_set', 'external_tool')),
    audience text not null default 'everyone' check (audience in ('everyone', 'members')),
    year integer not null check (year between 1900 and 2200),
    link_url text check (link_url ~ '^https?://'),
    pathway_ids uuid[] not null default '{}',
    topic_ids uuid[] not null default '{}',
    state text not null default 'draft' check (state in ('draft', 'scheduled', 'published', 'archived')),
    publish_at timestamptz,
    published_at timestamptz,
    preview_hash text,
    download_count integer not null default 0 check (download_count >= 0),
    created_by uuid references users(id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    search_all tsvector generated always as (
      setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary), 'B') || setweight(to_tsvector('english', body_text), 'C')
    ) stored,
    search_title tsvector generated always as (to_tsvector('english', title)) stored,
    search_open tsvector generated always as (
      setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary), 'B')
      || case when audience = 'members' then ''::tsvector else setweight(to_tsvector('english', body_text), 'C') end
    ) stored
  )`.execute(db);
  await sql`create index resources_search_all on resources using gin (search_all)`.execute(db);
  await sql`create index resources_search_open on resources using gin (search_open)`.execute(db);
  // Typo tolerance on titles (word similarity, pg_trgm).
  await sql`create index resources_title_trgm on resources using gin (lower(title) gin_trgm_ops)`.execute(db);
  await sql`create index resources_pathways on resources using gin (pathway_ids)`.execute(db);
  await sql`create index resources_topics on resources using gin (topic_ids)`.execute(db);
  await sql`create index resources_latest on resources (published_at desc, id desc)`.execute(db);
  await sql`create table resource_files (
    resource_id uuid primary key references resources(id) on delete cascade,
    filename text not null check (length(filename) between 1 and 200),
    content_type text not null,
    size_bytes integer not null check (size_bytes > 0),
    content bytea not null,
    uploaded_by uuid references users(id) on delete set null,
    uploaded_at timestamptz not null default now()
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table resource_files`.execute(db);
  await sql`drop table resources`.execute(db);
  await sql`drop table resource_topics`.execute(db);
}

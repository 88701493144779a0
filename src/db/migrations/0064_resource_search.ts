// Resource search that does not grow with the catalogue (issue 18's benchmark): a narrow table,
// `resource_search`, with one row per published or scheduled resource: what a search filters,
// ranks, pages and counts facets by (state, dates, type, year, audience, pathways, topics, the
// title in lower case for typos) and the resource's words as *stripped* vectors (lexemes only,
// no positions or weights, stored uncompressed in the row: `storage main`). A search reads it
// instead of the wide `resources` row, whose vectors (with positions) are compressed or toasted
// and cost a decompression per row matched: over the newest 1,000 matches of a common word,
// ~1 ms here against ~9 ms there.
//
// It is kept by a row trigger on `resources` in the same statement as the change (insert,
// publish, edit, archive, delete, the bench's bulk load); a change of the download counter alone
// does not touch it. The passages (`ts_headline`) still come from `resources`, for one page only.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table resource_search (
    resource_id uuid primary key references resources(id) on delete cascade,
    state text not null,
    publish_at timestamptz,
    published_at timestamptz,
    type text not null,
    year integer not null,
    audience text not null,
    pathway_ids uuid[] not null,
    topic_ids uuid[] not null,
    title_lower text not null,
    title_terms tsvector not null,
    open_terms tsvector not null,
    all_terms tsvector not null
  )`.execute(db);
  await sql`alter table resource_search alter column title_terms set storage main, alter column open_terms set storage main, alter column all_terms set storage main`.execute(db);
  await sql`create function resource_search_sync() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        delete from resource_search where resource_id = old.id;
        return old;
      end if;
      if new.state not in ('published', 'scheduled') then
        delete from resource_search where resource_id = new.id;
        return new;
      end if;
      insert into resource_search (resource_id, state, publish_at, published_at, type, year, audience, pathway_ids, topic_ids, title_lower, title_terms, open_terms, all_terms)
      values (new.id, new.state, new.publish_at, new.published_at, new.type, new.year, new.audience, new.pathway_ids, new.topic_ids, lower(new.title),
        strip(coalesce(new.search_title, ''::tsvector)), strip(coalesce(new.search_open, ''::tsvector)), strip(coalesce(new.search_all, ''::tsvector)))
      on conflict (resource_id) do update set state = excluded.state, publish_at = excluded.publish_at, published_at = excluded.published_at,
        type = excluded.type, year = excluded.year, audience = excluded.audience, pathway_ids = excluded.pathway_ids, topic_ids = excluded.topic_ids,
        title_lower = excluded.title_lower, title_terms = excluded.title_terms, open_terms = excluded.open_terms, all_terms = excluded.all_terms;
      return new;
    end $$`.execute(db);
  await sql`create trigger resource_search_sync after insert or delete or update of title, summary, body_text, type, year, audience, pathway_ids, topic_ids, state, publish_at, published_at
    on resources for each row execute function resource_search_sync()`.execute(db);
  await sql`insert into resource_search (resource_id, state, publish_at, published_at, type, year, audience, pathway_ids, topic_ids, title_lower, title_terms, open_terms, all_terms)
    select id, state, publish_at, published_at, type, year, audience, pathway_ids, topic_ids, lower(title),
      strip(coalesce(search_title, ''::tsvector)), strip(coalesce(search_open, ''::tsvector)), strip(coalesce(search_all, ''::tsvector))
    from resources where state in ('published', 'scheduled')`.execute(db);
  await sql`create index resource_search_latest on resource_search (published_at desc nulls last, resource_id desc)`.execute(db);
  await sql`create index resource_search_open on resource_search using gin (open_terms)`.execute(db);
  await sql`create index resource_search_all on resource_search using gin (all_terms)`.execute(db);
  await sql`create index resource_search_title_trgm on resource_search using gin (title_lower gin_trgm_ops)`.execute(db);
  // Statistics at once: without them the planner takes every match of a common word from the
  // GIN index (17,000 rows) instead of walking the newest first and stopping at the cap.
  await sql`analyze resource_search`.execute(db);
  // The wide table's search indexes are no longer read (its vectors stay: the passages' words).
  await sql`drop index resources_search_all`.execute(db);
  await sql`drop index resources_search_open`.execute(db);
  await sql`drop index resources_title_trgm`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index resources_search_all on resources using gin (search_all)`.execute(db);
  await sql`create index resources_search_open on resources using gin (search_open)`.execute(db);
  await sql`create index resources_title_trgm on resources using gin (lower(title) gin_trgm_ops)`.execute(db);
  await sql`drop trigger resource_search_sync on resources`.execute(db);
  await sql`drop function resource_search_sync()`.execute(db);
  await sql`drop table resource_search`.execute(db);
}

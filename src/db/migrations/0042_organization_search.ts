// The staff organization search that does not grow with the data (issue 15): a derived index of
// the words of every listed (not merged) organization's name, one row per word, with the name and
// the state, so a search reads the few index entries of its word in name order instead of testing
// every name; and the lexicon of those words (trigrams), where a typo finds the word it meant.
// A search reads at most 1,001 matches and stops: the count is bounded ("1,000+"). See
// src/modules/records/README.md.
//
// Kept by statement triggers on organizations (insert, delete, and updates of the name, the state
// or `merged_into_id`). Set-based, they stay on during bulk loads (`civnet.bulk_load`): one insert
// per loaded batch, no rebuild needed.
import { type Kysely, sql } from 'kysely';

const ROWS = (from: string) => `
  select w, o.name, o.id, o.state from ${from} o cross join lateral unnest(organization_name_words(o.name)) as w
  where o.merged_into_id is null`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function organization_name_words(name text) returns text[] language sql immutable parallel safe as $$
      select array(select distinct w from regexp_split_to_table(lower(name), '[^a-z0-9]+') as w where w <> '')
    $$`.execute(db);
  await sql`
    create table organization_name_words (
      word text not null,
      name text not null,
      organization_id uuid not null, -- no foreign key: the triggers remove a deleted organization's rows
      state char(2) not null,
      primary key (organization_id, word)
    )`.execute(db);
  await sql`create table organization_name_lexicon (word text primary key)`.execute(db);
  // Built in (word, name) order: a word's rows sit together on disk as in the index.
  await sql.raw(`insert into organization_name_words (word, name, organization_id, state) ${ROWS('organizations')} order by 1, 2, 3`).execute(db);
  await sql`insert into organization_name_lexicon select distinct word from organization_name_words`.execute(db);
  // A word (or the words it starts) in name order; the state rides along for the state filter.
  await sql`create index organization_name_words_order on organization_name_words (word text_pattern_ops, name, organization_id) include (state)`.execute(db);
  await sql`create index organization_name_lexicon_trgm on organization_name_lexicon using gin (word gin_trgm_ops)`.execute(db);
  await sql`create index organization_name_lexicon_prefix on organization_name_lexicon (word text_pattern_ops)`.execute(db);
  await sql
    .raw(`
    create function organization_name_words_refresh(ids uuid[]) returns void language sql as $$
      delete from organization_name_words where organization_id = any(ids);
      insert into organization_name_words (word, name, organization_id, state)
        ${ROWS('(select * from organizations where id = any(ids))')};
      insert into organization_name_lexicon
        select distinct organization_name_words.word from organization_name_words
        where organization_id = any(ids) on conflict do nothing;
    $$`)
    .execute(db);
  await sql`
    create function organization_name_words_sync() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform organization_name_words_refresh(array(select id from new_rows));
      elsif tg_op = 'DELETE' then
        delete from organization_name_words where organization_id in (select id from old_rows);
      else
        perform organization_name_words_refresh(array(
          select n.id from new_rows n join old_rows o on o.id = n.id
          where n.name is distinct from o.name or n.state is distinct from o.state or n.merged_into_id is distinct from o.merged_into_id));
      end if;
      return null;
    end $$`.execute(db);
  // The search's statements as functions, so each session plans them once (planning the page's
  // statement cost more than running it). The words of the lexicon a search reads: part tier,
  // those the query's longest word starts; typo tier, the 20 most like it. `rows 20` tells the
  // planner so: at its default of 1,000 rows it hash-joined a whole scan of the words (430 ms for
  // "spring" at national scale) instead of reading each word's rows by the index (6 ms).
  await sql`
    create function organization_search_words(p_drive text, p_typo boolean) returns setof text language plpgsql stable rows 20 as $$
    begin
      if p_typo then
        return query select l.word from organization_name_lexicon l where l.word % p_drive order by similarity(l.word, p_drive) desc, l.word limit 20;
      else
        return query select l.word from organization_name_lexicon l
          where l.word like replace(replace(replace(p_drive, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%';
      end if;
    end $$`.execute(db);
  // How many organizations match, read up to p_cap (and stopped there).
  await sql`
    create function organization_search_count(p_q text, p_drive text, p_typo boolean, p_state text, p_cap int)
    returns table (n int, read int) language plpgsql stable as $$
    begin
      return query select count(distinct x.organization_id)::int, count(*)::int from (
        select w.organization_id from organization_name_words w
        where w.word in (select organization_search_words(p_drive, p_typo))
          and (p_state is null or w.state = p_state)
          and (case when p_typo then p_q <% w.name else w.name ilike '%' || replace(replace(replace(p_q, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' end)
        limit p_cap) x;
    end $$`.execute(db);
  // A page in name order after (p_name, p_id): each word's rows read in index order as far as the page.
  await sql`
    create function organization_search_page(p_q text, p_drive text, p_typo boolean, p_state text, p_name text, p_id uuid, p_limit int)
    returns table (name text, organization_id uuid) language plpgsql stable as $$
    #variable_conflict use_column
    begin
      return query select distinct p.name, p.organization_id from organization_search_words(p_drive, p_typo) as lw(word)
        cross join lateral (
          select w.name, w.organization_id from organization_name_words w
          where w.word = lw.word and (w.name, w.organization_id) > (p_name, p_id)
            and (p_state is null or w.state = p_state)
            and (case when p_typo then p_q <% w.name else w.name ilike '%' || replace(replace(replace(p_q, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' end)
          order by w.name, w.organization_id limit p_limit) p
        order by p.name, p.organization_id limit p_limit;
    end $$`.execute(db);
  // The list's rows for the ids of a page (in no order): the term, the advisor and what is owed
  // (billing's balance rule, as src/modules/records/queries.ts has it).
  await sql`
    create function organization_list_rows(p_ids uuid[])
    returns table (id uuid, name text, entity_type text, state text, status text, population int, created_at timestamptz,
                   term_end text, advisor_name text, balance_cents int) language plpgsql stable as $$
    #variable_conflict use_column
    begin
      return query select o.id, o.name, o.entity_type::text, o.state::text, o.status::text, o.population, o.created_at,
        (select max(m.term_end)::text from memberships m where m.organization_id = o.id and m.status in ('pending', 'active', 'lapsed')),
        (select u.name from advisor_assignments a join users u on u.id = a.advisor_user_id where a.organization_id = o.id and a.ended_at is null limit 1)::text,
        coalesce((select sum(i.total_cents - i.credited_cents - i.paid_cents) from invoices i
                  where i.organization_id = o.id and i.status in ('issued', 'partially_paid')), 0)::int
      from organizations o where o.id = any(p_ids);
    end $$`.execute(db);
  for (const event of ['insert', 'update', 'delete']) {
    const ref = event === 'insert' ? 'new table as new_rows' : event === 'delete' ? 'old table as old_rows' : 'old table as old_rows new table as new_rows';
    await sql
      .raw(`create trigger organization_name_words_${event} after ${event} on organizations referencing ${ref} for each statement execute function organization_name_words_sync()`)
      .execute(db);
  }
  // statistics now, not whenever autovacuum comes (if it is on at all)
  await sql`analyze organization_name_words`.execute(db);
  await sql`analyze organization_name_lexicon`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function organization_list_rows(uuid[])`.execute(db);
  await sql`drop function organization_search_page(text, text, boolean, text, text, uuid, int)`.execute(db);
  await sql`drop function organization_search_count(text, text, boolean, text, int)`.execute(db);
  await sql`drop function organization_search_words(text, boolean)`.execute(db);
  for (const event of ['insert', 'update', 'delete']) await sql.raw(`drop trigger organization_name_words_${event} on organizations`).execute(db);
  await sql`drop function organization_name_words_sync()`.execute(db);
  await sql`drop function organization_name_words_refresh(uuid[])`.execute(db);
  await sql`drop table organization_name_lexicon`.execute(db);
  await sql`drop table organization_name_words`.execute(db);
  await sql`drop function organization_name_words(text)`.execute(db);
}

// Who's Who's counts kept, not counted per search (issue 15): `directory_facets` holds, for every
// word of the name index (0040; '' stands for everyone listed), how many people have it in each
// state ('' for people without one, '*' for all states), and of them how many list each area of
// expertise (value '' for the people themselves). A search for one common name, or for a state,
// reads a few dozen of these rows for its count and its facets instead of counting 1,001 people of
// the index (src/modules/directory/search.ts).
//
// Kept by statement triggers on `directory_name_index`, whose refresh deletes and inserts a
// person's rows: each statement adds its rows' counts (or takes them away) in one upsert. The
// changes of one transaction are serialized by an advisory lock (every change touches the counts of
// '' anyway), so two transactions never take the rows' locks in opposite orders. Rows at 0 stay
// until the next rebuild. Under `civnet.bulk_load` the triggers stand aside like the index's, and
// `directory_search_rebuild()` rebuilds the index and then the counts from it.
import { type Kysely, sql } from 'kysely';

/** Counts of the index rows `r` by (word, state, value). */
const COUNTS = (rows: string, sign: string) => `
  select r.word, st.state, v.value, ${sign}count(*)::int
  from ${rows} r
  cross join lateral unnest(array[coalesce(r.state::text, ''), '*']) as st(state)
  cross join lateral unnest(array_prepend('', r.expertise)) as v(value)
  group by 1, 2, 3`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table directory_facets (
      word text not null,
      state text not null,
      value text not null,
      n int not null,
      primary key (word, state, value)
    )`.execute(db);
  await sql
    .raw(`
    create function directory_facets_count() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('civnet.bulk_load', true), '') = 'on' then return null; end if;
      perform pg_advisory_xact_lock(1087, 0);
      insert into directory_facets as f (word, state, value, n) ${COUNTS('changed_rows', "case when tg_op = 'INSERT' then 1 else -1 end * ")}
      on conflict (word, state, value) do update set n = f.n + excluded.n;
      return null;
    end $$`)
    .execute(db);
  await sql`create trigger directory_facets_insert after insert on directory_name_index referencing new table as changed_rows for each statement execute function directory_facets_count()`.execute(
    db,
  );
  await sql`create trigger directory_facets_delete after delete on directory_name_index referencing old table as changed_rows for each statement execute function directory_facets_count()`.execute(
    db,
  );
  await sql
    .raw(`
    create function directory_facets_rebuild() returns void language plpgsql as $$
    begin
      perform set_config('maintenance_work_mem', '256MB', true), set_config('work_mem', '256MB', true);
      truncate directory_facets;
      alter table directory_facets drop constraint directory_facets_pkey;
      insert into directory_facets (word, state, value, n) ${COUNTS('directory_name_index', '')};
      alter table directory_facets add constraint directory_facets_pkey primary key (word, state, value);
    end $$`)
    .execute(db);
  // The index without its counts' triggers (they would count every row once more), then the counts.
  await sql`
    create function directory_search_rebuild() returns void language plpgsql as $$
    declare
      bulk text := coalesce(current_setting('civnet.bulk_load', true), '');
    begin
      perform set_config('civnet.bulk_load', 'on', true);
      perform directory_name_index_rebuild();
      perform set_config('civnet.bulk_load', bulk, true);
      perform directory_facets_rebuild();
    end $$`.execute(db);
  await sql`select directory_facets_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function directory_search_rebuild()`.execute(db);
  await sql`drop function directory_facets_rebuild()`.execute(db);
  await sql`drop trigger directory_facets_delete on directory_name_index`.execute(db);
  await sql`drop trigger directory_facets_insert on directory_name_index`.execute(db);
  await sql`drop function directory_facets_count()`.execute(db);
  await sql`drop table directory_facets`.execute(db);
}

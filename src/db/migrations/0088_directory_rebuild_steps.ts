// Who's Who's rebuild in steps (issue 15, the national seed in under two minutes): since 0087 the
// whole rebuild (`directory_search_rebuild()`: the name index, its two search orders, the lexicon
// of name words and the kept counts) was one statement after another, 46 s on its own at national
// scale, the seed's longest path. `directory_search_rebuild_step(step)` runs one part, so that a
// loader can run the parts side by side on connections of their own:
//
// - 'rows' first, alone: the index's rows and primary key, without the two search orders, with the
//   counts' triggers standing aside (the counts are rebuilt from the rows);
// - then, in any order, each its own transaction: 'order' and 'state' (the two search orders,
//   made only when missing), 'words' (the lexicon and its trigram index) and 'counts'
//   (`directory_facets`, from the index's rows).
//
// `directory_name_index_rebuild()` runs the index's parts one after the other (the same rows,
// indexes and lexicon as 0044), and `directory_search_rebuild()` (0087) is unchanged.
import { type Kysely, sql } from 'kysely';
import { INDEXES, LEXICON, REBUILD, ROWS } from './0044_directory_bulk_rebuild.js';

const ifMissing = (index: string) => index.replace('create index ', 'create index if not exists ');
const [ORDER, STATE] = INDEXES.map(ifMissing) as [string, string];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    create function directory_search_rebuild_step(step text) returns void language plpgsql as $$
    declare
      bulk text := coalesce(current_setting('civnet.bulk_load', true), '');
    begin
      -- the index builds, the words' hash and the counts' hash, in memory
      perform set_config('maintenance_work_mem', '256MB', true), set_config('work_mem', '256MB', true);
      case step
      when 'rows' then
        perform set_config('civnet.bulk_load', 'on', true);
        truncate directory_name_index;
        drop index if exists directory_name_index_order;
        drop index if exists directory_name_index_state;
        alter table directory_name_index drop constraint if exists directory_name_index_pkey;
        insert into directory_name_index (word, name, user_id, state, words, expertise) ${ROWS};
        alter table directory_name_index add constraint directory_name_index_pkey primary key (user_id, word);
        perform set_config('civnet.bulk_load', bulk, true);
      when 'order' then
        ${ORDER};
      when 'state' then
        ${STATE};
      when 'words' then
        drop index person_name_words_trgm;
        ${LEXICON};
        create index person_name_words_trgm on person_name_words using gin (word gin_trgm_ops) with (fastupdate = off);
      when 'counts' then
        perform directory_facets_rebuild();
      else
        raise exception 'directory_search_rebuild_step: no step %', step using errcode = '22023';
      end case;
    end $$`)
    .execute(db);
  await sql`
    create or replace function directory_name_index_rebuild() returns void language plpgsql as $$
    begin
      perform directory_search_rebuild_step('rows');
      perform directory_search_rebuild_step('order');
      perform directory_search_rebuild_step('state');
      perform directory_search_rebuild_step('words');
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(REBUILD).execute(db);
  await sql`drop function directory_search_rebuild_step(text)`.execute(db);
}

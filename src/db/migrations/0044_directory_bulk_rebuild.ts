// Loading a million people in under two minutes (issue 15, `civnet seed --scale national`).
//
// 1. The lexicon's trigger on users (`users_name_words_insert`, 0011) stands aside under
//    `civnet.bulk_load` like the name index's triggers (0040): a bulk loader rebuilds the lexicon
//    with the index at the end. It had to be disabled by `alter table` around every batch instead,
//    a lock on users that kept other loads from adding accounts meanwhile.
// 2. `directory_name_index_rebuild()` does the same work for less: each person's words are worked
//    out once (the planner pulled 0040's lateral subquery up and worked them out again for every
//    row it made, a word each, four times a person); the primary key and the lexicon's trigram
//    index are built after their rows like the two orders (one sort each, not an insertion per
//    row). The rows, the indexes and the lexicon are the same as 0040's.
import { type Kysely, sql } from 'kysely';

/** 0040's rows of the index for everyone (u: the person), each name's words worked out once. */
export const ROWS = `
  select w.word, s.name, s.id, s.employer_state, s.words, s.expertise
  from (select u.id, u.name, p.employer_state, coalesce(p.expertise, '{}') as expertise,
               array(select distinct t from unnest(directory_name_words(u.name)) t where t <> '' order by 1) as words
        from users u left join member_profiles p on p.user_id = u.id
        where u.disabled_at is null and coalesce(p.listed, true)
          and exists (select 1 from individual_memberships im where im.user_id = u.id and im.status = 'active')
        offset 0) s -- a fence: the words once a person
  cross join lateral unnest(array_append(s.words, '')) as w(word)`;

export const INDEXES = [
  'create index directory_name_index_order on directory_name_index (word, name, user_id) include (state, words, expertise)',
  'create index directory_name_index_state on directory_name_index (word, state, name, user_id) include (words, expertise)',
];

export const LEXICON = `
  insert into person_name_words (word, letters)
  select w, directory_word_letters(w) from (select distinct unnest(directory_name_words(name)) as w from users) x
  where w <> '' on conflict do nothing`;

/** This migration's whole rebuild of the index and the lexicon (0088 runs it in steps). */
export const REBUILD = `
    create or replace function directory_name_index_rebuild() returns void language plpgsql as $$
    begin
      -- the index builds and the words' hash, in memory
      perform set_config('maintenance_work_mem', '256MB', true), set_config('work_mem', '256MB', true);
      truncate directory_name_index;
      drop index directory_name_index_order;
      drop index directory_name_index_state;
      alter table directory_name_index drop constraint directory_name_index_pkey;
      insert into directory_name_index (word, name, user_id, state, words, expertise) ${ROWS};
      alter table directory_name_index add constraint directory_name_index_pkey primary key (user_id, word);
      ${INDEXES.map((i) => `${i};`).join('\n      ')}
      drop index person_name_words_trgm;
      ${LEXICON};
      create index person_name_words_trgm on person_name_words using gin (word gin_trgm_ops) with (fastupdate = off);
    end $$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function person_name_words_collect() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('civnet.bulk_load', true), '') = 'on' then return null; end if;
      insert into person_name_words (word, letters)
      select w, directory_word_letters(w) from (select distinct unnest(directory_name_words(name)) as w from changed_users) x
      where w <> '' on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql.raw(REBUILD).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function person_name_words_collect() returns trigger language plpgsql as $$
    begin
      insert into person_name_words (word, letters)
      select w, directory_word_letters(w) from (select distinct unnest(directory_name_words(name)) as w from changed_users) x
      where w <> '' on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql
    .raw(`
    create or replace function directory_name_index_rebuild() returns void language plpgsql as $$
    begin
      perform set_config('maintenance_work_mem', '256MB', true); -- the two index builds, in memory
      truncate directory_name_index;
      drop index directory_name_index_order;
      drop index directory_name_index_state;
      insert into directory_name_index (word, name, user_id, state, words, expertise)
        select w.word, u.name, u.id, p.employer_state, x.words, coalesce(p.expertise, '{}')
        from users u
        left join member_profiles p on p.user_id = u.id
        cross join lateral (select array(select distinct t from unnest(directory_name_words(u.name)) t where t <> '' order by 1) as words) x
        cross join lateral unnest(array_append(x.words, '')) as w(word)
        where true and u.disabled_at is null and coalesce(p.listed, true)
          and exists (select 1 from individual_memberships im where im.user_id = u.id and im.status = 'active');
      ${INDEXES.map((i) => `${i};`).join('\n      ')}
      ${LEXICON};
    end $$`)
    .execute(db);
}

// profiles and Who's Who: see src/modules/directory/README.md. A member's profile (I3) with a
// visibility for each contact field, positions held over time, and indexes for the directory (I4).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table member_profiles (
      user_id uuid primary key references users(id) on delete cascade,
      employer_name text not null default '',
      employer_organization_id uuid references organizations(id) on delete set null,
      employer_state char(2),
      title text not null default '',
      education text not null default '',
      expertise text[] not null default '{}',
      bio text not null default '',
      -- contact fields, each with who may see it: everyone, members, staff
      work_email citext,
      work_email_visibility text not null default 'members' check (work_email_visibility in ('everyone','members','staff')),
      phone text not null default '',
      phone_visibility text not null default 'members' check (phone_visibility in ('everyone','members','staff')),
      mailing_address text not null default '',
      mailing_address_visibility text not null default 'members' check (mailing_address_visibility in ('everyone','members','staff')),
      photo bytea,
      photo_type text check (photo_type in ('image/png','image/jpeg','image/webp')),
      photo_updated_at timestamptz,
      listed boolean not null default true,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table member_positions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      title text not null check (length(title) between 1 and 200),
      employer_name text not null check (length(employer_name) between 1 and 200),
      employer_organization_id uuid references organizations(id) on delete set null,
      state char(2),
      start_year integer not null check (start_year between 1900 and 2100),
      end_year integer check (end_year between 1900 and 2100),
      check (end_year is null or end_year >= start_year)
    )`.execute(db);
  await sql`create index member_positions_user_idx on member_positions(user_id, start_year desc)`.execute(db);
  // Typo-tolerant name search.
  await sql`create index users_name_trgm on users using gin (name gin_trgm_ops)`.execute(db);
  // Fuzzy matching word by word, as pg_trgm's documentation suggests for spelling: each word of a
  // query is matched (trigram similarity or prefix) against the few thousand distinct words of
  // people's names, then people are found by those words through a GIN index. Matching the whole
  // name against 100,000 names instead reads posting lists of very common trigrams ("son", " jo")
  // and took 40–2,000 ms; this takes about a millisecond. Words are ASCII letters and digits only,
  // lowercased (the search module splits a query the same way); the array may hold '' and repeats,
  // which no query word matches. A single expression, so the planner inlines it (5× faster).
  await sql`
    create function directory_name_words(name text) returns text[] language sql immutable parallel safe
    as $$ select regexp_split_to_array(lower(name), '[^a-z0-9]+') $$`.execute(db);
  await sql`create index users_name_words on users using gin (directory_name_words(name))`.execute(db);
  // A word's letters in order ("micheal" and "michael" both "acehilm"): trigrams miss swapped
  // letters, the commonest typo, so a word with the same letters ranks a name higher.
  await sql`
    create function directory_word_letters(word text) returns text language sql immutable parallel safe
    as $$ select coalesce(string_agg(c, '' order by c collate "C"), '') from regexp_split_to_table(word, '') as c $$`.execute(db);
  await sql`create table person_name_words (word text primary key, letters text not null)`.execute(db);
  await sql`create index person_name_words_trgm on person_name_words using gin (word gin_trgm_ops)`.execute(db);
  await sql`create index person_name_words_letters on person_name_words (letters)`.execute(db);
  // The lexicon's words like a query word: similar (trigrams, 0.3, set here so that no session
  // setting changes it) or starting with it. And the words with the same letters as a query word.
  await sql`
    create function directory_similar_words(w text) returns text[] language sql stable parallel safe
    set pg_trgm.similarity_threshold = 0.3
    as $$ select coalesce(array_agg(word), '{}') from person_name_words
          where word % w or (w ~ '^[a-z0-9]+$' and word like w || '%') $$`.execute(db);
  await sql`
    create function directory_same_letter_words(w text) returns text[] language sql stable parallel safe
    as $$ select coalesce(array_agg(word), '{}') from person_name_words where letters = directory_word_letters(w) $$`.execute(db);
  // The lexicon only grows: a word nobody has any more matches nobody.
  await sql`
    create function person_name_words_collect() returns trigger language plpgsql as $$
    begin
      insert into person_name_words (word, letters)
      select w, directory_word_letters(w) from (select distinct unnest(directory_name_words(name)) as w from changed_users) x
      where w <> '' on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`create trigger users_name_words_insert after insert on users referencing new table as changed_users for each statement execute function person_name_words_collect()`.execute(
    db,
  );
  await sql`create trigger users_name_words_update after update on users referencing new table as changed_users for each statement execute function person_name_words_collect()`.execute(
    db,
  );
  await sql`
    insert into person_name_words (word, letters)
    select w, directory_word_letters(w) from (select distinct unnest(directory_name_words(name)) as w from users) x where w <> ''`.execute(db);
  await sql`create index member_profiles_state_idx on member_profiles(employer_state)`.execute(db);
  await sql`create index member_profiles_expertise_idx on member_profiles using gin (expertise)`.execute(db);
  // The directory's title and jurisdiction filters match any part of the text (ILIKE '%…%').
  await sql`create index member_profiles_title_trgm on member_profiles using gin (title gin_trgm_ops)`.execute(db);
  await sql`create index member_profiles_employer_trgm on member_profiles using gin (employer_name gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists users_name_words_insert on users`.execute(db);
  await sql`drop trigger if exists users_name_words_update on users`.execute(db);
  await sql`drop function if exists person_name_words_collect()`.execute(db);
  await sql`drop function if exists directory_similar_words(text)`.execute(db);
  await sql`drop function if exists directory_same_letter_words(text)`.execute(db);
  await sql`drop table if exists person_name_words`.execute(db);
  await sql`drop index if exists users_name_words`.execute(db);
  await sql`drop function if exists directory_name_words(text)`.execute(db);
  await sql`drop function if exists directory_word_letters(text)`.execute(db);
  await sql`drop index if exists users_name_trgm`.execute(db);
  for (const t of ['member_positions', 'member_profiles']) await sql`drop table if exists ${sql.table(t)}`.execute(db);
}

// The lexicon of people's name words (`person_name_words`, 0011/0044: what a typo in Who's Who is
// matched against) took the words of every updated account, whatever the update changed: adding
// 51,000 contacts in one statement bumps each account's `privileges_version`, and that update
// re-derived and re-inserted the words of all 51,000 names (1.5 s of the statement's 2.9 s here;
// the import of contacts and the benches' loads paid it). An update now adds the words of the names
// it changed only, as the name index's own trigger (`directory_name_index_users`) already did; an
// insert still adds every new account's words.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function person_name_words_collect_renamed() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('civnet.bulk_load', true), '') = 'on' then return null; end if;
      insert into person_name_words (word, letters)
      select w, directory_word_letters(w) from (
        select distinct unnest(directory_name_words(n.name)) as w
        from new_rows n join old_rows o on o.id = n.id where n.name is distinct from o.name) x
      where w <> '' on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`drop trigger users_name_words_update on users`.execute(db);
  await sql`create trigger users_name_words_update after update on users referencing old table as old_rows new table as new_rows
    for each statement execute function person_name_words_collect_renamed()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger users_name_words_update on users`.execute(db);
  await sql`create trigger users_name_words_update after update on users referencing new table as changed_users
    for each statement execute function person_name_words_collect()`.execute(db);
  await sql`drop function person_name_words_collect_renamed()`.execute(db);
}

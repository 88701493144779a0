// Triggers whose cost grew with the data (found by the 50,000-member campaign test, whose setup of
// 500 organizations with 100 contacts each took five minutes, each batch slower than the last):
//
// 1. The privilege counter (0018) was a row trigger: inserting 100 contacts ran 100 updates of
//    `users`, each firing the users' statement triggers (the directory's name index, the lexicon of
//    name words). Inserts and deletes of seats and roles now bump the accounts once per statement,
//    from the transition table; updates keep the row trigger (and its WHEN on organization_contacts).
//    The bulk loaders leave the insert triggers out by name as before (PRIVILEGE_TRIGGERS).
// 2. `directory_name_index_refresh` (0040) was a SQL function, planned again at every call, and
//    called with an empty list whenever an update changed nothing the index holds (every privilege
//    bump). It now returns at once on an empty list, and as PL/pgSQL its statements are planned
//    once per session.
import { type Kysely, sql } from 'kysely';

/** 0040's rows of the index for the people `ids`. */
const INDEX_ROWS = `
  select w.word, u.name, u.id, p.employer_state, x.words, coalesce(p.expertise, '{}')
  from users u
  left join member_profiles p on p.user_id = u.id
  cross join lateral (select array(select distinct t from unnest(directory_name_words(u.name)) t where t <> '' order by 1) as words) x
  cross join lateral unnest(array_append(x.words, '')) as w(word)
  where u.id = any(ids) and u.disabled_at is null and coalesce(p.listed, true)
    and exists (select 1 from individual_memberships im where im.user_id = u.id and im.status = 'active')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function users_privileges_changed_rows() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update users set privileges_version = privileges_version + 1 where id = any(array(select distinct user_id from new_rows));
      else
        update users set privileges_version = privileges_version + 1 where id = any(array(select distinct user_id from old_rows));
      end if;
      return null;
    end $$`.execute(db);
  await sql`drop trigger organization_contacts_privileges_change on organization_contacts`.execute(db);
  await sql`drop trigger user_roles_privileges on user_roles`.execute(db);
  for (const table of ['organization_contacts', 'user_roles']) {
    await sql
      .raw(
        `create trigger ${table}_privileges_insert after insert on ${table} referencing new table as new_rows for each statement execute function users_privileges_changed_rows()`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_privileges_delete after delete on ${table} referencing old table as old_rows for each statement execute function users_privileges_changed_rows()`,
      )
      .execute(db);
  }
  await sql`create trigger user_roles_privileges_update after update on user_roles for each row execute function users_privileges_changed()`.execute(db);
  await sql
    .raw(`
    create or replace function directory_name_index_refresh(ids uuid[]) returns void language plpgsql as $$
    begin
      if coalesce(cardinality(ids), 0) = 0 then return; end if;
      delete from directory_name_index where user_id = any(ids);
      insert into directory_name_index (word, name, user_id, state, words, expertise) ${INDEX_ROWS};
    end $$`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    create or replace function directory_name_index_refresh(ids uuid[]) returns void language sql as $$
      delete from directory_name_index where user_id = any(ids);
      insert into directory_name_index (word, name, user_id, state, words, expertise) ${INDEX_ROWS};
    $$`)
    .execute(db);
  await sql`drop trigger user_roles_privileges_update on user_roles`.execute(db);
  for (const table of ['organization_contacts', 'user_roles']) {
    await sql.raw(`drop trigger ${table}_privileges_insert on ${table}`).execute(db);
    await sql.raw(`drop trigger ${table}_privileges_delete on ${table}`).execute(db);
  }
  await sql`create trigger user_roles_privileges after insert or delete or update on user_roles for each row execute function users_privileges_changed()`.execute(db);
  await sql`create trigger organization_contacts_privileges_change after insert or delete on organization_contacts for each row execute function users_privileges_changed()`.execute(
    db,
  );
  await sql`drop function users_privileges_changed_rows()`.execute(db);
}

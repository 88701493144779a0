// Session ids are rotated when an account's privileges change (SECURITY.md): every change to its
// global roles or to its organization seats counts one more version of its privileges, and a
// session made under an older version gets a new id at its next request (accounts/sessions.ts).
// A counter rather than a time, so that no clock needs to agree with the database's.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column privileges_version integer not null default 0`.execute(db);
  await sql`alter table sessions add column privileges_version integer not null default 0`.execute(db);
  await sql`
    create function users_privileges_changed() returns trigger language plpgsql as $$
    begin
      update users set privileges_version = privileges_version + 1
      where id in (select (case when tg_op = 'DELETE' then old.user_id else new.user_id end)
                   union select (case when tg_op = 'UPDATE' then old.user_id end));
      return null;
    end $$`.execute(db);
  await sql`create trigger user_roles_privileges after insert or delete or update on user_roles for each row execute function users_privileges_changed()`.execute(db);
  await sql`create trigger organization_contacts_privileges_change after insert or delete on organization_contacts for each row execute function users_privileges_changed()`.execute(
    db,
  );
  await sql`
    create trigger organization_contacts_privileges_role after update on organization_contacts for each row
    when (old.role is distinct from new.role or old.user_id is distinct from new.user_id or old.organization_id is distinct from new.organization_id)
    execute function users_privileges_changed()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger organization_contacts_privileges_role on organization_contacts`.execute(db);
  await sql`drop trigger organization_contacts_privileges_change on organization_contacts`.execute(db);
  await sql`drop trigger user_roles_privileges on user_roles`.execute(db);
  await sql`drop function users_privileges_changed()`.execute(db);
  await sql`alter table sessions drop column privileges_version`.execute(db);
  await sql`alter table users drop column privileges_version`.execute(db);
}

// An audit entry keeps the id of the account that made it when that account is deleted. The
// foreign key set it to null on delete, and an entry with no actor reads "The system": a change a
// person made was then shown as made by Civnet itself. Without the key the id stays, nothing finds
// the account any more, and the entry reads "A deleted account" (audit log page, API, CSV, and an
// organization's timeline). Entries whose actor an earlier deletion already cleared cannot be told
// apart from the system's and stay as they are.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log drop constraint if exists audit_log_actor_user_id_fkey`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // ids of deleted accounts cannot be kept under the key again: they go back to null first
  await sql`update audit_log set actor_user_id = null where actor_user_id is not null and not exists (select 1 from users where users.id = audit_log.actor_user_id)`.execute(db);
  await sql`alter table audit_log add constraint audit_log_actor_user_id_fkey foreign key (actor_user_id) references users(id) on delete set null`.execute(db);
}

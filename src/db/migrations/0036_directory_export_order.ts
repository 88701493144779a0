// The order of the staff's Who's Who export: (name, id), so each batch of the streamed export is
// an index range scan after the last row of the one before, with a million people as with ten.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index users_name_order on users (name, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index users_name_order`.execute(db);
}

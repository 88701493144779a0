// Who cancelled a meeting (a contact of the organization or its advisor), so that a second press of
// Cancel, or the other side's, can say when and by whom it was cancelled. Meetings cancelled
// before this keep a null: the page then says when only.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table meetings add column cancelled_by uuid references users(id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table meetings drop column cancelled_by`.execute(db);
}

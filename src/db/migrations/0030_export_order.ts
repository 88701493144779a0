// The order in which streamed exports read invoices and payments: (created_at, id), so each batch
// of an export is an index range scan after the last row of the one before, however large.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index invoices_created_order on invoices (created_at, id)`.execute(db);
  await sql`create index payments_created_order on payments (created_at, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index payments_created_order`.execute(db);
  await sql`drop index invoices_created_order`.execute(db);
}

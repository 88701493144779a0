// Renewals at national scale (issue 15): the lapse stage walks active memberships past term end
// and grace by (term_end, id), through a partial index on the active ones. Keyed by id alone it
// read the whole primary key of individual_memberships (a million rows, 6–8 s) on every run to
// find none. (0038's *_renewable indexes leave flagged memberships out; those lapse too.)
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index memberships_active_term on memberships (term_end, id) where status = 'active'`.execute(db);
  await sql`create index individual_memberships_active_term on individual_memberships (term_end, id) where status = 'active'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index individual_memberships_active_term`.execute(db);
  await sql`drop index memberships_active_term`.execute(db);
}

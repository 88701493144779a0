// Communications staff's list of withdrawn postings (/staff/jobs?status=withdrawn) pages by keyset
// on (withdrawn_at desc, id desc) among withdrawn postings: a partial index in that order lets each
// page read its 51 rows from the cursor on, instead of sorting every withdrawn posting per page.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index job_postings_withdrawn on job_postings (withdrawn_at desc, id desc) where status = 'withdrawn'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index job_postings_withdrawn`.execute(db);
}

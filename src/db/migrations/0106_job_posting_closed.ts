// An employer closes their own posting early (the job is filled): a `closed` status with the day it
// was closed. A closed posting leaves the search and the alerts like an expired one, and its page
// says it was closed; its employer may reopen it until the listing would have expired anyway.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table job_postings add column closed_at timestamptz`.execute(db);
  await sql`alter table job_postings drop constraint job_postings_status_check`.execute(db);
  await sql`alter table job_postings add constraint job_postings_status_check
    check (status in ('awaiting_payment', 'in_review', 'changes_requested', 'published', 'rejected', 'closed'))`.execute(db);
  await sql`alter table job_postings add constraint job_postings_closed_check
    check ((status = 'closed') = (closed_at is not null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update job_postings set status = 'published', closed_at = null where status = 'closed'`.execute(db);
  await sql`alter table job_postings drop constraint job_postings_closed_check`.execute(db);
  await sql`alter table job_postings drop constraint job_postings_status_check`.execute(db);
  await sql`alter table job_postings add constraint job_postings_status_check
    check (status in ('awaiting_payment', 'in_review', 'changes_requested', 'published', 'rejected'))`.execute(db);
  await sql`alter table job_postings drop column closed_at`.execute(db);
}

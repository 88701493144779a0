// An employer withdraws their own posting before it is published (waiting for payment, for review,
// or with changes asked): a `withdrawn` status with the moment it was withdrawn. A withdrawn posting
// is never published; its unpaid fee invoice is voided (billing keeps its number).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table job_postings add column withdrawn_at timestamptz`.execute(db);
  await sql`alter table job_postings drop constraint job_postings_status_check`.execute(db);
  await sql`alter table job_postings add constraint job_postings_status_check
    check (status in ('awaiting_payment', 'in_review', 'changes_requested', 'published', 'rejected', 'closed', 'withdrawn'))`.execute(db);
  await sql`alter table job_postings add constraint job_postings_withdrawn_check
    check ((status = 'withdrawn') = (withdrawn_at is not null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // before 0110 a posting could not be withdrawn: the nearest state is rejected, with the reason kept
  await sql`update job_postings set status = 'rejected', review_message = coalesce(review_message, 'Withdrawn by the employer.'), withdrawn_at = null
    where status = 'withdrawn'`.execute(db);
  await sql`alter table job_postings drop constraint job_postings_withdrawn_check`.execute(db);
  await sql`alter table job_postings drop constraint job_postings_status_check`.execute(db);
  await sql`alter table job_postings add constraint job_postings_status_check
    check (status in ('awaiting_payment', 'in_review', 'changes_requested', 'published', 'rejected', 'closed'))`.execute(db);
  await sql`alter table job_postings drop column withdrawn_at`.execute(db);
}

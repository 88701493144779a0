// Renewal runs (issue 13, the renewals console): one row per run of billing's renewals, whoever
// started it (the daily job, `civnet renewals run`, or staff with "Run now"), with its counts and
// the rows it could not do and why. `request_key` is the console form's hidden key: the same form
// submitted twice starts one run.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table renewal_runs (
      id uuid primary key default gen_random_uuid(),
      run_for date not null,
      trigger text not null check (trigger in ('job', 'cli', 'console')),
      actor_user_id uuid references users(id),
      actor_label text not null default '',
      request_key text unique,
      started_at timestamptz not null,
      finished_at timestamptz,
      issued integer not null default 0,
      reminded integer not null default 0,
      lapsed integer not null default 0,
      skipped integer not null default 0,
      failures jsonb not null default '[]',
      error text
    )`.execute(db);
  // The history, newest first, paged by (started_at, id).
  await sql`create index renewal_runs_newest on renewal_runs (started_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table renewal_runs`.execute(db);
}

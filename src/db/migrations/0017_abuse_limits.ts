// Safe to deploy (issue 11), abuse limits that hold across processes and client addresses:
// sign-in is throttled per typed address, (a backoff after repeated failures, whether or not an
// account has it), and a pending second step allows five codes before sign-in starts again.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sign_in_throttle (
      email citext primary key check (length(email) <= 254),
      failures integer not null default 0,
      window_started_at timestamptz not null,
      locked_until timestamptz,
      locks integer not null default 0,
      owner_notified_at timestamptz
    )`.execute(db);
  await sql`alter table sessions add column mfa_failures integer not null default 0`.execute(db);
  // Mail sent to one address lately (the development mailbox's filter, "someone tried to join
  // with your address" at most hourly).
  await sql`create index outbox_to_recent_idx on outbox (to_address, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index outbox_to_recent_idx`.execute(db);
  await sql`alter table sessions drop column mfa_failures`.execute(db);
  await sql`drop table sign_in_throttle`.execute(db);
}

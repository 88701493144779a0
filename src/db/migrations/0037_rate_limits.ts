// Rate limits that hold across web processes (`civnet serve --workers N`): @fastify/rate-limit's
// counters live in this table on PostgreSQL (src/lib/rate-limit-store.ts). Unlogged: a counter
// lost in a crash only gives a client a fresh window, and it spares the WAL a write per request.
// Rows past their window are deleted by the store itself (at most once a minute per process).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unlogged table rate_limit_hits (
      key text primary key,
      hits integer not null,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index rate_limit_hits_expiry on rate_limit_hits (expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table rate_limit_hits`.execute(db);
}

// A delivery's attempts are listed in the order they were made. Two attempts recorded in the same
// instant (a staff "Send again" beside the dispatcher's retry, or a coarse clock) tied on
// attempted_at, and their random ids put them in either order: `seq`, numbered as they are
// inserted, breaks the tie. Existing attempts are numbered in the order they are read.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_attempts add column seq bigint generated always as identity`.execute(db);
  await sql`drop index webhook_attempts_delivery`.execute(db);
  await sql`create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempted_at, seq)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index webhook_attempts_delivery`.execute(db);
  await sql`alter table webhook_attempts drop column seq`.execute(db);
  await sql`create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempted_at)`.execute(db);
}

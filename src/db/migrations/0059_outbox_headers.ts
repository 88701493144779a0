// Message headers (issue 19): a newsletter or group email carries `List-Unsubscribe` and
// `List-Unsubscribe-Post` (RFC 8058), and a bulk send says `Precedence: bulk`. The outbox keeps
// them beside the message, so a retry sends the same headers the first attempt would have.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table outbox add column headers jsonb not null default '{}'::jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table outbox drop column headers`.execute(db);
}

// Webhooks (issue 21, P7): rotating an endpoint's signing secret. The secret it replaces stays
// valid until `previous_secret_until` (24 hours): meanwhile each request carries two signatures,
// space-separated in webhook-signature as the Standard Webhooks specification allows, so a
// receiver that still has the old secret keeps verifying while it is updated.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_endpoints
    add column previous_secret text check (previous_secret like 'whsec_%'),
    add column previous_secret_until timestamptz,
    add column secret_rotated_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_endpoints drop column previous_secret, drop column previous_secret_until, drop column secret_rotated_at`.execute(db);
}

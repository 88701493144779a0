// Who or what made each attempt of a webhook delivery: the schedule (the first try and its
// retries), the test button, or the Resend button, with the staff member who pressed a button.
// `manual` alone could not tell a resend of a test delivery from the test itself, nor say who.
// Existing attempts: a test delivery's first manual attempt was the test button's, any other manual
// one a resend; who pressed them was not kept (null: the page says so).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_attempts add column source text not null default 'schedule' check (source in ('schedule', 'test', 'resend'))`.execute(db);
  await sql`alter table webhook_attempts add column sent_by uuid references users(id) on delete set null`.execute(db);
  await sql`update webhook_attempts set source = 'resend' where manual`.execute(db);
  await sql`
    update webhook_attempts a set source = 'test'
    where a.id in (
      select distinct on (a2.delivery_id) a2.id
      from webhook_attempts a2
      join webhook_deliveries d on d.id = a2.delivery_id
      join webhook_messages m on m.id = d.message_id
      where a2.manual and m.event_type = 'webhook.test'
      order by a2.delivery_id, a2.attempted_at, a2.seq
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_attempts drop column sent_by`.execute(db);
  await sql`alter table webhook_attempts drop column source`.execute(db);
}

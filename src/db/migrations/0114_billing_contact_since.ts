// Who an organization's invoices go to (O7, O9): the contact its administrators mark with the
// Billing duty on its page, when they marked them after the latest invoice was addressed. The
// moment the duty was given is kept here; null for a contact who had it before this column (their
// seat's created_at stands for it), and cleared when the duty is taken away.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organization_contacts add column billing_since timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organization_contacts drop column billing_since`.execute(db);
}

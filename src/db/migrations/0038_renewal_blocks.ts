// Renewals at national scale (issue 15): a membership whose renewal cannot be priced (an
// individual's salary-based level with no salary, an organization with no population or dues
// "by arrangement") is flagged once with why, and the run's keyset batches walk only the
// memberships that can still be renewed: active, not flagged, by (term_end, id), through a
// partial index on exactly that condition. Staff see the flagged ones on the renewals console;
// the flag is cleared when the missing input is entered or the membership is renewed.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['memberships', 'individual_memberships']) {
    await sql`alter table ${sql.table(table)} add column renewal_blocked_reason text, add column renewal_blocked_at timestamptz`.execute(db);
  }
  await sql`create index memberships_renewable on memberships (term_end, id) where status = 'active' and renewal_blocked_at is null`.execute(db);
  await sql`create index memberships_renewal_blocked on memberships (renewal_blocked_at, id) where renewal_blocked_at is not null`.execute(db);
  await sql`create index individual_memberships_renewable on individual_memberships (term_end, id) where status = 'active' and renewal_blocked_at is null`.execute(db);
  await sql`create index individual_memberships_renewal_blocked on individual_memberships (renewal_blocked_at, id) where renewal_blocked_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index individual_memberships_renewal_blocked`.execute(db);
  await sql`drop index individual_memberships_renewable`.execute(db);
  await sql`drop index memberships_renewal_blocked`.execute(db);
  await sql`drop index memberships_renewable`.execute(db);
  for (const table of ['memberships', 'individual_memberships']) {
    await sql`alter table ${sql.table(table)} drop column renewal_blocked_reason, drop column renewal_blocked_at`.execute(db);
  }
}

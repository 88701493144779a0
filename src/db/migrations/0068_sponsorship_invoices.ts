// A sponsor is a company, usually not a member: neither a Civnet organization nor an account. Its
// invoice (purpose 'sponsorship') is addressed by its bill-to name and email alone, which billing's
// lists, ageing and public invoice page already fall back on. Every other invoice still needs an
// organization or a person.
import { type Kysely, sql } from 'kysely';

const dropPayerCheck = sql`
  do $$ declare c text; begin
    select conname into c from pg_constraint
      where conrelid = 'invoices'::regclass and contype = 'c'
        and pg_get_constraintdef(oid) like '%organization_id IS NOT NULL%user_id IS NOT NULL%';
    if c is not null then execute format('alter table invoices drop constraint %I', c); end if;
  end $$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await dropPayerCheck.execute(db);
  await sql`alter table invoices add constraint invoices_payer_check check (
    organization_id is not null or user_id is not null or (purpose = 'sponsorship' and bill_to_name <> '' and bill_to_email <> ''))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table invoices drop constraint invoices_payer_check`.execute(db);
  await sql`alter table invoices add check (organization_id is not null or user_id is not null)`.execute(db);
}

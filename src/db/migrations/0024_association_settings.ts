// Association settings complete enough to run an association (issue 13): the brand colour, the
// logo and the W-9 (files kept in `association_files`, the current one referenced from the
// association's row), remittance details for checks and ACH printed on invoices, the default
// advisor (advising falls back on it when nobody covers a state) and the email signature.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table association_files (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('logo', 'w9')),
      filename text not null check (length(filename) between 1 and 200),
      content_type text not null check (content_type in ('image/png', 'image/jpeg', 'application/pdf')),
      size_bytes integer not null check (size_bytes > 0),
      content bytea not null,
      uploaded_by uuid references users(id) on delete set null,
      uploaded_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    alter table association
      add column brand_colour text check (brand_colour ~ '^#[0-9a-f]{6}$'),
      add column logo_file_id uuid references association_files(id),
      add column w9_file_id uuid references association_files(id),
      add column w9_attach_to_invoices boolean not null default false,
      add column remit_check_payee text not null default '',
      add column remit_check_address text not null default '',
      add column remit_ach_bank text not null default '',
      add column remit_ach_routing text not null default '' check (remit_ach_routing ~ '^([0-9]{9})?$'),
      add column remit_ach_account text not null default '' check (remit_ach_account ~ '^([0-9]{4,17})?$'),
      add column default_advisor_user_id uuid references users(id) on delete set null,
      add column email_signature text not null default ''`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table association
      drop column brand_colour, drop column logo_file_id, drop column w9_file_id, drop column w9_attach_to_invoices,
      drop column remit_check_payee, drop column remit_check_address, drop column remit_ach_bank,
      drop column remit_ach_routing, drop column remit_ach_account, drop column default_advisor_user_id,
      drop column email_signature`.execute(db);
  await sql`drop table association_files`.execute(db);
}

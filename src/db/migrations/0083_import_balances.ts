// Import (issue 21, P5): opening balances, a fifth kind. An imported invoice keeps the old system's
// number (`external_number`, unique per source in `external_source`) and takes no Civnet number:
// `number`, `year`, `seq` stay null, so the gapless per-year numbering (invoice_counters) is
// untouched. The guard "a number exactly when not a draft" becomes "a Civnet number exactly when
// neither a draft nor imported".
import { type Kysely, sql } from 'kysely';

const setKinds = async (db: Kysely<unknown>, kinds: string) => {
  for (const t of ['import_mappings', 'import_uploads', 'import_keys']) {
    await sql.raw(`alter table ${t} drop constraint ${t}_kind_check`).execute(db);
    await sql.raw(`alter table ${t} add constraint ${t}_kind_check check (kind in (${kinds}))`).execute(db);
  }
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await setKinds(db, `'organizations', 'contacts', 'individuals', 'terms', 'balances'`);
  await sql`alter table invoices add column external_number text, add column external_source text`.execute(db);
  await sql`
    do $$ declare c text; begin
      select conname into c from pg_constraint
        where conrelid = 'invoices'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%(number IS NULL) = (status = ''draft''%';
      if c is not null then execute format('alter table invoices drop constraint %I', c); end if;
    end $$`.execute(db);
  await sql`alter table invoices add constraint invoices_number_check check (
    (number is null) = (status = 'draft' or external_number is not null)
    and (external_number is null) = (external_source is null))`.execute(db);
  await sql`create unique index invoices_external_number on invoices (external_source, external_number) where external_number is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from import_keys where kind = 'balances'`.execute(db);
  await sql`delete from import_mappings where kind = 'balances'`.execute(db);
  await sql`delete from import_uploads where kind = 'balances'`.execute(db);
  await sql`delete from payments where invoice_id in (select id from invoices where external_number is not null)`.execute(db);
  await sql`delete from invoice_lines where invoice_id in (select id from invoices where external_number is not null)`.execute(db);
  await sql`delete from invoices where external_number is not null`.execute(db);
  await sql`alter table invoices drop constraint invoices_number_check`.execute(db);
  await sql`alter table invoices add check ((number is null) = (status = 'draft'))`.execute(db);
  await sql`alter table invoices drop column external_number, drop column external_source`.execute(db);
  await setKinds(db, `'organizations', 'contacts', 'individuals', 'terms'`);
}

// A sponsor's billing address (street lines, city, state, ZIP code), asked on the application and
// printed in its invoice's "Bill to". Applications sent before keep empty values: their invoices
// went out without an address, and partnerships staff may add one on the application's page.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sponsorship_applications
    add column address_line1 text not null default '',
    add column address_line2 text not null default '',
    add column city text not null default '',
    add column state text not null default '',
    add column zip text not null default ''`.execute(db);
  await sql`alter table sponsorship_applications add constraint sponsorship_applications_zip_check
    check (zip = '' or zip ~ '^[0-9]{5}(-[0-9]{4})?$')`.execute(db);
  await sql`alter table sponsorship_applications add constraint sponsorship_applications_state_check
    check (state = '' or state ~ '^[A-Z]{2}$')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sponsorship_applications
    drop constraint sponsorship_applications_state_check,
    drop constraint sponsorship_applications_zip_check,
    drop column zip,
    drop column state,
    drop column city,
    drop column address_line2,
    drop column address_line1`.execute(db);
}

// Staff records (P10): notes staff keep about an organization. Staff-only: no member-facing page,
// API answer or export reads this table (the records module's README says so, and its test checks).
// The organizations list searches names with the trigram index organizations_name_trgm (0001).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table staff_notes (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      author_user_id uuid references users(id),
      body text not null check (length(body) between 1 and 5000),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index staff_notes_organization on staff_notes (organization_id, created_at desc)`.execute(db);
  // Keyset paging of the organizations list by name: (name, id).
  await sql`create index organizations_name_id on organizations (name, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index organizations_name_id`.execute(db);
  await sql`drop table staff_notes`.execute(db);
}

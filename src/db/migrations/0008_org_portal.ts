// organization home: see src/modules/portal/README.md. Contact duties (elected official, staff,
// billing) and titles on organization contacts; login requests (O8).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table organization_contacts
      add column title text not null default '',
      add column phone text not null default '',
      add column duties text[] not null default '{}' check (duties <@ array['elected','staff','billing']::text[])`.execute(db);
  await sql`
    create table login_requests (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      email citext not null check (length(email) <= 254),
      title text not null default '',
      organization_name text not null,
      organization_id uuid references organizations(id) on delete cascade,
      domain_matches boolean not null default false,
      status text not null default 'pending' check (status in ('pending','approved','declined')),
      created_at timestamptz not null default now(),
      decided_at timestamptz,
      decided_by uuid references users(id),
      decision_note text,
      user_id uuid references users(id)
    )`.execute(db);
  await sql`create index login_requests_org_idx on login_requests(organization_id, status)`.execute(db);
  // One open request per email and organization: asking twice does not pile up.
  await sql`create unique index login_requests_one_pending on login_requests(organization_id, email) where status = 'pending'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists login_requests`.execute(db);
  await sql`alter table organization_contacts drop column duties, drop column phone, drop column title`.execute(db);
}

// Commitments (issue 20, O15): public commitments that staff publish (the Resilient Communities for
// America Agreement, a Climate Emergency Declaration) and the signatures of the governments that
// sign them. A withdrawn signature stays (who, when, why); only one signature of an organization
// per commitment stands at a time.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table commitments (
    id uuid primary key default gen_random_uuid(),
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 100),
    title text not null check (length(btrim(title)) between 1 and 200),
    body text not null check (length(body) <= 100000),
    launched_on date not null,
    signers text not null check (signers in ('members', 'governments', 'elected')),
    open boolean not null default true,
    created_by uuid references users(id),
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create table commitment_signatures (
    id uuid primary key default gen_random_uuid(),
    commitment_id uuid not null references commitments(id) on delete cascade,
    organization_id uuid not null references organizations(id),
    signed_by uuid references users(id),
    signer_name text not null check (length(btrim(signer_name)) between 1 and 200),
    signer_title text not null check (length(btrim(signer_title)) between 1 and 200),
    signed_at timestamptz not null,
    withdrawn_at timestamptz,
    withdrawn_by uuid references users(id),
    withdrawal_reason text check (withdrawal_reason is null or length(withdrawal_reason) <= 2000),
    check ((withdrawn_at is null) = (withdrawal_reason is null))
  )`.execute(db);
  // One standing signature per organization and commitment; withdrawn ones are history.
  await sql`create unique index commitment_signatures_standing on commitment_signatures (commitment_id, organization_id) where withdrawn_at is null`.execute(db);
  await sql`create index commitment_signatures_organization on commitment_signatures (organization_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table commitment_signatures`.execute(db);
  await sql`drop table commitments`.execute(db);
}

// network: see src/modules/network/README.md. Pathways (O11), the organizations' chosen
// pathways, the opt-out of the public listing, and indexes for the network filters.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table pathways (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name text not null check (length(name) between 1 and 100),
      description text not null default '',
      position integer not null default 0,
      archived_at timestamptz
    )`.execute(db);
  await sql`
    create table organization_pathways (
      organization_id uuid not null references organizations(id) on delete cascade,
      pathway_id uuid not null references pathways(id) on delete cascade,
      primary key (organization_id, pathway_id)
    )`.execute(db);
  await sql`create index organization_pathways_pathway_idx on organization_pathways(pathway_id)`.execute(db);
  await sql`alter table organizations add column listed boolean not null default true`.execute(db);
  await sql`create index organizations_status_state_idx on organizations(status, state)`.execute(db);
  await sql`create index organizations_entity_type_idx on organizations(entity_type)`.execute(db);
  await sql`create index organizations_population_idx on organizations(population)`.execute(db);
  // The public listing's keyset order.
  await sql`create index organizations_listing_idx on organizations(state, name, id) where listed`.execute(db);
  // "Is this organization a current member": memberships by organization and status.
  await sql`create index memberships_org_status_idx on memberships(organization_id, status)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists memberships_org_status_idx`.execute(db);
  await sql`drop index if exists organizations_listing_idx`.execute(db);
  await sql`drop index if exists organizations_population_idx`.execute(db);
  await sql`drop index if exists organizations_entity_type_idx`.execute(db);
  await sql`drop index if exists organizations_status_state_idx`.execute(db);
  await sql`alter table organizations drop column listed`.execute(db);
  await sql`drop table organization_pathways`.execute(db);
  await sql`drop table pathways`.execute(db);
}

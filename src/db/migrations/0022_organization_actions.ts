// Actions on an organization's record (issue 13): memberships can be suspended or cancelled by
// membership staff with a reason (and reinstated); a duplicate organization can be merged into
// another (it keeps its row, marked merged, so that old links redirect to the survivor); an
// organization may then hold the applications of both (the unique index on
// applications.organization_id becomes a plain one). See src/modules/records/README.md.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organizations drop constraint organizations_status_check`.execute(db);
  await sql`
    alter table organizations
      add constraint organizations_status_check check (status in ('prospect','pending','active','lapsed','suspended','cancelled','ended')),
      add column merged_into_id uuid references organizations(id),
      add column merged_at timestamptz,
      add constraint organizations_merged_check check ((merged_into_id is null) = (merged_at is null) and merged_into_id is distinct from id)`.execute(db);
  await sql`create index organizations_merged_into_idx on organizations(merged_into_id) where merged_into_id is not null`.execute(db);

  await sql`alter table memberships drop constraint memberships_status_check`.execute(db);
  await sql`
    alter table memberships
      add constraint memberships_status_check check (status in ('pending','active','lapsed','suspended','cancelled','ended')),
      add column status_reason text,
      add column status_changed_at timestamptz`.execute(db);

  await sql`alter table applications drop constraint applications_organization_id_key`.execute(db);
  await sql`create index applications_organization_idx on applications(organization_id) where organization_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index applications_organization_idx`.execute(db);
  await sql`alter table applications add constraint applications_organization_id_key unique (organization_id)`.execute(db);
  await sql`alter table memberships drop column status_changed_at, drop column status_reason, drop constraint memberships_status_check`.execute(db);
  await sql`alter table memberships add constraint memberships_status_check check (status in ('pending','active','lapsed','ended'))`.execute(db);
  await sql`drop index organizations_merged_into_idx`.execute(db);
  await sql`alter table organizations drop constraint organizations_merged_check, drop column merged_at, drop column merged_into_id, drop constraint organizations_status_check`.execute(
    db,
  );
  await sql`alter table organizations add constraint organizations_status_check check (status in ('prospect','pending','active','lapsed','ended'))`.execute(db);
}

// Demo and generated data of organizations: the only place seeds write organizations,
// memberships and organization contacts. The demo seed calls the transactional functions inside
// its one transaction; `civnet seed --scale` loads its rows with the bulk ones.
import type { Insertable, Transaction, Updateable } from 'kysely';
import { type BulkColumn, type InsertOptions, insertRows } from '../../db/bulk.js';
import type { Database } from '../../db/client.js';
import type { ContactDuty, DB, EntityType, MembershipsTable, OrganizationContactsTable, OrganizationsTable, OrgRole } from '../../db/types.js';

/** Inserts organizations; returns each one's id and status by slug. */
export async function seedOrganizations(
  trx: Transaction<DB>,
  rows: Array<Insertable<OrganizationsTable>>,
): Promise<Map<string, { id: string; status: OrganizationsTable['status'] }>> {
  const out = new Map<string, { id: string; status: OrganizationsTable['status'] }>();
  for (const values of rows) {
    const row = await trx.insertInto('organizations').values(values).returning(['id', 'slug', 'status']).executeTakeFirstOrThrow();
    out.set(row.slug, { id: row.id, status: row.status });
  }
  return out;
}

/** Demo details of an organization: where it is, whether it is listed, its time zone, when it was added. */
export async function seedOrganizationDetails(
  trx: Transaction<DB>,
  organizationId: string,
  details: Pick<Updateable<OrganizationsTable>, 'latitude' | 'longitude' | 'listed' | 'place_source' | 'time_zone' | 'created_at'>,
): Promise<void> {
  await trx.updateTable('organizations').set(details).where('id', '=', organizationId).execute();
}

/** The organization's website, unless it already has one. */
export async function seedWebsite(trx: Transaction<DB>, organizationId: string, website: string): Promise<void> {
  await trx.updateTable('organizations').set({ website }).where('id', '=', organizationId).where('website', '=', '').execute();
}

export async function seedContacts(trx: Transaction<DB>, rows: Array<{ organizationId: string; userId: string; role: OrgRole }>): Promise<void> {
  for (const r of rows) await trx.insertInto('organization_contacts').values({ organization_id: r.organizationId, user_id: r.userId, role: r.role }).execute();
}

/** A contact's title, phone and duties. */
export async function seedContactDetails(
  trx: Transaction<DB>,
  organizationId: string,
  userId: string,
  details: { title: string; phone: string; duties: ContactDuty[] },
): Promise<void> {
  await trx.updateTable('organization_contacts').set(details).where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
}

export async function seedMembership(trx: Transaction<DB>, values: Insertable<MembershipsTable>): Promise<void> {
  await trx.insertInto('memberships').values(values).execute();
}

// ---------------------------------------------------------------------------------------------
// Bulk loading (`civnet seed --scale`). Timestamps are ISO strings.

export interface BulkOrganization {
  id: string;
  slug: string;
  name: string;
  entity_type: EntityType;
  state: string;
  population: number;
  status: OrganizationsTable['status'];
  created_at: string;
  website: string;
  latitude: number;
  longitude: number;
  place_source: string | null;
  population_source: string;
  population_year: number | null;
  billing_address: string;
  po_required: boolean;
  po_number: string | null;
  email_domain: string;
}

const ORGANIZATION_COLUMNS: Array<BulkColumn<BulkOrganization>> = [
  ['id', 'uuid'],
  ['slug', 'text'],
  ['name', 'text'],
  ['entity_type', 'text'],
  ['state', 'text'],
  ['population', 'int4'],
  ['status', 'text'],
  ['created_at', 'timestamptz'],
  ['website', 'text'],
  ['latitude', 'float8'],
  ['longitude', 'float8'],
  ['place_source', 'text'],
  ['population_source', 'text'],
  ['population_year', 'int4'],
  ['billing_address', 'text'],
  ['po_required', 'bool'],
  ['po_number', 'text'],
  ['email_domain', 'text'],
];

export async function bulkInsertOrganizations(database: Database, rows: BulkOrganization[], batch: number): Promise<void> {
  await insertRows(database, 'organizations', ORGANIZATION_COLUMNS, rows, batch);
}

export interface BulkContact {
  organization_id: string;
  user_id: string;
  role: OrganizationContactsTable['role'];
  created_at: string;
}

/** `opts.withoutTriggers`: the caller leaves out triggers it does the work of (see bulk.ts). */
export async function bulkInsertContacts(database: Database, rows: BulkContact[], batch: number, opts: InsertOptions = {}): Promise<void> {
  const columns: Array<BulkColumn<BulkContact>> = [
    ['organization_id', 'uuid'],
    ['user_id', 'uuid'],
    ['role', 'text'],
    ['created_at', 'timestamptz'],
  ];
  await insertRows(database, 'organization_contacts', columns, rows, batch, opts);
}

export interface BulkMembership {
  id: string;
  organization_id: string;
  status: MembershipsTable['status'];
  term_start: string;
  term_end: string;
  created_at: string;
  activated_at: string;
  lapsed_at: string | null;
}

export async function bulkInsertMemberships(database: Database, rows: BulkMembership[], batch: number): Promise<void> {
  const columns: Array<BulkColumn<BulkMembership>> = [
    ['id', 'uuid'],
    ['organization_id', 'uuid'],
    ['status', 'text'],
    ['term_start', 'date'],
    ['term_end', 'date'],
    ['created_at', 'timestamptz'],
    ['activated_at', 'timestamptz'],
    ['lapsed_at', 'timestamptz'],
  ];
  await insertRows(database, 'memberships', columns, rows, batch);
}

/** Takes organizations off the public listing, `batch` a statement. */
export async function bulkUnlistOrganizations(database: Database, ids: string[], batch: number): Promise<void> {
  for (let i = 0; i < ids.length; i += batch) {
    await database.executor.executeSql('update organizations set listed = false where id = any($1::uuid[])', [ids.slice(i, i + batch)]);
  }
}

// Organizations' names by id, and by part of a name, in one query each: the audit log names the
// organizations (and memberships) its rows are about, and finds them by name.
import type { Db } from '../../db/client.js';
import { foldedContains } from '../../lib/search-text.js';
import { isUuid } from '../../lib/validators.js';

const uuids = (ids: readonly string[]) => [...new Set(ids)].filter((id) => isUuid(id));

/** organization id → name, for the ids that exist. */
export async function organizationNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = uuids(ids);
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** membership id → its organization's id and name. */
export async function membershipOrganizations(db: Db, ids: readonly string[]): Promise<Map<string, { organizationId: string; name: string }>> {
  const wanted = uuids(ids);
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['m.id', 'o.id as organizationId', 'o.name'])
    .where('m.id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, { organizationId: r.organizationId, name: r.name }]));
}

/** Ids of organizations whose name contains the text, and of their memberships (at most 200 organizations). */
export async function organizationIdsNamed(db: Db, text: string): Promise<string[]> {
  const orgs = await db.selectFrom('organizations').select('id').where(foldedContains('name', text)).limit(200).execute();
  if (orgs.length === 0) return [];
  const ids = orgs.map((o) => o.id);
  const memberships = await db.selectFrom('memberships').select('id').where('organization_id', 'in', ids).execute();
  return [...ids, ...memberships.map((m) => m.id)];
}

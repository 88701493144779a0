// What the portal's pages read of organizations' tables (organizations, memberships; shared and
// read-only) and of billing (through its index): the person's organizations, the membership
// summary and the public profile shown on the organization home.
import type { Db } from '../../db/client.js';
import { lookupIds, type RecordNamer } from '../../lib/record-names.js';
import { computeTermDues, type NextTermRenewal, nextTermRenewal } from '../billing/index.js';

/** These organizations' ids and names, by name. */
export async function organizationsByName(db: Db, ids: string[]): Promise<Array<{ id: string; name: string }>> {
  if (ids.length === 0) return [];
  return db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids).orderBy('name').orderBy('id').execute();
}

export async function organizationName(db: Db, id: string): Promise<string> {
  return (await db.selectFrom('organizations').select(['id', 'name']).where('id', '=', id).executeTakeFirstOrThrow()).name;
}

export async function organizationStatus(db: Db, id: string): Promise<string> {
  return (await db.selectFrom('organizations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

/** What the public network says of the organization (the profile section of its home). */
/** The organization's public listing, and whether it is a member now (only then is a listed one shown by name). */
export async function organizationListing(db: Db, id: string): Promise<{ name: string; website: string; listed: boolean; member: boolean }> {
  const o = await db
    .selectFrom('organizations as o')
    .select(['o.name', 'o.website', 'o.listed'])
    .select((eb) => eb.exists(eb.selectFrom('memberships as m').select('m.id').whereRef('m.organization_id', '=', 'o.id').where('m.status', '=', 'active')).as('member'))
    .where('o.id', '=', id)
    .executeTakeFirstOrThrow();
  return { ...o, member: Boolean(o.member) };
}

export interface MembershipSummary {
  status: string;
  termStart: string | null;
  termEnd: string | null;
  duesPaidCents: number;
  duesDueCents: number;
  /** the renewal invoice issued ahead for the next term, still owing (else null) */
  renewal: NextTermRenewal | null;
}

/** The latest membership and the dues of its current term (billing's rule): paid so far, and still due. */
export async function membershipSummary(db: Db, organizationId: string): Promise<MembershipSummary | null> {
  const m = await db
    .selectFrom('memberships')
    .select(['id', 'status', 'term_start', 'term_end'])
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    // imported terms are written in one statement and share created_at: the latest term, then the id
    .orderBy('term_start', (o) => o.desc().nullsFirst())
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!m) return null;
  const term = { membershipId: m.id, termEnd: m.term_end };
  const [dues, renewal] = await Promise.all([computeTermDues(db, term), nextTermRenewal(db, term)]);
  return { status: m.status, termStart: m.term_start, termEnd: m.term_end, duesPaidCents: dues.paidCents, duesDueCents: dues.dueCents, renewal };
}

/** login requests by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const loginRequestNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('login_requests').select(['id', 'name', 'organization_name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: `Login request of ${r.name} (${r.organization_name})`, href: '/staff/login-requests' }]));
};

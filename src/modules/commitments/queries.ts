// Commitments' reads: the public list with counts, one public commitment, its standing
// signatories (by state), the staff list and one commitment with its whole signature history,
// the seats a person may sign with, and what an organization has signed (its network page).
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import type { CommitmentSigners } from './shared.js';

const standingCount = (db: Db) =>
  db
    .selectFrom('commitment_signatures')
    .select(['commitment_id', sql<number>`count(*)::int`.as('n')])
    .where('withdrawn_at', 'is', null)
    .groupBy('commitment_id');

export interface PublicCommitment {
  id: string;
  slug: string;
  title: string;
  body: string;
  launched_on: string;
  signers: CommitmentSigners;
  open: boolean;
  signatories: number;
}

/** Commitments launched by `today`, newest launch first, with their standing signatures counted. */
export async function publicCommitments(db: Db, today: string): Promise<PublicCommitment[]> {
  return db
    .selectFrom('commitments as c')
    .leftJoin(standingCount(db).as('s'), 's.commitment_id', 'c.id')
    .select(['c.id', 'c.slug', 'c.title', 'c.body', 'c.launched_on', 'c.signers', 'c.open', sql<number>`coalesce(s.n, 0)::int`.as('signatories')])
    .where('c.launched_on', '<=', today)
    .orderBy('c.launched_on', 'desc')
    .orderBy('c.title')
    .limit(500)
    .execute();
}

/** One commitment, public once launched. */
export function publicCommitment(db: Db, slug: string, today: string) {
  return db
    .selectFrom('commitments')
    .select(['id', 'slug', 'title', 'body', 'launched_on', 'signers', 'open'])
    .where('slug', '=', slug)
    .where('launched_on', '<=', today)
    .executeTakeFirst();
}

export interface Signatory {
  organization: string;
  slug: string;
  state: string;
  latitude: number | null;
  longitude: number | null;
  signerName: string;
  signerTitle: string;
  signedOn: string;
  /** the organization's network page when it is listed and a current member */
  networkUrl: string | null;
}

/** The standing signatures of a commitment that may be named publicly (withdrawn ones left out, and
 * those of organizations not listed in the network's directory, which are only counted), by state
 * and name. */
export async function signatoriesOf(db: Db, commitmentId: string, state?: string): Promise<Signatory[]> {
  let q = db
    .selectFrom('commitment_signatures as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .select(['o.name', 'o.slug', 'o.state', 'o.latitude', 'o.longitude', 'o.listed', 'o.status', 's.signer_name', 's.signer_title', 's.signed_at'])
    .where('s.commitment_id', '=', commitmentId)
    .where('s.withdrawn_at', 'is', null)
    .where('o.listed', '=', true)
    .orderBy('o.state')
    .orderBy('o.name')
    .orderBy('s.id')
    .limit(5000);
  if (state) q = q.where('o.state', '=', state);
  const rows = await q.execute();
  return rows.map((r) => ({
    organization: r.name,
    slug: r.slug,
    state: r.state,
    latitude: r.latitude,
    longitude: r.longitude,
    signerName: r.signer_name,
    signerTitle: r.signer_title,
    signedOn: r.signed_at.toISOString().slice(0, 10),
    networkUrl: r.status === 'active' ? `/network/${r.slug}` : null,
  }));
}

/** Standing signatures per state, unlisted organizations' included (the map's shading, the
 * filter's counts and every total). */
export async function countsByState(db: Db, commitmentId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('commitment_signatures as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .select(['o.state', sql<number>`count(*)::int`.as('n')])
    .where('s.commitment_id', '=', commitmentId)
    .where('s.withdrawn_at', 'is', null)
    .groupBy('o.state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** Every commitment, for staff, with standing signatures counted. */
export function staffCommitments(db: Db) {
  return db
    .selectFrom('commitments as c')
    .leftJoin(standingCount(db).as('s'), 's.commitment_id', 'c.id')
    .select(['c.id', 'c.slug', 'c.title', 'c.launched_on', 'c.signers', 'c.open', sql<number>`coalesce(s.n, 0)::int`.as('signatories')])
    .orderBy('c.launched_on', 'desc')
    .orderBy('c.title')
    .limit(500)
    .execute();
}
export type StaffCommitmentRow = Awaited<ReturnType<typeof staffCommitments>>[number];

/** One commitment with every signature ever made, withdrawn ones included, for staff. */
export async function commitmentForStaff(db: Db, id: string) {
  const c = await db.selectFrom('commitments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) return undefined;
  const signatures = await db
    .selectFrom('commitment_signatures as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .leftJoin('users as u', 'u.id', 's.signed_by')
    .leftJoin('users as w', 'w.id', 's.withdrawn_by')
    .select([
      's.id',
      'o.name as organization',
      'o.state',
      's.signer_name',
      's.signer_title',
      's.signed_at',
      'u.name as signed_by_name',
      's.withdrawn_at',
      'w.name as withdrawn_by_name',
      's.withdrawal_reason',
    ])
    .where('s.commitment_id', '=', id)
    .orderBy('s.signed_at', 'desc')
    .orderBy('s.id')
    .limit(5000)
    .execute();
  return { ...c, signatures };
}
export type StaffCommitment = NonNullable<Awaited<ReturnType<typeof commitmentForStaff>>>;

export interface SigningSeat {
  organizationId: string;
  organizationName: string;
  /** the organization's membership status (a `members` commitment takes current members only) */
  status: string;
  admin: boolean;
  elected: boolean;
  title: string;
  /** the organization's standing signature of the commitment asked about, if any */
  signature: { id: string; signerName: string; signerTitle: string; signedOn: string } | null;
}

/** Every seat a person holds at an organization (any role: the page says who may sign and why
 * not), with the organization's standing signature of `commitmentId`, if any. */
export async function signingSeats(db: Db, userId: string, commitmentId: string): Promise<SigningSeat[]> {
  const rows = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .leftJoin('commitment_signatures as s', (j) => j.onRef('s.organization_id', '=', 'o.id').on('s.commitment_id', '=', commitmentId).on('s.withdrawn_at', 'is', null))
    .select(['o.id', 'o.name', 'o.status', 'c.role', 'c.duties', 'c.title', 's.id as signature_id', 's.signer_name', 's.signer_title', 's.signed_at'])
    .where('c.user_id', '=', userId)
    .where('o.merged_into_id', 'is', null)
    .orderBy('o.name')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    organizationId: r.id,
    organizationName: r.name,
    status: r.status,
    admin: r.role === 'admin',
    elected: r.duties.includes('elected'),
    title: r.title,
    signature:
      r.signature_id && r.signed_at
        ? { id: r.signature_id, signerName: r.signer_name ?? '', signerTitle: r.signer_title ?? '', signedOn: r.signed_at.toISOString().slice(0, 10) }
        : null,
  }));
}

/** The launched commitments an organization's signature stands on (its network page). */
export function signedBy(db: Db, organizationId: string, today: string) {
  return db
    .selectFrom('commitment_signatures as s')
    .innerJoin('commitments as c', 'c.id', 's.commitment_id')
    .select(['c.slug', 'c.title', 's.signed_at'])
    .where('s.organization_id', '=', organizationId)
    .where('s.withdrawn_at', 'is', null)
    .where('c.launched_on', '<=', today)
    .orderBy('s.signed_at', 'desc')
    .limit(50)
    .execute();
}

/** An organization's standing signature of a commitment, if any. */
export function standingSignature(db: Db, commitmentId: string, organizationId: string) {
  return db
    .selectFrom('commitment_signatures')
    .select('id')
    .where('commitment_id', '=', commitmentId)
    .where('organization_id', '=', organizationId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
}

/** Whether the person is a contact of the organization at all (any role). */
export async function isContactOf(db: Db, userId: string, organizationId: string): Promise<boolean> {
  const row = await db.selectFrom('organization_contacts').select('user_id').where('user_id', '=', userId).where('organization_id', '=', organizationId).executeTakeFirst();
  return row !== undefined;
}

/** commitments by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const commitmentNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('commitments').select(['id', 'title']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Commitment', r.title), href: `/staff/commitments/${r.id}` }]));
};

/** commitment signatures by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const commitmentSignatureNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('commitment_signatures as s')
    .innerJoin('commitments as c', 'c.id', 's.commitment_id')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .select(['s.id', 'o.name', 'c.id as commitment_id', 'c.title'])
    .where('s.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `Signature of ${r.name} on ${titled('commitment', r.title)}`, href: `/staff/commitments/${r.commitment_id}` }]));
};

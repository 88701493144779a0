// Partners' reads: the staff list and one relationship with its agreement, deliverables,
// contacts and timeline; the public list (only what may be shown); the network's affiliates.
import type { Db } from '../../db/client.js';
import type { NetworkAffiliate } from '../../deps.js';
import { AFFILIATE_KINDS, KIND_LABELS, type PartnerKind, type PartnerStatus, PUBLIC_STATUSES } from './shared.js';

export async function staffList(db: Db, filter: { status?: PartnerStatus; kind?: PartnerKind }) {
  let q = db
    .selectFrom('partner_relationships')
    .select(['id', 'kind', 'partner_name', 'status', 'status_changed_at', 'city', 'state', 'agreement_end', 'listed'])
    .orderBy('status_changed_at', 'desc')
    .orderBy('id')
    .limit(500);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  return q.execute();
}
export type StaffRow = Awaited<ReturnType<typeof staffList>>[number];

export async function relationshipById(db: Db, id: string) {
  const r = await db
    .selectFrom('partner_relationships as r')
    .leftJoin('organizations as o', 'o.id', 'r.organization_id')
    .selectAll('r')
    .select(['o.name as organization_name', 'o.slug as organization_slug'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!r) return undefined;
  const [file, deliverables, contacts, events] = await Promise.all([
    db.selectFrom('partner_agreement_files').select(['filename', 'size_bytes', 'uploaded_at']).where('relationship_id', '=', id).executeTakeFirst(),
    db.selectFrom('partner_deliverables').select(['id', 'title', 'due_on', 'done_at', 'reminded_at']).where('relationship_id', '=', id).orderBy('due_on').orderBy('id').execute(),
    db.selectFrom('partner_contacts').select(['id', 'name', 'email', 'phone', 'role']).where('relationship_id', '=', id).orderBy('created_at').execute(),
    db
      .selectFrom('partner_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_user_id')
      .select(['e.id', 'e.at', 'e.kind', 'e.from_status', 'e.to_status', 'e.text', 'u.name as actor_name'])
      .where('e.relationship_id', '=', id)
      .orderBy('e.at', 'desc')
      .orderBy('e.id')
      .execute(),
  ]);
  return { ...r, file: file ?? null, deliverables, contacts, events };
}
export type RelationshipDetail = NonNullable<Awaited<ReturnType<typeof relationshipById>>>;

export function agreementFile(db: Db, id: string) {
  return db.selectFrom('partner_agreement_files').select(['filename', 'content_type', 'size_bytes', 'content']).where('relationship_id', '=', id).executeTakeFirst();
}

export interface PublicPartner {
  name: string;
  kind: PartnerKind;
  kindLabel: string;
  city: string;
  state: string | null;
  website: string | null;
}

/** The public list: running agreements (active, renewal due) not opted out; nothing private. */
export async function publicPartners(db: Db): Promise<PublicPartner[]> {
  const rows = await db
    .selectFrom('partner_relationships as r')
    .leftJoin('organizations as o', (j) => j.onRef('o.id', '=', 'r.organization_id').on('o.listed', '=', true).on('o.status', '=', 'active'))
    .select(['r.partner_name', 'r.kind', 'r.city', 'r.state', 'o.slug'])
    .where('r.status', 'in', PUBLIC_STATUSES)
    .where('r.listed', '=', true)
    .orderBy('r.kind')
    .orderBy('r.partner_name')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ name: r.partner_name, kind: r.kind, kindLabel: KIND_LABELS[r.kind], city: r.city, state: r.state, website: r.slug ? `/network/${r.slug}` : null }));
}

/** The network's affiliates: public chapters and branches (deps.slots.networkAffiliates). */
export async function networkAffiliates(db: Db): Promise<NetworkAffiliate[]> {
  const rows = await db
    .selectFrom('partner_relationships')
    .select(['partner_name', 'kind', 'state', 'latitude', 'longitude'])
    .where('status', 'in', PUBLIC_STATUSES)
    .where('listed', '=', true)
    .where('kind', 'in', AFFILIATE_KINDS)
    .orderBy('partner_name')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ name: `${r.partner_name} (${KIND_LABELS[r.kind].toLowerCase()})`, state: r.state, latitude: r.latitude, longitude: r.longitude }));
}

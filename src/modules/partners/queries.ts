// Partners' reads: the staff list (a page, or every row in keyset batches for the CSV) and one relationship with its agreement, deliverables,
// contacts and timeline; the public list (only what may be shown); the network's affiliates.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { NetworkAffiliate } from '../../deps.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import type { StaffListQuery } from './schemas.js';
import { AFFILIATE_KINDS, KIND_LABELS, LIST_PAGE_SIZE, type PartnerKind, PUBLIC_STATUSES, STATUSES } from './shared.js';

/** The staff list's filters and order (no page): the page and the CSV read the same rows. */
export type ListFilter = Omit<StaffListQuery, 'page'>;

const STATUS_ORDER = sql`case r.status ${sql.join(
  STATUSES.map((s, i) => sql`when ${sql.lit(s)} then ${sql.lit(i)}`),
  sql` `,
)} end`;

/** The order of the staff list: the sort column as an SQL key (a missing agreement end always
 * last, in either direction), the type to read a cursor's value back as, and the direction. */
function orderOf(f: ListFilter): { key: RawBuilder<unknown>; cast: 'text' | 'int' | 'date' | 'timestamptz'; dir: 'asc' | 'desc' } {
  const sort = f.sort ?? 'since';
  const dir = f.dir ?? (sort === 'since' ? 'desc' : 'asc');
  if (sort === 'name') return { key: sql`lower(r.partner_name)`, cast: 'text', dir };
  if (sort === 'status') return { key: STATUS_ORDER, cast: 'int', dir };
  if (sort === 'agreement_end') return { key: sql`coalesce(r.agreement_end, ${sql.lit(dir === 'asc' ? '9999-12-31' : '0001-01-01')}::date)`, cast: 'date', dir };
  return { key: sql`r.status_changed_at`, cast: 'timestamptz', dir };
}

function filtered(db: Db, f: ListFilter) {
  let q = db.selectFrom('partner_relationships as r');
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.kind) q = q.where('r.kind', '=', f.kind);
  return q;
}

function ordered(db: Db, f: ListFilter) {
  const o = orderOf(f);
  const dir = sql.raw(o.dir);
  return {
    o,
    q: filtered(db, f)
      .select(['r.id', 'r.kind', 'r.partner_name', 'r.status', 'r.status_changed_at', 'r.city', 'r.state', 'r.agreement_end', 'r.listed'])
      .select(sql<string>`(${o.key})::text`.as('sort_key'))
      .orderBy(sql`${o.key} ${dir}, r.id ${dir}`),
  };
}

/** One page of the staff list and how many relationships match in all (never cut short). */
export async function staffList(db: Db, f: ListFilter, page: number) {
  const [rows, count] = await Promise.all([
    ordered(db, f)
      .q.limit(LIST_PAGE_SIZE + 1)
      .offset((page - 1) * LIST_PAGE_SIZE)
      .execute(),
    filtered(db, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirst(),
  ]);
  return { rows: rows.slice(0, LIST_PAGE_SIZE), hasNext: rows.length > LIST_PAGE_SIZE, total: count?.n ?? 0 };
}

/** Every relationship under the list's filters, in its order, read in keyset batches (each after
 * the last row of the one before, never an offset): the CSV streams whatever the count. */
export async function* eachRelationship(db: Db, f: ListFilter, batchSize = 500): AsyncGenerator<StaffRow[]> {
  const { o, q } = ordered(db, f);
  const cmp = sql.raw(o.dir === 'asc' ? '>' : '<');
  let last: StaffRow | undefined;
  for (;;) {
    const after = last;
    const rows = await (after ? q.where(sql<SqlBool>`(${o.key}, r.id) ${cmp} (${after.sort_key}::${sql.raw(o.cast)}, ${after.id}::uuid)`) : q).limit(batchSize).execute();
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
    last = rows[rows.length - 1];
  }
}
export type StaffRow = Awaited<ReturnType<typeof staffList>>['rows'][number];

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

/** partner relationships by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const partnerNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('partner_relationships').select(['id', 'partner_name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: `Partner ${r.partner_name}`, href: `/staff/partners/${r.id}` }]));
};

/** partners' contacts by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const partnerContactNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('partner_contacts as c')
    .innerJoin('partner_relationships as p', 'p.id', 'c.relationship_id')
    .select(['c.id', 'c.name', 'p.id as partner_id', 'p.partner_name'])
    .where('c.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `${r.name}, contact of partner ${r.partner_name}`, href: `/staff/partners/${r.partner_id}` }]));
};

/** partners' deliverables by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const partnerDeliverableNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('partner_deliverables as d')
    .innerJoin('partner_relationships as p', 'p.id', 'd.relationship_id')
    .select(['d.id', 'd.title', 'p.id as partner_id', 'p.partner_name'])
    .where('d.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `${titled('Deliverable', r.title)} of partner ${r.partner_name}`, href: `/staff/partners/${r.partner_id}` }]));
};

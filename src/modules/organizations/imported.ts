// Organizations from another system's file (issue 21, P5): the imports module validates the rows
// and keeps their external ids; this writes them, many rows a statement, inside its transaction.
// A new organization is a prospect (its memberships come with the terms import); an edited one
// gets the file's values, everything else about it (status, listing, contacts) stays.
import { sql, type Transaction } from 'kysely';
import type { DB, EntityType } from '../../db/types.js';
import { timeZoneOfState } from '../../lib/us-states.js';
import { slugify } from './service.js';

export interface ImportedOrganization {
  name: string;
  entityType: EntityType;
  state: string;
  population: number | null;
  website: string;
  emailDomain: string | null;
  billingAddress: string;
  poNumber: string | null;
}

/** Unique slugs for new organizations: the usual one, or with -2, -3… when taken (in the table or the batch). */
async function freeSlugs(trx: Transaction<DB>, rows: ImportedOrganization[]): Promise<string[]> {
  const bases = rows.map((r) => slugify(r.name, r.state));
  const unique = [...new Set(bases)];
  const taken = new Set((await trx.selectFrom('organizations').select('slug').where('slug', 'in', unique).execute()).map((r) => r.slug));
  const out: string[] = [];
  const used = new Set<string>();
  for (const base of bases) {
    let slug = base;
    if (taken.has(slug) || used.has(slug)) {
      const like = (await trx.selectFrom('organizations').select('slug').where('slug', 'like', `${base}-%`).execute()).map((r) => r.slug);
      const all = new Set([...like, ...used, ...taken]);
      for (let n = 2; all.has(slug); n++) slug = `${base}-${n}`;
    }
    used.add(slug);
    out.push(slug);
  }
  return out;
}

/** Inserts the organizations with one statement; gives their ids in the same order. */
export async function insertImportedOrganizations(trx: Transaction<DB>, rows: ImportedOrganization[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const slugs = await freeSlugs(trx, rows);
  const inserted = await trx
    .insertInto('organizations')
    .values(
      rows.map((o, i) => ({
        slug: slugs[i] as string,
        name: o.name,
        entity_type: o.entityType,
        state: o.state,
        time_zone: timeZoneOfState(o.state),
        population: o.population,
        status: 'prospect' as const,
        website: o.website,
        billing_address: o.billingAddress,
        po_number: o.poNumber,
        email_domain: o.emailDomain,
        latitude: null,
        longitude: null,
        place_source: null,
        population_source: o.population === null ? null : 'import',
        population_year: null,
      })),
    )
    .returning(['id', 'slug'])
    .execute();
  const bySlug = new Map(inserted.map((r) => [r.slug, r.id]));
  return slugs.map((s) => bySlug.get(s) as string);
}

/** Sets the file's values on organizations imported before (by id), one statement for the batch. */
export async function updateImportedOrganizations(trx: Transaction<DB>, rows: Array<ImportedOrganization & { id: string }>): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(
    rows.map(
      (o) =>
        sql`(${o.id}::uuid, ${o.name}, ${o.entityType}, ${o.state}, ${o.population}::int4, ${o.website}, ${o.emailDomain}, ${o.billingAddress}, ${o.poNumber}, ${timeZoneOfState(o.state)})`,
    ),
  );
  await sql`update organizations o set name = v.name, entity_type = v.entity_type, state = v.state, population = v.population,
      website = v.website, email_domain = v.email_domain, billing_address = v.billing_address, po_number = v.po_number, time_zone = v.time_zone
    from (values ${values}) as v(id, name, entity_type, state, population, website, email_domain, billing_address, po_number, time_zone)
    where o.id = v.id`.execute(trx);
}

export interface ImportedContact {
  organizationId: string;
  userId: string;
  role: 'contact' | 'admin';
  title: string;
  phone: string;
}

/**
 * Seats from another system's file, one statement for the batch: a new one is added; one the
 * person holds already gets the file's title and phone, and the file's role unless that would take
 * an administrator's role away (as `addContact`).
 */
export async function upsertImportedContacts(trx: Transaction<DB>, rows: ImportedContact[]): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('organization_contacts')
    .values(rows.map((c) => ({ organization_id: c.organizationId, user_id: c.userId, role: c.role, title: c.title, phone: c.phone })))
    .onConflict((oc) =>
      oc.columns(['organization_id', 'user_id']).doUpdateSet({
        role: sql`case when organization_contacts.role = 'admin' then 'admin' else excluded.role end`,
        title: sql`excluded.title`,
        phone: sql`excluded.phone`,
      }),
    )
    .execute();
}

export interface ImportedTerm {
  organizationId: string;
  termStart: string;
  termEnd: string;
  status: 'active' | 'ended';
}

/** Inserts memberships of past (ended) and current (active) terms, one statement; gives their ids in order. */
export async function insertImportedMemberships(trx: Transaction<DB>, rows: ImportedTerm[], now: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await trx
    .insertInto('memberships')
    .values(rows.map((t) => ({ organization_id: t.organizationId, status: t.status, term_start: t.termStart, term_end: t.termEnd, activated_at: now })))
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

/** Sets the file's term and status on memberships imported before (by id), one statement. */
export async function updateImportedMemberships(trx: Transaction<DB>, rows: Array<ImportedTerm & { id: string }>): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(rows.map((t) => sql`(${t.id}::uuid, ${t.organizationId}::uuid, ${t.status}, ${t.termStart}::date, ${t.termEnd}::date)`));
  await sql`update memberships m set organization_id = v.organization_id, status = v.status, term_start = v.term_start, term_end = v.term_end
    from (values ${values}) as v(id, organization_id, status, term_start, term_end)
    where m.id = v.id`.execute(trx);
}

/**
 * The status of organizations whose terms were imported follows them: active with a current
 * (active) membership; a prospect or active one with only ended terms becomes lapsed. Others
 * (pending, suspended, cancelled, ended) keep theirs.
 */
export async function settleImportedOrganizations(trx: Transaction<DB>, organizationIds: string[]): Promise<void> {
  if (organizationIds.length === 0) return;
  const ids = [...new Set(organizationIds)];
  await sql`update organizations o set status = case
      when exists (select 1 from memberships m where m.organization_id = o.id and m.status = 'active') then 'active'
      else 'lapsed' end
    where o.id = any(${ids}::uuid[]) and o.status in ('prospect', 'active', 'lapsed')
      and exists (select 1 from memberships m where m.organization_id = o.id)`.execute(trx);
}

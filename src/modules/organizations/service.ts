// Organizations (member governments) and their memberships: created when an application is
// approved; looked up for duplicate detection. Knows nothing of HTTP.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB, EntityType } from '../../db/types.js';
import { timeZoneOfState } from '../../lib/us-states.js';

/** Free email providers say nothing about which government someone works for. */
const GENERIC_DOMAINS = new Set(['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'aol.com', 'icloud.com', 'proton.me', 'protonmail.com', 'msn.com', 'live.com']);

export function organizationDomain(email: string): string | null {
  const domain = email.split('@')[1]?.trim().toLowerCase();
  return domain && !GENERIC_DOMAINS.has(domain) ? domain : null;
}

export function slugify(name: string, state: string): string {
  const base = `${name} ${state}`
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return base || 'organization';
}

export interface SimilarOrganization {
  id: string;
  name: string;
  state: string;
  reason: 'similar_name' | 'email_domain';
}

/** Existing organizations in the same state with a similar name (pg_trgm), or with the same email domain. */
export async function findSimilarOrganizations(
  db: Db | Transaction<DB>,
  input: { name: string; state: string | null; emailDomain: string | null },
): Promise<SimilarOrganization[]> {
  const out = new Map<string, SimilarOrganization>();
  if (input.state && input.name.trim().length >= 3) {
    const rows = await db
      .selectFrom('organizations')
      .select(['id', 'name', 'state'])
      .where('state', '=', input.state)
      .where(sql<boolean>`similarity(civnet_fold(name), civnet_fold(${input.name})) >= 0.45`)
      .orderBy(sql`similarity(civnet_fold(name), civnet_fold(${input.name}))`, 'desc')
      .limit(5)
      .execute();
    for (const r of rows) out.set(r.id, { ...r, reason: 'similar_name' });
  }
  if (input.emailDomain) {
    const rows = await db.selectFrom('organizations').select(['id', 'name', 'state']).where('email_domain', '=', input.emailDomain).limit(5).execute();
    for (const r of rows) if (!out.has(r.id)) out.set(r.id, { ...r, reason: 'email_domain' });
  }
  return [...out.values()];
}

export interface NewOrganization {
  name: string;
  entityType: EntityType;
  state: string;
  population: number;
  populationSource: string;
  populationYear: number | null;
  placeSource: string | null;
  latitude: number | null;
  longitude: number | null;
  website: string;
  billingAddress: string;
  poRequired: boolean;
  poNumber: string | null;
  /** listed by name on the public network map once a member (the application's answer) */
  listed: boolean;
  emailDomain: string | null;
}

/** Creates the organization (status pending) with a unique slug. */
export async function createOrganization(trx: Transaction<DB>, o: NewOrganization): Promise<{ id: string; slug: string }> {
  const base = slugify(o.name, o.state);
  const taken = await trx
    .selectFrom('organizations')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  const used = new Set(taken.map((t) => t.slug));
  let slug = base;
  for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
  return trx
    .insertInto('organizations')
    .values({
      slug,
      name: o.name,
      entity_type: o.entityType,
      state: o.state,
      time_zone: timeZoneOfState(o.state),
      population: o.population,
      status: 'pending',
      website: o.website,
      latitude: o.latitude,
      longitude: o.longitude,
      place_source: o.placeSource,
      population_source: o.populationSource,
      population_year: o.populationYear,
      billing_address: o.billingAddress,
      po_required: o.poRequired,
      po_number: o.poNumber,
      listed: o.listed,
      email_domain: o.emailDomain,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
}

export async function createPendingMembership(trx: Transaction<DB>, organizationId: string, applicationId: string): Promise<string> {
  const row = await trx
    .insertInto('memberships')
    .values({ organization_id: organizationId, status: 'pending', term_start: null, term_end: null, application_id: applicationId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// --- An organization's settings that other modules change (their seeds and pages). ---

/** The organization's time zone (an IANA name such as `America/Chicago`): advising shows meeting
 * times in it. Set from the state when the organization is created; changed by its profile. */
export async function setTimeZone(db: Db | Transaction<DB>, organizationId: string, timeZone: string): Promise<void> {
  await db.updateTable('organizations').set({ time_zone: timeZone }).where('id', '=', organizationId).execute();
}

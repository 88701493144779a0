// Test factories of organizations: member governments, their memberships and their contacts.
// The organizations module creates organizations only from an approved application (pending, with
// a slug from the name), so the factories write rows with the state a test needs.
import type { Insertable } from 'kysely';
import type { ContactDuty, MembershipsTable, OrganizationsTable, OrgRole } from '../../src/db/types.js';
import { createAccount, insertOrganization } from '../helpers.js';
import type { FactoryContext } from './context.js';

export type OrganizationOverrides = Partial<Insertable<OrganizationsTable>>;

export interface TestOrganization {
  id: string;
  slug: string;
  name: string;
}

/** An organization, active by default: a city in Colorado of 50,000 people, unless overridden. */
export const anOrganization = (ctx: FactoryContext, overrides: OrganizationOverrides = {}): Promise<TestOrganization> => insertOrganization(ctx, overrides);

export type MembershipOverrides = Partial<Omit<Insertable<MembershipsTable>, 'organization_id'>>;

/** A membership of the organization: active for 2026 by default (no application, not dated as
 * activated unless `activated_at` is given). */
export async function aMembership(ctx: FactoryContext, organizationId: string, overrides: MembershipOverrides = {}): Promise<string> {
  const row = await ctx.deps.db
    .insertInto('memberships')
    .values({ organization_id: organizationId, status: 'active', term_start: '2026-01-01', term_end: '2026-12-31', application_id: null, ...overrides })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A membership waiting for its first invoice to be paid: pending, without a term. */
export const aPendingMembership = (ctx: FactoryContext, organizationId: string, overrides: MembershipOverrides = {}) =>
  aMembership(ctx, organizationId, { status: 'pending', term_start: null, term_end: null, ...overrides });

/** An active membership for the term, activated on 1 January 2026. */
export const anActiveMembership = (ctx: FactoryContext, organizationId: string, term = { start: '2026-01-01', end: '2026-12-31' }) =>
  aMembership(ctx, organizationId, { term_start: term.start, term_end: term.end, activated_at: new Date('2026-01-01') });

/** A person's seat at an organization (an existing account). */
export async function aContact(ctx: FactoryContext, o: { organizationId: string; userId: string; role: OrgRole; title?: string; duties?: ContactDuty[] }): Promise<void> {
  await ctx.deps.db
    .insertInto('organization_contacts')
    .values({ organization_id: o.organizationId, user_id: o.userId, role: o.role, ...(o.title === undefined ? {} : { title: o.title }), ...(o.duties ? { duties: o.duties } : {}) })
    .execute();
}

/** An organization whose application was approved: status pending, a pending membership, and an
 * admin contact who gets the welcome email. */
export async function aPendingOrganization(ctx: FactoryContext, opts: OrganizationOverrides = {}) {
  const org = await anOrganization(ctx, { ...opts, status: 'pending' });
  const membershipId = await aPendingMembership(ctx, org.id);
  const contact = await createAccount(ctx, { org: { role: 'admin', organizationId: org.id } });
  return { organizationId: org.id, membershipId, contactEmail: contact.email };
}

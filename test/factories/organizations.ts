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

/** An active membership for the term, activated on January 1, 2026. */
export const anActiveMembership = (ctx: FactoryContext, organizationId: string, term = { start: '2026-01-01', end: '2026-12-31' }) =>
  aMembership(ctx, organizationId, { term_start: term.start, term_end: term.end, activated_at: new Date('2026-01-01') });

/** A person's seat at an organization (an existing account); `createdAt` seats two at one moment,
 * as one transaction or an import does. */
export async function aContact(
  ctx: FactoryContext,
  o: { organizationId: string; userId: string; role: OrgRole; title?: string; duties?: ContactDuty[]; createdAt?: Date },
): Promise<void> {
  await ctx.deps.db
    .insertInto('organization_contacts')
    .values({
      organization_id: o.organizationId,
      user_id: o.userId,
      role: o.role,
      ...(o.title === undefined ? {} : { title: o.title }),
      ...(o.duties ? { duties: o.duties } : {}),
      ...(o.createdAt ? { created_at: o.createdAt } : {}),
    })
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

/** Changes an organization's row after it was made (a figure that changed since, say). */
export async function changeOrganization(ctx: FactoryContext, organizationId: string, set: OrganizationOverrides): Promise<void> {
  await ctx.deps.db.updateTable('organizations').set(set).where('id', '=', organizationId).execute();
}

/** Ends one membership (as if it had been ended by hand). */
export async function endMembership(ctx: FactoryContext, membershipId: string): Promise<void> {
  await ctx.deps.db.updateTable('memberships').set({ status: 'ended' }).where('id', '=', membershipId).execute();
}

/** Ends every open membership, so that a test's counts are its own (a clean-up between tests). */
export async function endOpenMemberships(ctx: FactoryContext): Promise<void> {
  await ctx.deps.db.updateTable('memberships').set({ status: 'ended' }).where('status', 'in', ['active', 'lapsed', 'pending']).execute();
}

/** `n` active organizations (cities in Washington) each with an admin contact and an active
 * membership ending on `termEnd`, written with one statement per table (for load); their
 * membership ids. */
export async function manyMembers(ctx: FactoryContext, n: number, termEnd: string, termStart: string): Promise<string[]> {
  const stamp = Date.now().toString(36);
  const db = ctx.deps.db;
  const orgs = await db
    .insertInto('organizations')
    .values(
      Array.from({ length: n }, (_, i) => ({
        slug: `bulk-${stamp}-${i}`,
        name: `Bulk City ${i}`,
        entity_type: 'city' as const,
        state: 'WA',
        population: 10_000 + i * 1_000,
        status: 'active' as const,
        billing_address: `${i} Bulk Ave`,
      })),
    )
    .returning('id')
    .execute();
  const users = await db
    .insertInto('users')
    .values(orgs.map((_, i) => ({ email: `bulk-${stamp}-${i}@test.example`, name: `Bulk Clerk ${i}`, password_hash: null })))
    .returning('id')
    .execute();
  await db
    .insertInto('organization_contacts')
    .values(orgs.map((o, i) => ({ organization_id: o.id, user_id: users[i]?.id ?? '', role: 'admin' as const })))
    .execute();
  const memberships = await db
    .insertInto('memberships')
    .values(orgs.map((o) => ({ organization_id: o.id, status: 'active' as const, term_start: termStart, term_end: termEnd, application_id: null })))
    .returning('id')
    .execute();
  return memberships.map((m) => m.id);
}

/** Moves an application's submission `days` back (its staff reviewers' clock stays as it is). */
export async function backdateApplication(ctx: FactoryContext, legalName: string, days: number): Promise<void> {
  await ctx.deps.db
    .updateTable('applications')
    .set({ submitted_at: new Date(ctx.deps.clock.now().getTime() - days * 86_400_000) })
    .where('legal_name', '=', legalName)
    .execute();
}

/** A member organization rejoins: its open membership ends, and it is pending again with a new
 * pending membership (as approving its new application would leave it); that membership's id. */
export async function rejoining(ctx: FactoryContext, organizationId: string): Promise<string> {
  await ctx.deps.db.updateTable('memberships').set({ status: 'ended' }).where('organization_id', '=', organizationId).where('status', 'in', ['pending', 'active']).execute();
  await changeOrganization(ctx, organizationId, { status: 'pending' });
  return aPendingMembership(ctx, organizationId);
}

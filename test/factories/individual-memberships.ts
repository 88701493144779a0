// Test factories of individual memberships written as rows in the state a test needs (a term in
// the past, lapsed, pending), for reports that count them; a person joining through the pages
// is in individuals.ts.
import type { Insertable } from 'kysely';
import type { IndividualMembershipsTable, Invoice } from '../../src/db/types.js';
import { issueInvoice } from '../../src/modules/billing/index.js';
import type { FactoryContext } from './context.js';

export type IndividualMembershipOverrides = Partial<Omit<Insertable<IndividualMembershipsTable>, 'user_id' | 'level_id'>>;

/** An individual membership of the person at the level: active for 2026 by default. */
export async function anIndividualMembership(ctx: FactoryContext, userId: string, levelId: string, overrides: IndividualMembershipOverrides = {}): Promise<string> {
  const row = await ctx.deps.db
    .insertInto('individual_memberships')
    .values({ user_id: userId, level_id: levelId, status: 'active', term_start: '2026-01-01', term_end: '2026-12-31', answers: '{}', quoted_cents: 0, ...overrides })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A renewal invoice of an individual membership for its next term, issued through billing (pay
 * it with `aPayment`: individuals' hook then renews, or reinstates, the membership). */
export function anIndividualRenewalInvoice(
  ctx: FactoryContext,
  o: { userId: string; individualMembershipId: string; period: { start: string; end: string }; cents?: number; issuedOn?: string },
): Promise<Invoice> {
  return ctx.deps.db.transaction().execute((trx) =>
    issueInvoice(trx, ctx.deps, {
      userId: o.userId,
      individualMembershipId: o.individualMembershipId,
      purpose: 'renewal',
      lines: [{ description: 'Individual membership renewal', quantity: 1, unitCents: o.cents ?? 20_000 }],
      billTo: { name: 'A Member', email: 'member@example.org', address: '' },
      issuedOn: o.issuedOn,
      periodStart: o.period.start,
      periodEnd: o.period.end,
    }),
  );
}

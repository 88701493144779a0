// Test factories of individual memberships written as rows in the state a test needs (a term in
// the past, lapsed, pending), for reports that count them; a person joining through the pages
// is in individuals.ts.
import type { Insertable } from 'kysely';
import type { IndividualMembershipsTable } from '../../src/db/types.js';
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

// Staff corrections to an organization's profile (P10's record): population with its source and
// year, website and billing address. Runs in the caller's transaction with the row locked; the
// caller (the records module) checks who may act and writes the audit row. Knows nothing of HTTP.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';

export interface OrganizationProfile {
  population: number | null;
  population_source: string | null;
  population_year: number | null;
  website: string;
  billing_address: string;
}

/** Sets the profile's fields; returns the values before and after for the caller's audit row. An
 * unknown organization is `not_found`. */
export async function updateOrganizationProfile(
  trx: Transaction<DB>,
  input: { organizationId: string; population: number; populationSource: string; populationYear: number; website: string; billingAddress: string },
): Promise<{ before: OrganizationProfile; after: OrganizationProfile }> {
  const before = await trx
    .selectFrom('organizations')
    .select(['population', 'population_source', 'population_year', 'website', 'billing_address'])
    .where('id', '=', input.organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!before) throw new AppError('not_found');
  const after: OrganizationProfile = {
    population: input.population,
    population_source: input.populationSource,
    population_year: input.populationYear,
    website: input.website,
    billing_address: input.billingAddress,
  };
  await trx.updateTable('organizations').set(after).where('id', '=', input.organizationId).execute();
  // A renewal the run could not price for want of a population is tried again by the next run.
  await trx
    .updateTable('memberships')
    .set({ renewal_blocked_reason: null, renewal_blocked_at: null })
    .where('organization_id', '=', input.organizationId)
    .where('renewal_blocked_at', 'is not', null)
    .execute();
  return { before, after };
}

// Test factories of applications written as rows at the times a test needs (started, submitted,
// decided), for reports that count them; applying through the form is in the applications tests.
import { randomUUID } from 'node:crypto';
import type { ApplicationStatus, EntityType } from '../../src/db/types.js';
import type { FactoryContext } from './context.js';

/** An application started at `startedAt`; submitted (with its event) when `submittedAt` is given;
 * decided at `decidedAt` with `status` (approved or declined). */
export async function anApplication(
  ctx: FactoryContext,
  o: { entityType?: EntityType; startedAt: Date; submittedAt?: Date; decidedAt?: Date; status?: ApplicationStatus },
): Promise<string> {
  const status = o.status ?? (o.decidedAt ? 'approved' : o.submittedAt ? 'submitted' : 'draft');
  const tag = randomUUID().slice(0, 8);
  const row = await ctx.deps.db
    .insertInto('applications')
    .values({
      status,
      applicant_email: `clerk-${tag}@city.example.gov`,
      entity_type: o.entityType ?? 'city',
      legal_name: `City of Test ${tag}`,
      state: 'CO',
      population: 50_000,
      population_source: '2020 Census',
      population_year: 2020,
      website: '',
      staff_name: 'Alex Rivera',
      staff_email: `clerk-${tag}@city.example.gov`,
      staff_title: 'Clerk',
      staff_phone: '',
      elected_name: '',
      elected_email: '',
      elected_title: '',
      billing_name: '',
      billing_email: '',
      billing_address: '',
      po_required: false,
      po_number: '',
      duplicate_flags: '[]',
      draft_token_hash: randomUUID(),
      created_at: o.startedAt,
      updated_at: o.decidedAt ?? o.submittedAt ?? o.startedAt,
      submitted_at: o.submittedAt ?? null,
      decided_at: o.decidedAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (o.submittedAt)
    await ctx.deps.db
      .insertInto('application_events')
      .values({ application_id: row.id, at: o.submittedAt, actor_user_id: null, from_status: 'draft', to_status: 'submitted', note: null })
      .execute();
  return row.id;
}

/** The application form filled in completely (a city in Colorado, a purchase order, the terms
 * agreed), with unique addresses and name; `overrides` replace fields as typed. */
export function completeApplicationForm(overrides: Record<string, string> = {}): Record<string, string> {
  const slug = randomUUID().slice(0, 8);
  return {
    applicant_email: `applicant-${slug}@boulder${slug}.gov`,
    entity_type: 'city',
    legal_name: `City of Testville ${slug}`,
    state: 'CO',
    population: '75000',
    population_source: '2020 Census',
    population_year: '2020',
    website: 'https://testville.example.gov',
    staff_name: 'Pat Staff',
    staff_email: `pat-${slug}@testville${slug}.gov`,
    staff_title: 'Sustainability Director',
    staff_phone: '',
    elected_name: 'Morgan Mayor',
    elected_email: `mayor-${slug}@testville${slug}.gov`,
    elected_title: 'Mayor',
    billing_name: 'Bailey Billing',
    billing_email: `ap-${slug}@testville${slug}.gov`,
    billing_address: '1 Main St\nTestville, CO 80000',
    po_required: 'yes',
    po_number: 'PO-123',
    agree_terms: 'yes',
    ...overrides,
  };
}

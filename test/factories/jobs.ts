// Test factories of the job center: a posting through the module's own use cases (posted, and
// approved by a communications staff member when asked), and the fields of a valid posting.
import { decidePosting, type PostingFields, postJob, readPosting } from '../../src/modules/jobs/index.js';
import { createAccount, todayThere } from '../helpers.js';
import type { FactoryContext } from './context.js';

/** A valid posting's form values (strings, as a browser sends them), with overrides. */
export function jobFormValues(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Assistant City Manager',
    employer: 'City of Boulder',
    workplace: 'on_site',
    city: 'Boulder',
    state: 'CO',
    salaryMin: '120000',
    salaryMax: '150000',
    employmentType: 'full_time',
    description: 'Lead public works and the **budget office**.',
    apply: 'https://jobs.example.gov/acm',
    closesOn: '',
    ...overrides,
  };
}

export function jobFields(ctx: FactoryContext, overrides: Record<string, string> = {}): PostingFields {
  const r = readPosting(jobFormValues(overrides), todayThere(ctx.deps));
  if (!r.ok) throw new Error(`invalid test posting: ${JSON.stringify(r.errors)}`);
  return r.data;
}

/** A posting by a contact of a member organization (free), approved unless `approved: false`. */
export async function aJobPosting(ctx: FactoryContext, o: { fields?: Record<string, string>; employerUserId?: string; approved?: boolean } = {}) {
  const employer = o.employerUserId ?? (await createAccount(ctx, { org: { role: 'contact' } })).id;
  const posted = await postJob(ctx.deps, { userId: employer, name: 'Employer' }, jobFields(ctx, o.fields));
  if (o.approved !== false) {
    const staff = await createAccount(ctx, { roles: ['communications'] });
    await decidePosting(ctx.deps, { userId: staff.id, name: 'Staff' }, posted.id, { kind: 'approve' });
  }
  return { id: posted.id, employerUserId: employer };
}

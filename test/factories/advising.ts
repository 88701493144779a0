// Test factories of advising: advisors set up through the staff pages, member organizations
// activated through billing or assigned by hand, and an assignment written as it stood (for an
// advisor without a profile).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { createAccount, type TestClient, type TestContext } from '../helpers.js';
import { anInvoice, apiPay } from './billing.js';
import type { FactoryContext } from './context.js';
import { aMembership, anOrganization, aPendingOrganization } from './organizations.js';
import { signedIn } from './people.js';

export interface TestAdvisor {
  id: string;
  email: string;
  name: string;
  client: TestClient;
}

/** An advisor whose profile membership staff save through the form, with weekly windows the
 * advisor adds on their availability page. */
export async function anAdvisor(
  ctx: TestContext,
  staff: TestClient,
  opts: { name: string; states: string[]; zone?: string; minutes?: number; windows?: Array<[number, string, string]>; active?: boolean },
): Promise<TestAdvisor> {
  const account = await createAccount(ctx, { roles: ['advisor'], name: opts.name });
  const saved = await staff.postForm(`/staff/advisors/${account.id}`, {
    states: opts.states.join(', '),
    timeZone: opts.zone ?? 'America/Chicago',
    phone: '(555) 010-0000',
    meetingMinutes: String(opts.minutes ?? 60),
    active: opts.active === false ? undefined : 'yes',
  });
  expect(saved.statusCode).toBe(303);
  const client = await signedIn(ctx, account.email);
  for (const [weekday, start, end] of opts.windows ?? []) {
    const res = await client.postForm('/staff/advising/availability', { weekday: String(weekday), start, end });
    expect(res.statusCode).toBe(303);
  }
  return { id: account.id, email: account.email, name: opts.name, client };
}

/** A pending member in `state` whose first invoice finance pays through the API: activation. */
export async function activateThroughBilling(ctx: TestContext, finance: TestClient, opts: { state: string; name?: string }) {
  const org = await aPendingOrganization(ctx, { name: opts.name, state: opts.state });
  const invoice = await anInvoice(ctx, { organizationId: org.organizationId, membershipId: org.membershipId, cents: 50_000 });
  const paid = await apiPay(finance, invoice.id, { amountCents: 50_000, method: 'check', reference: 'chk' }, randomUUID());
  expect(paid.statusCode).toBe(201);
  return org;
}

/** An active member organization with a contact, assigned to the advisor by membership staff. */
export async function anAssignedMember(ctx: TestContext, staff: TestClient, advisorId: string, opts: { state?: string; zone?: string; contacts?: number } = {}) {
  const { id: organizationId } = await anOrganization(ctx, { state: opts.state ?? 'IL', time_zone: opts.zone ?? 'America/Chicago' });
  await aMembership(ctx, organizationId);
  const contacts: Array<{ email: string; client: TestClient }> = [];
  for (let i = 0; i < (opts.contacts ?? 1); i++) {
    const a = await createAccount(ctx, { org: { role: i === 0 ? 'admin' : 'contact', organizationId }, name: `Contact ${i + 1}` });
    contacts.push({ email: a.email, client: await signedIn(ctx, a.email) });
  }
  const res = await staff.postForm('/staff/advisors/assignments', { organizationId, advisor: advisorId, reason: '' });
  expect(res.statusCode).toBe(303);
  return { organizationId, contacts };
}

/** The organization's current advisor, written as a manual assignment (advising's own
 * `assignManually` asks for an active advisor profile, which this advisor need not have). */
export async function anAdvisorAssignment(ctx: FactoryContext, organizationId: string, advisorUserId: string): Promise<void> {
  await ctx.deps.db
    .insertInto('advisor_assignments')
    .values({ organization_id: organizationId, advisor_user_id: advisorUserId, assigned_at: ctx.deps.clock.now(), method: 'manual' })
    .execute();
}

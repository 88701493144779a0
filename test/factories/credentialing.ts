// Test factories of the credentialing program (issue 17, I7): a complete application form, and a
// credentialed member made through the program's own use cases (apply, pay the fee through
// billing, a staff reviewer's and a panel member's awards).

import { applyPayment } from '../../src/modules/billing/index.js';
import { saveApplication } from '../../src/modules/credentialing/apply.js';
import { recordDecision } from '../../src/modules/credentialing/review.js';
import { createAccount } from '../helpers.js';
import type { FactoryContext } from './context.js';
import { aMember } from './directory.js';

/** The fields of a complete application: 8 years as a city manager with a degree, 2 references. */
export function credentialApplicationForm(o: Record<string, string> = {}): Record<string, string> {
  return {
    degree: 'Master of Public Administration',
    institution: 'State University',
    degree_year: '2005',
    p1_title: 'City Manager',
    p1_organization: 'City of Testville',
    p1_from: '2010-01',
    p1_to: '2017-12',
    p2_title: 'Assistant City Manager',
    p2_organization: 'Town of Example',
    p2_from: '2017-06',
    p2_to: '',
    r1_name: 'Mayor Ruth Adams',
    r1_email: 'ruth.adams@example.org',
    r1_relationship: 'Mayor I report to',
    r2_name: 'Omar Haddad',
    r2_email: 'omar.haddad@example.org',
    r2_relationship: 'Fellow county administrator',
    sa_leadership: 'Led a staff of 400.',
    sa_finance: 'Eleven balanced budgets.',
    sa_community: 'Participatory budgeting.',
    sa_ethics: 'Ethics training for all staff.',
    ...o,
  };
}

/** Pays an application's fee invoice in full, through billing. */
export async function payCredentialFee(ctx: FactoryContext, applicationId: string): Promise<void> {
  const a = await ctx.deps.db.selectFrom('credential_applications').select('invoice_id').where('id', '=', applicationId).executeTakeFirstOrThrow();
  if (!a.invoice_id) return;
  const inv = await ctx.deps.db.selectFrom('invoices').select(['id', 'total_cents']).where('id', '=', a.invoice_id).executeTakeFirstOrThrow();
  await ctx.deps.db.transaction().execute((trx) => applyPayment(trx, ctx.deps, { invoiceId: inv.id, amountCents: Number(inv.total_cents), method: 'check', reference: 'fee' }));
}

/** A listed member (Who's Who) who holds the credential, awarded today by the test clock. */
export async function aCredentialHolder(ctx: FactoryContext, o: { name?: string } = {}) {
  const member = await aMember(ctx, { name: o.name, visibility: 'members' });
  const staff = await createAccount(ctx, { roles: ['membership'] });
  const panel = await createAccount(ctx, { roles: ['member'] });
  const { id } = await saveApplication(ctx.deps, { userId: member.id }, credentialApplicationForm(), true);
  const a = await ctx.deps.db.selectFrom('credential_applications').select('cycle_id').where('id', '=', id).executeTakeFirstOrThrow();
  await ctx.deps.db
    .insertInto('credential_panel_members')
    .values({ cycle_id: a.cycle_id ?? '', user_id: panel.id })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await payCredentialFee(ctx, id);
  await recordDecision(ctx.deps, { userId: staff.id }, id, 'staff', { decision: 'award', reasons: 'Meets every requirement.' });
  await recordDecision(ctx.deps, { userId: panel.id }, id, 'panel', { decision: 'award', reasons: 'Strong references.' });
  return { ...member, applicationId: id };
}

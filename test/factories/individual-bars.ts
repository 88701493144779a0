// Test factories of ethics sanctions in individual membership (issue 17): an active individual
// member (joined through the page, invoice paid), and a sanction taking effect the way ethics
// announces it: every `deps.hooks.ethicsSanction` of the real wiring, in one transaction.
import type { EthicsSanction } from '../../src/deps.js';
import { createUser } from '../../src/modules/accounts/index.js';
import { PASSWORD, type TestClient, type TestContext, uniqueEmail } from '../helpers.js';
import { aPayment } from './billing.js';
import { answerForm } from './individuals.js';

export interface BarsMember {
  client: TestClient;
  email: string;
  userId: string;
  membershipId: string;
  invoiceId: string;
}

/** The join form of a signed-in person at the Other local government staff level ($150, no check). */
export function barsJoinForm(levels: Record<string, string>): Record<string, string> {
  return { ...answerForm('staff'), step: 'join', level: levels['local-government-staff'] ?? '', pay_by: 'invoice' };
}

/** A person signs in and joins at the Other local government staff level; paid unless `paid: false`. */
export async function aBarsMember(ctx: TestContext, levels: Record<string, string>, o: { paid?: boolean; name?: string } = {}): Promise<BarsMember> {
  const email = uniqueEmail('sanctioned');
  const userId = await createUser(ctx.deps, { email, name: o.name ?? 'Pat Respondent', password: PASSWORD });
  const client = ctx.client();
  await client.signIn(email);
  const res = await client.postForm('/join/individual', barsJoinForm(levels));
  if (res.statusCode !== 303) throw new Error(`join failed with ${res.statusCode}: ${res.body.slice(0, 300)}`);
  const m = await ctx.deps.db.selectFrom('individual_memberships').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow();
  const inv = await ctx.deps.db.selectFrom('invoices').select(['id', 'total_cents']).where('individual_membership_id', '=', m.id).executeTakeFirstOrThrow();
  if (o.paid !== false) await aPayment(ctx, { invoiceId: inv.id, amountCents: inv.total_cents });
  return { client, email, userId, membershipId: m.id, invoiceId: inv.id };
}

/** A sanction takes effect: ethics runs every hook of `deps.hooks.ethicsSanction` in its transaction. */
export async function anEthicsSanctionTakingEffect(ctx: Pick<TestContext, 'deps'>, sanction: EthicsSanction): Promise<void> {
  await ctx.deps.db.transaction().execute(async (trx) => {
    for (const run of ctx.deps.hooks.ethicsSanction) await run(trx, ctx.deps, sanction);
  });
}

// Renewals, step 3: memberships past their grace period lapse, one guarded update per membership
// with its audit row and emails.
import { lapseMembership } from '../organizations/index.js';
import { addDays } from './dates.js';
import { membershipLapsedEmail } from './renewals-emails.js';
import { FIRST_UUID, type RenewalCounts, type RenewalDeps } from './renewals-shared.js';
import { invoiceUrl } from './service.js';

export async function lapseMemberships(deps: RenewalDeps, run: { today: string; batchSize: number; graceDays: number }, counts: RenewalCounts): Promise<void> {
  // term_end + grace < today  ⇔  term_end < today - grace
  const cutoff = addDays(run.today, -run.graceDays);
  let after = FIRST_UUID;
  for (;;) {
    const batch = await deps.db
      .selectFrom('memberships')
      .select(['id', 'term_end'])
      .where('status', '=', 'active')
      .where('term_end', '<', cutoff)
      .where('id', '>', after)
      .orderBy('id')
      .limit(run.batchSize)
      .execute();
    const last = batch[batch.length - 1];
    if (!last) return;
    after = last.id;
    for (const m of batch) if (m.term_end && (await lapseOne(deps, m.id, m.term_end))) counts.lapsed++;
  }
}

/** Lapses one membership whose renewal is not paid, with its audit row and the contacts' email. */
async function lapseOne(deps: RenewalDeps, membershipId: string, termEnd: string): Promise<boolean> {
  const periodStart = addDays(termEnd, 1);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    // A renewal paid already: the payment renewed it (and moved term_end), or is about to.
    const paid = await trx
      .selectFrom('invoices')
      .select('id')
      .where('membership_id', '=', membershipId)
      .where('period_start', '=', periodStart)
      .where('status', '=', 'paid')
      .executeTakeFirst();
    if (paid) return false;
    // Guarded: a payment that renewed it meanwhile moved term_end (it holds the row lock while
    // it does), so this matches nothing and the membership stays active.
    const lapsed = await lapseMembership(trx, { membershipId, termEnd, at: now });
    if (!lapsed) return false;
    const name = lapsed.organizationName;
    const renewal = await trx
      .selectFrom('invoices')
      .select(['number', 'public_token'])
      .where('membership_id', '=', membershipId)
      .where('period_start', '=', periodStart)
      .where('status', 'in', ['issued', 'partially_paid'])
      .executeTakeFirst();
    const contacts = await trx
      .selectFrom('organization_contacts as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select('u.email')
      .where('c.organization_id', '=', lapsed.organizationId)
      .where('u.disabled_at', 'is', null)
      .execute();
    const to = [...new Set(contacts.map((c) => c.email.toLowerCase()))];
    for (const email of to) {
      await deps.mail.queue(trx, {
        to: email,
        template: membershipLapsedEmail.name,
        data: { organization: name, termEnd, number: renewal?.number ?? null, url: renewal ? invoiceUrl(deps, renewal) : null },
      });
    }
    return true;
  });
}

// Abandoned online sign-ups expire: a visitor who joined at /join/individual and never confirmed
// their address leaves an account and a pending membership (its first invoice waits for the
// confirmation, service.ts). After SIGNUP_EXPIRY_DAYS the daily renewal run (through this module's
// `lapse` step) ends the membership and deactivates the unconfirmed account, so that the address
// is free for a new sign-up. A sign-up from before the invoice waited has an open invoice: it is
// voided (billing's voidInvoice: kept, so invoice numbers stay gapless), and the account is kept
// because the voided invoice names it.
import type { RenewalFailure } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { startOfDayIn, today as todayIn } from '../../lib/today.js';
import { deactivateUnverifiedAccount } from '../accounts/index.js';
import { addDays, voidInvoice } from '../billing/index.js';

type ExpireDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'>;

export const SIGNUP_EXPIRED_REASON = 'Sign-up expired: not paid and the email address was never confirmed';

/** Pending memberships opened before `before` (the injected clock's day, so that the limit is
 * testable) whose owner never confirmed their address and on which nothing was paid. Since the
 * first invoice waits for the address to be confirmed, such a sign-up has no invoice; one opened
 * before that rule has its first invoice, issued before `before`, which is voided with it. */
function selectExpired(deps: ExpireDeps, before: string, zone: string) {
  const openedBefore = startOfDayIn(before, zone);
  return deps.db
    .selectFrom('individual_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.user_id', 'u.name'])
    .where('m.status', '=', 'pending')
    .where('u.email_verified_at', 'is', null)
    .where(({ and, or, not, exists, selectFrom, eb }) =>
      or([
        exists(selectFrom('invoices as i').select('i.id').whereRef('i.individual_membership_id', '=', 'm.id').where('i.status', '<>', 'void').where('i.issued_on', '<', before)),
        and([eb('m.created_at', '<', openedBefore), not(exists(selectFrom('invoices as i').select('i.id').whereRef('i.individual_membership_id', '=', 'm.id')))]),
      ]),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('invoices as i')
            .select('i.id')
            .whereRef('i.individual_membership_id', '=', 'm.id')
            .where((eb) => eb.or([eb('i.paid_cents', '>', 0), eb('i.status', '=', 'paid')])),
        ),
      ),
    )
    .orderBy('m.id')
    .limit(500)
    .execute();
}

/** Expires abandoned sign-ups older than SIGNUP_EXPIRY_DAYS; one transaction each. */
export async function expireAbandonedSignups(deps: ExpireDeps, counts: { failures: RenewalFailure[] }): Promise<number> {
  const before = addDays(await todayIn(deps), -deps.config.SIGNUP_EXPIRY_DAYS);
  const zone = (await deps.association.get()).time_zone;
  let expired = 0;
  for (const m of await selectExpired(deps, before, zone)) {
    try {
      if (await expireOne(deps, m.id, m.user_id)) expired++;
    } catch (err) {
      counts.failures.push({
        stage: 'lapse',
        kind: 'person',
        id: m.id,
        subject: m.name,
        reason: `The abandoned sign-up could not be expired (${err instanceof Error ? err.message : String(err)}); the next run tries again.`,
      });
    }
  }
  return expired;
}

async function expireOne(deps: ExpireDeps, membershipId: string, userId: string): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    // The invoices first, then the membership: the order a payment locks them in.
    const invoices = await trx
      .selectFrom('invoices')
      .select(['id', 'status', 'paid_cents'])
      .where('individual_membership_id', '=', membershipId)
      .where('status', '<>', 'void')
      .forUpdate()
      .execute();
    if (invoices.some((i) => i.paid_cents > 0 || i.status === 'paid')) return false; // paid meanwhile
    const ended = await trx
      .updateTable('individual_memberships')
      .set({ status: 'ended' })
      .where('id', '=', membershipId)
      .where('status', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    if (!ended) return false;
    for (const i of invoices) await voidInvoice(trx, deps, { invoiceId: i.id, reason: SIGNUP_EXPIRED_REASON, actorUserId: null });
    const other = await trx.selectFrom('individual_memberships').select('id').where('user_id', '=', userId).where('status', '<>', 'ended').executeTakeFirst();
    const deactivated = other ? false : await deactivateUnverifiedAccount(trx, { userId, now, reason: SIGNUP_EXPIRED_REASON });
    await writeAudit(trx, {
      at: now,
      actorUserId: null,
      action: 'individuals.signup_expired',
      entityType: 'individual_membership',
      entityId: membershipId,
      before: { status: 'pending' },
      after: { status: 'ended', invoicesVoided: invoices.length, accountDeactivated: deactivated },
    });
    return true;
  });
}

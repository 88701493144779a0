// What a paid invoice does to an individual membership, called by billing's settleMembership in
// the payment's transaction (its `individualInvoicePaid` hook; billing does not import this
// module, the composition root hands it this function): a pending membership becomes active for
// its term and the person gets the `member` role and a welcome email; a renewal extends the term
// (reinstating a lapsed membership).
// A membership whose level checks eligibility stays pending, paid or free, until membership staff
// confirm it (verification.ts); whichever of "paid" and "confirmed" comes second activates it,
// both under the membership's row lock, so it activates exactly once.
import type { Selectable, Transaction } from 'kysely';
import type { DB, IndividualMembershipsTable, Invoice } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { today as todayIn } from '../../lib/today.js';
import { grantRole } from '../accounts/index.js';
import { termFor } from '../billing/index.js';
import { activeBar } from './bars.js';
import { individualWelcomeEmail } from './emails.js';

type Trx = Transaction<DB>;
type Membership = Selectable<IndividualMembershipsTable>;
export interface SettleSettings {
  activation_rule: 'full' | 'first_payment';
  term_model: 'anniversary' | 'calendar';
  membership_year_start_month: number;
}

export async function grantMemberRole(trx: Trx, userId: string): Promise<void> {
  await grantRole(trx, userId, 'member');
}

/** Activates a pending membership whose first invoice is paid (or free) and whose eligibility,
 * if its level checks it, is confirmed. The caller holds the membership's row lock (FOR UPDATE)
 * and has checked both; the update is guarded on `pending` as well. */
export async function activatePendingMembership(
  trx: Trx,
  deps: Pick<Deps, 'clock' | 'mail' | 'config' | 'association'>,
  m: Membership,
  on: string,
  actor: string | null,
  settings: SettleSettings,
): Promise<string | null> {
  const now = deps.clock.now();
  // A person barred under the Code of Ethics is not made a member again, whatever is paid.
  if (await activeBar(trx, m.user_id, await todayIn(deps))) return null;
  const term = termFor(on, settings.term_model, settings.membership_year_start_month);
  const done = await trx
    .updateTable('individual_memberships')
    .set({ status: 'active', term_start: term.start, term_end: term.end, activated_at: now })
    .where('id', '=', m.id)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  if (!done) return null;
  await grantMemberRole(trx, m.user_id);
  await writeAudit(trx, {
    at: now,
    actorUserId: actor,
    action: 'individuals.membership_activated',
    entityType: 'individual_membership',
    entityId: m.id,
    before: { status: 'pending' },
    after: { status: 'active', termStart: term.start, termEnd: term.end },
  });
  const level = await trx.selectFrom('member_levels').select('name').where('id', '=', m.level_id).executeTakeFirstOrThrow();
  const user = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', m.user_id).executeTakeFirstOrThrow();
  await deps.mail.queue(trx, {
    to: user.email,
    template: individualWelcomeEmail.name,
    data: {
      name: user.name,
      level: level.name,
      start: term.start,
      end: term.end,
      url: `${deps.config.publicUrl}/me/membership`,
      profileUrl: `${deps.config.publicUrl}/me`,
      directoryUrl: `${deps.config.publicUrl}/directory`,
    },
  });
  return m.id;
}

/** Settles the individual membership an invoice pays for; returns its id when this activated it. */
export async function settleIndividualMembership(
  trx: Trx,
  deps: Pick<Deps, 'clock' | 'mail' | 'config' | 'association'>,
  invoice: Invoice,
  paidOn: string,
  actor: string | null,
  settings: SettleSettings,
): Promise<string | null> {
  if (!invoice.individual_membership_id) return null;
  const onSchedule =
    invoice.purpose === 'renewal' &&
    invoice.paid_cents > 0 &&
    !!(await trx.selectFrom('invoice_instalments').select('position').where('invoice_id', '=', invoice.id).executeTakeFirst());
  // Installments: the first payment renews, or the member would lapse while paying on schedule.
  if (invoice.status !== 'paid' && settings.activation_rule !== 'first_payment' && !onSchedule) return null;
  const m = await trx.selectFrom('individual_memberships').selectAll().where('id', '=', invoice.individual_membership_id).forUpdate().executeTakeFirstOrThrow();
  const now = deps.clock.now();
  if (m.status === 'pending' && invoice.purpose === 'membership') {
    // Paid, but eligibility is not confirmed yet: confirming will activate it.
    if (m.verification === 'awaiting' || m.verification === 'declined') return null;
    return activatePendingMembership(trx, deps, m, paidOn, actor, settings);
  }
  if (invoice.purpose === 'renewal' && invoice.period_end && (m.status === 'active' || m.status === 'lapsed')) {
    if (await activeBar(trx, m.user_id, await todayIn(deps))) return null;
    const extendTo = m.term_end && m.term_end > invoice.period_end ? m.term_end : invoice.period_end;
    if (m.status === 'active' && m.term_end === extendTo) return null; // settled already (a later installment)
    await trx
      .updateTable('individual_memberships')
      .set({ status: 'active', term_end: extendTo, lapsed_at: null, renewal_blocked_reason: null, renewal_blocked_at: null })
      .where('id', '=', m.id)
      .execute();
    await grantMemberRole(trx, m.user_id);
    await writeAudit(trx, {
      at: now,
      actorUserId: actor,
      action: m.status === 'lapsed' ? 'individuals.membership_reinstated' : 'individuals.membership_renewed',
      entityType: 'individual_membership',
      entityId: m.id,
      before: { status: m.status, termEnd: m.term_end },
      after: { status: 'active', termEnd: extendTo },
    });
  }
  return null;
}

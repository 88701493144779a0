// Eligibility checks of individual memberships (issue 11, finding 3): the queue of memberships
// waiting for membership staff, and their decision. Confirming activates a membership whose first
// invoice is paid (or free) in the same transaction, with its audit row; one not paid yet starts
// when it is (settle.ts). Declining ends the membership with a reason and tells the person: an
// unpaid invoice is voided, the rest of a partly paid one is credited; money already paid is
// refunded by finance outside Civnet (there are no refund records today), so the staff page and
// the email say so.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { today as todayIn } from '../../lib/today.js';
import { addCreditNote, balanceOf, billingSettings, voidInvoice } from '../billing/index.js';
import { eligibilityConfirmedEmail, eligibilityDeclinedEmail } from './emails.js';
import { activatePendingMembership, type SettleSettings } from './settle.js';

type Trx = Transaction<DB>;
type VerificationDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'hooks' | 'association'>;

export interface QueueRow {
  id: string;
  name: string;
  email: string;
  level: string;
  check: 'none' | 'staff_verification' | 'proof_upload';
  joinedAt: Date;
  proofs: number;
  invoiceStatus: string | null;
  invoiceTotalCents: number | null;
  invoiceCreditedCents: number | null;
}

/** Memberships waiting for a check, oldest first. */
export async function verificationQueue(db: Deps['db'], opts: { page: number; pageSize: number }): Promise<{ rows: QueueRow[]; hasNext: boolean }> {
  const rows = await db
    .selectFrom('individual_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('member_levels as l', 'l.id', 'm.level_id')
    .leftJoin('invoices as i', (j) => j.onRef('i.individual_membership_id', '=', 'm.id').on('i.purpose', '=', 'membership').on('i.status', '<>', 'void'))
    .select((eb) => [
      'm.id',
      'u.name',
      'u.email',
      'l.name as level',
      'l.verification as check',
      'm.created_at as joinedAt',
      'i.status as invoiceStatus',
      'i.total_cents as invoiceTotalCents',
      'i.credited_cents as invoiceCreditedCents',
      eb
        .selectFrom('membership_proofs as p')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('p.membership_id', '=', 'm.id')
        .as('proofs'),
    ])
    .where('m.verification', '=', 'awaiting')
    .where('m.status', '=', 'pending')
    // a sign-up whose address nobody has confirmed yet is not checked (it may be anyone's, and it
    // expires unconfirmed: abandoned.ts); it joins the queue with its confirmation
    .where('u.email_verified_at', 'is not', null)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .limit(opts.pageSize + 1)
    .offset((opts.page - 1) * opts.pageSize)
    .execute();
  return { rows: rows.slice(0, opts.pageSize).map((r) => ({ ...r, proofs: Number(r.proofs ?? 0) })), hasNext: rows.length > opts.pageSize };
}

/** One membership as the check needs it: who, which level and its instructions, their answers. */
export async function getVerification(db: Deps['db'], id: string) {
  const row = await db
    .selectFrom('individual_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('member_levels as l', 'l.id', 'm.level_id')
    .select([
      'm.id',
      'm.status',
      'm.verification',
      'm.verification_note as note',
      'm.verification_decided_at as decidedAt',
      'm.answers',
      'm.created_at as joinedAt',
      'u.name',
      'u.email',
      'l.name as level',
      'l.verification as check',
      'l.proof_instructions as proofInstructions',
    ])
    .where('m.id', '=', id)
    .where('m.verification', '<>', 'not_needed')
    .executeTakeFirst();
  if (!row) return null;
  const invoice = await db
    .selectFrom('invoices')
    .select(['number', 'status', 'total_cents as totalCents', 'paid_cents as paidCents', 'credited_cents as creditedCents'])
    .where('individual_membership_id', '=', id)
    .where('purpose', '=', 'membership')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return { ...row, invoice: invoice ?? null };
}
export type Verification = NonNullable<Awaited<ReturnType<typeof getVerification>>>;

/** Locks a membership waiting for a check, or says why it is not. */
async function lockAwaiting(trx: Trx, id: string) {
  const m = await trx.selectFrom('individual_memberships').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!m || m.verification === 'not_needed') throw new AppError('not_found', { message: 'There is no membership waiting for a check with this id.' });
  if (m.verification !== 'awaiting' || m.status !== 'pending')
    throw new AppError('individuals.already_decided', { status: 409, message: 'This membership was decided already: see its status below.' });
  return m;
}

/** The first-year invoice, locked; whether it lets the membership start (billing's activation rule).
 * Locked BEFORE the membership: a payment locks the invoice and then the membership (settle.ts),
 * so taking them in the same order means the two wait for each other instead of deadlocking, and
 * whichever commits second sees what the first did. */
async function firstInvoice(trx: Trx, membershipId: string, settings: SettleSettings) {
  const invoice = await trx
    .selectFrom('invoices')
    .selectAll()
    .where('individual_membership_id', '=', membershipId)
    .where('purpose', '=', 'membership')
    .where('status', '<>', 'void')
    .orderBy('created_at', 'desc')
    .forUpdate()
    .executeTakeFirst();
  const settled = !!invoice && (invoice.status === 'paid' || (settings.activation_rule === 'first_payment' && invoice.paid_cents > 0));
  return { invoice, settled };
}

const personOf = (trx: Trx, userId: string, levelId: string) =>
  Promise.all([
    trx.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow(),
    trx.selectFrom('member_levels').select('name').where('id', '=', levelId).executeTakeFirstOrThrow(),
  ]);

/** Membership staff confirm eligibility: the membership starts now if its first invoice is paid
 * (or free), else when it is. */
export async function confirmEligibility(deps: VerificationDeps, input: { membershipId: string; actorUserId: string; requestId?: string }): Promise<{ activated: boolean }> {
  return deps.db.transaction().execute(async (trx) => {
    const settings = await billingSettings(trx);
    const { settled } = await firstInvoice(trx, input.membershipId, settings);
    const m = await lockAwaiting(trx, input.membershipId);
    const now = deps.clock.now();
    await trx
      .updateTable('individual_memberships')
      .set({ verification: 'confirmed', verification_decided_at: now, verification_decided_by: input.actorUserId })
      .where('id', '=', m.id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'individuals.eligibility_confirmed',
      entityType: 'individual_membership',
      entityId: m.id,
      before: { verification: 'awaiting' },
      after: { verification: 'confirmed' },
      requestId: input.requestId,
    });
    if (settled) {
      const activated = await activatePendingMembership(trx, deps, { ...m, verification: 'confirmed' }, await todayIn(deps), input.actorUserId, settings);
      return { activated: activated !== null };
    }
    const [user, level] = await personOf(trx, m.user_id, m.level_id);
    await deps.mail.queue(trx, {
      to: user.email,
      template: eligibilityConfirmedEmail.name,
      data: { name: user.name, level: level.name, url: `${deps.config.publicUrl}/me/membership` },
    });
    return { activated: false };
  });
}

/** Membership staff decline: the membership ends, its unpaid invoice is voided, the person is
 * told why. Returns what was paid, which finance must refund by hand. */
export async function declineEligibility(
  deps: VerificationDeps,
  input: { membershipId: string; reason: string; actorUserId: string; requestId?: string },
): Promise<{ refundCents: number }> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('validation_failed', { fields: { reason: 'Give the reason: it is sent to the person.' } });
  if (reason.length > 1000) throw new AppError('validation_failed', { fields: { reason: 'Use at most 1,000 characters.' } });
  return deps.db.transaction().execute(async (trx) => {
    const { invoice } = await firstInvoice(trx, input.membershipId, await billingSettings(trx));
    const m = await lockAwaiting(trx, input.membershipId);
    const now = deps.clock.now();
    await trx
      .updateTable('individual_memberships')
      .set({ status: 'ended', verification: 'declined', verification_decided_at: now, verification_decided_by: input.actorUserId, verification_note: reason })
      .where('id', '=', m.id)
      .execute();
    const refundCents = invoice?.paid_cents ?? 0;
    const why = 'Membership eligibility not confirmed';
    if (invoice && refundCents === 0) await voidInvoice(trx, deps, { invoiceId: invoice.id, reason: why, actorUserId: input.actorUserId, requestId: input.requestId });
    // Partly paid: a payment cannot be voided, so the rest is credited and nobody chases it.
    else if (invoice && balanceOf(invoice) > 0)
      await addCreditNote(trx, deps, { invoiceId: invoice.id, amountCents: balanceOf(invoice), reason: why, actorUserId: input.actorUserId, requestId: input.requestId });
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'individuals.eligibility_declined',
      entityType: 'individual_membership',
      entityId: m.id,
      before: { status: 'pending', verification: 'awaiting' },
      after: { status: 'ended', verification: 'declined', reason, refundDueCents: refundCents },
      requestId: input.requestId,
    });
    const [user, level] = await personOf(trx, m.user_id, m.level_id);
    await deps.mail.queue(trx, {
      to: user.email,
      template: eligibilityDeclinedEmail.name,
      data: { name: user.name, level: level.name, reason, refund: refundCents > 0 ? formatCents(refundCents) : null, url: `${deps.config.publicUrl}/me/membership` },
    });
    return { refundCents };
  });
}

/** How many memberships wait for an eligibility check (the queue's rows): the staff desk's count. */
export async function countAwaitingVerification(db: Deps['db']): Promise<number> {
  const r = await db
    .selectFrom('individual_memberships as m')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('m.verification', '=', 'awaiting')
    .where('m.status', '=', 'pending')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

// Refunds: money paid on an invoice and paid back to the payer (a cancelled event seat, a
// duplicate payment, goodwill). A refund is recorded, not made: finance pays it (a check, a
// transfer, or in the card processor's dashboard) and records it here with its reference.
//
// The invoice must never owe more after a refund than before. What is refunded is therefore
// credited first: an invoice already **in credit** (credit notes beyond what was owed, as when a
// paid event seat is cancelled: `addCreditNote(…, { beyondBalance: true })`) is refunded from that
// credit; any rest of the refund gets a credit note of its own. The refund itself is a negative
// payment marked `refund` (0054). Exactly once: an idempotency key records one refund.
import type { Invoice, Payment, PaymentMethod } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { today as todayIn } from '../../lib/today.js';
import { refundRecordedEmail } from './emails.js';
import { formatDay, METHOD_LABELS, shownNumber } from './format.js';
import type { BillingDeps, Trx } from './service.js';

/** What an invoice owes its payer: the money paid beyond what it still asks (0 when none). */
export const creditBalanceOf = (i: Pick<Invoice, 'total_cents' | 'paid_cents' | 'credited_cents' | 'status'>) =>
  i.status === 'void' ? 0 : Math.max(0, i.paid_cents - (i.total_cents - i.credited_cents));

export interface RefundInput {
  invoiceId: string;
  amountCents: number;
  method: PaymentMethod;
  reference?: string;
  /** the day the money went back; defaults to today */
  refundedOn?: string;
  reason: string;
  idempotencyKey?: string | null;
  actorUserId: string;
  requestId?: string;
}

export interface RefundResult {
  refund: Payment;
  invoice: Invoice;
  /** the credit note added for the part of the refund the invoice's credit did not cover (0: none) */
  creditedCents: number;
  replayed: boolean;
}

/** Records a refund of money paid on an invoice, at most what was paid, in the caller's transaction. */
export async function recordRefund(trx: Trx, deps: BillingDeps, input: RefundInput): Promise<RefundResult> {
  const invoice = await trx.selectFrom('invoices').selectAll().where('id', '=', input.invoiceId).forUpdate().executeTakeFirst();
  if (!invoice) throw new AppError('not_found', { message: 'There is no such invoice.' });
  if (input.idempotencyKey) {
    const done = await trx.selectFrom('payments').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
    if (done) {
      if (done.invoice_id !== invoice.id || done.amount_cents !== -input.amountCents || !done.refund) {
        throw new AppError('billing.idempotency_conflict', { status: 409, message: 'This idempotency key was already used for a different payment or refund.' });
      }
      return { refund: done, invoice, creditedCents: 0, replayed: true };
    }
  }
  if (invoice.status === 'void') throw new AppError('billing.invoice_void', { status: 409, message: `Invoice ${invoice.number} is void.` });
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
    throw new AppError('validation_failed', { fields: { amount: 'Enter an amount greater than zero, in dollars and cents.' } });
  }
  if (invoice.paid_cents <= 0) throw new AppError('billing.nothing_paid', { status: 409, message: `Nothing is paid on invoice ${invoice.number}: there is nothing to refund.` });
  if (input.amountCents > invoice.paid_cents) {
    throw new AppError('validation_failed', { fields: { amount: `Enter at most ${formatCents(invoice.paid_cents)}, what is paid on this invoice.` } });
  }
  const reason = input.reason.trim();
  if (!reason) throw new AppError('validation_failed', { fields: { reason: 'Say why the money is refunded.' } });
  const now = deps.clock.now();
  const day = await todayIn(deps);
  const refundedOn = input.refundedOn ?? day;
  if (refundedOn > day) throw new AppError('validation_failed', { fields: { refunded_on: 'The date of the refund cannot be in the future.' } });
  // Money cannot go back before it came in: an earlier day is a mistyped year.
  const first = await trx
    .selectFrom('payments')
    .select((eb) => eb.fn.min('received_on').as('day'))
    .where('invoice_id', '=', invoice.id)
    .where('amount_cents', '>', 0)
    .executeTakeFirst();
  if (first?.day && refundedOn < first.day) {
    throw new AppError('validation_failed', {
      fields: { refunded_on: `That day is before the first payment on this invoice was received (${formatDay(first.day)}). Enter the day the money was paid back.` },
    });
  }

  // Credit what the invoice's own credit does not cover, so that it owes no more than before.
  const credit = Math.max(0, input.amountCents - creditBalanceOf(invoice));
  if (credit > 0) {
    await trx
      .insertInto('credit_notes')
      .values({ invoice_id: invoice.id, amount_cents: credit, reason: `Refund: ${reason}`, created_by: input.actorUserId })
      .execute();
  }
  const refund = await trx
    .insertInto('payments')
    .values({
      invoice_id: invoice.id,
      amount_cents: -input.amountCents,
      method: input.method,
      reference: input.reference ?? '',
      received_on: refundedOn,
      refund: true,
      reason,
      idempotency_key: input.idempotencyKey ?? null,
      recorded_by: input.actorUserId,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const paid = invoice.paid_cents - input.amountCents;
  const credited = invoice.credited_cents + credit;
  // Nothing more is owed than before: an invoice that was paid stays paid (in full, or credited).
  const status = paid >= invoice.total_cents - credited ? 'paid' : paid > 0 ? 'partially_paid' : 'issued';
  const updated = await trx
    .updateTable('invoices')
    .set({ paid_cents: paid, credited_cents: credited, status })
    .where('id', '=', invoice.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    at: now,
    actorUserId: input.actorUserId,
    action: 'billing.refund_recorded',
    entityType: 'invoice',
    entityId: invoice.id,
    before: { status: invoice.status, paidCents: invoice.paid_cents, creditedCents: invoice.credited_cents },
    after: { status, paidCents: paid, creditedCents: credited, refundId: refund.id, method: input.method, amountCents: input.amountCents, reason },
    requestId: input.requestId,
  });
  if (invoice.bill_to_email) {
    await deps.mail.queue(trx, {
      to: invoice.bill_to_email,
      template: refundRecordedEmail.name,
      data: {
        number: shownNumber(invoice) ?? '',
        amount: formatCents(input.amountCents),
        method: input.method === 'ach' ? 'ACH transfer' : METHOD_LABELS[input.method].toLowerCase(),
        reference: input.reference ?? '',
      },
    });
  }
  return { refund, invoice: updated, creditedCents: credit, replayed: false };
}

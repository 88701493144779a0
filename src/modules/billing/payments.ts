// Use cases of billing that move money on an invoice: apply a payment exactly once (activating or
// extending the membership it pays for), reverse a payment, add a credit note. Each runs inside
// the caller's transaction, with its audit row and queued email.
import type { Invoice, Payment, PaymentMethod } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { today as todayIn } from '../../lib/today.js';
import { publishEvent } from '../webhooks/index.js';
import { paymentReceivedEmail } from './emails.js';
import { shownNumber } from './format.js';
import { type BillingDeps, balanceOf, type SettleDeps, type Trx } from './service.js';
import { settleMembership } from './settle.js';
import { invoicePaidEvent } from './webhook-events.js';

export interface PaymentInput {
  invoiceId: string;
  amountCents: number;
  method: PaymentMethod;
  reference?: string;
  receivedOn?: string;
  /** finance staff confirmed that a payment dated before the invoice's issue day arrived first
   * (finance.ts refuses such a day without it); the audit row says so */
  receivedBeforeIssue?: boolean;
  /** the same key twice records one payment */
  idempotencyKey?: string | null;
  stripeEventId?: string | null;
  stripeSessionId?: string | null;
  actorUserId?: string | null;
  requestId?: string;
}

export interface PaymentResult {
  payment: Payment;
  invoice: Invoice;
  /** true when this call found the payment already recorded and changed nothing */
  replayed: boolean;
  activatedMembershipId: string | null;
}

async function findReplay(trx: Trx, input: PaymentInput): Promise<Payment | undefined> {
  if (input.idempotencyKey) {
    const p = await trx.selectFrom('payments').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
    if (p && (p.invoice_id !== input.invoiceId || p.amount_cents !== input.amountCents)) {
      throw new AppError('billing.idempotency_conflict', { status: 409, message: 'This idempotency key was already used for a different payment.' });
    }
    if (p) return p;
  }
  if (input.stripeEventId) return trx.selectFrom('payments').selectAll().where('stripe_event_id', '=', input.stripeEventId).executeTakeFirst();
  return undefined;
}

/** Applies a payment to an invoice exactly once. The invoice row is locked, the balance checked,
 * the payment appended, and the membership it pays for activated or extended. */
export async function applyPayment(trx: Trx, deps: SettleDeps, input: PaymentInput): Promise<PaymentResult> {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
    throw new AppError('validation_failed', { fields: { amount: 'Enter an amount greater than zero, in dollars and cents.' } });
  }
  const invoice = await trx.selectFrom('invoices').selectAll().where('id', '=', input.invoiceId).forUpdate().executeTakeFirst();
  if (!invoice) throw new AppError('not_found', { message: 'There is no such invoice.' });
  const replay = await findReplay(trx, input);
  if (replay) return { payment: replay, invoice, replayed: true, activatedMembershipId: null };
  if (invoice.status === 'void') throw new AppError('billing.invoice_void', { status: 409, message: `Invoice ${invoice.number} is void and cannot be paid.` });
  if (invoice.status === 'draft') throw new AppError('billing.invoice_draft', { status: 409, message: 'A draft invoice cannot be paid.' });
  const balance = balanceOf(invoice);
  if (input.amountCents > balance) {
    throw new AppError('billing.overpayment', {
      status: 400,
      message: balance === 0 ? `Invoice ${invoice.number} is already paid.` : `That is more than the balance due of ${formatCents(balance)}.`,
      fields: { amount: balance === 0 ? `Invoice ${invoice.number} is already paid.` : `The balance due is ${formatCents(balance)}: record at most that.` },
    });
  }
  const now = deps.clock.now();
  const receivedOn = input.receivedOn ?? (await todayIn(deps));
  const payment = await trx
    .insertInto('payments')
    .values({
      invoice_id: invoice.id,
      amount_cents: input.amountCents,
      method: input.method,
      reference: input.reference ?? '',
      received_on: receivedOn,
      idempotency_key: input.idempotencyKey ?? null,
      stripe_event_id: input.stripeEventId ?? null,
      stripe_session_id: input.stripeSessionId ?? null,
      recorded_by: input.actorUserId ?? null,
      // the clock's instant, as its audit row's: the demo's history records each payment on its day
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const paid = invoice.paid_cents + input.amountCents;
  const status = paid >= invoice.total_cents - invoice.credited_cents ? 'paid' : 'partially_paid';
  const updated = await trx.updateTable('invoices').set({ paid_cents: paid, status }).where('id', '=', invoice.id).returningAll().executeTakeFirstOrThrow();
  await writeAudit(trx, {
    at: now,
    actorUserId: input.actorUserId ?? null,
    action: 'billing.payment_recorded',
    entityType: 'invoice',
    entityId: invoice.id,
    before: { status: invoice.status, paidCents: invoice.paid_cents },
    after: {
      status,
      paidCents: paid,
      paymentId: payment.id,
      method: input.method,
      amountCents: input.amountCents,
      ...(input.receivedBeforeIssue && input.receivedOn && invoice.issued_on && input.receivedOn < invoice.issued_on
        ? { receivedOn: input.receivedOn, receivedBeforeIssue: true }
        : {}),
    },
    requestId: input.requestId,
  });
  if (invoice.bill_to_email) {
    await deps.mail.queue(trx, {
      to: invoice.bill_to_email,
      template: paymentReceivedEmail.name,
      data: { number: shownNumber(invoice) ?? '', amount: formatCents(input.amountCents), balance: formatCents(balanceOf(updated)) },
    });
  }
  await publishEvent(trx, deps, 'payment.recorded', {
    paymentId: payment.id,
    invoiceId: invoice.id,
    invoiceNumber: shownNumber(invoice) ?? '',
    amountCents: input.amountCents,
    currency: 'USD',
    method: input.method,
    receivedOn,
  });
  if (status === 'paid' && invoice.status !== 'paid') await publishEvent(trx, deps, 'invoice.paid', invoicePaidEvent(updated));
  const activatedMembershipId = await settleMembership(trx, deps, updated, receivedOn, input.actorUserId ?? null);
  return { payment, invoice: updated, replayed: false, activatedMembershipId };
}

/** A bounced check: a new, negative payment that points at the one it reverses; never an edit. */
export async function reversePayment(trx: Trx, deps: BillingDeps, input: { paymentId: string; reason: string; actorUserId: string; requestId?: string }): Promise<Payment> {
  const original = await trx.selectFrom('payments').selectAll().where('id', '=', input.paymentId).executeTakeFirst();
  if (!original) throw new AppError('not_found', { message: 'There is no such payment.' });
  if (original.amount_cents < 0)
    throw new AppError('billing.not_reversible', { status: 409, message: original.refund ? 'A refund cannot be reversed.' : 'A reversal cannot itself be reversed.' });
  const invoice = await trx.selectFrom('invoices').selectAll().where('id', '=', original.invoice_id).forUpdate().executeTakeFirstOrThrow();
  const already = await trx.selectFrom('payments').select('id').where('reverses_payment_id', '=', original.id).executeTakeFirst();
  if (already) throw new AppError('billing.already_reversed', { status: 409, message: 'This payment has already been reversed.' });
  if (invoice.paid_cents - original.amount_cents < 0) {
    throw new AppError('billing.refunded', { status: 409, message: 'Part of this payment was refunded already: a reversal would take back more than is paid on the invoice.' });
  }
  const reversal = await trx
    .insertInto('payments')
    .values({
      invoice_id: invoice.id,
      amount_cents: -original.amount_cents,
      method: original.method,
      reference: original.reference,
      received_on: await todayIn(deps),
      reverses_payment_id: original.id,
      reason: input.reason,
      recorded_by: input.actorUserId,
      created_at: deps.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const paid = invoice.paid_cents - original.amount_cents;
  const status = invoice.status === 'void' ? 'void' : paid <= 0 ? 'issued' : paid >= invoice.total_cents - invoice.credited_cents ? 'paid' : 'partially_paid';
  await trx.updateTable('invoices').set({ paid_cents: paid, status }).where('id', '=', invoice.id).execute();
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: input.actorUserId,
    action: 'billing.payment_reversed',
    entityType: 'invoice',
    entityId: invoice.id,
    before: { status: invoice.status, paidCents: invoice.paid_cents },
    after: { status, paidCents: paid, reversalId: reversal.id, reason: input.reason },
    requestId: input.requestId,
  });
  return reversal;
}

/** A correction that lowers what is owed, kept as its own record. */
export async function addCreditNote(
  trx: Trx,
  deps: SettleDeps,
  input: {
    invoiceId: string;
    amountCents: number;
    reason: string;
    actorUserId: string;
    requestId?: string;
    /** credit beyond what is still owed, up to the invoice's whole uncredited total: money already
     * paid for what is credited is then owed back to the payer (the invoice is in credit) until
     * finance records its refund (refunds.ts). For a cancelled event seat that was paid. */
    beyondBalance?: boolean;
  },
): Promise<Invoice> {
  const invoice = await trx.selectFrom('invoices').selectAll().where('id', '=', input.invoiceId).forUpdate().executeTakeFirst();
  if (!invoice) throw new AppError('not_found', { message: 'There is no such invoice.' });
  if (invoice.status === 'void') throw new AppError('billing.invoice_void', { status: 409, message: `Invoice ${invoice.number} is void.` });
  const limit = input.beyondBalance ? invoice.total_cents - invoice.credited_cents : balanceOf(invoice);
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0 || input.amountCents > limit) {
    throw new AppError('validation_failed', {
      fields: {
        amount: input.beyondBalance
          ? `Enter an amount greater than zero and at most ${formatCents(limit)}, what is not credited yet.`
          : `Enter an amount greater than zero and at most the balance due of ${formatCents(limit)}.`,
      },
    });
  }
  await trx.insertInto('credit_notes').values({ invoice_id: invoice.id, amount_cents: input.amountCents, reason: input.reason, created_by: input.actorUserId }).execute();
  const credited = invoice.credited_cents + input.amountCents;
  const status = invoice.paid_cents >= invoice.total_cents - credited ? 'paid' : invoice.status;
  const updated = await trx.updateTable('invoices').set({ credited_cents: credited, status }).where('id', '=', invoice.id).returningAll().executeTakeFirstOrThrow();
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: input.actorUserId,
    action: 'billing.credit_note_added',
    entityType: 'invoice',
    entityId: invoice.id,
    before: { creditedCents: invoice.credited_cents },
    after: { creditedCents: credited, reason: input.reason },
    requestId: input.requestId,
  });
  if (status === 'paid' && invoice.status !== 'paid') await publishEvent(trx, deps, 'invoice.paid', invoicePaidEvent(updated));
  if (status === 'paid') await settleMembership(trx, deps, updated, await todayIn(deps), input.actorUserId);
  return updated;
}

// Finance staff's use cases, shared by the staff pages and the JSON API. Each action keeps the
// name of the billing core's function (service.ts, payments.ts) and runs it in a transaction of
// its own, so callers write `finance.voidInvoice(deps, …)`; other modules call the core's inside
// theirs.
// Knows nothing of HTTP.
import type { Invoice, InvoicePurpose, Payment, PaymentMethod } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { randomToken } from '../../lib/crypto.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { billToDefaults } from './addressee.js';
import { EARLY_PAYMENT_DAYS, receivedBeforeIssue } from './dates.js';
import type { PaymentResult } from './payments.js';
import * as payments from './payments.js';
import * as refunds from './refunds.js';
import type { InvoiceLineInput } from './service.js';
import * as core from './service.js';

type FinanceDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'hooks' | 'association'>;

export interface IssueByHandInput {
  organizationId: string;
  purpose: InvoicePurpose;
  lines: InvoiceLineInput[];
  poNumber?: string | null;
  /** blank fields default from the organization */
  billTo?: { name?: string; email?: string; address?: string };
  actorUserId: string;
  requestId?: string;
}

/** Issues an invoice to an organization by hand (a region priced by hand, an event, a correction).
 * Membership dues are tied to the organization's pending membership, so paying them activates it. */
export async function issueInvoice(deps: FinanceDeps, input: IssueByHandInput): Promise<Invoice> {
  return deps.db.transaction().execute(async (trx) => {
    const defaults = await billToDefaults(trx, input.organizationId);
    if (!defaults) throw new AppError('validation_failed', { fields: { organizationId: 'Choose an organization from the list.' } });
    let membershipId: string | null = null;
    if (input.purpose === 'membership') {
      const pending = await trx.selectFrom('memberships').select('id').where('organization_id', '=', input.organizationId).where('status', '=', 'pending').executeTakeFirst();
      if (pending) {
        const live = await trx.selectFrom('invoices').select('number').where('membership_id', '=', pending.id).where('status', '<>', 'void').executeTakeFirst();
        if (live) {
          throw new AppError('billing.membership_invoiced', {
            status: 409,
            message: `Invoice ${live.number ?? ''} already bills this organization’s pending membership. Void it first to issue a new one.`,
          });
        }
        membershipId = pending.id;
      }
    }
    return core.issueInvoice(trx, deps, {
      organizationId: input.organizationId,
      membershipId,
      purpose: input.purpose,
      lines: input.lines,
      poNumber: input.poNumber || defaults.poNumber || null,
      billTo: {
        name: input.billTo?.name || defaults.name,
        email: input.billTo?.email || defaults.email,
        address: input.billTo?.address || defaults.address,
      },
      actorUserId: input.actorUserId,
      requestId: input.requestId,
    });
  });
}

export interface OfflinePaymentInput {
  invoiceId: string;
  amountCents: number;
  method: PaymentMethod;
  reference: string;
  receivedOn?: string;
  /** finance staff confirm that a payment dated before the invoice's issue day really arrived first */
  receivedBeforeIssue?: boolean;
  idempotencyKey: string;
  actorUserId: string;
  requestId?: string;
}

const isIdempotencyRace = (err: unknown) => isUniqueViolation(err, 'idempotency_key');

/** Records an offline payment once per idempotency key. Two requests with the same key queue on
 * the invoice's row lock and the second finds the first's payment; a key raced onto two invoices
 * loses on the unique index and is retried, which then finds the conflict. */
export async function applyPayment(deps: FinanceDeps, input: OfflinePaymentInput): Promise<PaymentResult> {
  const run = () =>
    deps.db.transaction().execute(async (trx) => {
      // A day long before the issue day is a mistyped year (1926 for 2026): refused. A day shortly
      // before it (an early check for a renewal) is recorded once finance staff confirm it.
      const { receivedOn } = input;
      if (receivedOn) {
        const invoice = await trx.selectFrom('invoices').select(['issued_on']).where('id', '=', input.invoiceId).executeTakeFirst();
        const issuedOn = invoice?.issued_on ?? null;
        const early = receivedBeforeIssue(receivedOn, issuedOn);
        if (early === 'too_early') {
          throw new AppError('validation_failed', {
            fields: { received_on: tooEarlyText(issuedOn) },
          });
        }
        if (early === 'confirm' && !input.receivedBeforeIssue) {
          throw new AppError('billing.received_before_issue', {
            status: 400,
            message: 'The date received is before the invoice was issued.',
            fields: { received_on: `That day is before the invoice was issued (${formatDay(issuedOn ?? '')}). Enter the day the payment reached you.` },
          });
        }
      }
      return payments.applyPayment(trx, deps, input);
    });
  try {
    return await run();
  } catch (err) {
    if (!isIdempotencyRace(err)) throw err;
    return run();
  }
}

/** Why a day long before the invoice's issue day is refused (beside the date received). */
export const tooEarlyText = (issuedOn: string | null) =>
  `That day is more than ${EARLY_PAYMENT_DAYS} days before the invoice was issued (${formatDay(issuedOn ?? '')}). Check the year, and enter the day the payment reached you.`;

export function reversePayment(deps: FinanceDeps, input: { paymentId: string; reason: string; actorUserId: string; requestId?: string }): Promise<Payment> {
  return deps.db.transaction().execute((trx) => payments.reversePayment(trx, deps, input));
}

export function voidInvoice(deps: FinanceDeps, input: { invoiceId: string; reason: string; actorUserId: string; requestId?: string }): Promise<Invoice> {
  return deps.db.transaction().execute((trx) => core.voidInvoice(trx, deps, input));
}

export function addCreditNote(deps: FinanceDeps, input: { invoiceId: string; amountCents: number; reason: string; actorUserId: string; requestId?: string }): Promise<Invoice> {
  return deps.db.transaction().execute((trx) => payments.addCreditNote(trx, deps, input));
}

/** Records a refund (refunds.ts) in a transaction of its own. */
export function recordRefund(deps: FinanceDeps, input: refunds.RefundInput): Promise<refunds.RefundResult> {
  return deps.db.transaction().execute((trx) => refunds.recordRefund(trx, deps, input));
}

/**
 * Gives an invoice a new public link (`/invoices/<token>`, its PDF and card payment): the old one
 * stops working at once, for a link that was forwarded too widely or leaked. Audited without
 * either token. Errors: not_found.
 */
export async function rotatePublicToken(deps: FinanceDeps, input: { invoiceId: string; actorUserId: string; requestId?: string }): Promise<Invoice> {
  return deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('invoices')
      .set({ public_token: randomToken(24) })
      .where('id', '=', input.invoiceId)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new AppError('not_found', { message: 'There is no such invoice.' });
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: input.actorUserId,
      action: 'billing.invoice_link_replaced',
      entityType: 'invoice',
      entityId: updated.id,
      requestId: input.requestId,
    });
    return updated;
  });
}

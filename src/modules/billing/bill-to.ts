// Correcting whom an open invoice is addressed to: the caller's module (sponsorship, when partnerships
// staff correct a sponsor's billing address) asks billing to print the corrected address on an invoice
// still open (issued or partly paid), so its page and PDF carry it. A paid or void invoice keeps the
// address it was issued with. The number, lines and totals never change; the correction is audited.
import type { InvoicePurpose } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import type { BillingDeps, Trx } from './service.js';

/** What became of the invoice: `corrected`, `unchanged` (it had this address already) or `kept`
 * (paid or void: it keeps the address it was issued with). */
export type BillToOutcome = 'corrected' | 'unchanged' | 'kept';

/** Sets the bill-to address (its lines, one a line) of an open invoice of this purpose, in the
 * caller's transaction. Another purpose's invoice is a 404, as an unknown one. */
export async function correctOpenInvoiceBillTo(
  trx: Trx,
  deps: Pick<BillingDeps, 'clock'>,
  input: { invoiceId: string; purpose: InvoicePurpose; address: string; actorUserId: string | null; requestId?: string },
): Promise<BillToOutcome> {
  const invoice = await trx.selectFrom('invoices').select(['id', 'status', 'purpose', 'bill_to_address']).where('id', '=', input.invoiceId).forUpdate().executeTakeFirst();
  if (!invoice || invoice.purpose !== input.purpose) throw new AppError('not_found', { message: 'There is no such invoice.' });
  if (invoice.status !== 'issued' && invoice.status !== 'partially_paid') return 'kept';
  if (invoice.bill_to_address === input.address) return 'unchanged';
  await trx.updateTable('invoices').set({ bill_to_address: input.address }).where('id', '=', invoice.id).where('status', 'in', ['issued', 'partially_paid']).execute();
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: input.actorUserId,
    action: 'billing.bill_to_corrected',
    entityType: 'invoice',
    entityId: invoice.id,
    before: { bill_to_address: invoice.bill_to_address },
    after: { bill_to_address: input.address },
    requestId: input.requestId,
  });
  return 'corrected';
}

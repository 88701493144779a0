// Partnerships staff correct (or add) a sponsor's billing address on the application's page. A
// waiting application's invoice, issued on acceptance, then carries the corrected address; an
// accepted sponsor's invoice still open (unpaid or partly paid) is corrected too, through billing's
// `correctOpenInvoiceBillTo`; a paid or void one keeps the address it was issued with, which the
// page says.
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { type UsAddress, usAddressLines } from '../../lib/us-address.js';
import { type BillToOutcome, correctOpenInvoiceBillTo } from '../billing/index.js';
import { type Actor, applicationNotFound, type SponsorshipDeps } from './shared.js';

/** Saves the billing address of a confirmed application, and prints it on its invoice while that is
 * open: `changed` false when it was the same already; `invoice` what became of the invoice (none
 * issued yet: null). */
export async function correctBillingAddress(deps: SponsorshipDeps, actor: Actor, id: string, address: UsAddress): Promise<{ changed: boolean; invoice: BillToOutcome | null }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const a = await trx
      .selectFrom('sponsorship_applications')
      .select(['id', 'status', 'invoice_id', 'address_line1', 'address_line2', 'city', 'state', 'zip'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!a || a.status === 'unconfirmed') throw applicationNotFound();
    if (a.status === 'declined')
      throw new AppError('sponsorship.declined', { status: 409, message: 'This application is declined: its billing address is no longer used, so it is not changed.' });
    const before = { address_line1: a.address_line1, address_line2: a.address_line2, city: a.city, state: a.state, zip: a.zip };
    const after = { address_line1: address.addressLine1, address_line2: address.addressLine2, city: address.city, state: address.state, zip: address.zip };
    // the invoice follows the record while it is open (an earlier save may have left it behind: a
    // correction made before this rule, or the same address saved again)
    const invoice = a.invoice_id
      ? await correctOpenInvoiceBillTo(trx, deps, {
          invoiceId: a.invoice_id,
          purpose: 'sponsorship',
          address: usAddressLines(address).join('\n'),
          actorUserId: actor.userId,
          requestId: actor.requestId ?? undefined,
        })
      : null;
    if (Object.entries(after).every(([k, v]) => before[k as keyof typeof before] === v)) return { changed: false, invoice };
    await trx.updateTable('sponsorship_applications').set(after).where('id', '=', id).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'sponsorship.billing_address_changed',
      entityType: 'sponsorship_application',
      entityId: id,
      before,
      after,
      requestId: actor.requestId,
    });
    return { changed: true, invoice };
  });
}

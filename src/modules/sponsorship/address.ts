// Partnerships staff correct (or add) a sponsor's billing address on the application's page. A
// waiting application's invoice, issued on acceptance, then carries the corrected address; an
// accepted sponsor's invoice was issued already and keeps the address it was issued with (billing
// does not change an issued invoice), which the page says.
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import type { UsAddress } from '../../lib/us-address.js';
import { type Actor, applicationNotFound, type SponsorshipDeps } from './shared.js';

/** Saves the billing address of a confirmed application; false when it was the same already. */
export async function correctBillingAddress(deps: SponsorshipDeps, actor: Actor, id: string, address: UsAddress): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const a = await trx
      .selectFrom('sponsorship_applications')
      .select(['id', 'status', 'address_line1', 'address_line2', 'city', 'state', 'zip'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!a || a.status === 'unconfirmed') throw applicationNotFound();
    if (a.status === 'declined')
      throw new AppError('sponsorship.declined', { status: 409, message: 'This application is declined: its billing address is no longer used, so it is not changed.' });
    const before = { address_line1: a.address_line1, address_line2: a.address_line2, city: a.city, state: a.state, zip: a.zip };
    const after = { address_line1: address.addressLine1, address_line2: address.addressLine2, city: address.city, state: address.state, zip: address.zip };
    if (Object.entries(after).every(([k, v]) => before[k as keyof typeof before] === v)) return false;
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
    return true;
  });
}

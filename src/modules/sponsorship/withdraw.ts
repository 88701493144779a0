// Withdrawing an accepted sponsor (partnerships staff): its invoice is voided through billing (a
// sponsor that has paid is refused until finance refunds or reverses the payment), its place is
// given back, it leaves every public list, and the company is told why. No status of its own: a
// withdrawn sponsor is an accepted application with the reason recorded (`decline_reason`) and a
// void invoice. An invoice voided by finance alone also takes the sponsor off the public lists;
// withdrawing it then records the reason and gives the place back.
import { writeAudit } from '../../lib/audit.js';
import { replyToHeaders } from '../../lib/email.js';
import { AppError, alreadyDone } from '../../lib/errors.js';
import { voidInvoice } from '../billing/index.js';
import { sponsorWithdrawnEmail } from './emails.js';
import { decidingStaff } from './service.js';
import { type Actor, applicationNotFound, type SponsorshipDeps } from './shared.js';

export async function withdrawSponsor(deps: SponsorshipDeps, actor: Actor, id: string, reason: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('sponsorship_applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!a) throw applicationNotFound();
    if (a.status !== 'accepted' || !a.invoice_id)
      throw new AppError('sponsorship.not_accepted', { status: 409, message: 'Only an accepted sponsor can be withdrawn; decide a waiting application instead.' });
    if (a.decline_reason !== null) throw alreadyDone('sponsorship.withdrawn', 'This sponsor is withdrawn already: nothing changed.');
    const invoice = await trx.selectFrom('invoices').select(['number', 'status', 'paid_cents']).where('id', '=', a.invoice_id).forUpdate().executeTakeFirstOrThrow();
    if (invoice.status !== 'void') {
      if (Number(invoice.paid_cents) > 0)
        throw new AppError('sponsorship.paid', {
          status: 409,
          message: `Invoice ${invoice.number ?? ''} has a payment on it: finance must refund or reverse it before the sponsor can be withdrawn.`,
        });
      await voidInvoice(trx, deps, {
        invoiceId: a.invoice_id,
        reason: `Sponsorship withdrawn: ${reason}`.slice(0, 2000),
        actorUserId: actor.userId,
        requestId: actor.requestId ?? undefined,
      });
    }
    await trx.updateTable('sponsorship_applications').set({ decline_reason: reason }).where('id', '=', a.id).execute();
    const pkg = await trx
      .updateTable('sponsorship_packages')
      .set((eb) => ({ sold: eb('sold', '-', 1), updated_at: now }))
      .where('id', '=', a.package_id)
      .where('sold', '>', 0)
      .returning(['name', 'sold', 'quantity'])
      .executeTakeFirst();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'sponsorship.sponsor_withdrawn',
      entityType: 'sponsorship_application',
      entityId: a.id,
      before: { invoiceStatus: invoice.status },
      after: { reason, invoiceStatus: 'void', placesTaken: pkg?.sold ?? null },
      requestId: actor.requestId,
    });
    const name = pkg?.name ?? (await trx.selectFrom('sponsorship_packages').select('name').where('id', '=', a.package_id).executeTakeFirstOrThrow()).name;
    const decider = await decidingStaff(trx, actor.userId);
    await deps.mail.queue(trx, {
      to: a.contact_email,
      template: sponsorWithdrawnEmail.name,
      data: { name: a.contact_name, company: a.company_name, package: name, invoice: invoice.number ?? '', reason, staff: decider ? { name: decider.name } : undefined },
      headers: replyToHeaders(decider),
    });
  });
}

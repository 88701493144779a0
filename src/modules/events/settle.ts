// Billing's `invoiceSettled` hook for event invoices: when an order's invoice is paid (by a
// payment, or credit notes that leave nothing owed), the order is marked paid, once, and each
// attendee still registered gets the confirmation with their invitation. An order whose seats
// were all cancelled is marked cancelled instead.
import type { InvoiceSettledHook } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { queueConfirmation } from './registration-notify.js';

export const settleEventInvoice: InvoiceSettledHook = async (trx, deps, invoice, _on, actor) => {
  if (invoice.purpose !== 'event' || invoice.status !== 'paid') return;
  const order = await trx.selectFrom('event_orders').selectAll().where('invoice_id', '=', invoice.id).forUpdate().executeTakeFirst();
  if (order?.status !== 'pending') return;
  const seats = await trx
    .selectFrom('event_registrations as r')
    .innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id')
    .select(['r.id', 'r.user_id', 'r.ticket_code', 't.name as ticket'])
    .where('r.order_id', '=', order.id)
    .where('r.status', '=', 'registered')
    .execute();
  const status = seats.length > 0 ? 'paid' : 'cancelled';
  const done = await trx.updateTable('event_orders').set({ status }).where('id', '=', order.id).where('status', '=', 'pending').executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) return;
  const event = await trx.selectFrom('events').selectAll().where('id', '=', order.event_id).executeTakeFirstOrThrow();
  for (const s of seats) await queueConfirmation(trx, deps, event, s, s.ticket);
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: actor,
    action: status === 'paid' ? 'events.order_paid' : 'events.order_cancelled',
    entityType: 'event',
    entityId: event.id,
    after: { orderId: order.id, invoiceId: invoice.id },
  });
};

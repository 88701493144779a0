// What each person is told when programs staff cancel an event, worked out from the seats as they
// were and the orders' invoices as cancelling left them: a seat's holder hears about their seat
// (registered, free, on the waitlist, offered, or placed by someone else), and only whoever placed
// an order hears what happened to its invoice (voided now, voided already before — finance may void
// an invoice while its seats stay — or credited with a refund due), so that a
// person on the waitlist of an organization's order is not told of an invoice that is not theirs.
import type { EventRegistrationStatus } from '../../db/types.js';
import type { Trx } from './service.js';

export interface InvoiceOutcome {
  number: string;
  /** the organization billed (a group order), or null: the person who placed the order */
  organization: string | null;
  /** voided by the cancellation; void already before it (nothing was paid on it, nothing is owed);
   * or credited in full, what was paid to be refunded */
  outcome: 'voided' | 'voided_before' | 'refund';
  /** what was paid on it and is now owed back (refund), in cents */
  refundCents: number;
}

export type SeatNotice =
  | { kind: 'registered' }
  | { kind: 'free' }
  | { kind: 'waitlisted' }
  | { kind: 'offered' }
  /** a seat on an order someone else placed: an organization's administrator, or who gave the ticket */
  | { kind: 'placed_by'; by: string; organization: string | null; invoiced: boolean };

export interface CancellationNotice {
  seat: SeatNotice | null;
  invoices: InvoiceOutcome[];
  /** for a person who placed an order for themself but held no seat: who held its seat then (they
   * had given their ticket away); absent otherwise */
  givenTo?: string[];
}

interface LiveSeat {
  user_id: string;
  order_id: string | null;
  status: EventRegistrationStatus;
}
interface CancelledOrder {
  id: string;
  buyer_user_id: string;
  invoice_id: string | null;
  organization_id: string | null;
}

/** One notice per person with a seat or an order at the event. */
export async function cancellationNotices(
  trx: Trx,
  seats: LiveSeat[],
  orders: CancelledOrder[],
  outcomeOf: ReadonlyMap<string, InvoiceOutcome>,
): Promise<Map<string, CancellationNotice>> {
  const orderOf = new Map(orders.map((o) => [o.id, o]));
  const buyerIds = [...new Set(orders.map((o) => o.buyer_user_id))];
  const orgIds = [...new Set(orders.flatMap((o) => (o.organization_id ? [o.organization_id] : [])))];
  const [buyers, orgs] = await Promise.all([
    buyerIds.length ? trx.selectFrom('users').select(['id', 'name']).where('id', 'in', buyerIds).execute() : [],
    orgIds.length ? trx.selectFrom('organizations').select(['id', 'name']).where('id', 'in', orgIds).execute() : [],
  ]);
  const nameOf = new Map(buyers.map((b) => [b.id, b.name]));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const notices = new Map<string, CancellationNotice>();
  const noticeOf = (userId: string) => {
    const found = notices.get(userId);
    if (found) return found;
    const n: CancellationNotice = { seat: null, invoices: [] };
    notices.set(userId, n);
    return n;
  };
  for (const s of seats) {
    const order = s.order_id ? orderOf.get(s.order_id) : undefined;
    const invoiced = !!order && outcomeOf.has(order.id);
    let seat: SeatNotice;
    if (s.status === 'waitlisted' || s.status === 'offered') seat = { kind: s.status };
    else if (order && order.buyer_user_id !== s.user_id)
      seat = {
        kind: 'placed_by',
        by: nameOf.get(order.buyer_user_id) ?? '',
        organization: order.organization_id ? (orgName.get(order.organization_id) ?? null) : null,
        invoiced,
      };
    else seat = invoiced ? { kind: 'registered' } : { kind: 'free' };
    noticeOf(s.user_id).seat = seat;
  }
  const givenTo = new Map<string, string[]>();
  for (const o of orders) {
    const outcome = outcomeOf.get(o.id);
    const n = noticeOf(o.buyer_user_id);
    if (outcome) n.invoices.push({ ...outcome, organization: o.organization_id ? (orgName.get(o.organization_id) ?? null) : null });
    // one's own order whose seat someone else held: the ticket was given away
    if (!n.seat && !o.organization_id)
      for (const s of seats) if (s.order_id === o.id && s.user_id !== o.buyer_user_id) givenTo.set(o.buyer_user_id, [...(givenTo.get(o.buyer_user_id) ?? []), s.user_id]);
  }
  const holderIds = [...new Set([...givenTo.values()].flat())];
  if (holderIds.length) {
    const holders = await trx.selectFrom('users').select(['id', 'name']).where('id', 'in', holderIds).execute();
    const holderName = new Map(holders.map((h) => [h.id, h.name]));
    for (const [buyer, ids] of givenTo) {
      const n = notices.get(buyer);
      if (n) n.givenTo = ids.map((id) => holderName.get(id) ?? '');
    }
  }
  return notices;
}

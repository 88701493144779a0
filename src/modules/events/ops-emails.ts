// Email templates of events' staff operations: programs staff's message to an event's registered
// attendees (or, once it is cancelled, to those whose registrations the cancellation ended), and
// the notice that an event is cancelled (to everyone registered, waiting or offered a seat, and to
// whoever placed an order: each told of their own seat, and only the one who placed an order of its
// invoice), with the cancellation of a registrant's calendar invitation attached when one was sent.
import { defineTemplate } from '../../lib/email.js';
import { formatCents } from '../../lib/money.js';
import type { InvoiceOutcome, SeatNotice } from './event-cancel-notices.js';

export const registrantsMessageEmail = defineTemplate<{ event: string; subject: string; body: string; url: string; cancelled?: boolean }>('events.registrants_message', (d) => ({
  subject: `${d.event}: ${d.subject}`,
  paragraphs: [
    d.cancelled ? `A message about ${d.event}, which was cancelled while you were registered for it:` : `A message about ${d.event}, which you are registered for:`,
    ...d.body
      .split(/\r?\n\s*\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean),
  ],
  action: { label: 'The event', url: d.url },
}));

/** What one person is told of their own seat (null: they placed an order without holding a seat). */
function seatWords(seat: SeatNotice | null, invoices: InvoiceOutcome[], givenTo: string[] = []): string {
  const invoiced = invoices.length > 0;
  if (!seat) {
    const orgs = [...new Set(invoices.flatMap((i) => (i.organization ? [i.organization] : [])))];
    const placed =
      givenTo.length > 0
        ? `You had given your ticket for it to ${new Intl.ListFormat('en-US').format(givenTo)}${invoiced ? '; the order was yours.' : '.'}`
        : orgs.length > 0
          ? `You registered people from ${new Intl.ListFormat('en-US').format(orgs)} for it.`
          : 'You placed registrations for it.';
    return invoiced ? placed : `${placed} Nothing was charged for ${givenTo.length > 0 ? 'it' : 'them'}, so there is nothing to pay or refund.`;
  }
  return seatOnlyWords(seat);
}

function seatOnlyWords(seat: SeatNotice): string {
  switch (seat.kind) {
    case 'registered':
      return 'Your seat is cancelled.';
    case 'free':
      return 'Your seat is cancelled. Nothing was charged for it, so there is nothing to pay or refund.';
    case 'waitlisted':
      return 'You were on its waitlist, which is now closed. Nothing was charged to you, so there is nothing to pay or refund.';
    case 'offered':
      return 'The seat we offered you is withdrawn, and the waitlist is closed. Nothing was charged to you, so there is nothing to pay or refund.';
    case 'placed_by': {
      const by = seat.organization ? `${seat.by} registered you for ${seat.organization}` : `${seat.by} placed the order for it`;
      return seat.invoiced
        ? `Your seat is cancelled. ${by}, so its invoice was not yours: there is nothing for you to pay or to be refunded, and we have written to ${seat.by} about the invoice.`
        : `Your seat is cancelled. Nothing was charged for it, so there is nothing to pay or refund.`;
    }
  }
}

/** What the person who placed an order is told of its invoice. */
function invoiceWords(i: InvoiceOutcome, associationName: string): string {
  const whose = i.organization ? `Invoice ${i.number} to ${i.organization}` : `Your invoice ${i.number}`;
  const owes = i.organization ? `${i.organization} owes nothing` : 'you owe nothing';
  switch (i.outcome) {
    case 'voided':
      return `${whose} is cancelled: ${owes} on it.`;
    case 'voided_before':
      return `${whose} had already been cancelled before the event was: nothing was paid on it, and ${owes} on it.`;
    case 'refund':
      return `${whose} is credited in full: ${associationName} will refund what ${i.organization ? `${i.organization} paid` : 'you paid'} on it (${formatCents(i.refundCents)}), and ${owes} more.`;
  }
}

export const eventCancelledEmail = defineTemplate<{
  event: string;
  when: string;
  reason: string;
  /** the person's own seat, as it was; null when they only placed an order */
  seat: SeatNotice | null;
  /** the invoices of the orders they placed, as cancelling left them */
  invoices: InvoiceOutcome[];
  /** who held the seat of the order they placed for themself (they had given their ticket away) */
  givenTo?: string[];
  eventsUrl?: string;
}>('events.event_cancelled', (d, ctx) => ({
  subject: `Cancelled: ${d.event}`,
  paragraphs: [
    `${d.event} (${d.when}) is cancelled, and with it every registration for it.`,
    `The reason: ${d.reason}`,
    seatWords(d.seat, d.invoices, d.givenTo),
    ...d.invoices.map((i) => invoiceWords(i, ctx.associationName)),
    d.eventsUrl ? 'We are sorry for the trouble. Our other events are on the events page.' : 'We are sorry for the trouble. Other events are on our website.',
  ],
  action: d.eventsUrl ? { label: 'See our events', url: d.eventsUrl } : undefined,
}));

// Email templates of events' staff operations: programs staff's message to an event's registered
// attendees, and the notice that an event is cancelled (to everyone registered, waiting or
// offered a seat, and to whoever placed an order), with the cancellation of a registrant's calendar
// invitation attached when one was sent.
import { defineTemplate } from '../../lib/email.js';

export const registrantsMessageEmail = defineTemplate<{ event: string; subject: string; body: string; url: string }>('events.registrants_message', (d) => ({
  subject: `${d.event}: ${d.subject}`,
  paragraphs: [
    `A message about ${d.event}, which you are registered for:`,
    ...d.body
      .split(/\r?\n\s*\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean),
  ],
  action: { label: 'The event', url: d.url },
}));

export const eventCancelledEmail = defineTemplate<{
  event: string;
  when: string;
  reason: string;
  paid: boolean;
  /** an invoice was issued for the person's seat or order (false: free, or the waitlist) */
  invoiced?: boolean;
  eventsUrl?: string;
}>('events.event_cancelled', (d, ctx) => ({
  subject: `Cancelled: ${d.event}`,
  paragraphs: [
    `${d.event} (${d.when}) is cancelled, and with it every registration for it.`,
    `The reason: ${d.reason}`,
    d.paid
      ? `${ctx.associationName} will refund what you paid for it; any amount still due on its invoice is credited, so you owe nothing more.`
      : d.invoiced === false
        ? 'Nothing was charged for it, so there is nothing to pay or refund.'
        : 'Its invoice is cancelled: you owe nothing.',
    d.eventsUrl ? 'We are sorry for the trouble. Our other events are on the events page.' : 'We are sorry for the trouble. Other events are on our website.',
  ],
  action: d.eventsUrl ? { label: 'See our events', url: d.eventsUrl } : undefined,
}));

// Email templates of event registration: a seat held (with the invoice to pay), a confirmation
// (with the iCalendar invitation attached), an organization's registration of its staff, the
// waitlist, a freed seat offered and its expiry, a cancellation and a transfer. Join links never
// appear in emails: the invitation attached to the registrant's own confirmation carries it.
import { defineTemplate } from '../../lib/email.js';

interface EventLine {
  event: string;
  /** the event's time in its own zone */
  when: string;
  /** the person's events page or the ticket page */
  url: string;
}

export const seatHeldEmail = defineTemplate<EventLine & { ticket: string; price: string; invoiceNumber: string; invoiceUrl: string }>('events.seat_held', (d) => ({
  subject: `Your seat is held: ${d.event}`,
  paragraphs: [
    `You are registered for ${d.event} (${d.when}), ${d.ticket}, for ${d.price}.`,
    `Invoice ${d.invoiceNumber} is on its way in a separate email. Your seat is held from now on; the invoice’s page says how to pay it: ${d.invoiceUrl}`,
    'When it is paid, we send your confirmation with a calendar invitation.',
  ],
  action: { label: 'See your events', url: d.url },
}));

export const confirmedEmail = defineTemplate<EventLine & { ticket: string; where: string }>('events.confirmed', (d) => ({
  subject: `You are confirmed: ${d.event}`,
  paragraphs: [
    `Your registration for ${d.event} is confirmed: ${d.when}, ${d.ticket}.`,
    d.where,
    'The calendar invitation is attached: open it to add the event to your calendar. Your ticket, with its code for check-in, is on your events page.',
  ],
  action: { label: 'Your ticket', url: d.url },
}));

export const registeredByOrganizationEmail = defineTemplate<EventLine & { organization: string; by: string; waitlisted: boolean; invoiced: boolean }>(
  'events.registered_by_organization',
  (d) => ({
    subject: d.waitlisted ? `On the waitlist: ${d.event}` : `You are registered: ${d.event}`,
    paragraphs: [
      d.waitlisted
        ? `${d.by} asked for a seat for you at ${d.event} (${d.when}) for ${d.organization}. The event is full: you are on the waitlist, and we will write if a seat frees up.`
        : `${d.by} registered you for ${d.event} (${d.when}) for ${d.organization}.`,
      d.waitlisted
        ? 'Nothing to do now.'
        : d.invoiced
          ? `${d.organization} receives one invoice for its staff. Your confirmation, with a calendar invitation, follows when it is paid.`
          : 'The ticket is free: there is nothing to pay. Your confirmation, with a calendar invitation, comes in a separate email.',
    ],
    action: { label: 'See your events', url: d.url },
  }),
);

export const waitlistedEmail = defineTemplate<EventLine & { position: number }>('events.waitlisted', (d) => ({
  subject: `On the waitlist: ${d.event}`,
  paragraphs: [
    `${d.event} (${d.when}) is full, so you are on its waitlist, number ${d.position} in line.`,
    'When a seat frees up, we offer it to the first in line by email, for a limited time. Nothing is charged until you accept a seat.',
  ],
  action: { label: 'See your events', url: d.url },
}));

export const seatOfferedEmail = defineTemplate<EventLine & { expires: string }>('events.seat_offered', (d) => ({
  subject: `A seat is free for you: ${d.event}`,
  paragraphs: [`A seat at ${d.event} (${d.when}) has freed up, and it is yours if you accept it by ${d.expires}.`, 'After that, it goes to the next person on the waitlist.'],
  action: { label: 'Accept the seat', url: d.url },
}));

export const offerExpiredEmail = defineTemplate<EventLine>('events.offer_expired', (d) => ({
  subject: `The seat offer has expired: ${d.event}`,
  paragraphs: [
    `The seat we offered you at ${d.event} (${d.when}) was not accepted in time, so it went to the next person on the waitlist.`,
    'You can register again if seats free up.',
  ],
  action: { label: 'See your events', url: d.url },
}));

export const cancelledEmail = defineTemplate<EventLine & { money: string }>('events.cancelled', (d) => ({
  subject: `Registration cancelled: ${d.event}`,
  paragraphs: [`Your registration for ${d.event} (${d.when}) is cancelled.`, d.money],
  action: { label: 'See your events', url: d.url },
}));

export const transferredAwayEmail = defineTemplate<
  EventLine & {
    to: string;
    /** the giver's own invoice for the seat, still to pay (their order, not paid yet): null otherwise */
    unpaidInvoice?: string | null;
  }
>('events.transferred_away', (d) => ({
  subject: `Ticket transferred: ${d.event}`,
  paragraphs: d.unpaidInvoice
    ? [
        `Your ticket for ${d.event} (${d.when}) now belongs to ${d.to}. Your own registration is cancelled.`,
        `Invoice ${d.unpaidInvoice} for the seat is still yours to pay: the seat is held for ${d.to}, and their confirmation follows when the invoice is paid. It is under “To pay” on your events page.`,
      ]
    : [`Your ticket for ${d.event} (${d.when}) now belongs to ${d.to}. Your own registration is cancelled, and nothing changes in what was paid.`],
  action: { label: 'See your events', url: d.url },
}));

export const transferredToYouEmail = defineTemplate<EventLine & { from: string; confirmed: boolean }>('events.transferred_to_you', (d) => ({
  subject: `A ticket for you: ${d.event}`,
  paragraphs: [
    `${d.from} transferred their ticket for ${d.event} (${d.when}) to you.`,
    d.confirmed
      ? 'The calendar invitation is attached: open it to add the event to your calendar.'
      : 'Its invoice is not paid yet: your confirmation, with a calendar invitation, follows when it is.',
  ],
  action: { label: 'Your ticket', url: d.url },
}));

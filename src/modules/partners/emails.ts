// Email templates of partners: the inquirer confirms their address, then gets the acknowledgment
// and later the decision; partnerships staff hear of each new inquiry, of renewals falling due
// and of deliverables coming due.
import { defineTemplate } from '../../lib/email.js';

export const confirmInquiryEmail = defineTemplate<{ organization: string; url: string }>('partners.confirm_inquiry', (d) => ({
  subject: 'Confirm your inquiry',
  paragraphs: [
    `Someone, we hope you, asked about an organizational relationship for ${d.organization} with this email address.`,
    'To send the inquiry, open the link below within 24 hours and press the button. If it was not you, ignore this email: nothing is sent.',
  ],
  action: { label: 'Confirm and send the inquiry', url: d.url },
}));

export const inquiryReceivedEmail = defineTemplate<{ name: string; organization: string; kind: string }>('partners.inquiry_received', (d) => ({
  subject: 'We received your inquiry',
  paragraphs: [
    `Dear ${d.name},`,
    `Thank you for your interest in a ${d.kind.toLowerCase()} between ${d.organization} and our association. Our partnerships staff read every inquiry and will write to you with their decision, usually within two weeks.`,
  ],
}));

export const newInquiryEmail = defineTemplate<{ organization: string; kind: string; contact: string; url: string }>('partners.new_inquiry', (d) => ({
  subject: `New partnership inquiry: ${d.organization}`,
  paragraphs: [`${d.contact} of ${d.organization} asks about a ${d.kind.toLowerCase()}. Their email address is confirmed.`],
  action: { label: 'Open the inquiry', url: d.url },
}));

/** Who replies reach, in words: the staff member who decided, of the partnerships staff. */
const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const whoDecided = (staff: { name: string }) => (staff.name.trim() ? `${staff.name.trim()} of our partnerships staff` : 'our partnerships staff');

/** The decision on an inquiry. `staff`: who decided, named, and the reply-to of the message (a
 * conversation begins here: the sender is a no-reply address). */
export const inquiryDecisionEmail = defineTemplate<{ name: string; organization: string; accepted: boolean; reason: string; staff?: { name: string } }>(
  'partners.inquiry_decision',
  (d) => ({
    subject: d.accepted ? 'Your inquiry: let us talk' : 'Your inquiry: our decision',
    paragraphs: [
      `Dear ${d.name},`,
      d.accepted
        ? `Thank you for your inquiry about ${d.organization}. We would like to discuss a relationship with you.`
        : `Thank you for your inquiry about ${d.organization}. After reading it carefully, we will not pursue a relationship at this time.`,
      ...(d.reason ? [d.reason] : []),
      d.accepted
        ? d.staff
          ? `${capitalized(whoDecided(d.staff))} will write to you to arrange a first conversation. To reach them sooner, reply to this email.`
          : 'A member of our partnerships staff will write to you to arrange a first conversation.'
        : d.staff
          ? `If you have a question about this decision, reply to this email: it reaches ${whoDecided(d.staff)}.`
          : '',
    ].filter(Boolean),
  }),
);

export const renewalDueEmail = defineTemplate<{ name: string; kind: string; end: string; url: string }>('partners.renewal_due', (d) => ({
  subject: `Renewal due: ${d.name}`,
  paragraphs: [`The agreement of the ${d.kind.toLowerCase()} with ${d.name} ends on ${d.end}. Its renewal is now due: agree a new end date, or end the relationship.`],
  action: { label: 'Open the relationship', url: d.url },
}));

export const deliverableDueEmail = defineTemplate<{ name: string; title: string; due: string; url: string }>('partners.deliverable_due', (d) => ({
  subject: `Deliverable due ${d.due}: ${d.title}`,
  paragraphs: [`“${d.title}”, a deliverable of the partnership with ${d.name}, is due on ${d.due}.`],
  action: { label: 'Open the relationship', url: d.url },
}));

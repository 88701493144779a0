// Email templates of sponsorship: the company confirms its address, then gets the acknowledgment
// and later the decision (with the invoice, which billing sends, when accepted); partnerships
// staff hear of each confirmed application.
import { defineTemplate } from '../../lib/email.js';

/** The staff member who decided, named; replies to the message reach them (its reply-to: the
 * sender is a no-reply address). Absent, the email says nothing of replying. */
type DecidedBy = { staff?: { name: string } };
const whoDecided = (staff: { name: string }) => (staff.name.trim() ? `${staff.name.trim()} of our partnerships staff` : 'our partnerships staff');
const replyLine = (d: DecidedBy, about: string) => (d.staff ? [`${about} reply to this email: it reaches ${whoDecided(d.staff)}.`] : []);

export const confirmApplicationEmail = defineTemplate<{ company: string; package: string; url: string }>('sponsorship.confirm_application', (d) => ({
  subject: 'Confirm your sponsorship application',
  paragraphs: [
    `Someone, we hope you, applied for the sponsorship package “${d.package}” for ${d.company} with this email address.`,
    'To send the application, open the link below within 24 hours and press the button. If it was not you, ignore this email: nothing is sent.',
  ],
  action: { label: 'Confirm and send the application', url: d.url },
}));

export const applicationReceivedEmail = defineTemplate<{ name: string; company: string; package: string }>('sponsorship.application_received', (d) => ({
  subject: 'We received your sponsorship application',
  paragraphs: [
    `Dear ${d.name},`,
    `Thank you for applying to sponsor us with the package “${d.package}” for ${d.company}. Our partnerships staff will write to you with their decision, usually within a week. If they accept it, you will receive the invoice.`,
  ],
}));

export const newApplicationEmail = defineTemplate<{ company: string; package: string; url: string }>('sponsorship.new_application', (d) => ({
  subject: `New sponsorship application: ${d.company}`,
  paragraphs: [`${d.company} applied for the package “${d.package}”. Their email address is confirmed.`],
  action: { label: 'Open the application', url: d.url },
}));

export const applicationAcceptedEmail = defineTemplate<{ name: string; company: string; package: string; invoice: string; total: string; event?: string } & DecidedBy>(
  'sponsorship.application_accepted',
  (d) => ({
    subject: 'Your sponsorship is accepted',
    paragraphs: [
      `Dear ${d.name},`,
      `Thank you: we accepted ${d.company} as a sponsor with the package “${d.package}”. Invoice ${d.invoice} for ${d.total} comes in a separate email, with how to pay it.`,
      d.event ? `Your logo now appears with our sponsors on the page of ${d.event}.` : 'Your logo now appears with our sponsors.',
      ...replyLine(d, 'For anything about your sponsorship,'),
    ],
  }),
);

export const applicationDeclinedEmail = defineTemplate<{ name: string; company: string; package: string; reason: string } & DecidedBy>('sponsorship.application_declined', (d) => ({
  subject: 'Your sponsorship application: our decision',
  paragraphs: [
    `Dear ${d.name},`,
    `Thank you for applying to sponsor us with the package “${d.package}” for ${d.company}. We are not able to accept it.`,
    d.reason,
    ...replyLine(d, 'To talk about it, or about another way to sponsor us,'),
  ],
}));

export const sponsorWithdrawnEmail = defineTemplate<{ name: string; company: string; package: string; invoice: string; reason: string } & DecidedBy>(
  'sponsorship.sponsor_withdrawn',
  (d) => ({
    subject: 'Your sponsorship is withdrawn',
    paragraphs: [
      `Dear ${d.name},`,
      `We have withdrawn ${d.company}’s sponsorship with the package “${d.package}”: your logo no longer appears with our sponsors, and invoice ${d.invoice} is cancelled, so there is nothing to pay.`,
      d.reason,
      ...replyLine(d, 'If you have a question about it,'),
    ],
  }),
);

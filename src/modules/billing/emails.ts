// Email templates of billing.
import { defineTemplate } from '../../lib/email.js';
import { formatDay } from '../../lib/format.js';

export const invoiceIssuedEmail = defineTemplate<{
  name: string;
  number: string;
  total: string;
  due: string;
  url: string;
  po: string | null;
  card?: boolean;
  /** the membership period the invoice covers, in words ('Jan 1, 2026 to Dec 31, 2026') */
  period?: string | null;
  /** how to pay, as the invoice says it: one paragraph each (by check…, by ACH…, what to ask us for) */
  remit?: string[];
}>('billing.invoice_issued', (d, ctx) => ({
  subject: `Invoice ${d.number} from ${ctx.associationName}`,
  paragraphs: [
    `Hello ${d.name},`,
    `Invoice ${d.number} for ${d.total} is attached${d.po ? ` (purchase order ${d.po})` : ''}. It is due on ${formatDay(d.due)}.`,
    ...(d.period ? [`It covers the membership period ${d.period}.`] : []),
    ...(d.remit ?? []),
    // The ways to pay are the paragraphs above, as the invoice gives them: this line promises no
    // more. Cards are mentioned only where card payment (Stripe) is set up.
    d.card
      ? 'Or pay by card at the link below, which also shows the invoice and what is paid on it. No account is needed.'
      : 'The link below shows the invoice and what is paid on it. No account is needed.',
  ],
  action: { label: 'View and pay the invoice', url: d.url },
}));

export const welcomeEmail = defineTemplate<{ organization: string; start: string; end: string; url: string }>('billing.welcome', (d, ctx) => ({
  subject: `Welcome to ${ctx.associationName}: ${d.organization} is a member`,
  paragraphs: [
    `Thank you: payment is received and ${d.organization} is now a member, from ${formatDay(d.start)} to ${formatDay(d.end)}.`,
    'Next: you book a first meeting with your dedicated advisor. A separate email gives you their name as soon as they are assigned; then choose a time yourself on your organization’s home page, under “Your advisor”. Both of you receive a calendar invitation.',
    'Your membership and invoices are on the same page.',
  ],
  action: { label: 'Your organization’s home page', url: d.url },
}));

export const paymentReceivedEmail = defineTemplate<{ number: string; amount: string; balance: string }>('billing.payment_received', (d) => ({
  subject: `Payment received for invoice ${d.number}`,
  paragraphs: [`We received ${d.amount} for invoice ${d.number}. Balance due: ${d.balance}.`],
}));

export const refundRecordedEmail = defineTemplate<{ number: string; amount: string; method: string; reference: string }>('billing.refund_recorded', (d) => ({
  subject: `Refund of ${d.amount} on invoice ${d.number}`,
  paragraphs: [
    `We refunded ${d.amount} of what was paid on invoice ${d.number}, by ${d.method}${d.reference ? ` (reference ${d.reference})` : ''}.`,
    'A card refund can take up to ten business days to appear on the statement; a check is in the post.',
  ],
}));

// Email templates of renewals: a reminder that a renewal invoice is unpaid, and the notice that
// a membership has lapsed. (The renewal invoice itself goes out with billing's invoice email.)
import { defineTemplate } from '../../lib/email.js';
import { formatDay } from '../../lib/format.js';

/** 'YYYY-MM-DD' as "March 1, 2027". */
export const longDay = (day: string) => formatDay(day);

export const renewalReminderEmail = defineTemplate<{
  name: string;
  organization: string;
  number: string;
  balance: string;
  due: string;
  /** days past the due date; 0 on the due date itself */
  daysLate: number;
  termEnd: string;
  /** the day the reminder is sent, YYYY-MM-DD (a term that ended before it is said to have ended) */
  today?: string;
  url: string;
}>('billing.renewal_reminder', (d, ctx) => ({
  subject: d.daysLate === 0 ? `Reminder: invoice ${d.number} is due today` : `Reminder: invoice ${d.number} is ${d.daysLate} days overdue`,
  paragraphs: [
    `Hello ${d.name},`,
    d.daysLate === 0
      ? `Invoice ${d.number} for the renewal of ${d.organization}’s membership of ${ctx.associationName} is due today, ${longDay(d.due)}. The balance due is ${d.balance}.`
      : `Invoice ${d.number} for the renewal of ${d.organization}’s membership of ${ctx.associationName} was due on ${longDay(d.due)}. The balance due is ${d.balance}.`,
    `${
      d.today && d.termEnd < d.today
        ? `The last membership term ended on ${longDay(d.termEnd)}. Paying the invoice renews the membership.`
        : `The current membership term ends on ${longDay(d.termEnd)}. Paying the invoice keeps the membership going without a break.`
    } If you have already sent payment, thank you: you can ignore this message.`,
  ],
  action: { label: 'View and pay the invoice', url: d.url },
}));

export const membershipLapsedEmail = defineTemplate<{ organization: string; termEnd: string; url: string | null; number: string | null }>(
  'billing.membership_lapsed',
  (d, ctx) => ({
    subject: `${d.organization}’s membership of ${ctx.associationName} has lapsed`,
    paragraphs: [
      `The membership of ${d.organization} ended on ${longDay(d.termEnd)} and has not been renewed, so it has now lapsed. Member pages and services are paused.`,
      d.number
        ? `Paying renewal invoice ${d.number} reinstates the membership at once, for the full new term.`
        : `To renew, reply to this message or contact ${ctx.associationName}.`,
    ],
    ...(d.url ? { action: { label: 'View and pay the invoice', url: d.url } } : {}),
  }),
);

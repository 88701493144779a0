// Emails of individual membership. The invoice itself is billing's email. None of these ever
// carries a salary, and the transition emails go to the member alone and say nothing of the
// circumstances they described.
import { defineTemplate } from '../../lib/email.js';
import { formatDay } from './format.js';

export const joinReceivedEmail = defineTemplate<{ name: string; level: string; amount: string; payBy: 'card' | 'invoice'; url: string }>('individuals.join_received', (d) => ({
  subject: `Your ${d.level} membership application`,
  paragraphs: [
    `Hello ${d.name},`,
    `Thank you for joining at the ${d.level} level. Your dues for the first year are ${d.amount}.`,
    d.payBy === 'card'
      ? 'You chose to pay by card: open your invoice to pay. Your membership starts as soon as the payment is received.'
      : 'We have sent your invoice in a separate email. Your membership starts as soon as it is paid.',
  ],
  action: { label: 'See your membership', url: d.url },
}));

/** To a new account's address: confirm it to finish joining (the link signs the person in). */
export const joinConfirmEmail = defineTemplate<{ name: string; level: string; amount: string; payBy: 'card' | 'invoice' | 'free'; url: string; hours: number }>(
  'individuals.join_confirm',
  (d, ctx) => ({
    subject: 'Confirm your email address to finish joining',
    paragraphs: [
      `Hello ${d.name},`,
      `Someone joined ${ctx.associationName} at the ${d.level} level with this email address (first year: ${d.amount}). If it was you, use the link below within ${d.hours} hours to confirm that the address is yours. It works once, and signs you in.`,
      d.payBy === 'card'
        ? 'Then you go on to your invoice to pay by card. Your membership starts as soon as the payment is received.'
        : d.payBy === 'invoice'
          ? 'Then you see your membership and its invoice (we have also sent the invoice in a separate email). Your membership starts as soon as it is paid.'
          : 'Then you see your membership.',
      'If it was not you, do not use the link and ignore this message: nobody can sign in with this address until it is confirmed.',
    ],
    action: { label: 'Confirm my email address', url: d.url },
  }),
);

/** To the owner of an address that already has an account, when someone joins with it. */
export const joinAttemptEmail = defineTemplate<{ name: string; signInUrl: string; magicUrl: string }>('individuals.join_attempt', (d, ctx) => ({
  subject: `Someone tried to join ${ctx.associationName} with your email address`,
  paragraphs: [
    `Hello ${d.name},`,
    `Someone tried to join ${ctx.associationName} as an individual member with this email address, which already has an account. Nothing was created or changed.`,
    `If it was you: sign in, then join from your account. If you do not know your password, ask for a sign-in link instead: ${d.magicUrl}`,
    'If it was not you, you can ignore this message.',
  ],
  action: { label: 'Sign in and join', url: d.signInUrl },
}));

export const individualWelcomeEmail = defineTemplate<{ name: string; level: string; start: string; end: string; url: string }>('individuals.welcome', (d) => ({
  subject: 'Welcome: your membership is active',
  paragraphs: [`Hello ${d.name},`, `Your ${d.level} membership is active from ${formatDay(d.start)} to ${formatDay(d.end)}. Welcome!`],
  action: { label: 'See your membership', url: d.url },
}));

export const individualLapsedEmail = defineTemplate<{ name: string; termEnd: string; url: string }>('individuals.lapsed', (d) => ({
  subject: 'Your membership has lapsed',
  paragraphs: [
    `Hello ${d.name},`,
    `Your membership ended on ${formatDay(d.termEnd)} and its renewal was not paid within the grace period, so it has lapsed. Pay the renewal invoice to reinstate it.`,
  ],
  action: { label: 'See your membership', url: d.url },
}));

export const transitionReceivedEmail = defineTemplate<{ name: string; url: string }>(
  'individuals.transition_received',
  (d) => ({
    subject: 'We received your request for support',
    paragraphs: [`Hello ${d.name},`, 'We received your confidential Members in Transition request. A designated staff member will review it and write to you with the outcome.'],
    action: { label: 'See your request', url: d.url },
  }),
  { confidential: 'transition' },
);

export const transitionDecidedEmail = defineTemplate<{ name: string; approved: boolean; months: number; termEnd: string | null; note: string; url: string }>(
  'individuals.transition_decided',
  (d) => ({
    subject: d.approved ? 'Your Members in Transition request is approved' : 'About your Members in Transition request',
    paragraphs: [
      `Hello ${d.name},`,
      d.approved
        ? `Your request is approved: your dues are waived for ${d.months} months${d.termEnd ? `, and your membership now runs to ${formatDay(d.termEnd)}` : ''}.`
        : 'We are sorry: we could not approve your request this time.',
      ...(d.note ? [d.note] : []),
    ],
    action: { label: 'See your membership', url: d.url },
  }),
  { confidential: 'transition' },
);

// Emails of individual membership. The invoice itself is billing's email. None of these ever
// carries a salary, and the transition emails go to the member alone and say nothing of the
// circumstances they described.
import { defineTemplate } from '../../lib/email.js';
import { formatDay } from './format.js';

type Check = 'none' | 'staff_verification' | 'proof_upload';

export const joinReceivedEmail = defineTemplate<{
  name: string;
  level: string;
  amount: string;
  payBy: 'card' | 'invoice';
  url: string;
  check?: Check;
  proof?: string;
  free?: boolean;
}>('individuals.join_received', (d) => {
  const checked = d.check === 'staff_verification' || d.check === 'proof_upload';
  const payment = d.free
    ? `The ${d.level} level is free: there is nothing to pay. ${checked ? 'Your membership starts as soon as your eligibility is confirmed.' : 'Your membership is active.'}`
    : d.payBy === 'card'
      ? `You chose to pay by card: open your invoice to pay. Your membership starts as soon as the payment is received${checked ? ' and your eligibility is confirmed' : ''}.`
      : `We have sent your invoice in a separate email. Your membership starts as soon as it is paid${checked ? ' and your eligibility is confirmed' : ''}.`;
  return {
    subject: `Your ${d.level} membership application`,
    paragraphs: [
      `Hello ${d.name},`,
      d.free ? `Thank you for joining at the ${d.level} level.` : `Thank you for joining at the ${d.level} level. Your dues for the first year are ${d.amount}.`,
      payment,
      ...(d.check === 'proof_upload'
        ? [
            `Before your membership starts, our membership staff check that you are eligible for the ${d.level} level. Please upload your proof on your membership page: ${d.proof ?? ''}`,
          ]
        : d.check === 'staff_verification'
          ? [`Before your membership starts, our membership staff check that you are eligible for the ${d.level} level. They will write to you if they need anything.`]
          : []),
    ],
    action: { label: d.check === 'proof_upload' ? 'Upload your proof' : 'See your membership', url: d.url },
  };
});

export const eligibilityConfirmedEmail = defineTemplate<{ name: string; level: string; url: string }>('individuals.eligibility_confirmed', (d) => ({
  subject: 'Your eligibility is confirmed',
  paragraphs: [
    `Hello ${d.name},`,
    `Our membership staff have confirmed that you are eligible for the ${d.level} level. Your membership starts as soon as your first invoice is paid.`,
  ],
  action: { label: 'See your membership', url: d.url },
}));

/** To a new account's address: confirm it to finish joining (the link signs the person in). */
export const joinConfirmEmail = defineTemplate<{
  name: string;
  level: string;
  amount: string;
  payBy: 'card' | 'invoice' | 'free';
  url: string;
  hours: number;
  check?: Check;
  proof?: string;
}>('individuals.join_confirm', (d, ctx) => ({
  subject: 'Confirm your email address to finish joining',
  paragraphs: [
    `Hello ${d.name},`,
    `Someone joined ${ctx.associationName} at the ${d.level} level${d.payBy === 'free' ? ', which is free,' : ''} with this email address${d.payBy === 'free' ? '' : ` (first year: ${d.amount})`}. If it was you, use the link below within ${d.hours} hours to confirm that the address is yours. It works once, and signs you in. Open it in the browser you joined from: anywhere else it still works, but you will then choose a new password (so that nobody who typed your address can know it).`,
    d.payBy === 'card'
      ? 'Then you go on to your invoice to pay by card. Your membership starts as soon as the payment is received.'
      : d.payBy === 'invoice'
        ? 'Then you see your membership and its invoice, which we also email to you once the address is confirmed. Your membership starts as soon as it is paid.'
        : 'Then you see your membership.',
    ...(d.check === 'proof_upload'
      ? [
          `Before your membership starts, our membership staff check that you are eligible for the ${d.level} level: once signed in, upload your proof on your membership page (${d.proof ?? ''}).`,
        ]
      : d.check === 'staff_verification'
        ? [`Before your membership starts, our membership staff check that you are eligible for the ${d.level} level. They will write to you if they need anything.`]
        : []),
    'If it was not you, do not use the link and ignore this message: nobody can sign in with this address until it is confirmed.',
  ],
  action: { label: 'Confirm my email address', url: d.url },
}));

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

export const eligibilityDeclinedEmail = defineTemplate<{ name: string; level: string; reason: string; refund: string | null; url: string }>(
  'individuals.eligibility_declined',
  (d) => ({
    subject: `About your ${d.level} membership`,
    paragraphs: [
      `Hello ${d.name},`,
      `We are sorry: our membership staff could not confirm that you are eligible for the ${d.level} level, so this membership will not start.`,
      `The reason they gave: ${d.reason}`,
      d.refund ? `You paid ${d.refund}: our finance staff will refund it to you and write to you when they do.` : 'Nothing is owed: your invoice for it is cancelled.',
      'You may join again at a level that fits you.',
    ],
    action: { label: 'See your membership', url: d.url },
  }),
);

export const individualWelcomeEmail = defineTemplate<{ name: string; level: string; start: string; end: string; url: string; profileUrl?: string; directoryUrl?: string }>(
  'individuals.welcome',
  (d) => ({
    subject: 'Welcome: your membership is active',
    paragraphs: [
      `Hello ${d.name},`,
      `Your ${d.level} membership is active from ${formatDay(d.start)} to ${formatDay(d.end)}. Welcome!`,
      ...(d.profileUrl && d.directoryUrl
        ? [
            `What to do next: fill in your profile, your entry in Who’s Who, the members’ directory, and choose who sees each contact detail: ${d.profileUrl}`,
            `Then find colleagues in Who’s Who, by name, employer, state or expertise: ${d.directoryUrl}`,
          ]
        : []),
    ],
    action: { label: 'See your membership', url: d.url },
  }),
);

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

/** To each holder of the Members in Transition permission: a request is waiting. Nothing of it:
 * not who asked, not why (the reviewer reads it on the page, which audits the read). */
export const transitionWaitingEmail = defineTemplate<{ url: string }>(
  'individuals.transition_waiting',
  (d) => ({
    subject: 'A Members in Transition request is waiting for review',
    paragraphs: ['A member has sent a confidential Members in Transition request. Open the queue to review it; what it says is shown only there.'],
    action: { label: 'Open the Members in Transition queue', url: d.url },
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

// Email templates of the accounts module.
import { defineTemplate } from '../../lib/email.js';

export const passwordResetEmail = defineTemplate<{ name: string; url: string; minutes: number }>('accounts.password_reset', (d, ctx) => ({
  subject: `Reset your ${ctx.associationName} password`,
  paragraphs: [
    `Hello ${d.name},`,
    `Someone asked to reset the password of your account. If it was you, use the link below within ${d.minutes} minutes. It works once.`,
    'If it was not you, you can ignore this message: your password stays as it is.',
  ],
  action: { label: 'Choose a new password', url: d.url },
}));

/** A sign-in link. With `purpose` (what the person set out to do, said after "to": "continue
 * joining the Springfield Green Business Challenge"), the email says that rather than "sign in":
 * a newcomer who gave their address on a public form did not ask to sign in anywhere. */
export const magicLinkEmail = defineTemplate<{ name: string; url: string; minutes: number; purpose?: string }>('accounts.magic_link', (d, ctx) =>
  d.purpose
    ? {
        subject: `Your link to ${d.purpose}`,
        paragraphs: [
          `Hello ${d.name},`,
          `You gave this address at ${ctx.associationName} to ${d.purpose}. Use the link below within ${d.minutes} minutes to confirm it is yours and carry on where you left off. It works once.`,
          'If it was not you, you can ignore this message: nothing happens unless the link is used.',
        ],
        action: { label: 'Confirm and continue', url: d.url },
      }
    : {
        subject: `Your sign-in link for ${ctx.associationName}`,
        paragraphs: [`Hello ${d.name},`, `Use the link below within ${d.minutes} minutes to sign in. It works once.`, 'If you did not ask for it, you can ignore this message.'],
        action: { label: 'Sign in', url: d.url },
      },
);

export const signInPausedEmail = defineTemplate<{ name: string; failures: number; minutes: number; magicUrl: string; resetUrl: string }>('accounts.sign_in_paused', (d, ctx) => ({
  subject: `Sign-in to your ${ctx.associationName} account is paused`,
  paragraphs: [
    `Hello ${d.name},`,
    `Someone typed a wrong password for your account ${d.failures} times in a row, so signing in with a password is paused for ${d.minutes === 1 ? 'a minute' : `${d.minutes} minutes`}. The wrong passwords were not accepted, and nothing in your account changed.`,
    `If it was you, you can sign in now with a link sent to this address: ${d.magicUrl}`,
    `If it was not you, nothing more is needed. If you think someone knows your password, choose a new one: ${d.resetUrl}`,
  ],
}));

export const verifyEmailEmail = defineTemplate<{ name: string; url: string; hours: number }>('accounts.verify_email', (d, ctx) => ({
  subject: `Confirm your email address for ${ctx.associationName}`,
  paragraphs: [
    `Hello ${d.name},`,
    `Someone created an account at ${ctx.associationName} with this email address, and it cannot be used until the address is confirmed. If it was you, use the link below within ${d.hours} hours to confirm it and sign in. It works once.`,
    'If it was not you, do not use the link and ignore this message: nobody can sign in with this address until it is confirmed.',
  ],
  action: { label: 'Confirm my email address', url: d.url },
}));

export const totpDisabledEmail = defineTemplate<{ name: string; resetUrl: string }>('accounts.totp_disabled', (d, ctx) => ({
  subject: `Two-factor sign-in is off for your ${ctx.associationName} account`,
  paragraphs: [
    `Hello ${d.name},`,
    'Two-factor sign-in was just turned off for your account: signing in now needs only your password.',
    `If it was you, nothing more is needed. If it was not, choose a new password at once (it ends every session) and turn two-factor sign-in on again: ${d.resetUrl}`,
  ],
}));

export const secondFactorFailedEmail = defineTemplate<{ name: string; tries: number; resetUrl: string }>('accounts.second_factor_failed', (d, ctx) => ({
  subject: `Someone has your ${ctx.associationName} password`,
  paragraphs: [
    `Hello ${d.name},`,
    `Someone signed in to your account with your password, then typed ${d.tries} wrong two-factor codes, so the sign-in was stopped. Your account was not opened.`,
    `If it was not you, your password is known to someone else: choose a new one now (it ends every session): ${d.resetUrl}`,
    'If it was you, nothing more is needed.',
  ],
}));

export const staffInvitationEmail = defineTemplate<{ name: string; invitedBy: string; roles: string; url: string; days: number }>('accounts.staff_invitation', (d, ctx) => ({
  subject: `You are invited to join the staff of ${ctx.associationName}`,
  paragraphs: [
    `Hello ${d.name},`,
    `${d.invitedBy} invites you to work in ${ctx.associationName}’s staff area with these roles: ${d.roles}.`,
    `Use the link below within ${d.days} days to accept. It works once. You will choose a password if you are new here, or sign in as usual if you already have an account.`,
    'If you do not know why you were invited, ignore this message: nothing changes until you accept.',
  ],
  action: { label: 'See the invitation', url: d.url },
}));

export const emailChangeEmail = defineTemplate<{ name: string; url: string; hours: number; oldEmail: string }>('accounts.email_change', (d, ctx) => ({
  subject: `Confirm your new email address for ${ctx.associationName}`,
  paragraphs: [
    `Hello ${d.name},`,
    `${ctx.associationName} staff changed the email address of your account from ${d.oldEmail} to this one. The change takes effect only when you confirm it: use the link below within ${d.hours} hours. It works once.`,
    'Until then, your account keeps its old address. If you did not expect this, ignore this message and nothing changes.',
  ],
  action: { label: 'Confirm my new email address', url: d.url },
}));

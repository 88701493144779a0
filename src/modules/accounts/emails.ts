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

export const magicLinkEmail = defineTemplate<{ name: string; url: string; minutes: number }>('accounts.magic_link', (d, ctx) => ({
  subject: `Your sign-in link for ${ctx.associationName}`,
  paragraphs: [`Hello ${d.name},`, `Use the link below within ${d.minutes} minutes to sign in. It works once.`, 'If you did not ask for it, you can ignore this message.'],
  action: { label: 'Sign in', url: d.url },
}));

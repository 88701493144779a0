// Email templates of the organization portal. The first link of each message is the one to act
// on (tests and people both follow it).
import { defineTemplate } from '../../lib/email.js';

export const contactInvitedEmail = defineTemplate<{ name: string; organizationName: string; invitedBy: string; url: string; minutes: number }>(
  'portal.contact_invited',
  (d, ctx) => ({
    subject: `You have been added to ${d.organizationName} on ${ctx.associationName}`,
    paragraphs: [
      `Hello ${d.name},`,
      `${d.invitedBy} added you as a contact of ${d.organizationName}. An account has been made for you; it has no password yet.`,
      `Use the link below within ${d.minutes} minutes to sign in. It works once. Later, you can ask for a new sign-in link on the sign-in page, or set a password from your account page.`,
    ],
    action: { label: 'Sign in', url: d.url },
  }),
);

export const contactLinkedEmail = defineTemplate<{ name: string; organizationName: string; invitedBy: string; url: string }>('portal.contact_linked', (d, ctx) => ({
  subject: `You are now a contact of ${d.organizationName} on ${ctx.associationName}`,
  paragraphs: [`Hello ${d.name},`, `${d.invitedBy} added you as a contact of ${d.organizationName}. Sign in as usual to see your organization’s page.`],
  action: { label: 'Open your organization’s page', url: d.url },
}));

export const loginRequestNewEmail = defineTemplate<{ organizationName: string; requester: string; domainNote: string; url: string; forStaff: boolean }>(
  'portal.login_request_new',
  (d, ctx) => ({
    subject: d.forStaff ? `A login request for ${d.organizationName} needs a decision` : `${d.requester} asks for an account at ${d.organizationName}`,
    paragraphs: [
      `${d.requester} asked for an account at ${d.organizationName} on ${ctx.associationName}.`,
      d.domainNote,
      d.forStaff
        ? 'The organization has no administrator (or the name did not match a member), so membership staff decide.'
        : 'As an administrator of your organization, you can approve or decline it on your organization’s page. Nothing happens until you do.',
    ],
    action: { label: 'Review the request', url: d.url },
  }),
);

export const loginRequestApprovedEmail = defineTemplate<{ name: string; organizationName: string; url: string; minutes: number }>('portal.login_request_approved', (d, ctx) => ({
  subject: `Your account at ${d.organizationName} on ${ctx.associationName} is ready`,
  paragraphs: [
    `Hello ${d.name},`,
    `Your request for an account at ${d.organizationName} was approved. Use the link below within ${d.minutes} minutes to sign in. It works once.`,
    'Later, you can ask for a new sign-in link on the sign-in page, or set a password from your account page.',
  ],
  action: { label: 'Sign in', url: d.url },
}));

export const loginRequestDeclinedEmail = defineTemplate<{ name: string; organizationName: string; contactEmail: string }>('portal.login_request_declined', (d, ctx) => ({
  subject: `Your request for an account on ${ctx.associationName}`,
  paragraphs: [
    `Hello ${d.name},`,
    `Thank you for asking for an account at ${d.organizationName}. We could not approve it this time.`,
    `If you think this is a mistake, please ask a colleague who already has access to add you, or write to us at ${d.contactEmail}.`,
  ],
}));

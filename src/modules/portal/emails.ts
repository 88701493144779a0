// Email templates of the organization portal. The first link of each message is the one to act
// on (tests and people both follow it).
import type { ContactDuty, OrgRole, SeatSource } from '../../db/types.js';
import { defineTemplate } from '../../lib/email.js';

const ROLE_WORDS = { admin: 'an administrator', contact: 'a contact' } as const;
const WHY: Record<SeatSource, (d: { organizationName: string; invitedBy: string; associationName: string; role: OrgRole }) => string> = {
  application: (d) =>
    `The membership application of ${d.organizationName} to ${d.associationName} is approved, and it names you as one of its people: ${d.invitedBy}, of the association’s membership staff, invites you to act for ${d.organizationName} as ${ROLE_WORDS[d.role]}.`,
  contact: (d) => `${d.invitedBy}, of ${d.organizationName}, invites you to act for it on ${d.associationName} as ${ROLE_WORDS[d.role]}.`,
  login_request: (d) =>
    `Your request for an account at ${d.organizationName} was approved by ${d.invitedBy}: you are invited to act for it on ${d.associationName} as ${ROLE_WORDS[d.role]}.`,
};

const DUTY_WORDS: Record<ContactDuty, string> = { elected: 'elected official', staff: 'staff contact', billing: 'billing contact' };

/** "Administrator; staff contact (City Clerk)": the access role, the duties and the title. */
export function seatRoleInWords(d: { role: OrgRole; duties?: ContactDuty[]; title?: string }): string {
  const parts = [d.role === 'admin' ? 'Administrator' : 'Contact', ...(d.duties ?? []).map((x) => DUTY_WORDS[x])];
  return `${parts.join('; ')}${d.title ? ` (${d.title})` : ''}`;
}

/** The invitation to a seat: who invites, to which organization, in what role; its link accepts.
 * An application's invitation is also the news that it is approved, and what comes next. */
export const seatInvitationEmail = defineTemplate<{
  name: string;
  organizationName: string;
  invitedBy: string;
  role: OrgRole;
  duties?: ContactDuty[];
  title?: string;
  source: SeatSource;
  url: string;
  days: number;
  /** what happens next, from whoever invites (an approved application: the invoice and the advisor) */
  next?: string;
}>('portal.seat_invitation', (d, ctx) => ({
  subject:
    d.source === 'application'
      ? `${d.organizationName} is approved: your invitation to act for it on ${ctx.associationName}`
      : `${d.invitedBy} invites you to ${d.organizationName} on ${ctx.associationName}`,
  paragraphs: [
    `Hello ${d.name},`,
    WHY[d.source]({ ...d, associationName: ctx.associationName }),
    `Your role at ${d.organizationName}: ${seatRoleInWords(d)}.`,
    ...(d.next ? [d.next] : []),
    `Open the link below within ${d.days} days and accept. Accepting shows that this email address is yours. If you are new to us, it signs you in, with no password needed; if you already have a password with us, you sign in with it as usual.`,
    'If you do not know why you received this, ignore it: nothing happens until you accept.',
  ],
  action: { label: 'See the invitation', url: d.url },
}));

/** Someone tried to give a seat to an address that already holds one (or its owner asked for one
 * again, `invitedBy` null): nothing changed. */
export const seatAlreadyHeldEmail = defineTemplate<{ organizationName: string; invitedBy: string | null; url: string }>('portal.seat_already_held', (d, ctx) => ({
  subject: `You already have access to ${d.organizationName} on ${ctx.associationName}`,
  paragraphs: [
    d.invitedBy
      ? `${d.invitedBy} tried to add you to ${d.organizationName}. You already act for it, so nothing changed. Sign in as usual to see your organization’s page.`
      : `Someone asked for an account at ${d.organizationName} with this address. You already act for it, so nothing changed: sign in as usual (or ask for a sign-in link by email) to see your organization’s page.`,
  ],
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

export const loginRequestDeclinedEmail = defineTemplate<{ name: string; organizationName: string; contactEmail: string }>('portal.login_request_declined', (d, ctx) => ({
  subject: `Your request for an account on ${ctx.associationName}`,
  paragraphs: [
    `Hello ${d.name},`,
    `Thank you for asking for an account at ${d.organizationName}. We could not approve it this time.`,
    `If you think this is a mistake, please ask a colleague who already has access to add you, or write to us at ${d.contactEmail}.`,
  ],
}));

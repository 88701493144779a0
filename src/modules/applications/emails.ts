// Email templates of applications.
import { defineTemplate } from '../../lib/email.js';

export const draftSavedEmail = defineTemplate<{ name: string; url: string }>('applications.draft_saved', (d, ctx) => ({
  subject: `Your ${ctx.associationName} membership application`,
  paragraphs: [
    `Your application for ${d.name || 'membership'} is saved as a draft.`,
    'Use the link below to come back to it and submit it. Keep the link to yourself: anyone with it can edit the draft.',
  ],
  action: { label: 'Continue your application', url: d.url },
}));

export const submittedApplicantEmail = defineTemplate<{ name: string; dues: string; url: string }>('applications.submitted', (d, ctx) => ({
  subject: `We received the application of ${d.name}`,
  paragraphs: [
    `Thank you. ${ctx.associationName} has received the membership application of ${d.name}.`,
    `Quoted annual dues: ${d.dues}.`,
    'What happens next: membership staff review the application, usually within five working days. When it is approved we send the invoice to the billing contact. Membership begins when it is paid; we then email you the name of your dedicated advisor, and you book a first meeting with them yourself on your organization’s page.',
  ],
  action: { label: 'See your application', url: d.url },
}));

export const submittedStaffEmail = defineTemplate<{ name: string; state: string; url: string; duplicates: number }>('applications.submitted_staff', (d) => ({
  subject: `New membership application: ${d.name}, ${d.state}`,
  paragraphs: [`${d.name} (${d.state}) has applied for membership.`, ...(d.duplicates ? [`It may duplicate ${d.duplicates} existing record(s): check before approving.`] : [])],
  action: { label: 'Review the application', url: d.url },
}));

export const moreInfoEmail = defineTemplate<{ name: string; message: string; url: string }>('applications.more_info', (d) => ({
  subject: `More information needed for the application of ${d.name}`,
  paragraphs: [
    'Membership staff need more information before they can decide on your application:',
    d.message,
    'Use the link below to update the application and submit it again.',
  ],
  action: { label: 'Update your application', url: d.url },
}));

/** To an applicant the application does not name: they get no invitation, so no access of their own. */
export const approvedEmail = defineTemplate<{ name: string; dues: string; admin?: string }>('applications.approved', (d, ctx) => ({
  subject: `Welcome to ${ctx.associationName}: ${d.name} is approved`,
  paragraphs: [
    `The membership application of ${d.name} is approved.`,
    `Next: the invoice for the annual dues (${d.dues}) goes to your billing contact. Membership becomes active when it is paid; we then email your organization’s contacts the name of your dedicated advisor, and they book a first meeting with them on the organization’s page.`,
    'Each person the application names (its staff contact, elected official and billing contact) receives their own invitation by email; accepting it opens the organization’s page on the website.',
    `You are not one of them, so you have no access to that page yet. To act for the organization too, ask its administrator${d.admin ? `, ${d.admin},` : ''} to add you: once they have accepted their invitation, they invite colleagues from that page.`,
  ],
}));

export const declinedEmail = defineTemplate<{ name: string; reason: string }>('applications.declined', (d, ctx) => ({
  subject: `Your application to ${ctx.associationName}`,
  paragraphs: [
    `We are sorry: the membership application of ${d.name} was not approved.`,
    `Reason: ${d.reason}`,
    `If you have questions, reply to this message or write to ${ctx.associationName}’s membership staff.`,
  ],
}));

// Email templates of the credentialing program: the application received (with its fee invoice),
// the decision (awarded, or declined with the reviewers' reasons), the year-end PD reminder, the
// lapse, the reinstatement, and the revocation by an ethics outcome (confidential: ethics).
import { defineTemplate } from '../../lib/email.js';

export const applicationSubmittedEmail = defineTemplate<{ cycle: string; cutoff: string; fee: string; invoiceUrl: string; url: string }>(
  'credential.application_submitted',
  (d) => ({
    subject: 'Your credential application is submitted',
    paragraphs: [
      `Thank you: your application for the credential is submitted and will be reviewed in the ${d.cycle} review cycle (cut-off ${d.cutoff}).`,
      `The application fee of ${d.fee} is invoiced to you: ${d.invoiceUrl}. The credential is awarded only once the fee is paid.`,
      'A staff reviewer and a member of the review panel each read your application; we email you their decision.',
    ],
    action: { label: 'See your application', url: d.url },
  }),
);

export const awardedEmail = defineTemplate<{ name: string; awardedOn: string; url: string }>('credential.awarded', (d) => ({
  subject: 'You are a credentialed manager',
  paragraphs: [
    `Congratulations, ${d.name}: the review panel awarded you the credential on ${d.awardedOn}.`,
    'To keep it current, log 40 hours of professional development each calendar year, starting next year. Hours from Civnet events you attend are logged for you.',
  ],
  action: { label: 'Open your PD log', url: d.url },
}));

export const declinedEmail = defineTemplate<{ reasons: string[]; url: string }>('credential.declined', (d) => ({
  subject: 'Your credential application',
  paragraphs: ['Thank you for applying for the credential. The reviewers did not award it this time, for these reasons:', ...d.reasons, 'You may apply again in a later cycle.'],
  action: { label: 'See your application', url: d.url },
}));

export const logReminderEmail = defineTemplate<{ year: number; logged: string; missing: string; lapseDay: string; url: string }>('credential.log_reminder', (d) => ({
  subject: `Your ${d.year} professional-development log: ${d.missing} hours to go`,
  paragraphs: [
    `Your credential asks for 40 hours of professional development in ${d.year}. You have logged ${d.logged} hours so far.`,
    `Log the ${d.missing} missing hours before the year ends. A year under 40 hours lapses the credential on ${d.lapseDay}.`,
  ],
  action: { label: 'Open your PD log', url: d.url },
}));

export const lapsedEmail = defineTemplate<{ year: number; logged: string; reinstateBy: string; url: string }>('credential.lapsed', (d) => ({
  subject: 'Your credential has lapsed',
  paragraphs: [
    `Your professional-development log for ${d.year} has ${d.logged} of the 40 hours the credential asks for, so the credential has lapsed.`,
    `To reinstate it, log the missing hours of ${d.year} and ask for reinstatement by ${d.reinstateBy}; staff then approve it.`,
  ],
  action: { label: 'Open your PD log', url: d.url },
}));

export const reinstatedEmail = defineTemplate<{ url: string }>('credential.reinstated', (d) => ({
  subject: 'Your credential is reinstated',
  paragraphs: ['Staff approved your reinstatement: your credential is current again.'],
  action: { label: 'See your credential', url: d.url },
}));

export const revokedEmail = defineTemplate<{ until: string | null; url: string }>(
  'credential.revoked',
  (d) => ({
    subject: 'Your credential',
    paragraphs: [
      'Following the outcome of an ethics case, your credential is revoked (or barred) and no longer shown as held.',
      d.until ? `You may not hold or apply for the credential until ${d.until}.` : 'You may not hold or apply for the credential again.',
    ],
    action: { label: 'See your credential', url: d.url },
  }),
  { confidential: 'ethics' },
);

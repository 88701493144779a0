// Email templates of ethics cases. Every one is confidential to the `ethics` permission: the
// development mailbox never shows them to anyone else. Emails say as little as they can (never the
// facts): the reader follows the link to a page that checks who they are.
import { defineTemplate } from '../../lib/email.js';

const ethics = { confidential: 'ethics' };

/** To a visitor who filed a complaint: follow the link to send it (it expires). */
export const complaintConfirmEmail = defineTemplate<{ name: string; hours: number; url: string }>(
  'ethics.complaint_confirm',
  (d) => ({
    subject: 'Confirm your ethics complaint',
    paragraphs: [
      `Hello ${d.name},`,
      'We received an ethics complaint sent with this email address. It is held until you confirm that you sent it.',
      `The link works for ${d.hours} hours. If you did not send a complaint, ignore this email: nothing is kept after that.`,
    ],
    action: { label: 'Confirm the complaint', url: d.url },
  }),
  ethics,
);

/** To the complainant: the complaint is received; the link shows its stage, and nothing else. */
export const complaintReceivedEmail = defineTemplate<{ name: string; reference: string; url: string }>(
  'ethics.complaint_received',
  (d) => ({
    subject: `Your ethics complaint is received (${d.reference})`,
    paragraphs: [
      `Hello ${d.name},`,
      `Your complaint ${d.reference} is received. Ethics staff review it under the rules of procedure of the Code of Ethics; the proceedings are confidential.`,
      'Keep this email: its link shows the stage of your complaint (received, under review, closed). It is private to you.',
    ],
    action: { label: 'See the stage of your complaint', url: d.url },
  }),
  ethics,
);

/** To ethics staff: something in a case waits for them. Nothing of the case. */
export const caseWaitingEmail = defineTemplate<{ reference: string; what: string; url: string }>(
  'ethics.case_waiting',
  (d) => ({
    subject: `Ethics case ${d.reference}: ${d.what}`,
    paragraphs: [`Ethics case ${d.reference}: ${d.what}. Open the case to see it; what it says is shown only there.`],
    action: { label: 'Open the case', url: d.url },
  }),
  ethics,
);

/** To the member concerned: a case is opened; their written response is due. */
export const caseOpenedEmail = defineTemplate<{ name: string; reference: string; dueOn: string; url: string }>(
  'ethics.case_opened',
  (d) => ({
    subject: `An ethics complaint concerns you (${d.reference})`,
    paragraphs: [
      `Hello ${d.name},`,
      `A complaint under the Code of Ethics concerning you has been opened as case ${d.reference}. You may read it and its documents on your private case page.`,
      `Your written response is due by ${d.dueOn}. The proceedings are confidential.`,
    ],
    action: { label: 'See the case and respond', url: d.url },
  }),
  ethics,
);

/** To the member concerned: the response is due soon. */
export const responseReminderEmail = defineTemplate<{ name: string; reference: string; dueOn: string; days: number; url: string }>(
  'ethics.response_reminder',
  (d) => ({
    subject: `Your response is due on ${d.dueOn} (${d.reference})`,
    paragraphs: [`Hello ${d.name},`, `Your written response in ethics case ${d.reference} is due on ${d.dueOn}, in ${d.days} days.`],
    action: { label: 'Respond', url: d.url },
  }),
  ethics,
);

/** To the member concerned: a step of their case (the committee's decision, the appeal's). */
export const caseStepEmail = defineTemplate<{ name: string; reference: string; what: string; url: string }>(
  'ethics.case_step',
  (d) => ({
    subject: `Ethics case ${d.reference}: ${d.what}`,
    paragraphs: [`Hello ${d.name},`, `In ethics case ${d.reference}: ${d.what}. Your private case page has the details.`],
    action: { label: 'See your case', url: d.url },
  }),
  ethics,
);

/** To a person added to the ethics committee, or assigned to a case. */
export const committeeEmail = defineTemplate<{ name: string; what: string; url: string }>(
  'ethics.committee',
  (d) => ({
    subject: `Ethics committee: ${d.what}`,
    paragraphs: [`Hello ${d.name},`, `${d.what}. Ethics proceedings are confidential.`],
    action: { label: 'Open the ethics committee page', url: d.url },
  }),
  ethics,
);

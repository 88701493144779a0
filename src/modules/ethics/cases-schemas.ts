// Forms of ethics cases, parsed with zod: each names the field it refuses, with the words to show.
import { z } from 'zod';
import { ETHICS_OUTCOMES } from '../../db/types.js';

const text = (max: number, required: string) =>
  z
    .string()
    .trim()
    .min(1, required)
    .max(max, `Keep it under ${max.toLocaleString('en-US')} characters.`);
const optionalText = (max: number) => z.string().trim().max(max, `Keep it under ${max} characters.`).optional().default('');
const days = (what: string) =>
  z.coerce
    .number({ error: `Enter the number of days for ${what}.` })
    .int(`Enter a whole number of days for ${what}.`)
    .min(7, `Allow at least 7 days for ${what}.`)
    .max(180, `Allow at most 180 days for ${what}.`);
const isoDate = (what: string) => z.iso.date({ error: `Enter ${what} as a date.` });

export const complaintForm = z.object({
  respondentName: text(200, 'Enter the name of the member concerned.'),
  respondentOrganization: optionalText(200),
  respondentPosition: optionalText(200),
  facts: text(20000, 'Describe the facts.'),
});

export const visitorForm = z.object({
  name: text(200, 'Enter your name.'),
  email: z
    .string()
    .trim()
    .max(254, 'Enter an email address of at most 254 characters.')
    .pipe(z.email({ error: 'Enter an email address like name@example.org.' })),
});

/** The tenets ticked on the form (`tenet-<n>` fields). */
export const tenetsOf = (fields: Record<string, string>): number[] =>
  Object.entries(fields)
    .filter(([k, v]) => /^tenet-\d{1,2}$/.test(k) && v === 'yes')
    .map(([k]) => Number(k.slice(6)));

export const dismissForm = z.object({ reason: text(5000, 'Give the reasons for dismissal.') });
export const openForm = z.object({
  respondentEmail: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ error: 'Enter the email of the member’s account.' })),
  responseDays: days('the response'),
});
export const factFindingForm = z.object({ factFinder: text(200, 'Name the fact-finder.'), dueOn: isoDate('the report’s due date') });
export const reportForm = z.object({ report: text(20000, 'Write the report, or its summary.') });
export const decisionForm = z.object({
  outcome: z.enum(ETHICS_OUTCOMES, { error: 'Choose the decision.' }),
  reasons: text(10000, 'Give the reasons for the decision.'),
  suspensionUntil: z.union([z.literal(''), isoDate('the suspension’s last day')]).optional(),
  appealDays: days('an appeal'),
});
export const appealDecisionForm = z.object({
  result: z.enum(['upheld', 'overturned'], { error: 'Choose whether the appeal upholds or overturns the decision.' }),
  reasons: text(10000, 'Give the reasons.'),
});
export const assignForm = z.object({ member: z.string().min(1, 'Choose a member of the committee.') });
export const committeeAddForm = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ error: 'Enter the email of the person’s account.' })),
});
export const noteForm = z.object({ body: text(10000, 'Write the note.') });
export const responseForm = z.object({ text: text(20000, 'Write your response.') });
export const appealForm = z.object({ text: text(20000, 'Write why you appeal.') });

export const idParams = z.object({ id: z.string().max(100) });
export const fileParams = z.object({ id: z.string().max(100), fileId: z.string().max(100) });
export const userParams = z.object({ userId: z.string().max(100) });
export const tokenParams = z.object({ token: z.string().max(200) });

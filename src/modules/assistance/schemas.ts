// zod at the edge of technical assistance: forms, queries, params and API answers.
import { z } from 'zod';
import { ASSISTANCE_STATUSES } from '../../db/types.js';
import { isIsoDate } from '../../lib/validators.js';
import { AGE_BUCKETS } from './states.js';

/** Ids are checked in the handler: a malformed one is a 404 like any other unknown id. */
export const idParams = z.object({ id: z.string().max(100) }).strict();
export const attachmentParams = z.object({ id: z.string().max(100), attachmentId: z.string().max(100) }).strict();
export const orgQuery = z.object({ org: z.string().max(100).optional() }).strict();

export const newRequestForm = z
  .object({
    org: z.string().max(100).optional(),
    pathway: z.uuid({ error: (issue) => (issue.code === 'invalid_type' ? 'Choose a topic.' : 'Choose a topic from the list.') }),
    subject: z.string({ error: 'Enter a subject.' }).trim().min(1, 'Enter a subject.').max(200, 'Use at most 200 characters.'),
    description: z.string({ error: 'Describe what you need.' }).trim().min(1, 'Describe what you need.').max(10_000, 'Use at most 10,000 characters.'),
    desired_on: z
      .string()
      .trim()
      .refine((s) => s === '' || isIsoDate(s), 'Enter a date as year-month-day, for example 2027-03-31.')
      .optional(),
  })
  .strip();

export const replyForm = z.object({ body: z.string({ error: 'Write your message.' }).trim().min(1, 'Write your message.').max(10_000, 'Use at most 10,000 characters.') }).strip();

export const statusForm = z.object({ _csrf: z.string().optional(), status: z.enum(ASSISTANCE_STATUSES, { error: 'Choose a status.' }) }).strict();
export const reassignForm = z
  .object({
    _csrf: z.string().optional(),
    advisor: z.union([z.literal(''), z.uuid('Choose an advisor from the list.')], { error: 'Choose an advisor from the list.' }),
  })
  .strict();

export const queueQuery = z
  .object({
    status: z.enum([...ASSISTANCE_STATUSES, 'active', 'any']).optional(),
    advisor: z.enum(['me', 'any', 'unassigned']).optional(),
    org: z.string().trim().max(100).optional(),
    pathway: z
      .string()
      .regex(/^[a-z0-9-]{0,100}$/, 'Choose a pathway from the list.')
      .optional(),
    age: z.enum(AGE_BUCKETS.map((b) => b.key) as [string, ...string[]], { error: 'Choose an age from the list.' }).optional(),
    late: z.enum(['yes'], { error: 'Choose from the list.' }).optional(),
    page: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .strict();

const attachment = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), sizeBytes: z.number().int(), url: z.string() });
export const requestSummary = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  subject: z.string(),
  status: z.enum(ASSISTANCE_STATUSES),
  pathway: z.string().nullable(),
  advisor: z.string().nullable(),
  desiredOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  daysOpen: z.number().int(),
  url: z.string(),
});
export const requestDetail = z.object({
  request: requestSummary.extend({ description: z.string(), filedBy: z.string(), attachments: z.array(attachment) }),
  messages: z.array(z.object({ id: z.string(), author: z.string(), fromStaff: z.boolean(), body: z.string(), createdAt: z.string(), attachments: z.array(attachment) })),
  history: z.array(
    z.object({
      kind: z.enum(['filed', 'status', 'assigned']),
      by: z.string().nullable(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      advisor: z.string().nullable(),
      at: z.string(),
    }),
  ),
});

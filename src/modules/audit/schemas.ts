// Shapes of the audit log's filters (page and API query string) and of one API entry.
import { z } from 'zod';

const dateOnly = z.union([z.literal(''), z.iso.date('Enter a real date, such as 2026-03-15.')]).optional();
const atMost = (n: number) => `Use at most ${n.toLocaleString('en-US')} characters.`;
const PAGE = 'Use a page number from 1 to 10,000.';
export const auditQuery = z.object({
  action: z.string().trim().max(100, atMost(100)).optional(),
  entityType: z.string().trim().max(50, atMost(50)).optional(),
  actor: z.string().trim().max(254, atMost(254)).optional().describe('who acted: an account id, an exact email, or part of a name or email'),
  entity: z
    .string()
    .trim()
    .max(200, atMost(200))
    .optional()
    .describe('what the change is about, by name: part of an organization’s or person’s name or email, or of an invoice number'),
  entityId: z.string().trim().max(100, atMost(100)).optional().describe('what the change is about, by its id'),
  from: dateOnly,
  to: dateOnly,
  sort: z.enum(['at', 'action', 'entity'], 'Sort by when, what was done or what it is about.').optional(),
  dir: z.enum(['asc', 'desc'], 'Choose ascending or descending order.').optional(),
  page: z.coerce.number(PAGE).int(PAGE).min(1, PAGE).max(10_000, PAGE).optional(),
});
export type AuditQuery = z.output<typeof auditQuery>;

export const auditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorEmail: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable().describe('the account’s name; null for the system, a visitor and a deleted account'),
  actorWords: z
    .string()
    .describe(
      'who did it, in words: the account’s name (a signed-in applicant’s too), “A deleted account” for an account deleted since (`actorId` keeps its id), a visitor without an account (“Applicant: Jane Doe (visitor)”), or “The system”',
    ),
  action: z.string(),
  actionWords: z.string().describe('what the actor did, in words'),
  entityType: z.string(),
  entityId: z.string().nullable(),
  entityName: z.string().describe('the entity by name, or its type in words'),
  entityUrl: z.string().nullable().describe('its record’s staff page, when it has one'),
  before: z.unknown(),
  after: z.unknown(),
});

/** The filters by the names the page gives them (error summaries, a refused download). */
export const FILTER_LABELS: Record<string, string> = {
  action: 'Area',
  entityType: 'Kind of record',
  entity: 'About',
  entityId: 'About (id)',
  actor: 'Who',
  from: 'From',
  to: 'To',
  sort: 'Sort',
  dir: 'Order',
  page: 'Page',
};

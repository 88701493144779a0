// Shapes of the audit log's filters (page and API query string) and of one API entry.
import { z } from 'zod';

const dateOnly = z.union([z.literal(''), z.iso.date('Use the form YYYY-MM-DD.')]).optional();
export const auditQuery = z.object({
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(50).optional(),
  actor: z.string().trim().max(254).optional(),
  from: dateOnly,
  to: dateOnly,
  sort: z.enum(['at', 'action', 'entity']).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});
export type AuditQuery = z.output<typeof auditQuery>;

export const auditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

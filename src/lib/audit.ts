// Audit log (P6): every staff change writes who, what, when, before and after, in the same
// transaction as the change itself.
import type { Transaction } from 'kysely';
import type { Db } from '../db/client.js';
import type { DB } from '../db/types.js';
import { insertUnnest } from './unnest.js';

export interface AuditInput {
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  at: Date;
}

const SECRET_KEYS = /password|secret|token|hash|salary|totp/i;

/** Drops secret-looking keys, so that an audit row never carries a credential. */
function scrub(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v) => (key && SECRET_KEYS.test(key) ? '[redacted]' : v));
}

/** The row an audit entry is stored as. */
const auditRow = (input: AuditInput) => ({
  at: input.at,
  actor_user_id: input.actorUserId,
  action: input.action,
  entity_type: input.entityType,
  entity_id: input.entityId ?? null,
  before: scrub(input.before),
  after: scrub(input.after),
  request_id: input.requestId ?? null,
});

export async function writeAudit(trx: Transaction<DB> | Db, input: AuditInput): Promise<void> {
  await trx.insertInto('audit_log').values(auditRow(input)).execute();
}

/** An export of personal or financial data (a CSV) is a read worth knowing about: who, which,
 * with what filter, how many rows. */
export function auditExport(
  db: Transaction<DB> | Db,
  input: { at: Date; actorUserId: string | null; name: string; rows: number; filters?: unknown; requestId?: string },
): Promise<void> {
  return writeAudit(db, {
    at: input.at,
    actorUserId: input.actorUserId,
    action: `export.${input.name}`,
    entityType: 'export',
    entityId: input.name,
    after: { rows: input.rows, filters: input.filters ?? null },
    requestId: input.requestId,
  });
}

const AUDIT_COLUMNS = [
  ['at', 'timestamptz'],
  ['actor_user_id', 'uuid'],
  ['action', 'text'],
  ['entity_type', 'text'],
  ['entity_id', 'text'],
  ['before', 'jsonb'],
  ['after', 'jsonb'],
  ['request_id', 'text'],
] as const;

/** Several audit rows in one insert (bulk runs: a renewal run's invoices), each as writeAudit
 * would write it. */
export async function writeAudits(trx: Transaction<DB> | Db, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  if (inputs.length === 1) return writeAudit(trx, inputs[0] as AuditInput);
  await insertUnnest(trx, 'audit_log', AUDIT_COLUMNS, inputs.map(auditRow));
}

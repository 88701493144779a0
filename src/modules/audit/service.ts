// The audit log as people read it: one page of entries with their actors and entities by name and
// their actions in words.
import type { Db } from '../../db/client.js';
import { actionInWords } from './actions.js';
import { entityIdsNamed, entityOf, resolveNames } from './names.js';
import { searchAuditLog } from './queries.js';
import type { AuditQuery } from './schemas.js';

/** One page of entries with the names of their actors and entities. */
export async function readableLog(db: Db, q: Partial<AuditQuery>) {
  const entityIds = q.entity ? await entityIdsNamed(db, q.entity) : undefined;
  const result = await searchAuditLog(db, q, entityIds);
  const names = await resolveNames(db, result.rows);
  const rows = result.rows.map((r) => ({ ...r, words: actionInWords(r.action), entity: entityOf(names, r) }));
  return { ...result, rows };
}
export type ReadableLog = Awaited<ReturnType<typeof readableLog>>;

// The audit log as people read it: one page of entries with their actors and entities by name and
// their actions in words.
import type { Db } from '../../db/client.js';
import type { RecordNamer } from '../../lib/record-names.js';
import { actionInWords } from './actions.js';
import { referencedRecords } from './details.js';
import { entityIdsNamed, entityOf, resolveNames } from './names.js';
import { auditLogBatches, searchAuditLog } from './queries.js';
import type { AuditQuery } from './schemas.js';

/** One page of entries with the names of their actors and entities (and of the records their
 * values name); `zone`: the association's, whose days the date filters are; `namers`: the other
 * modules' lookups of their records' names (deps.slots.recordNames). */
export async function readableLog(db: Db, q: Partial<AuditQuery>, zone: string, namers: Readonly<Record<string, RecordNamer>> = {}) {
  const entityIds = q.entity ? await entityIdsNamed(db, q.entity) : undefined;
  const result = await searchAuditLog(db, q, zone, entityIds);
  // the entries' own records and those their values name by id, in one batch per kind
  const names = await resolveNames(db, [...result.rows, ...referencedRecords(result.rows)], namers);
  const rows = result.rows.map((r) => ({ ...r, words: actionInWords(r.action), entity: entityOf(names, r) }));
  return { ...result, rows, names };
}
export type ReadableLog = Awaited<ReturnType<typeof readableLog>>;

/** Every entry under the filters (the page's, without its sort and page), the latest recorded
 * first, in batches with their actors and entities by name: the CSV export's rows. */
export async function* readableBatches(db: Db, q: Partial<AuditQuery>, zone: string, namers: Readonly<Record<string, RecordNamer>> = {}, batchSize = 1000) {
  const entityIds = q.entity ? await entityIdsNamed(db, q.entity) : undefined;
  for await (const batch of auditLogBatches(db, q, zone, entityIds, batchSize)) {
    const names = await resolveNames(db, batch, namers);
    yield batch.map((r) => ({ ...r, words: actionInWords(r.action), entity: entityOf(names, r) }));
  }
}

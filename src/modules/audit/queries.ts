// Reads of the audit log: one page of entries, filtered and sorted, with the acting staff email.
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import { foldedContains, likeEscape } from '../../lib/search-text.js';
import type { AuditQuery } from './schemas.js';

const PAGE_SIZE = 50;

/** The instant a day (plus `days`) begins in the zone. */
const startOfDay = (day: string, zone: string, days = 0) => DateTime.fromISO(day, { zone }).plus({ days }).startOf('day').toJSDate();

/** Entity types whose audit rows only their own permission may read: Members in Transition
 * (individuals), ethics cases and the committee (ethics), the bars of ethics sanctions (individuals). */
const SENSITIVE_ENTITY_TYPES = ['transition_request', 'ethics_case', 'ethics_committee_member', 'individual_bar'];

/** One page of audit entries (newest first unless sorted), and whether there is a next page. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The entries under the filters, unordered; `entityIds`: the ids an entity filter typed by name
 * stands for (see names.ts), none matching when empty. */
function filteredAuditLog(db: Db, q: Partial<AuditQuery>, zone: string, entityIds?: readonly string[]) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.before',
      'audit_log.after',
      'audit_log.request_id',
      'audit_log.actor_user_id as actor_id',
      'users.email as actor_email',
      'users.name as actor_name',
    ]);
  // Members in Transition is confidential even from admins (SECURITY.md): its rows stay in the
  // table, but the audit pages and API never list them.
  query = query.where('audit_log.entity_type', 'not in', SENSITIVE_ENTITY_TYPES);
  if (q.action) query = query.where('audit_log.action', 'like', `${q.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (q.entityType) query = query.where('audit_log.entity_type', '=', q.entityType);
  // who: an account id, an exact email (as before), or part of a name or email
  if (q.actor) {
    const actor = q.actor;
    if (UUID.test(actor)) query = query.where('audit_log.actor_user_id', '=', actor);
    else if (actor.includes('@')) query = query.where(sql<string>`users.email`, '=', actor);
    else {
      query = query.where((eb) => eb.or([foldedContains('users.name', actor), eb('users.email', 'ilike', `%${likeEscape(actor)}%`)]));
    }
  }
  if (q.entityId) query = query.where('audit_log.entity_id', '=', q.entityId);
  if (entityIds) query = entityIds.length ? query.where('audit_log.entity_id', 'in', [...entityIds]) : query.where(sql<boolean>`false`);
  // the days are the association's, as the page shows each entry's time
  if (q.from) query = query.where('audit_log.at', '>=', startOfDay(q.from, zone));
  if (q.to) query = query.where('audit_log.at', '<', startOfDay(q.to, zone, 1));
  return query;
}

/** One page of entries (see `filteredAuditLog`). */
export async function searchAuditLog(db: Db, q: Partial<AuditQuery>, zone: string, entityIds?: readonly string[]) {
  const page = q.page ?? 1;
  const sortCol = q.sort === 'action' ? 'audit_log.action' : q.sort === 'entity' ? 'audit_log.entity_type' : 'audit_log.at';
  const dir = q.dir ?? (q.sort ? 'asc' : 'desc');
  const rows = await filteredAuditLog(db, q, zone, entityIds)
    .orderBy(sortCol, dir)
    .orderBy('audit_log.id', dir)
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return { rows: rows.slice(0, PAGE_SIZE), hasNext: rows.length > PAGE_SIZE, page, dir };
}

/** Every entry under the filters, the latest recorded first, in batches that each continue after
 * the last entry of the one before (a keyset on the entry's number, never an offset): an export
 * of any length streams, and neither loses nor repeats an entry. */
export async function* auditLogBatches(db: Db, q: Partial<AuditQuery>, zone: string, entityIds: readonly string[] | undefined, batchSize: number) {
  let after: number | null = null;
  for (;;) {
    let query = filteredAuditLog(db, q, zone, entityIds);
    if (after !== null) query = query.where('audit_log.id', '<', after);
    const rows = await query.orderBy('audit_log.id', 'desc').limit(batchSize).execute();
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
    after = Number(rows[rows.length - 1]?.id);
  }
}

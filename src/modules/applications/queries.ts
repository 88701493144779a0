// Reads of applications for the staff queue and the detail page.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { ApplicationStatus, EntityType } from '../../db/types.js';
import { foldedContains } from '../../lib/search-text.js';
import { isUuid } from '../../lib/validators.js';

export const PAGE_SIZE = 25;

export interface QueueFilters {
  status?: ApplicationStatus;
  state?: string;
  entityType?: EntityType;
  /** only applications submitted at least this many days ago */
  olderThanDays?: number;
  q?: string;
  sort?: 'submitted' | 'name' | 'state' | 'population';
  dir?: 'asc' | 'desc';
  page?: number;
}

export async function listApplications(db: Db, f: QueueFilters, now: Date) {
  const page = f.page ?? 1;
  const sortCol = f.sort === 'name' ? 'legal_name' : f.sort === 'state' ? 'state' : f.sort === 'population' ? 'population' : 'submitted_at';
  const dir = f.dir ?? (f.sort && f.sort !== 'submitted' ? 'asc' : 'asc');
  let q = db
    .selectFrom('applications')
    .select(['id', 'status', 'legal_name', 'entity_type', 'state', 'population', 'submitted_at', 'created_at', 'quoted_amount_cents', 'quote_contact_required', 'duplicate_flags'])
    .where('status', '<>', 'draft');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.olderThanDays) q = q.where('submitted_at', '<=', new Date(now.getTime() - f.olderThanDays * 86_400_000));
  if (f.q) q = q.where(sql<boolean>`(${foldedContains('legal_name', f.q)} or similarity(civnet_fold(legal_name), civnet_fold(${f.q})) > 0.3)`);
  const rows = await q
    .orderBy(sortCol, dir)
    .orderBy('id')
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return { rows: rows.slice(0, PAGE_SIZE), hasNext: rows.length > PAGE_SIZE, page, dir };
}

export async function getApplicationWithEvents(db: Db, id: string) {
  const application = await db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!application) return null;
  const events = await db
    .selectFrom('application_events')
    .leftJoin('users', 'users.id', 'application_events.actor_user_id')
    .select([
      'application_events.id',
      'application_events.at',
      'application_events.from_status',
      'application_events.to_status',
      'application_events.note',
      'users.email as actor_email',
    ])
    .where('application_id', '=', id)
    .orderBy('application_events.at')
    .orderBy('application_events.id')
    .execute();
  return { application, events };
}

/** Applications waiting for staff review (submitted, not yet decided): the staff desk's count, the
 * queue filtered by `status=submitted`. */
export async function countApplicationsWaiting(db: Db): Promise<number> {
  const r = await db
    .selectFrom('applications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** application id → the applicant's legal name: the audit log names the applications it is about. */
export async function applicationNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)].filter((id) => isUuid(id));
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('applications').select(['id', 'legal_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.legal_name]));
}

/** The applications that became this organization (its approval set `organization_id`): the
 * organization's timeline shows their submission and review. */
export async function applicationIdsOf(db: Db, organizationIds: readonly string[]): Promise<string[]> {
  if (organizationIds.length === 0) return [];
  const rows = await db.selectFrom('applications').select('id').where('organization_id', 'in', organizationIds).execute();
  return rows.map((r) => r.id);
}

/** What an approval created, for the review page's links: the organization and its first
 * membership invoice (billing's `invoices`, shared and read-only), null for a region's until staff issue it. */
export async function approvalOutcome(db: Db, organizationId: string): Promise<{ organizationId: string; invoice: { id: string; number: string } | null }> {
  const invoice = await db
    .selectFrom('invoices')
    .select(['id', 'number'])
    .where('organization_id', '=', organizationId)
    .where('purpose', '=', 'membership')
    .where('number', 'is not', null)
    .orderBy('created_at')
    .executeTakeFirst();
  return { organizationId, invoice: invoice?.number ? { id: invoice.id, number: invoice.number } : null };
}

// Reads of the advising pages that are not about advising's own tables' rules: the organization a
// page is about (organizations' shared, read-only table) and an advisor's own settings.

import { lookupIds, type RecordNamer } from '../../lib/record-names.js';
import type { Executor } from './service.js';

/** The organization an advising page is about, with its time zone; undefined when there is none. */
export function organizationForAdvising(db: Executor, organizationId: string) {
  return db.selectFrom('organizations').select(['id', 'name', 'state', 'time_zone']).where('id', '=', organizationId).executeTakeFirst();
}

/** The association's contact address (settings' `association`, read-only), for members waiting for an advisor. */
export async function associationContactEmail(db: Executor): Promise<string> {
  return (await db.selectFrom('association').select('contact_email').where('id', '=', 1).executeTakeFirst())?.contact_email ?? '';
}

/** An advisor's own settings: time zone, meeting length, and whether they take new meetings. */
export function advisorSettings(db: Executor, userId: string) {
  return db.selectFrom('advisor_profiles').select(['time_zone as timeZone', 'meeting_minutes as meetingMinutes', 'active']).where('user_id', '=', userId).executeTakeFirst();
}

/** What an organization without an advisor waits for before one is assigned. */
export interface FirstPaymentAwaited {
  /** its first membership invoice, when issued (a region's waits for its dues to be agreed) */
  invoice: { number: string; dueOn: string | null; url: string } | null;
}

/** While the organization's first membership is pending (its first invoice not yet paid): that
 * invoice, if issued. Null once any membership of it has begun (memberships and invoices are
 * shared, read-only), when an advisor is assigned at activation. */
export async function firstPaymentAwaited(db: Executor, organizationId: string): Promise<FirstPaymentAwaited | null> {
  const memberships = await db.selectFrom('memberships').select(['id', 'status']).where('organization_id', '=', organizationId).execute();
  const pending = memberships.find((m) => m.status === 'pending');
  if (!pending || memberships.some((m) => m.status !== 'pending')) return null;
  const invoice = await db
    .selectFrom('invoices')
    .select(['number', 'due_on', 'public_token'])
    .where('membership_id', '=', pending.id)
    .where('purpose', '=', 'membership')
    .where('status', 'in', ['issued', 'partially_paid'])
    .where('number', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return { invoice: invoice?.number ? { number: invoice.number, dueOn: invoice.due_on, url: `/invoices/${invoice.public_token}` } : null };
}

/** meetings by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const meetingNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('meetings')
    .innerJoin('organizations', 'organizations.id', 'meetings.organization_id')
    .select(['meetings.id as id', 'organizations.name as name', 'organizations.id as organization_id'])
    .where('meetings.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `Meeting with ${r.name}`, href: `/staff/organizations/${r.organization_id}` }]));
};

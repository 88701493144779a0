// Writes to an organization's contacts (`organization_contacts`) and to its public profile
// columns, for the modules that decide them (the portal's seats, the network profile). Each runs
// in the caller's transaction; the caller checks who may act, writes the audit row and sends any
// email. Knows nothing of HTTP.
import { sql, type Transaction } from 'kysely';
import type { ContactDuty, DB, OrgRole } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';

export interface ContactSeat {
  organizationId: string;
  userId: string;
  role: OrgRole;
  title: string;
  phone: string;
  duties: ContactDuty[];
}

/** Makes the person a contact. Someone already a contact keeps their details and the stronger
 * of the two roles. */
export async function addContact(trx: Transaction<DB>, c: ContactSeat): Promise<void> {
  await trx
    .insertInto('organization_contacts')
    .values({
      organization_id: c.organizationId,
      user_id: c.userId,
      role: c.role,
      title: c.title,
      phone: c.phone,
      duties: c.duties,
      // the database's clock, as the invoices' created_at that billing compares it with
      billing_since: c.duties.includes('billing') ? sql<Date>`now()` : null,
    })
    .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doUpdateSet({ role: sql`case when organization_contacts.role = 'admin' then 'admin' else excluded.role end` }))
    .execute();
}

/** Locks the organization's contacts (until the transaction ends) and returns who holds which
 * role: the caller counts administrators before taking one away. */
export async function lockContacts(trx: Transaction<DB>, organizationId: string): Promise<Array<{ userId: string; role: OrgRole }>> {
  const rows = await trx.selectFrom('organization_contacts').select(['user_id', 'role']).where('organization_id', '=', organizationId).forUpdate().execute();
  return rows.map((r) => ({ userId: r.user_id, role: r.role }));
}

/** Changes a contact's role, title, phone and duties. A Billing duty given now is dated now (the
 * database's clock, as the invoices' created_at that billing compares it with); one kept keeps its
 * date; one taken away loses it. */
export async function updateContact(trx: Transaction<DB>, c: ContactSeat): Promise<void> {
  const billingSince = c.duties.includes('billing')
    ? sql<Date | null>`case when 'billing' = any(organization_contacts.duties) then organization_contacts.billing_since else now() end`
    : null;
  await trx
    .updateTable('organization_contacts')
    .set({ title: c.title, phone: c.phone, duties: c.duties, role: c.role, billing_since: billingSince })
    .where('organization_id', '=', c.organizationId)
    .where('user_id', '=', c.userId)
    .execute();
}

/** Chooses the contact, already marked Billing, again: their Billing duty is dated now (the
 * database's clock, as for `updateContact`), so that it outranks an invoice addressed elsewhere
 * since they were marked. False when the person holds no seat marked Billing here. */
export async function rechooseBillingContact(trx: Transaction<DB>, c: { organizationId: string; userId: string }): Promise<boolean> {
  const r = await trx
    .updateTable('organization_contacts')
    .set({ billing_since: sql<Date>`now()` })
    .where('organization_id', '=', c.organizationId)
    .where('user_id', '=', c.userId)
    .where((eb) => eb(eb.val('billing'), '=', eb.fn.any('duties')))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Removes the person from the organization's contacts. */
export async function removeContact(trx: Transaction<DB>, c: { organizationId: string; userId: string }): Promise<void> {
  await trx.deleteFrom('organization_contacts').where('organization_id', '=', c.organizationId).where('user_id', '=', c.userId).execute();
}

export interface OrganizationListing {
  listed: boolean;
  website: string;
  time_zone: string;
}

/**
 * Changes what the public network says of the organization (listed, website) and its time zone
 * (kept when not given), with the organization's row locked. Returns the values before and after
 * for the caller's audit row; an unknown organization is `not_found`.
 */
export async function updateOrganizationListing(
  trx: Transaction<DB>,
  input: { organizationId: string; listed: boolean; website: string; timeZone?: string },
): Promise<{ before: OrganizationListing; after: OrganizationListing }> {
  const before = await trx.selectFrom('organizations').select(['listed', 'website', 'time_zone']).where('id', '=', input.organizationId).forUpdate().executeTakeFirst();
  if (!before) throw new AppError('not_found');
  const after = { listed: input.listed, website: input.website, time_zone: input.timeZone ?? before.time_zone };
  await trx.updateTable('organizations').set(after).where('id', '=', input.organizationId).execute();
  return { before, after };
}

// Whom each organization names as its billing contact (read-only, for billing's bill-to defaults and
// renewal run): the contact its administrators marked with the Billing duty most recently, with the
// moment they did (a duty older than migration 0114 counts from the seat's creation). A disabled
// account is passed over. One query for any number of organizations.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

export interface BillingContact {
  userId: string;
  name: string;
  email: string;
  /** when the duty was given: billing compares it with when its latest invoice was addressed */
  since: Date;
}

/** `without`: a contact passed over as if they had left (what removing them would change). */
export async function billingContactsOf(db: Kysely<DB>, organizationIds: string[], o: { without?: string } = {}): Promise<Map<string, BillingContact>> {
  const result = new Map<string, BillingContact>();
  if (organizationIds.length === 0) return result;
  const rows = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.organization_id', 'c.user_id', 'u.name', 'u.email'])
    .select((eb) => eb.fn.coalesce('c.billing_since', 'c.created_at').as('since'))
    .distinctOn('c.organization_id')
    .where('c.organization_id', 'in', organizationIds)
    .where((eb) => eb(eb.val('billing'), '=', eb.fn.any('c.duties')))
    .where('u.disabled_at', 'is', null)
    .$if(o.without !== undefined, (q) => q.where('c.user_id', '<>', o.without ?? ''))
    .orderBy('c.organization_id')
    .orderBy((eb) => eb.fn.coalesce('c.billing_since', 'c.created_at'), 'desc')
    // two marked at one moment: by address, never by chance
    .orderBy('u.email')
    .execute();
  for (const r of rows) result.set(r.organization_id, { userId: r.user_id, name: r.name, email: r.email, since: new Date(r.since) });
  return result;
}

// Whom an organization's invoices are addressed to: the defaults of a new invoice (finance's form,
// the renewal run) and the next membership invoice's addressee (the organization's home).
import type { Db } from '../../db/client.js';
import { type BillingContact, billingContactsOf } from '../organizations/index.js';
import type { Trx } from './service.js';

export interface BillToDefaults {
  name: string;
  email: string;
  address: string;
  poNumber: string;
  poRequired: boolean;
}

/** The purposes whose bill-to says who pays the organization's dues: an event's or a sponsorship's
 * invoice is addressed to whoever bought (a colleague registering people), not to its payer of dues. */
export const DUES_PURPOSES = ['membership', 'renewal', 'other'] as const;

/** Whom an organization's dues go to: the contact its administrators marked with the Billing duty
 * after its latest dues invoice was addressed (a change of billing contact on its page), else that
 * invoice's addressee (the application's billing contact, or an address finance typed; not someone
 * who has since left the organization), else the contact marked Billing, else its first
 * administrator. */
export function duesAddressee(
  latest: { name: string; email: string; createdAt: Date } | undefined,
  marked: BillingContact | undefined,
): { name: string; email: string } | undefined {
  if (marked && (!latest?.email || marked.since > latest.createdAt)) return { name: marked.name, email: marked.email };
  return latest?.email ? { name: latest.name, email: latest.email } : undefined;
}

/** Who an organization's invoices go to: as `duesAddressee`, else its own details and first
 * contact. Takes the transaction when called inside one. */
export async function billToDefaults(db: Db | Trx, organizationId: string): Promise<BillToDefaults | null> {
  return (await billToAndMarked(db, organizationId))?.defaults ?? null;
}

/** Why the next invoice goes where it goes: a contact marked Billing, the latest dues invoice's
 * addressee, or (nobody chosen) the organization's first contact, administrators first. */
export type AddresseeBasis = 'marked' | 'latest_invoice' | 'first_contact';

/** `billToDefaults`, with the contact marked Billing it read on the way (undefined: none) and the
 * basis of the choice; `without`: a contact's user id, left out as if they had been removed. */
async function billToAndMarked(
  db: Db | Trx,
  organizationId: string,
  without?: string,
): Promise<{ defaults: BillToDefaults; marked: BillingContact | undefined; basis: AddresseeBasis } | null> {
  const org = await db.selectFrom('organizations').select(['name', 'billing_address', 'po_required', 'po_number']).where('id', '=', organizationId).executeTakeFirst();
  if (!org) return null;
  const last = await db
    .selectFrom('invoices')
    .select(['bill_to_name', 'bill_to_email', 'bill_to_address', 'created_at'])
    .where('organization_id', '=', organizationId)
    .where('status', '<>', 'void')
    .where('purpose', 'in', DUES_PURPOSES)
    .orderBy('created_at', 'desc')
    // Invoices issued in one transaction (a renewal run, an import) share created_at: the one
    // issued on the latest day, then the latest number of that day, then the id.
    .orderBy('issued_on', (o) => o.desc().nullsLast())
    .orderBy('year', (o) => o.desc().nullsLast())
    .orderBy('seq', (o) => o.desc().nullsLast())
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const marked = (await billingContactsOf(db, [organizationId], { without })).get(organizationId);
  // An invoice never goes on to someone who has left: the latest one's addressee counts only while
  // their address is not an account's that holds no seat here (a removed contact; `without`). An
  // address with no account (accounts payable, as finance typed it) still counts.
  const departed = last?.bill_to_email
    ? await db
        .selectFrom('users')
        .leftJoin('organization_contacts', (j) => j.onRef('organization_contacts.user_id', '=', 'users.id').on('organization_contacts.organization_id', '=', organizationId))
        .select(['users.id', 'organization_contacts.user_id as seated'])
        .where('users.email', '=', last.bill_to_email)
        .executeTakeFirst()
    : undefined;
  const current = last && !(departed && (departed.seated === null || departed.id === without)) ? last : undefined;
  const addressee = duesAddressee(current && { name: current.bill_to_name, email: current.bill_to_email, createdAt: new Date(current.created_at) }, marked);
  const contact = addressee
    ? undefined
    : await db
        .selectFrom('organization_contacts')
        .innerJoin('users', 'users.id', 'organization_contacts.user_id')
        .select('users.email')
        .where('organization_id', '=', organizationId)
        .$if(without !== undefined, (q) => q.where('organization_contacts.user_id', '<>', without ?? ''))
        .orderBy(({ eb }) => eb.case().when('organization_contacts.role', '=', 'admin').then(0).else(1).end())
        .orderBy('organization_contacts.created_at')
        // contacts seated at one moment (one transaction, an import) by address, never by chance
        .orderBy('users.email')
        .limit(1)
        .executeTakeFirst();
  return {
    defaults: {
      name: addressee?.name || org.name,
      email: addressee?.email || contact?.email || '',
      address: org.billing_address || last?.bill_to_address || '',
      poNumber: org.po_number ?? '',
      poRequired: org.po_required,
    },
    marked,
    basis: !addressee ? 'first_contact' : addressee.email === marked?.email ? 'marked' : 'latest_invoice',
  };
}

export interface NextDuesAddressee {
  name: string;
  email: string;
  /** the contact marked Billing whom a later-addressed invoice outranks (`userId`: their seat) */
  passedOver: { userId: string; name: string; email: string } | null;
  basis: AddresseeBasis;
}

/** Whom the organization's next membership invoice goes to (its home says so), or null when it
 * has nobody to send it to; `passedOver`: the contact marked Billing whom a later-addressed
 * invoice outranks (the home says why, and how to choose them again). `without`: a contact's user
 * id, to say whom it would go to once they are removed (the confirmation of removing them). */
export async function nextDuesAddressee(db: Db, organizationId: string, o: { without?: string } = {}): Promise<NextDuesAddressee | null> {
  const found = await billToAndMarked(db, organizationId, o.without);
  if (!found?.defaults.email) return null;
  const { defaults: d, marked: contact, basis } = found;
  const passedOver = contact && contact.email !== d.email ? { userId: contact.userId, name: contact.name, email: contact.email } : null;
  return { name: d.name, email: d.email, passedOver, basis };
}

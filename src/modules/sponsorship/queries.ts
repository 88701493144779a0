// Reads of sponsorship: the packages open to apply (public), the sponsors (accepted applications,
// public: company, website, tier, logo — never the contact), and staff's lists.
import type { Db } from '../../db/client.js';
import type { InvoiceStatus, SponsorshipTier } from '../../db/types.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import type { UsAddress } from '../../lib/us-address.js';
import { balanceOf } from '../billing/index.js';
import { type EventChoice, eventsByIds } from '../events/index.js';
import { benefitLines, TIER_LABELS, TIERS } from './shared.js';

export interface PublicPackage {
  id: string;
  name: string;
  tier: SponsorshipTier;
  tierLabel: string;
  priceCents: number;
  benefits: string[];
  quantity: number;
  placesLeft: number;
  deadline: string;
  event: { title: string; url: string } | null;
}

const eventLink = (e: EventChoice | undefined) => (e && e.status !== 'draft' ? { title: e.title, url: `/events/${e.slug}` } : null);
const tierOrder = (t: SponsorshipTier) => TIERS.indexOf(t);

/** Packages open to apply on `day` (today: open, deadline not past), sold-out ones included with no places left; by tier, then name. */
export async function openPackages(db: Db, day: string): Promise<PublicPackage[]> {
  const rows = await db
    .selectFrom('sponsorship_packages')
    .select(['id', 'name', 'tier', 'price_cents', 'benefits', 'quantity', 'sold', 'deadline', 'event_id'])
    .where('status', '=', 'open')
    .where('deadline', '>=', day)
    .limit(500)
    .execute();
  const events = await eventsByIds(db, [...new Set(rows.flatMap((r) => (r.event_id ? [r.event_id] : [])))]);
  return rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      tier: r.tier,
      tierLabel: TIER_LABELS[r.tier],
      priceCents: Number(r.price_cents),
      benefits: benefitLines(r.benefits),
      quantity: r.quantity,
      placesLeft: r.quantity - r.sold,
      deadline: r.deadline,
      event: r.event_id ? eventLink(events.get(r.event_id)) : null,
    }))
    .sort((a, b) => tierOrder(a.tier) - tierOrder(b.tier) || a.name.localeCompare(b.name));
}

export interface PublicSponsor {
  id: string;
  company: string;
  website: string | null;
  tier: SponsorshipTier;
  tierLabel: string;
  package: string;
  logoUrl: string;
  logoWidth: number;
  logoHeight: number;
  eventId: string | null;
  event: { title: string; url: string } | null;
}

/** Accepted sponsors (not withdrawn, their invoice not void), by tier then company; of one event, of the year-round packages (`eventId: null`), or all. */
export async function publicSponsors(db: Db, o: { eventId?: string | null } = {}): Promise<PublicSponsor[]> {
  let q = db
    .selectFrom('sponsorship_applications as a')
    .innerJoin('sponsorship_packages as p', 'p.id', 'a.package_id')
    .innerJoin('invoices as i', 'i.id', 'a.invoice_id')
    .select(['a.id', 'a.company_name', 'a.website', 'a.logo_width', 'a.logo_height', 'p.tier', 'p.name as package_name', 'p.event_id'])
    .where('a.status', '=', 'accepted')
    .where('a.decline_reason', 'is', null)
    .where('i.status', '<>', 'void');
  if (o.eventId === null) q = q.where('p.event_id', 'is', null);
  else if (o.eventId) q = q.where('p.event_id', '=', o.eventId);
  const rows = await q.limit(1000).execute();
  const events = await eventsByIds(db, [...new Set(rows.flatMap((r) => (r.event_id ? [r.event_id] : [])))]);
  return rows
    .map((r) => ({
      id: r.id,
      company: r.company_name,
      website: r.website || null,
      tier: r.tier,
      tierLabel: TIER_LABELS[r.tier],
      package: r.package_name,
      logoUrl: `/partners/sponsors/${r.id}/logo`,
      logoWidth: r.logo_width,
      logoHeight: r.logo_height,
      eventId: r.event_id,
      event: r.event_id ? eventLink(events.get(r.event_id)) : null,
    }))
    .sort((a, b) => tierOrder(a.tier) - tierOrder(b.tier) || a.company.localeCompare(b.company));
}

/** The logo of an application: anyone's while it is a listed sponsor; otherwise only for staff (`staff`). */
export async function logoOf(db: Db, id: string, o: { staff: boolean }) {
  let q = db.selectFrom('sponsorship_applications as a').leftJoin('invoices as i', 'i.id', 'a.invoice_id').select(['a.logo', 'a.logo_type']).where('a.id', '=', id);
  if (!o.staff) q = q.where('a.status', '=', 'accepted').where('a.decline_reason', 'is', null).where('i.status', '<>', 'void');
  return q.executeTakeFirst();
}

export interface StaffPackage {
  id: string;
  name: string;
  tier: SponsorshipTier;
  priceCents: number;
  benefits: string;
  quantity: number;
  sold: number;
  deadline: string;
  status: 'open' | 'closed';
  eventId: string | null;
  eventTitle: string | null;
  waiting: number;
}

export async function staffPackages(db: Db): Promise<StaffPackage[]> {
  const rows = await db
    .selectFrom('sponsorship_packages as p')
    .select((eb) => [
      'p.id',
      'p.name',
      'p.tier',
      'p.price_cents',
      'p.benefits',
      'p.quantity',
      'p.sold',
      'p.deadline',
      'p.status',
      'p.event_id',
      eb
        .selectFrom('sponsorship_applications as a')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('a.package_id', '=', 'p.id')
        .where('a.status', '=', 'pending')
        .as('waiting'),
    ])
    .orderBy('p.deadline', 'desc')
    .limit(500)
    .execute();
  const events = await eventsByIds(db, [...new Set(rows.flatMap((r) => (r.event_id ? [r.event_id] : [])))]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    tier: r.tier,
    priceCents: Number(r.price_cents),
    benefits: r.benefits,
    quantity: r.quantity,
    sold: r.sold,
    deadline: r.deadline,
    status: r.status,
    eventId: r.event_id,
    eventTitle: r.event_id ? (events.get(r.event_id)?.title ?? null) : null,
    waiting: Number(r.waiting ?? 0),
  }));
}

export async function packageById(db: Db, id: string): Promise<StaffPackage | undefined> {
  return (await staffPackages(db)).find((p) => p.id === id);
}

export interface StaffApplication {
  id: string;
  packageId: string;
  packageName: string;
  tier: SponsorshipTier;
  companyName: string;
  contactName: string;
  contactEmail: string;
  website: string;
  /** the billing address (empty fields on an application sent before the form asked for one) */
  address: UsAddress;
  status: 'unconfirmed' | 'pending' | 'accepted' | 'declined';
  createdAt: Date;
  confirmedAt: Date | null;
  decidedAt: Date | null;
  declineReason: string | null;
  /** what the accepted sponsor was invoiced and where the invoice stands (billing's, read-only) */
  invoice: SponsorInvoice | null;
  /** an accepted sponsor withdrawn by staff (the reason is `declineReason`) */
  withdrawn: boolean;
  /** its invoice is void: not listed publicly */
  invoiceVoid: boolean;
}

export interface SponsorInvoice {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  totalCents: number;
  creditedCents: number;
  /** what is still to pay (nothing once paid or void) */
  balanceCents: number;
  dueOn: string | null;
  /** the address of the company's own view of it (/invoices/<token>) */
  publicPath: string;
}

function applicationsQuery(db: Db) {
  return db
    .selectFrom('sponsorship_applications as a')
    .innerJoin('sponsorship_packages as p', 'p.id', 'a.package_id')
    .leftJoin('invoices as i', 'i.id', 'a.invoice_id')
    .select([
      'a.id',
      'a.package_id',
      'p.name as package_name',
      'p.tier',
      'a.company_name',
      'a.contact_name',
      'a.contact_email',
      'a.website',
      'a.address_line1',
      'a.address_line2',
      'a.city',
      'a.state',
      'a.zip',
      'a.status',
      'a.created_at',
      'a.confirmed_at',
      'a.decided_at',
      'a.decline_reason',
      'a.invoice_id',
      'i.number as invoice_number',
      'i.status as invoice_status',
      'i.total_cents as invoice_total_cents',
      'i.paid_cents as invoice_paid_cents',
      'i.credited_cents as invoice_credited_cents',
      'i.due_on as invoice_due_on',
      'i.public_token as invoice_token',
    ]);
}

type AppRow = Awaited<ReturnType<ReturnType<typeof applicationsQuery>['execute']>>[number];
const toApplication = (r: AppRow): StaffApplication => ({
  id: r.id,
  packageId: r.package_id,
  packageName: r.package_name,
  tier: r.tier,
  companyName: r.company_name,
  contactName: r.contact_name,
  contactEmail: r.contact_email,
  website: r.website,
  address: { addressLine1: r.address_line1, addressLine2: r.address_line2, city: r.city, state: r.state, zip: r.zip },
  status: r.status,
  createdAt: r.created_at,
  confirmedAt: r.confirmed_at,
  decidedAt: r.decided_at,
  declineReason: r.decline_reason,
  invoice:
    r.invoice_id && r.invoice_status && r.invoice_token
      ? {
          id: r.invoice_id,
          number: r.invoice_number,
          status: r.invoice_status,
          totalCents: Number(r.invoice_total_cents ?? 0),
          creditedCents: Number(r.invoice_credited_cents ?? 0),
          balanceCents: balanceOf({
            status: r.invoice_status,
            total_cents: Number(r.invoice_total_cents ?? 0),
            paid_cents: Number(r.invoice_paid_cents ?? 0),
            credited_cents: Number(r.invoice_credited_cents ?? 0),
          }),
          dueOn: r.invoice_due_on,
          publicPath: `/invoices/${r.invoice_token}`,
        }
      : null,
  withdrawn: r.status === 'accepted' && r.decline_reason !== null,
  invoiceVoid: r.invoice_status === 'void',
});

/** Confirmed applications (unconfirmed ones are nobody's yet), waiting first, newest first; of one package, or all. */
export async function staffApplications(db: Db, o: { packageId?: string } = {}): Promise<StaffApplication[]> {
  let q = applicationsQuery(db).where('a.status', '<>', 'unconfirmed');
  if (o.packageId) q = q.where('a.package_id', '=', o.packageId);
  const rows = await q.orderBy('a.created_at', 'desc').limit(500).execute();
  return rows.map(toApplication).sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending'));
}

export async function applicationById(db: Db, id: string): Promise<StaffApplication | undefined> {
  const r = await applicationsQuery(db).where('a.id', '=', id).where('a.status', '<>', 'unconfirmed').executeTakeFirst();
  return r ? toApplication(r) : undefined;
}

/** sponsorship packages by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const sponsorshipPackageNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('sponsorship_packages').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Sponsorship package', r.name), href: `/staff/sponsorship/packages/${r.id}` }]));
};

/** sponsorship applications by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const sponsorshipApplicationNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('sponsorship_applications').select(['id', 'company_name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: `Sponsorship application of ${r.company_name}`, href: `/staff/sponsorship/applications/${r.id}` }]));
};

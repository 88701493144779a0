// "Needs attention" on the staff front page: counts of what waits for staff, each gathered from the
// module that owns the rows (through its index.ts) and linking to that module's list filtered to
// exactly those rows. No SQL here.
//
// Who sees what (a staff admin sees everything):
// - membership: applications, organizations without an advisor or a first meeting, login
//   requests, memberships lapsing soon, eligibility checks, late assistance requests;
// - finance: overdue invoices, memberships lapsing soon (renewal income);
// - membership and finance: renewals the run flagged as impossible to price (billing's 0038);
// - advisor: their own organizations without a first meeting, late assistance requests.
import type { Deps } from '../../deps.js';
import { hasStaffRole, type Principal } from '../../lib/access.js';
import { today as todayIn } from '../../lib/today.js';
import { countApplicationsWaiting } from '../applications/index.js';
import { countLateRequests } from '../assistance/index.js';
import { addDays, countBlockedOrganizationRenewals, countOverdueInvoices } from '../billing/index.js';
import { countAwaitingVerification, countBlockedIndividualRenewals } from '../individuals/index.js';
import { countRequestsForStaff } from '../portal/index.js';
import { countOrganizations, type OrganizationFilters } from '../records/index.js';

export interface AttentionItem {
  /** what is counted, in words, for one item ("applications waiting for review") */
  label: string;
  count: number;
  /** the list showing exactly the counted rows */
  href: string;
}

const orgsHref = (f: Record<string, string>) => `/staff/organizations?${new URLSearchParams(f).toString()}`;

/** The items the person's roles cover, in a fixed order; an empty list when none. */
export async function needsAttention(deps: Pick<Deps, 'db' | 'clock' | 'association'>, p: Principal | null): Promise<AttentionItem[]> {
  const { db } = deps;
  const _now = deps.clock.now();
  const today = await todayIn(deps);
  const membership = hasStaffRole(p, 'membership');
  const finance = hasStaffRole(p, 'finance');
  const advisor = hasStaffRole(p, 'advisor');
  const items: Array<Promise<AttentionItem | AttentionItem[]>> = [];
  const orgs = (label: string, f: Record<string, string>) => countOrganizations(db, f as OrganizationFilters).then((count) => ({ label, count, href: orgsHref(f) }));

  if (membership) {
    items.push(countApplicationsWaiting(db).then((count) => ({ label: 'Applications waiting for review', count, href: '/staff/applications?status=submitted' })));
    items.push(orgs('Active organizations without an advisor', { status: 'active', advisor: 'none' }));
    items.push(orgs('Active organizations without a booked first meeting', { status: 'active', meeting: 'none' }));
  } else if (advisor && p) {
    items.push(orgs('Your organizations without a booked first meeting', { status: 'active', advisor: p.userId, meeting: 'none' }));
  }
  if (membership)
    items.push(countRequestsForStaff(db).then((count) => ({ label: 'Login requests with no organization administrator to decide them', count, href: '/staff/login-requests' })));
  if (finance)
    items.push(
      countOverdueInvoices(db, today).then((c) => [
        { label: 'Invoices more than 30 days overdue', count: c.over30, href: '/staff/invoices?overdue=30' },
        { label: 'Invoices more than 60 days overdue', count: c.over60, href: '/staff/invoices?overdue=60' },
        { label: 'Invoices more than 90 days overdue', count: c.over90, href: '/staff/invoices?overdue=90' },
      ]),
    );
  if (membership || finance)
    items.push(
      Promise.all([countBlockedOrganizationRenewals(db), countBlockedIndividualRenewals(db)]).then(([o, i]) => ({
        label: 'Renewals blocked for a missing detail (a population or a salary)',
        count: o + i,
        href: '/staff/renewals#blocked',
      })),
    );
  if (membership || finance) items.push(orgs('Memberships ending within 30 days', { status: 'active', termEndFrom: today, termEndTo: addDays(today, 30) }));
  if (membership)
    items.push(countAwaitingVerification(db).then((count) => ({ label: 'Individual memberships awaiting an eligibility check', count, href: '/staff/individuals/verification' })));
  if (membership || advisor)
    items.push(countLateRequests(db, today).then((count) => ({ label: 'Assistance requests past their wanted-by day', count, href: '/staff/assistance?late=yes' })));
  return (await Promise.all(items)).flat();
}

// The demo's money: a history of invoices and payments for the demo organizations, made through
// billing's own use cases (`issueInvoice` numbers them without gaps, `applyPayment` applies each
// payment once and renews the membership it pays for), so receivables, payments and renewals have
// something to show. Dates are counted from today, so the demo stays alive: one invoice still
// current, others overdue 1–30, 31–60, 61–90 and over 90 days (the last one a lapsed member's),
// and one membership in its grace period (Anchorage: its term ended, its renewal unpaid).
//
// The seed runs with its own clock (moved to each step's day, so audit rows carry the day it
// happened) and a mailer that keeps nothing: the demo's past is not emailed to anyone.
import type { Config } from '../config.js';
import type { PaymentMethod } from '../db/types.js';
import { associationThrough, type Deps } from '../deps.js';
import type { Mailer } from '../lib/email.js';
import { assignAdvisor } from '../modules/advising/index.js';
import { addDays, addYears, applyPayment, dayOf, issueInvoice, membershipLine } from '../modules/billing/index.js';
import { isContactRequired, quoteDues } from '../modules/dues/index.js';
import { firstYearLine, settleIndividualMembership } from '../modules/individuals/index.js';

/** A mailer that keeps nothing: the seed's history is not emailed. */
export const silentMailer: Mailer = {
  queue: async () => '',
  queueMany: async () => [],
  templates: new Map(),
  addTemplates: () => {},
  attachments: new Map(),
  renderAttachments: async () => [],
  unreadableTemplates: () => [],
  rejected: [],
};

interface DemoAccount {
  slug: string;
  billTo: { name: string; email: string; address: string };
  /** whether last year's renewal (the current term) was invoiced and paid */
  paidCurrentTerm: boolean;
  /** whether this year's renewal has been issued (renewal runs issue 60 days before the term ends) */
  renewalIssued: boolean;
  method: 'check' | 'ach' | 'wire';
}

/** A payment's reference as finance types it: the timeline reads 'recorded check no. 4103 for …'. */
const REFERENCE: Record<DemoAccount['method'], (seq: number) => string> = {
  check: (seq) => `no. ${4100 + seq}`,
  ach: (seq) => `trace ${String(91_000_000 + seq)}`,
  wire: (seq) => `ref. FW${String(seq).padStart(6, '0')}`,
};

const ACCOUNTS: DemoAccount[] = [
  {
    slug: 'city-of-springfield-il',
    billTo: { name: 'Jordan Ellis', email: 'orgadmin@example.org', address: 'Accounts Payable\n800 East Monroe Street\nSpringfield, IL 62701' },
    paidCurrentTerm: true,
    renewalIssued: false,
    method: 'check',
  },
  {
    slug: 'king-county-wa',
    billTo: { name: 'Rosa Chen', email: 'kingcounty@example.org', address: 'King County Finance\n201 South Jackson Street\nSeattle, WA 98104' },
    paidCurrentTerm: true,
    renewalIssued: true,
    method: 'ach',
  },
  {
    slug: 'town-of-brookline-ma',
    billTo: { name: 'Town of Brookline, Comptroller', email: 'ap@brookline.example.gov', address: 'Town Hall\n333 Washington Street\nBrookline, MA 02445' },
    paidCurrentTerm: true,
    renewalIssued: true,
    method: 'check',
  },
  {
    slug: 'municipality-of-anchorage-ak',
    billTo: { name: 'Municipality of Anchorage, Finance', email: 'ap@anchorage.example.gov', address: '632 West 6th Avenue\nAnchorage, AK 99501' },
    paidCurrentTerm: true,
    renewalIssued: true,
    method: 'ach',
  },
  {
    slug: 'city-of-austin-tx',
    billTo: { name: 'City of Austin, Controller', email: 'ap@austin.example.gov', address: '301 West 2nd Street\nAustin, TX 78701' },
    paidCurrentTerm: true,
    renewalIssued: false,
    method: 'wire',
  },
  {
    slug: 'hennepin-county-mn',
    billTo: { name: 'Hennepin County, Accounts Payable', email: 'ap@hennepin.example.gov', address: '300 South 6th Street\nMinneapolis, MN 55487' },
    paidCurrentTerm: true,
    renewalIssued: false,
    method: 'ach',
  },
  {
    slug: 'town-of-carrboro-nc',
    billTo: { name: 'Town of Carrboro, Finance', email: 'ap@carrboro.example.gov', address: '301 West Main Street\nCarrboro, NC 27510' },
    paidCurrentTerm: true,
    renewalIssued: false,
    method: 'check',
  },
  {
    slug: 'city-of-fairbanks-ak',
    billTo: { name: 'City of Fairbanks, Finance', email: 'ap@fairbanks.example.gov', address: '800 Cushman Street\nFairbanks, AK 99701' },
    paidCurrentTerm: true,
    renewalIssued: false,
    method: 'check',
  },
  {
    // Lapsed: its renewal was never paid (over 90 days overdue); paying it would reinstate it.
    slug: 'city-of-tucson-az',
    billTo: { name: 'City of Tucson, Finance', email: 'ap@tucson.example.gov', address: '255 West Alameda Street\nTucson, AZ 85701' },
    paidCurrentTerm: false,
    renewalIssued: true,
    method: 'check',
  },
];

/** Conference registrations for Austin: three places, one paid, the rest 61–90 days overdue. */
const CONFERENCE = { slug: 'city-of-austin-tx', issuedDaysAgo: 105, placeCents: 45_000, places: 3, paidPlaces: 1 };

type Step = { day: string; order: number; run: () => Promise<void> };

/** Issues and pays the demo's invoices, oldest first (so each year's numbers follow the days). */
export async function seedDemoActivity(trx: Parameters<typeof issueInvoice>[0], opts: { config: Config; now: Date }): Promise<void> {
  let at = opts.now;
  const deps: Pick<Deps, 'clock' | 'mail' | 'config' | 'hooks' | 'association'> = {
    clock: { now: () => at },
    mail: silentMailer,
    config: opts.config,
    // the demo's days are the association's, as the running app counts them
    association: associationThrough(trx),
    hooks: {
      membershipActivated: [],
      addressConfirmed: [],
      accountsMerged: [],
      individualInvoicePaid: [settleIndividualMembership],
      invoiceSettled: [],
      renewals: [],
      organizationMerged: [],
      ethicsSanction: [],
    },
  };
  deps.hooks.membershipActivated.push(async (t, e) => {
    await assignAdvisor(t, deps, { organizationId: e.organizationId, membershipId: e.membershipId, at: e.at });
  });
  const today = dayOf(opts.now);
  const finance = await trx.selectFrom('users').select('id').where('email', '=', 'finance@example.org').executeTakeFirst();
  const memberships = await trx
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['m.id', 'm.organization_id', 'm.term_end', 'o.slug', 'o.name', 'o.population', 'o.entity_type'])
    .where(
      'o.slug',
      'in',
      ACCOUNTS.map((a) => a.slug),
    )
    .where('m.status', 'in', ['active', 'lapsed'])
    .execute();

  const steps: Step[] = [];
  /** A later step in which finance records a payment on an invoice an earlier step issued. */
  const payLater = (invoice: { id: string; number: string | null }, p: { amountCents: number; method: PaymentMethod; reference: string; paidOn: string }) =>
    steps.push({
      day: p.paidOn,
      order: 1,
      run: async () => {
        await applyPayment(trx, deps, {
          invoiceId: invoice.id,
          amountCents: p.amountCents,
          method: p.method,
          reference: p.reference,
          receivedOn: p.paidOn,
          idempotencyKey: `demo-${invoice.number}`,
          // a card payment is the payer's own (through the card processor), the others finance's entry
          actorUserId: p.method === 'card' ? null : (finance?.id ?? null),
        });
      },
    });
  // Each term's dues are what the published schedule in force when it starts quotes for the
  // organization's type and population, as a renewal run would price them (the demo's invoices
  // said $4,500 where the schedule on /dues said $1,750).
  const dues = async (m: (typeof memberships)[number], start: string, end: string) => {
    const population = m.population ?? 0;
    const quote = await quoteDues({ db: trx, clock: deps.clock, association: deps.association }, { entityType: m.entity_type, population, on: start });
    if (isContactRequired(quote)) throw new Error(`demo: ${m.name} has no dues by population, so it cannot have a renewal invoice`);
    return { description: membershipLine({ renewal: true, start, end, organization: m.name, population }), quantity: 1, unitCents: quote.amountCents };
  };
  for (const a of ACCOUNTS) {
    const m = memberships.find((row) => row.slug === a.slug);
    if (!m?.term_end) continue;
    const base = { organizationId: m.organization_id, membershipId: m.id, purpose: 'renewal' as const, billTo: a.billTo };
    if (a.paidCurrentTerm) {
      // The current term's renewal, issued 60 days before it began and paid three weeks later.
      const start = addDays(addYears(m.term_end, -1), 1);
      const issuedOn = addDays(start, -60);
      const paidOn = addDays(issuedOn, 21);
      steps.push({
        day: issuedOn,
        order: 0,
        run: async () => {
          const invoice = await issueInvoice(trx, deps, {
            ...base,
            periodStart: start,
            periodEnd: m.term_end ?? start,
            issuedOn,
            lines: [await dues(m, start, m.term_end ?? start)],
          });
          payLater(invoice, { amountCents: invoice.total_cents, method: a.method, reference: REFERENCE[a.method](invoice.seq ?? 0), paidOn });
        },
      });
    }
    if (a.renewalIssued) {
      const start = addDays(m.term_end, 1);
      const end = addDays(addYears(start, 1), -1);
      const issuedOn = addDays(m.term_end, -60);
      if (issuedOn <= today) {
        steps.push({
          day: issuedOn,
          order: 0,
          run: async () => {
            await issueInvoice(trx, deps, { ...base, periodStart: start, periodEnd: end, issuedOn, lines: [await dues(m, start, end)] });
          },
        });
      }
    }
  }
  const austin = memberships.find((row) => row.slug === CONFERENCE.slug);
  if (austin) {
    const issuedOn = addDays(today, -CONFERENCE.issuedDaysAgo);
    const account = ACCOUNTS.find((a) => a.slug === CONFERENCE.slug);
    steps.push({
      day: issuedOn,
      order: 0,
      run: async () => {
        const invoice = await issueInvoice(trx, deps, {
          organizationId: austin.organization_id,
          purpose: 'event',
          issuedOn,
          billTo: account?.billTo ?? { name: austin.name, email: '', address: '' },
          lines: [{ description: 'Annual conference registration, full program', quantity: CONFERENCE.places, unitCents: CONFERENCE.placeCents }],
        });
        payLater(invoice, { amountCents: CONFERENCE.placeCents * CONFERENCE.paidPlaces, method: 'check', reference: 'no. 20417', paidOn: addDays(issuedOn, 40) });
      },
    });
  }

  // Individual members' first years, as joining makes them: the first-year invoice at the dues
  // quoted, paid in full (by card on the day of joining, or by check against the emailed invoice),
  // the payment starting the term. A free level (Student) has no invoice to show; a Members in
  // Transition waiver (transition@) waives later terms, not the first year it paid.
  const individuals = await trx
    .selectFrom('individual_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('member_levels as l', 'l.id', 'm.level_id')
    .select(['m.id', 'm.user_id', 'm.term_start', 'm.quoted_cents', 'u.name', 'u.email', 'l.name as level'])
    .where('m.status', '=', 'active')
    .where('m.quoted_cents', '>', 0)
    .orderBy('u.email')
    .execute();
  for (const [k, im] of individuals.entries()) {
    const paidOn = im.term_start;
    if (!paidOn) continue;
    const method: PaymentMethod = k % 2 === 0 ? 'card' : 'check';
    const issuedOn = method === 'card' ? paidOn : addDays(paidOn, -12);
    steps.push({
      day: issuedOn,
      order: 0,
      run: async () => {
        const invoice = await issueInvoice(trx, deps, {
          userId: im.user_id,
          individualMembershipId: im.id,
          purpose: 'membership',
          issuedOn,
          billTo: { name: im.name, email: im.email, address: '' },
          lines: [firstYearLine(im.level, im.quoted_cents)],
        });
        const reference = method === 'card' ? `pi_demo_${String(invoice.seq ?? 0).padStart(6, '0')}` : `no. ${1200 + k}`;
        payLater(invoice, { amountCents: invoice.total_cents, method, reference, paidOn });
      },
    });
  }

  // Oldest first; a step may add a later one (the payment of the invoice it issued).
  while (steps.length > 0) {
    steps.sort((x, y) => (x.day === y.day ? x.order - y.order : x.day < y.day ? -1 : 1));
    const step = steps.shift();
    if (!step) break;
    at = new Date(`${step.day}T15:00:00Z`);
    await step.run();
  }
}

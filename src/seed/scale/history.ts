// The generated organizations and their histories: five people each as contacts, a membership
// with up to ten years of terms, an invoice per term and, for the paid ones, payments. Pure
// generation: the rows are loaded by the modules that own them (index.ts).
import type { EntityType, InvoiceStatus, PaymentMethod } from '../../db/types.js';
import type { BulkUser } from '../../modules/accounts/index.js';
import { type BulkPayment, membershipLine } from '../../modules/billing/index.js';
import { DEMO_SCHEDULES } from '../../modules/dues/index.js';
import type { BulkContact, BulkMembership, BulkOrganization } from '../../modules/organizations/index.js';
import { plusDays as addDays, plusYears as addYears } from './days.js';
import { draw, firstNameDistribution, surnameDistribution } from './frequencies.js';
import { SCALE_EMAIL_DOMAIN, STREETS } from './names.js';
import type { Candidate } from './places.js';
import { slugify } from './places.js';
import type { Rng } from './random.js';

const YEARS = 10;

/** An invoice before it has its number (numbers follow issue order over all organizations). */
export interface InvoiceDraft {
  id: string;
  organizationId: string;
  membershipId: string;
  purpose: 'membership' | 'renewal';
  periodStart: string;
  periodEnd: string;
  status: InvoiceStatus;
  total: number;
  paid: number;
  issuedOn: string;
  hour: number;
  poNumber: string | null;
  billToName: string;
  billToEmail: string;
  billToAddress: string;
  voidedAt: string | null;
  description: string;
}

export interface Histories {
  organizations: BulkOrganization[];
  users: BulkUser[];
  contacts: BulkContact[];
  memberships: BulkMembership[];
  drafts: InvoiceDraft[];
  payments: BulkPayment[];
}

interface Band {
  max: number | null;
  cents: number;
}

/** The demo dues schedules as (effective from, bands) pairs, newest first; regions by arrangement. */
function duesTable(): Array<{ from: string; bands: Band[] }> {
  return DEMO_SCHEDULES.map((s) => {
    const rule = s.rules.city;
    const bands = rule?.mode === 'bands' ? rule.bands.map((b) => ({ max: b.max, cents: b.amountCents })) : [];
    return { from: s.effectiveFrom, bands };
  }).sort((a, b) => (a.from < b.from ? 1 : -1));
}

function duesCents(table: ReturnType<typeof duesTable>, type: EntityType, population: number, periodStart: string): number {
  const schedule = table.find((s) => s.from <= periodStart) ?? table[table.length - 1];
  if (type === 'region') return periodStart < '2020-01-01' ? 400_000 : 500_000;
  const band = schedule?.bands.find((b) => b.max === null || population <= b.max);
  return band?.cents ?? 60_000;
}

/** An ISO instant on the hour of a day (UTC). */
export const at = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00Z`;
const minDay = (a: string, b: string) => (a < b ? a : b);

/**
 * The chosen candidates as organizations with their histories up to `today`. `taken` holds the
 * slugs already used (the demo's); the new ones are added to it.
 */
export function generateHistories(chosen: Candidate[], opts: { r: Rng; uuid: () => string; taken: Set<string>; today: string; recordedBy: string | null }): Histories {
  const { r, uuid, taken, today, recordedBy } = opts;
  const dues = duesTable();
  const firstNames = firstNameDistribution();
  const surnames = surnameDistribution();
  const earliest = addYears(today, -YEARS);
  const out: Histories = { organizations: [], users: [], contacts: [], memberships: [], drafts: [], payments: [] };
  const pay = (invoiceId: string, cents: number, day: string) => {
    const method: PaymentMethod = r.pick(['check', 'check', 'ach', 'ach', 'ach', 'wire'] as const);
    const reference = method === 'check' ? `Check ${r.int(1000, 99999)}` : method === 'ach' ? `ACH trace ${r.int(100000000, 999999999)}` : `Wire ${r.int(10000000, 99999999)}`;
    out.payments.push({
      id: uuid(),
      invoice_id: invoiceId,
      amount_cents: cents,
      method,
      reference,
      received_on: day,
      recorded_by: recordedBy,
      created_at: at(day, r.int(9, 17)),
    });
  };

  for (const c of chosen) {
    let slug = slugify(`${c.name} ${c.state}`);
    for (let i = 2; taken.has(slug); i++) slug = `${slugify(`${c.name} ${c.state}`)}-${i}`;
    taken.add(slug);
    const domain = `${slug}.${SCALE_EMAIL_DOMAIN}`;
    const orgId = uuid();
    const roll = r.next();
    const status = roll < 0.8 ? 'active' : roll < 0.92 ? 'lapsed' : 'ended';
    // Active members joined any time in the ten years; the others at least two years ago.
    const span = status === 'active' ? YEARS * 365 - 30 : (YEARS - 2) * 365;
    const joined = addDays(earliest, r.int(0, span));
    const address = `${r.int(1, 999)} ${r.pick(STREETS)}\n${c.locality}, ${c.state}`;
    const poRequired = r.chance(0.1);
    const poNumber = poRequired ? `PO-${r.int(10000, 99999)}` : null;
    out.organizations.push({
      id: orgId,
      slug,
      name: c.name,
      entity_type: c.type,
      state: c.state,
      population: c.population,
      status,
      created_at: at(addDays(joined, -r.int(20, 60)), 12),
      website: `https://www.${domain}`,
      latitude: c.latitude,
      longitude: c.longitude,
      place_source: c.placeSource,
      population_source: c.populationSource,
      population_year: c.populationSource === 'GeoNames' ? null : 2020,
      billing_address: address,
      po_required: poRequired,
      po_number: poNumber,
      email_domain: domain,
    });

    let billTo = '';
    let billToName = '';
    const used = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const first = draw(firstNames, r);
      const last = draw(surnames, r);
      let local = slugify(`${first} ${last}`).replace(/-/g, '.');
      for (let k = 2; used.has(local); k++) local = `${slugify(`${first} ${last}`).replace(/-/g, '.')}${k}`;
      used.add(local);
      const email = `${local}@${domain}`;
      const userId = uuid();
      const created = at(minDay(addDays(joined, -r.int(0, 30) + i * r.int(0, 200)), today), 12);
      out.users.push({ id: userId, email, name: `${first} ${last}`, password_changed_at: created, created_at: created });
      out.contacts.push({ organization_id: orgId, user_id: userId, role: i === 0 ? 'admin' : 'contact', created_at: created });
      if (i === 0) {
        billTo = email;
        billToName = `${first} ${last}`;
      }
    }

    // Terms: a year each from the day they joined. Active: up to the term containing today (and
    // the next one's renewal invoice once it is issued, 45 days ahead). Lapsed or ended: some
    // terms, the last ending at least a month ago; a lapsed one's unpaid renewal is void.
    const terms: Array<{ start: string; end: string }> = [];
    for (let k = 0; ; k++) {
      const start = addYears(joined, k);
      const end = addDays(addYears(joined, k + 1), -1);
      if (status === 'active' ? start > today : end >= addDays(today, -31)) break;
      terms.push({ start, end });
    }
    if (status !== 'active') terms.splice(r.int(1, terms.length));
    const last = terms[terms.length - 1] ?? { start: joined, end: addDays(addYears(joined, 1), -1) };
    const lapsedAt = status === 'lapsed' ? at(addDays(last.end, 31), 6) : null;
    const membershipId = uuid();
    out.memberships.push({
      id: membershipId,
      organization_id: orgId,
      status,
      term_start: last.start,
      term_end: last.end,
      created_at: at(addDays(joined, -20), 12),
      activated_at: at(joined, 12),
      lapsed_at: lapsedAt,
    });

    const periods = [...terms];
    const next = { start: addDays(last.end, 1), end: addDays(addYears(addDays(last.end, 1), 1), -1) };
    if ((status === 'active' && addDays(next.start, -45) <= today) || status === 'lapsed') periods.push(next);
    periods.forEach((term, k) => {
      const first = k === 0;
      const issuedOn = first ? addDays(joined, -20) : addDays(term.start, -45);
      const total = duesCents(dues, c.type, c.population, term.start);
      const id = uuid();
      const isVoid = status === 'lapsed' && k === periods.length - 1;
      // Invoices of the last weeks may still be open or partly paid; older ones were paid.
      let state: InvoiceStatus = 'paid';
      if (isVoid) state = 'void';
      else if (!first && term.start > addDays(today, -30)) {
        const roll = r.next();
        state = roll < 0.65 ? 'paid' : roll < 0.88 ? 'issued' : 'partially_paid';
      }
      let paid = 0;
      if (state === 'paid') {
        const day = first ? joined : minDay(addDays(issuedOn, r.int(5, 70)), today);
        if (total > 100 && r.chance(0.08)) {
          const part = Math.round(total / 2);
          pay(id, part, day);
          pay(id, total - part, minDay(addDays(day, r.int(7, 45)), today));
        } else pay(id, total, day);
        paid = total;
      } else if (state === 'partially_paid') {
        paid = Math.round(total / 2);
        pay(id, paid, minDay(addDays(issuedOn, r.int(3, 30)), today));
      }
      out.drafts.push({
        id,
        organizationId: orgId,
        membershipId,
        purpose: first ? 'membership' : 'renewal',
        periodStart: term.start,
        periodEnd: term.end,
        status: state,
        total,
        paid,
        issuedOn,
        hour: r.int(8, 18),
        poNumber,
        billToName: `${c.name} (attn. ${billToName})`,
        billToEmail: billTo,
        billToAddress: address,
        voidedAt: isVoid ? lapsedAt : null,
        description: membershipLine({ renewal: !first, start: term.start, end: term.end, organization: c.name, population: c.population }).slice(0, 300),
      });
    });
  }
  return out;
}

// An organization's record for staff: profile, membership history, invoices and payments,
// contacts, staff notes, and the activity timeline merged from the audit log, the outbox and
// payments. Reads shared tables only (see queries.ts); the advisor comes from advising's index.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { formatCents } from '../../lib/money.js';
import { bookedMeeting, currentAdvisor } from '../advising/index.js';
import { applicationIdsOf } from '../applications/index.js';
import { actionInWords, actorInWords, visitorOf } from '../audit/index.js';
import { listOrganizationInvoices, type MemberInvoice } from '../billing/index.js';

export interface PaymentLine {
  id: string;
  invoiceNumber: string;
  amountCents: number;
  method: string;
  reference: string;
  receivedOn: string;
  reversesPaymentId: string | null;
  recordedBy: string | null;
  createdAt: Date;
}

export interface TimelineEntry {
  at: Date;
  sentence: string;
  /** who did it: "Name — email", or "Civnet" for the system */
  by: string;
}

export async function organizationRecord(db: Db, id: string) {
  const org = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!org) return null;
  const [memberships, contacts, advisor, meeting, invoices, payments, notes, merged] = await Promise.all([
    db
      .selectFrom('memberships as m')
      .select((eb) => [
        'm.id',
        'm.status',
        'm.term_start',
        'm.term_end',
        'm.created_at',
        'm.activated_at',
        'm.lapsed_at',
        // The dues invoiced for the term: its membership invoices that are not void.
        eb
          .selectFrom('invoices as i')
          .select(sql<number | null>`sum(i.total_cents)::int`.as('dues'))
          .whereRef('i.membership_id', '=', 'm.id')
          .where('i.status', 'not in', ['void', 'draft'])
          .as('duesCents'),
      ])
      .where('m.organization_id', '=', id)
      .orderBy('m.created_at', 'desc')
      .execute(),
    db
      .selectFrom('organization_contacts as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['u.id as userId', 'u.name', 'u.email', 'c.title', 'c.phone', 'c.role', 'c.duties'])
      .where('c.organization_id', '=', id)
      .orderBy('c.role', 'desc')
      .orderBy('u.name')
      .execute(),
    currentAdvisor(db, id),
    bookedMeeting(db, id),
    listOrganizationInvoices(db, [id]),
    organizationPayments(db, id),
    db
      .selectFrom('staff_notes as n')
      .leftJoin('users as u', 'u.id', 'n.author_user_id')
      .select(['n.id', 'n.body', 'n.created_at as createdAt', 'u.name as authorName', 'u.email as authorEmail'])
      .where('n.organization_id', '=', id)
      .orderBy('n.created_at', 'desc')
      .execute(),
    // Duplicates merged into it: their history is part of its timeline.
    db.selectFrom('organizations').select(['id', 'name']).where('merged_into_id', '=', id).execute(),
  ]);
  const balanceCents = invoices.reduce((sum, i) => sum + (i.status === 'issued' || i.status === 'partially_paid' ? i.balanceCents : 0), 0);
  return { org, memberships, contacts, advisor, meeting, invoices, payments, notes, merged, balanceCents };
}
export type OrganizationRecord = NonNullable<Awaited<ReturnType<typeof organizationRecord>>>;
export type { MemberInvoice };

function organizationPayments(db: Db, organizationId: string): Promise<PaymentLine[]> {
  return db
    .selectFrom('payments as p')
    .innerJoin('invoices as i', 'i.id', 'p.invoice_id')
    .leftJoin('users as u', 'u.id', 'p.recorded_by')
    .select([
      'p.id',
      'i.number as invoiceNumber',
      'p.amount_cents as amountCents',
      'p.method',
      'p.reference',
      'p.received_on as receivedOn',
      'p.reverses_payment_id as reversesPaymentId',
      'u.name as recordedByName',
      'u.email as recordedByEmail',
      'p.created_at as createdAt',
    ])
    .where('i.organization_id', '=', organizationId)
    .orderBy('p.created_at', 'desc')
    .execute()
    .then((rows) =>
      rows.map((r) => ({
        id: r.id,
        invoiceNumber: r.invoiceNumber ?? '',
        amountCents: r.amountCents,
        method: r.method,
        reference: r.reference,
        receivedOn: r.receivedOn,
        reversesPaymentId: r.reversesPaymentId,
        recordedBy: r.recordedByName ? `${r.recordedByName} — ${r.recordedByEmail ?? ''}` : null,
        createdAt: r.createdAt,
      })),
    );
}

// Actions as words about this organization ("the membership", "invoice 2026-000123"); any other
// action reads as the audit log words it.
const ACTIONS: Record<string, string> = {
  'memberships.activated': 'activated the membership',
  'memberships.renewed': 'renewed the membership',
  'memberships.reinstated': 'reinstated the membership',
  'memberships.lapsed': 'recorded that the membership lapsed',
  'billing.invoice_issued': 'issued invoice',
  'billing.invoice_voided': 'voided invoice',
  'billing.credit_note_added': 'added a credit note to invoice',
  'billing.invoice_link_replaced': 'replaced the public link of invoice',
  'advising.advisor_assigned': 'assigned an advisor',
  'advising.left_unassigned': 'could not assign an advisor',
  'organizations.created': 'created the organization',
  'records.note_added': 'added a staff note',
  'organizations.profile_updated': 'changed the profile',
  'advising.advisor_assigned_by_hand': 'assigned the advisor',
  'memberships.suspended': 'suspended the membership',
  'memberships.cancelled': 'cancelled the membership',
  'portal.invitation_sent': 'invited a person to act for the organization',
  'portal.contact_added': 'accepted an invitation to act for the organization',
  'portal.contact_removed': 'removed a contact',
  'portal.contact_updated': 'changed a contact',
  'portal.billing_contact_chosen': 'sent the next membership invoice to its billing contact',
  'records.contact_removed': 'removed a contact',
  'records.contact_role_changed': 'made an administrator a contact',
  'records.organization_merged_in': 'merged a duplicate organization into this one',
  'records.organization_merged': 'merged this organization into another',
};
const METHODS: Record<string, string> = { check: 'check', ach: 'ACH transfer', wire: 'wire transfer', card: 'card' };
const actionWords = (action: string) => ACTIONS[action] ?? actionInWords(action);

const PROFILE_WORDS: Record<string, string> = {
  population: 'population',
  population_source: 'population source',
  population_year: 'population year',
  website: 'website',
  billing_address: 'billing address',
};
const asRecord = (v: unknown): Record<string, unknown> => {
  const parsed: unknown = typeof v === 'string' ? JSON.parse(v) : v;
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
};
const shown = (v: unknown, key: string) =>
  typeof v === 'number' && key === 'population' ? v.toLocaleString('en-US') : v === null || v === undefined || v === '' ? 'none' : String(v);

/** ": population 50,000 → 75,000, population year 2010 → 2020" from a profile edit's audit row. */
function profileChanges(before: unknown, after: unknown): string {
  const b = asRecord(before);
  const a = asRecord(after);
  const parts = Object.keys(PROFILE_WORDS)
    .filter((k) => k in a)
    .map((k) => (k === 'billing_address' || k === 'population_source' ? `${PROFILE_WORDS[k]}` : `${PROFILE_WORDS[k]} ${shown(b[k], k)} → ${shown(a[k], k)}`));
  return parts.length ? `: ${parts.join(', ')}` : '';
}

/** The timeline, newest first: audit rows about the organization, its memberships and its
 * invoices (payments come from the payments themselves), emails to its contacts (subject only,
 * never a confidential kind the viewer may not read), and payments. */
export async function organizationTimeline(
  db: Db,
  record: Pick<OrganizationRecord, 'org' | 'memberships' | 'invoices' | 'payments' | 'contacts'> & { merged?: Array<{ id: string }> },
  opts: { hiddenTemplates: string[]; limit?: number },
): Promise<TimelineEntry[]> {
  const limit = opts.limit ?? 100;
  const ids = [record.org.id, ...(record.merged ?? []).map((o) => o.id), ...record.memberships.map((m) => m.id), ...record.invoices.map((i) => i.id)];
  const numbers = new Map(record.invoices.map((i) => [i.id, i.number]));
  const emails = record.contacts.map((c) => c.email);
  // the applications it came from: who submitted them (a visitor: the applicant) and their review
  const applications = await applicationIdsOf(db, [record.org.id, ...(record.merged ?? []).map((o) => o.id)]);
  const [audit, mail] = await Promise.all([
    db
      .selectFrom('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.actor_user_id')
      .select(['a.at', 'a.action', 'a.entity_type', 'a.entity_id', 'a.before', 'a.after', 'a.actor_user_id', 'u.name', 'u.email'])
      .where((eb) =>
        eb.or([
          eb.and([eb('a.entity_id', 'in', ids), eb('a.entity_type', 'in', ['organization', 'membership', 'invoice'])]),
          ...(applications.length ? [eb.and([eb('a.entity_id', 'in', applications), eb('a.entity_type', '=', 'application')])] : []),
        ]),
      )
      .where('a.action', 'not in', ['billing.payment_recorded', 'billing.payment_reversed'])
      .orderBy('a.at', 'desc')
      .limit(limit)
      .execute(),
    emails.length
      ? db
          .selectFrom('outbox')
          .select(['created_at', 'to_address', 'subject', 'template'])
          .where('to_address', 'in', emails)
          // A confidential kind the viewer may not read is left out altogether: even "an email was
          // sent" would say that the person asked for something confidential.
          .$if(opts.hiddenTemplates.length > 0, (q) => q.where('template', 'not in', opts.hiddenTemplates))
          .orderBy('created_at', 'desc')
          .limit(limit)
          .execute()
      : Promise.resolve([]),
  ]);
  const entries: TimelineEntry[] = [
    ...audit.map((a) => {
      const invoice = a.entity_type === 'invoice' && a.entity_id ? ` ${numbers.get(a.entity_id) ?? ''}`.trimEnd() : '';
      // the audit log's words for who did it: an account (or one deleted since), a visitor (an
      // applicant without an account), or the system
      const who = actorInWords({ actorId: a.actor_user_id, name: a.name, email: a.email, after: a.after });
      const visitor = a.actor_user_id ? null : visitorOf(a.after);
      const by = a.email && a.email !== who ? `${who} — ${a.email}` : visitor ? `${who} — ${visitor.email}` : who;
      const detail =
        a.action === 'organizations.profile_updated'
          ? profileChanges(a.before, a.after)
          : a.action === 'records.organization_merged_in'
            ? `: ${String(asRecord(a.after).mergedName ?? '')}`
            : a.action === 'records.organization_merged'
              ? `: ${String(asRecord(a.after).survivorName ?? '')}`
              : a.action === 'memberships.suspended' || a.action === 'memberships.cancelled'
                ? ` (${String(asRecord(a.after).reason ?? '')})`
                : a.action === 'portal.invitation_sent' || a.action === 'portal.contact_added'
                  ? asRecord(a.after).role === 'admin'
                    ? ', as its administrator'
                    : ', as a contact'
                  : '';
      return { at: a.at, by, sentence: `${who} ${actionWords(a.action)}${invoice}${detail}.` };
    }),
    ...mail.map((m) => ({
      at: m.created_at,
      by: 'Civnet',
      sentence: `Email “${m.subject}” sent to ${m.to_address}.`,
    })),
    ...record.payments.map((p) => ({
      at: p.createdAt,
      by: p.recordedBy ?? 'Civnet',
      sentence:
        p.amountCents < 0
          ? `${p.recordedBy?.split(' — ')[0] ?? 'Civnet'} reversed ${formatCents(-p.amountCents)} on invoice ${p.invoiceNumber}.`
          : `${p.recordedBy?.split(' — ')[0] ?? 'Civnet'} recorded ${METHODS[p.method] ?? p.method}${p.reference ? ` ${p.reference}` : ''} for ${formatCents(p.amountCents)} on invoice ${p.invoiceNumber}.`,
    })),
  ];
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}

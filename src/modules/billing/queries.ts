// Billing's reads: invoices and payments with filters, one invoice with everything on it, the
// ageing of open balances and an organization's invoices for its contacts (whom a new invoice is
// addressed to: addressee.ts). Sums are computed in SQL over integer cents (cast back to bigint, which both engines
// return as a JS number). Writes live in service.ts, payments.ts, settle.ts and finance.ts.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { InvoiceStatus } from '../../db/types.js';
import { foldedContains } from '../../lib/search-text.js';
import { isUuid } from '../../lib/validators.js';
import { type AgeingFilters, type InvoiceFilters, overdueChoice, type PaymentFilters } from './schemas.js';
import { balanceOf } from './service.js';

export const PAGE_SIZE = 50;
/** Exports are whole, not paged; this bounds one file (receivables ageing, one row per organization or person). */
export const EXPORT_LIMIT = 1_000_000;

const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;
/** The number an invoice shows: Civnet's, else the old system's of an imported one (opening balances), marked so. */
export const shownNumberSql = sql<string | null>`coalesce(invoices.number, invoices.external_number || ' (imported)')`;

export const balanceSql = sql<number>`(case when invoices.status = 'void' then 0 else invoices.total_cents - invoices.credited_cents - invoices.paid_cents end)`;
const isOpen = sql<SqlBool>`invoices.status in ('issued', 'partially_paid')`;
/** `isCreditedInFull` (format.ts) in SQL: credited for its whole total, not void. */
const creditedInFullSql = sql<SqlBool>`(invoices.status <> 'void' and invoices.total_cents > 0 and invoices.credited_cents >= invoices.total_cents)`;

/** Invoices under the staff filters, with the columns of the list and the export (not ordered). */
export function filteredInvoices(db: Db, f: InvoiceFilters, today: string) {
  let q = db
    .selectFrom('invoices')
    .leftJoin('organizations', 'organizations.id', 'invoices.organization_id')
    .leftJoin('users as person', 'person.id', 'invoices.user_id')
    .select([
      'invoices.id',
      shownNumberSql.as('number'),
      'invoices.status',
      'invoices.purpose',
      'invoices.organization_id',
      'invoices.issued_on',
      'invoices.due_on',
      'invoices.total_cents',
      'invoices.paid_cents',
      'invoices.credited_cents',
      'invoices.po_number',
      'invoices.bill_to_name',
      'invoices.bill_to_email',
      sql<string>`coalesce(organizations.name, invoices.bill_to_name)`.as('organization_name'),
      // a person's invoice: their email beside the name, so that two people of one name differ
      sql<string | null>`case when invoices.organization_id is null then coalesce(person.email, invoices.bill_to_email) end`.as('person_email'),
      balanceSql.as('balance_cents'),
      sql<boolean>`(invoices.status in ('issued', 'partially_paid') and invoices.due_on < ${today}::date)`.as('overdue'),
    ]);
  if (f.status === 'open') q = q.where(isOpen);
  // "Paid" is what was paid: an invoice credited in full (status paid too) is found by "credited" alone.
  else if (f.status === 'credited') q = q.where(creditedInFullSql);
  else if (f.status === 'paid') q = q.where('invoices.status', '=', 'paid').where(sql<SqlBool>`not ${creditedInFullSql}`);
  else if (f.status) q = q.where('invoices.status', '=', f.status);
  if (f.organization) q = q.where(foldedContains(sql`coalesce(organizations.name, invoices.bill_to_name)`, f.organization));
  if (f.purpose) q = q.where('invoices.purpose', '=', f.purpose);
  if (f.issuedFrom) q = q.where('invoices.issued_on', '>=', f.issuedFrom);
  if (f.issuedTo) q = q.where('invoices.issued_on', '<=', f.issuedTo);
  const overdue = overdueChoice(f);
  if (overdue) q = q.where(isOpen).where(pastDueBy(overdue === 'yes' ? 0 : Number(overdue), today));
  return q;
}

export async function listInvoices(db: Db, f: InvoiceFilters, today: string) {
  const pageNo = f.page ?? 1;
  const direction = f.dir ?? (f.sort === undefined ? 'desc' : 'asc');
  let q = filteredInvoices(db, f, today);
  const sortExpr: Expression<unknown> =
    f.sort === 'issued'
      ? sql`invoices.issued_on`
      : f.sort === 'due'
        ? sql`invoices.due_on`
        : f.sort === 'total'
          ? sql`invoices.total_cents`
          : f.sort === 'balance'
            ? balanceSql
            : sql`invoices.year`;
  q = q.orderBy(sortExpr, (ob) => (direction === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  if (!f.sort || f.sort === 'number') q = q.orderBy('invoices.seq', direction);
  q = q.orderBy('invoices.created_at', direction).orderBy('invoices.id');
  const limit = PAGE_SIZE;
  const rows = await q
    .limit(limit + 1)
    .offset((pageNo - 1) * limit)
    .execute();
  return { rows: rows.slice(0, limit), hasNext: rows.length > limit, page: pageNo, dir: direction };
}
export type InvoiceRow = Awaited<ReturnType<typeof listInvoices>>['rows'][number];

/** Payments under the staff filters, with the columns of the list and the export (not ordered). */
export function filteredPayments(db: Db, f: PaymentFilters) {
  let q = db
    .selectFrom('payments')
    .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
    .leftJoin('organizations', 'organizations.id', 'invoices.organization_id')
    .leftJoin('users', 'users.id', 'payments.recorded_by')
    .select([
      'payments.id',
      'payments.invoice_id',
      'payments.amount_cents',
      'payments.method',
      'payments.reference',
      'payments.received_on',
      'payments.reverses_payment_id',
      'payments.refund',
      'payments.reason',
      'payments.created_at',
      shownNumberSql.as('invoice_number'),
      'users.email as recorded_by_email',
      sql<string>`coalesce(organizations.name, invoices.bill_to_name)`.as('organization_name'),
    ]);
  if (f.method) q = q.where('payments.method', '=', f.method);
  if (f.from) q = q.where('payments.received_on', '>=', f.from);
  if (f.to) q = q.where('payments.received_on', '<=', f.to);
  return q;
}

export async function listPayments(db: Db, f: PaymentFilters) {
  const pageNo = f.page ?? 1;
  const direction = f.dir ?? (f.sort === undefined ? 'desc' : 'asc');
  const q = filteredPayments(db, f);
  const sortCol = f.sort === 'amount' ? 'payments.amount_cents' : f.sort === 'invoice' ? 'invoices.number' : 'payments.received_on';
  const limit = PAGE_SIZE;
  const rows = await q
    .orderBy(sortCol, direction)
    .orderBy('payments.created_at', direction)
    .orderBy('payments.id')
    .limit(limit + 1)
    .offset((pageNo - 1) * limit)
    .execute();
  return { rows: rows.slice(0, limit), hasNext: rows.length > limit, page: pageNo, dir: direction };
}
export type PaymentRow = Awaited<ReturnType<typeof listPayments>>['rows'][number];

/** One invoice with its lines, payments (reversals included), credit notes and audit trail. */
export async function getInvoiceDetail(db: Db, id: string) {
  const invoice = await db
    .selectFrom('invoices')
    .leftJoin('organizations', 'organizations.id', 'invoices.organization_id')
    .leftJoin('memberships', 'memberships.id', 'invoices.membership_id')
    .leftJoin('users as person', 'person.id', 'invoices.user_id')
    .selectAll('invoices')
    .select(['organizations.name as organization_name', 'memberships.status as membership_status', 'person.name as person_name', 'person.email as person_email'])
    .where('invoices.id', '=', id)
    .executeTakeFirst();
  if (!invoice) return null;
  const [lines, payments, creditNotes, history] = await Promise.all([
    db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', id).orderBy('position').execute(),
    db
      .selectFrom('payments')
      .leftJoin('users', 'users.id', 'payments.recorded_by')
      .selectAll('payments')
      .select('users.email as recorded_by_email')
      .where('invoice_id', '=', id)
      .orderBy('payments.created_at')
      .orderBy('payments.id')
      .execute(),
    db
      .selectFrom('credit_notes')
      .leftJoin('users', 'users.id', 'credit_notes.created_by')
      .selectAll('credit_notes')
      .select('users.email as created_by_email')
      .where('invoice_id', '=', id)
      .orderBy('credit_notes.created_at')
      .execute(),
    db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select(['audit_log.id', 'audit_log.at', 'audit_log.action', 'audit_log.after', 'users.email as actor_email'])
      .where('audit_log.entity_type', '=', 'invoice')
      .where('audit_log.entity_id', '=', id)
      .orderBy('audit_log.at')
      .orderBy('audit_log.id')
      .execute(),
  ]);
  const reversedIds = new Set(payments.flatMap((p) => (p.reverses_payment_id ? [p.reverses_payment_id] : [])));
  return {
    invoice: { ...invoice, balance_cents: invoice.status === 'void' ? 0 : invoice.total_cents - invoice.credited_cents - invoice.paid_cents },
    lines,
    payments: payments.map((p) => ({ ...p, reversed: reversedIds.has(p.id) })),
    creditNotes,
    history,
  };
}
export type InvoiceDetail = NonNullable<Awaited<ReturnType<typeof getInvoiceDetail>>>;

export interface AgeingBuckets {
  current_cents: number;
  d1_30_cents: number;
  d31_60_cents: number;
  d61_90_cents: number;
  over90_cents: number;
  total_cents: number;
  invoices: number;
}
export interface AgeingRow extends AgeingBuckets {
  organization_id: string | null;
  user_id: string | null;
  name: string;
  /** a person's email (null for an organization): two people of one name differ */
  email: string | null;
}
export const AGEING_BUCKETS = [
  { key: 'current_cents', label: 'Current (not yet due)' },
  { key: 'd1_30_cents', label: '1–30 days past due' },
  { key: 'd31_60_cents', label: '31–60 days past due' },
  { key: 'd61_90_cents', label: '61–90 days past due' },
  { key: 'over90_cents', label: 'Over 90 days past due' },
] as const;

/** Open balances as of `today`, by how many days past due: per organization (or person), and in all. */
export async function ageing(db: Db, today: string, f: AgeingFilters = {}, opts: { all?: boolean } = {}) {
  const open = sql`
    select i.organization_id, i.user_id,
      coalesce(o.name, u.name, i.bill_to_name) as name,
      case when i.organization_id is null then coalesce(u.email, i.bill_to_email) end as email,
      i.total_cents - i.credited_cents - i.paid_cents as balance,
      coalesce(${today}::date - i.due_on, 0) as days_late
    from invoices i
    left join organizations o on o.id = i.organization_id
    left join users u on u.id = i.user_id
    where i.status in ('issued', 'partially_paid') and i.total_cents - i.credited_cents - i.paid_cents > 0`;
  const buckets = sql`
    count(*)::bigint as invoices,
    coalesce(sum(balance) filter (where days_late <= 0), 0)::bigint as current_cents,
    coalesce(sum(balance) filter (where days_late between 1 and 30), 0)::bigint as d1_30_cents,
    coalesce(sum(balance) filter (where days_late between 31 and 60), 0)::bigint as d31_60_cents,
    coalesce(sum(balance) filter (where days_late between 61 and 90), 0)::bigint as d61_90_cents,
    coalesce(sum(balance) filter (where days_late > 90), 0)::bigint as over90_cents,
    coalesce(sum(balance), 0)::bigint as total_cents`;
  const pageNo = opts.all ? 1 : (f.page ?? 1);
  const direction = f.dir ?? (f.sort === 'name' ? 'asc' : 'desc');
  const sortCol = f.sort === 'name' ? 'name' : f.sort === 'over90' ? 'over90_cents' : 'total_cents';
  const limit = opts.all ? EXPORT_LIMIT : PAGE_SIZE;
  const [rows, totals] = await Promise.all([
    sql<AgeingRow>`
      with open as (${open})
      select organization_id, user_id, name, email, ${buckets}
      from open
      group by organization_id, user_id, name, email
      order by ${sql.ref(sortCol)} ${sql.raw(direction)}, name, organization_id
      limit ${limit + 1} offset ${(pageNo - 1) * limit}`.execute(db),
    sql<AgeingBuckets>`with open as (${open}) select ${buckets} from open`.execute(db),
  ]);
  const total = totals.rows[0] ?? { current_cents: 0, d1_30_cents: 0, d31_60_cents: 0, d61_90_cents: 0, over90_cents: 0, total_cents: 0, invoices: 0 };
  return { asOf: today, rows: rows.rows.slice(0, limit), hasNext: rows.rows.length > limit, page: pageNo, dir: direction, totals: total };
}
export type AgeingReport = Awaited<ReturnType<typeof ageing>>;

/** Organizations to bill, by name, for the new-invoice form. */
export async function organizationOptions(db: Db) {
  return db.selectFrom('organizations').select(['id', 'name', 'state', 'status']).orderBy('name').orderBy('state').limit(5000).execute();
}

/** A payment's invoice, or undefined when there is no such payment. */
export async function findPayment(db: Db, paymentId: string) {
  return db.selectFrom('payments').select(['id', 'invoice_id']).where('id', '=', paymentId).executeTakeFirst();
}

/** The name of an organization, or undefined. */
export async function organizationName(db: Db, organizationId: string): Promise<string | undefined> {
  const org = await db.selectFrom('organizations').select('name').where('id', '=', organizationId).executeTakeFirst();
  return org?.name;
}

/** The invoice behind a public link, or undefined. */
export async function findInvoiceByToken(db: Db, token: string) {
  return db.selectFrom('invoices').selectAll().where('public_token', '=', token).executeTakeFirst();
}

const MAX_LISTED = 500;

export interface MemberInvoice {
  id: string;
  number: string;
  organizationId: string;
  organizationName: string;
  status: InvoiceStatus;
  issuedOn: string | null;
  dueOn: string | null;
  poNumber: string | null;
  totalCents: number;
  creditedCents: number;
  paidCents: number;
  balanceCents: number;
  publicToken: string;
}

/** Issued (not draft) invoices of these organizations, newest first. */
export async function listOrganizationInvoices(db: Db, organizationIds: string[]): Promise<MemberInvoice[]> {
  if (organizationIds.length === 0) return [];
  const rows = await db
    .selectFrom('invoices')
    .innerJoin('organizations', 'organizations.id', 'invoices.organization_id')
    .select([
      'invoices.id',
      shownNumberSql.as('number'),
      'invoices.organization_id',
      'organizations.name as organization_name',
      'invoices.status',
      'invoices.issued_on',
      'invoices.due_on',
      'invoices.po_number',
      'invoices.total_cents',
      'invoices.credited_cents',
      'invoices.paid_cents',
      'invoices.public_token',
    ])
    .where('invoices.organization_id', 'in', organizationIds)
    .where('invoices.status', '<>', 'draft')
    .orderBy('invoices.issued_on', 'desc')
    .orderBy('invoices.year', 'desc')
    .orderBy('invoices.seq', 'desc')
    .limit(MAX_LISTED)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number ?? '',
    organizationId: r.organization_id ?? '',
    organizationName: r.organization_name,
    status: r.status,
    issuedOn: r.issued_on,
    dueOn: r.due_on,
    poNumber: r.po_number,
    totalCents: r.total_cents,
    creditedCents: r.credited_cents,
    paidCents: r.paid_cents,
    balanceCents: balanceOf(r),
    publicToken: r.public_token,
  }));
}

/** Due more than `days` days before today: `pastDue=30` lists invoices 31 or more days late. */
const pastDueBy = (days: number, today: string) => sql<SqlBool>`invoices.due_on < ${today}::date - ${days}::int`;

/** Open invoices more than 30, 60 and 90 days past due (each count includes the later ones): the
 * staff desk's counts, the invoice list filtered by `pastDue`. */
export async function countOverdueInvoices(db: Db, today: string): Promise<{ over30: number; over60: number; over90: number }> {
  const r = await db
    .selectFrom('invoices')
    .where(isOpen)
    .select([
      sql<number>`count(*) filter (where ${pastDueBy(30, today)})::int`.as('over30'),
      sql<number>`count(*) filter (where ${pastDueBy(60, today)})::int`.as('over60'),
      sql<number>`count(*) filter (where ${pastDueBy(90, today)})::int`.as('over90'),
    ])
    .executeTakeFirst();
  return { over30: r?.over30 ?? 0, over60: r?.over60 ?? 0, over90: r?.over90 ?? 0 };
}

/** invoice id → its number (null while a draft): the audit log names the invoices it is about. */
export async function invoiceNumbers(db: Db, ids: readonly string[]): Promise<Map<string, string | null>> {
  const wanted = [...new Set(ids)].filter(isUuid);
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('invoices').select(['id', 'number']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.number]));
}

/** Ids of invoices whose number contains the text (at most 200). */
export async function invoiceIdsNumbered(db: Db, text: string): Promise<string[]> {
  const rows = await db.selectFrom('invoices').select('id').where('number', 'ilike', like(text)).limit(200).execute();
  return rows.map((r) => r.id);
}

/** An invoice's issue day (null for a draft or no such invoice): whether a payment form's date needs the early-payment box. */
export async function invoiceIssuedOn(db: Db, invoiceId: string): Promise<string | null> {
  const row = await db.selectFrom('invoices').select('issued_on').where('id', '=', invoiceId).executeTakeFirst();
  return row?.issued_on ?? null;
}

/** The organization and status of an invoice (for the object-level check of its W-9 download). */
export async function invoiceOwner(db: Db, invoiceId: string): Promise<{ organizationId: string | null; status: InvoiceStatus } | null> {
  const row = await db.selectFrom('invoices').select(['organization_id', 'status']).where('id', '=', invoiceId).executeTakeFirst();
  return row ? { organizationId: row.organization_id, status: row.status } : null;
}

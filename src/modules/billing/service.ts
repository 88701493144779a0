// Use cases of billing that make and unmake invoices: issue an invoice (numbered without gaps)
// and void one; with the types, settings and balance rule that the payment use cases (payments.ts)
// and settlement (settle.ts) share. Each runs inside the caller's transaction, with its audit
// row and queued email, so it commits with the change that caused it or not at all.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB, Invoice, InvoicePurpose } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit, writeAudits } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { cardPaymentsEnabled } from '../../lib/stripe.js';
import { today as todayIn } from '../../lib/today.js';
import { insertUnnest, insertUnnestReturning } from '../../lib/unnest.js';
import { type Remittance, remittanceDetails, w9AttachmentRef } from '../settings/index.js';
import { publishEvents } from '../webhooks/index.js';
import { addDays } from './dates.js';
import { invoiceIssuedEmail } from './emails.js';
import { askForBankDetails, formatDay, MAX_AMOUNT_CENTS, MAX_AMOUNT_TEXT } from './format.js';

export type Trx = Transaction<DB>;
export type BillingDeps = Pick<Deps, 'clock' | 'mail' | 'config' | 'association'> & Partial<Pick<Deps, 'jobs'>>;
/** Settling a payment runs the hooks of other modules (advising, individuals). */
export type SettleDeps = BillingDeps & Pick<Deps, 'hooks'>;

export interface InvoiceLineInput {
  description: string;
  quantity: number;
  unitCents: number;
}

export interface IssueInvoiceInput {
  organizationId?: string | null;
  userId?: string | null;
  membershipId?: string | null;
  /** an individual's membership (individuals module); settled by its `individualInvoicePaid` hook */
  individualMembershipId?: string | null;
  purpose: InvoicePurpose;
  periodStart?: string | null;
  periodEnd?: string | null;
  lines: InvoiceLineInput[];
  poNumber?: string | null;
  billTo: { name: string; email: string; address: string };
  /** defaults to today by the deps clock */
  issuedOn?: string;
  actorUserId?: string | null;
  requestId?: string;
}

/** Billing settings, read through the transaction (never the root handle: see the PGlite note). */
/** The association's billing settings (a transaction, or the database for a read outside one). */
export async function billingSettings(trx: Trx | Kysely<DB>) {
  return trx
    .selectFrom('association')
    .select(['invoice_terms_days', 'activation_rule', 'term_model', 'renewal_lead_days', 'reminder_days', 'grace_days', 'membership_year_start_month'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
}

export const invoiceUrl = (deps: Pick<Deps, 'config'>, invoice: Pick<Invoice, 'public_token'>) => `${deps.config.publicUrl}/invoices/${invoice.public_token}`;
export const balanceOf = (i: Pick<Invoice, 'total_cents' | 'paid_cents' | 'credited_cents' | 'status'>) =>
  i.status === 'void' ? 0 : i.total_cents - i.credited_cents - i.paid_cents;

/** Issues one invoice: the next number of its year, the invoice and its lines, the audit row, and
 * the emailed invoice with its PDF attached, in the caller's transaction. */
export async function issueInvoice(trx: Trx, deps: BillingDeps, input: IssueInvoiceInput): Promise<Invoice> {
  const [invoice] = await issueInvoices(trx, deps, [input]);
  if (!invoice) throw new Error('the invoice was not issued');
  return invoice;
}

/** Issues every invoice in `inputs` in a handful of statements for the whole set (renewal runs
 * issue thousands), numbered in the order given; one invoice is the same path with one input. */
const INVOICE_COLUMNS = [
  ['id', 'uuid'],
  ['number', 'text'],
  ['year', 'int'],
  ['seq', 'int'],
  ['organization_id', 'uuid'],
  ['user_id', 'uuid'],
  ['membership_id', 'uuid'],
  ['individual_membership_id', 'uuid'],
  ['purpose', 'text'],
  ['period_start', 'date'],
  ['period_end', 'date'],
  ['status', 'text'],
  ['total_cents', 'bigint'],
  ['issued_on', 'date'],
  ['due_on', 'date'],
  ['po_number', 'text'],
  ['bill_to_name', 'text'],
  ['bill_to_email', 'text'],
  ['bill_to_address', 'text'],
  ['public_token', 'text'],
  ['created_by', 'uuid'],
] as const;
const LINE_COLUMNS = [
  ['invoice_id', 'uuid'],
  ['position', 'int'],
  ['description', 'text'],
  ['quantity', 'int'],
  ['unit_cents', 'bigint'],
  ['amount_cents', 'bigint'],
] as const;

/** random bytes in an invoice's public token */
const TOKEN_BYTES = 24;

export async function issueInvoices(trx: Trx, deps: BillingDeps, inputs: IssueInvoiceInput[]): Promise<Invoice[]> {
  if (inputs.length === 0) return [];
  for (const input of inputs) {
    if (input.lines.length === 0) throw new AppError('validation_failed', { fields: { lines: 'An invoice needs at least one line.' } });
    for (const l of input.lines) {
      if (!Number.isSafeInteger(l.unitCents) || l.unitCents < 0 || !Number.isSafeInteger(l.quantity) || l.quantity < 1) {
        throw new AppError('validation_failed', { fields: { lines: 'Amounts are whole cents, quantities whole numbers.' } });
      }
    }
    // Beyond the largest amount is a typing slip, whoever issues it (finance, records' ad-hoc invoices).
    const total = input.lines.reduce((sum, l) => sum + l.quantity * l.unitCents, 0);
    if (total > MAX_AMOUNT_CENTS || input.lines.some((l) => l.quantity * l.unitCents > MAX_AMOUNT_CENTS)) {
      throw new AppError('validation_failed', { fields: { lines: `An invoice may come to at most ${MAX_AMOUNT_TEXT}.` } });
    }
  }
  const settings = await billingSettings(trx);
  const now = deps.clock.now();
  const today = await todayIn(deps);
  const issuedOn = inputs.map((input) => input.issuedOn ?? today);

  // The numbers: one counter bump per year for all of that year's invoices, inside the caller's
  // transaction. The counter row stays locked until it commits, and a rollback gives the numbers
  // back, so numbers have no gaps.
  const perYear = new Map<number, number>();
  for (const day of issuedOn) perYear.set(Number(day.slice(0, 4)), (perYear.get(Number(day.slice(0, 4))) ?? 0) + 1);
  const nextSeq = new Map<number, number>();
  for (const [year, count] of [...perYear].sort((a, b) => a[0] - b[0])) {
    const row = await trx
      .insertInto('invoice_counters')
      .values({ year, last_number: count })
      .onConflict((oc) => oc.column('year').doUpdateSet({ last_number: (eb) => eb('invoice_counters.last_number', '+', count) }))
      .returning('last_number')
      .executeTakeFirstOrThrow();
    nextSeq.set(year, row.last_number - count + 1);
  }

  // The invoices' public tokens (24 random bytes each, as randomToken(24) makes them) from one
  // draw of random bytes for the whole set: a draw per invoice cost a renewal run seconds.
  const random = randomBytes(TOKEN_BYTES * inputs.length);
  const rows = inputs.map((input, i) => {
    const day = issuedOn[i] ?? today;
    const year = Number(day.slice(0, 4));
    const seq = nextSeq.get(year) ?? 1;
    nextSeq.set(year, seq + 1);
    const total = input.lines.reduce((sum, l) => sum + l.quantity * l.unitCents, 0);
    return {
      id: randomUUID(),
      number: `${year}-${String(seq).padStart(6, '0')}`,
      year,
      seq,
      organization_id: input.organizationId ?? null,
      user_id: input.userId ?? null,
      membership_id: input.membershipId ?? null,
      individual_membership_id: input.individualMembershipId ?? null,
      purpose: input.purpose,
      period_start: input.periodStart ?? null,
      period_end: input.periodEnd ?? null,
      status: total === 0 ? ('paid' as const) : ('issued' as const),
      total_cents: total,
      issued_on: day,
      due_on: addDays(day, settings.invoice_terms_days),
      po_number: input.poNumber || null,
      bill_to_name: input.billTo.name,
      bill_to_email: input.billTo.email,
      bill_to_address: input.billTo.address,
      public_token: random.subarray(i * TOKEN_BYTES, (i + 1) * TOKEN_BYTES).toString('base64url'),
      created_by: input.actorUserId ?? null,
    };
  });
  // One array parameter per column (src/lib/unnest.ts): a renewal batch is hundreds of invoices.
  const inserted = await insertUnnestReturning<(typeof rows)[number], Invoice>(trx, 'invoices', INVOICE_COLUMNS, rows);
  const byId = new Map(inserted.map((r) => [r.id, r]));
  const invoices = rows.map((r) => {
    const invoice = byId.get(r.id);
    if (!invoice) throw new Error(`invoice ${r.number} was not returned by its insert`);
    return invoice;
  });

  await insertUnnest(
    trx,
    'invoice_lines',
    LINE_COLUMNS,
    inputs.flatMap((input, i) =>
      input.lines.map((l, k) => ({
        invoice_id: rows[i]?.id ?? '',
        position: k + 1,
        description: l.description,
        quantity: l.quantity,
        unit_cents: l.unitCents,
        amount_cents: l.quantity * l.unitCents,
      })),
    ),
  );

  await writeAudits(
    trx,
    invoices.map((invoice, i) => ({
      at: now,
      actorUserId: inputs[i]?.actorUserId ?? null,
      action: 'billing.invoice_issued',
      entityType: 'invoice',
      entityId: invoice.id,
      after: { number: invoice.number, totalCents: invoice.total_cents, purpose: invoice.purpose, organizationId: invoice.organization_id },
      requestId: inputs[i]?.requestId ?? null,
    })),
  );

  // Webhooks (invoice.issued), queued with the invoices.
  await publishEvents(
    trx,
    deps,
    'invoice.issued',
    invoices.map((invoice) => ({
      invoiceId: invoice.id,
      number: invoice.number ?? '',
      purpose: invoice.purpose,
      organizationId: invoice.organization_id,
      totalCents: invoice.total_cents,
      currency: 'USD' as const,
      issuedOn: invoice.issued_on,
      dueOn: invoice.due_on,
    })),
  );

  // The association's W-9 rides along when its settings say so (attached when the email is sent).
  const w9 = await w9AttachmentRef(trx);
  const remit = remittanceParagraphs(await remittanceDetails(trx));
  await deps.mail.queueMany(
    trx,
    invoices
      // A zero invoice (a free level) is paid on issue: there is nothing to pay, so no email.
      .filter((invoice) => invoice.bill_to_email && invoice.total_cents > 0)
      .map((invoice) => ({
        to: invoice.bill_to_email,
        template: invoiceIssuedEmail.name,
        data: {
          name: invoice.bill_to_name,
          number: invoice.number,
          total: formatCents(invoice.total_cents),
          due: invoice.due_on,
          url: invoiceUrl(deps, invoice),
          po: invoice.po_number,
          card: cardPaymentsEnabled(deps.config),
          period: invoice.period_start && invoice.period_end ? `${formatDay(invoice.period_start)} to ${formatDay(invoice.period_end)}` : null,
          remit: remit.map((line) => line.replaceAll('{number}', invoice.number ?? '')),
        },
        attachments: [{ kind: 'invoice_pdf', id: invoice.id, filename: `invoice-${invoice.number}.pdf` }, ...(w9 ? [w9] : [])],
      })),
  );
  return invoices;
}

/** How to pay, as the invoice's page and PDF say it, as the invoice email's paragraphs ({number}: the invoice's). */
function remittanceParagraphs(r: Remittance): string[] {
  const check = `By check: payable to ${r.checkPayee}${r.checkAddress.length ? `, mailed to ${r.checkAddress.join(', ')}` : ''}. Write invoice number {number} on the check.`;
  const ach = r.ach
    ? `By ACH transfer: ${r.ach.bank}, routing number ${r.ach.routing}, account number ${r.ach.account}, account name ${r.checkPayee}; payment reference {number}.`
    : null;
  // what the invoice does not print is asked for, as the invoice itself says
  return [check, ...(ach ? [ach] : []), askForBankDetails(r, '{number}')];
}

/** Voids an invoice that has no money on it; it keeps its number. */
export async function voidInvoice(trx: Trx, deps: BillingDeps, input: { invoiceId: string; reason: string; actorUserId: string | null; requestId?: string }): Promise<Invoice> {
  const invoice = await trx.selectFrom('invoices').selectAll().where('id', '=', input.invoiceId).forUpdate().executeTakeFirst();
  if (!invoice) throw new AppError('not_found', { message: 'There is no such invoice.' });
  if (invoice.status === 'void') throw new AppError('billing.invoice_void', { status: 409, message: `Invoice ${invoice.number} is already void.` });
  if (invoice.paid_cents > 0) throw new AppError('billing.has_payments', { status: 409, message: 'Reverse or refund the payments on this invoice before voiding it.' });
  const now = deps.clock.now();
  const updated = await trx
    .updateTable('invoices')
    .set({ status: 'void', void_reason: input.reason, voided_at: now })
    .where('id', '=', invoice.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    at: now,
    actorUserId: input.actorUserId,
    action: 'billing.invoice_voided',
    entityType: 'invoice',
    entityId: invoice.id,
    before: { status: invoice.status },
    after: { status: 'void', reason: input.reason },
    requestId: input.requestId,
  });
  return updated;
}

// Use cases of billing that change money: issue an invoice (numbered without gaps), apply a
// payment exactly once (activating or extending the membership it pays for), reverse a payment,
// void an invoice, add a credit note. Each runs inside the caller's transaction, with its audit
// row and queued email, so it commits with the change that caused it or not at all.

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB, Invoice, InvoicePurpose, Payment, PaymentMethod } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit, writeAudits } from '../../lib/audit.js';
import { randomToken } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { activateMembership, renewMembership } from '../organizations/index.js';
import { addDays, dayOf, termFor } from './dates.js';
import { invoiceIssuedEmail, paymentReceivedEmail, welcomeEmail } from './emails.js';

export type Trx = Transaction<DB>;
type BillingDeps = Pick<Deps, 'clock' | 'mail' | 'config'>;
/** Settling a payment runs the hooks of other modules (advising, individuals). */
type SettleDeps = BillingDeps & Pick<Deps, 'hooks'>;

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
export async function billingSettings(trx: Trx) {
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
export async function issueInvoices(trx: Trx, deps: BillingDeps, inputs: IssueInvoiceInput[]): Promise<Invoice[]> {
  if (inputs.length === 0) return [];
  for (const input of inputs) {
    if (input.lines.length === 0) throw new AppError('validation_failed', { fields: { lines: 'An invoice needs at least one line.' } });
    for (const l of input.lines) {
      if (!Number.isSafeInteger(l.unitCents) || l.unitCents < 0 || !Number.isSafeInteger(l.quantity) || l.quantity < 1) {
        throw new AppError('validation_failed', { fields: { lines: 'Amounts are whole cents, quantities whole numbers.' } });
      }
    }
  }
  const settings = await billingSettings(trx);
  const now = deps.clock.now();
  const issuedOn = inputs.map((input) => input.issuedOn ?? dayOf(now));

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

  const rows = inputs.map((input, i) => {
    const day = issuedOn[i] ?? dayOf(now);
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
      public_token: randomToken(24),
      created_by: input.actorUserId ?? null,
    };
  });
  const inserted = await trx.insertInto('invoices').values(rows).returningAll().execute();
  const byId = new Map(inserted.map((r) => [r.id, r]));
  const invoices = rows.map((r) => {
    const invoice = byId.get(r.id);
    if (!invoice) throw new Error(`invoice ${r.number} was not returned by its insert`);
    return invoice;
  });

  await trx
    .insertInto('invoice_lines')
    .values(
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
    )
    .execute();

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
        },
        attachments: [{ kind: 'invoice_pdf', id: invoice.id, filename: `invoice-${invoice.number}.pdf` }],
      })),
  );
  return invoices;
}

export interface PaymentInput {
  invoiceId: string;
  amountCents: number;
  method: PaymentMethod;
  reference?: string;
  receivedOn?: string;
  /** the same key twice records one payment */
  idempotencyKey?: string | null;
  stripeEventId?: string | null;
  stripeSessionId?: string | null;
  actorUserId?: string | null;
  requestId?: string;
}

export interface PaymentResult {
  payment: Payment;
  invoice: Invoice;
  /** true when this call found the payment already recorded and changed nothing */
  replayed: boolean;
  activatedMembershipId: string | null;
}

async function findReplay(trx: Trx, input: PaymentInput): Promise<Payment | undefined> {
  if (input.idempotencyKey) {
    const p = await trx.selectFrom('payments').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
    if (p && (p.invoice_id !== input.invoiceId || p.amount_cents !== input.amountCents)) {
      throw new AppError('billing.idempotency_conflict', { status: 409, message: 'This idempotency key was already used for a different payment.' });
    }
    if (p) return p;
  }
  if (input.stripeEventId) return trx.selectFrom('payments').selectAll().where('stripe_event_id', '=', input.stripeEventId).executeTakeFirst();
  return undefined;
}

/** Applies a payment to an invoice exactly once. The invoice row is locked, the balance checked,
 * the payment appended, and the membership it pays for activated or extended. */
export async function applyPayment(trx: Trx, deps: SettleDeps, input: PaymentInput): Promise<PaymentResult> {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
    throw new AppError('validation_failed', { fields: { amount: 'Enter an amount greater than zero, in dollars and cents.' } });
  }
  const invoice = await trx.selectFrom('invoices').selectAll().where('id', '=', input.invoiceId).forUpdate().executeTakeFirst();
  if (!invoice) throw new AppError('not_found', { message: 'There is no such invoice.' });
  const replay = await findReplay(trx, input);
  if (replay) return { payment: replay, invoice, replayed: true, activatedMembershipId: null };
  if (invoice.status === 'void') throw new AppError('billing.invoice_void', { status: 409, message: `Invoice ${invoice.number} is void and cannot be paid.` });
  if (invoice.status === 'draft') throw new AppError('billing.invoice_draft', { status: 409, message: 'A draft invoice cannot be paid.' });
  const balance = balanceOf(invoice);
  if (input.amountCents > balance) {
    throw new AppError('billing.overpayment', {
      status: 400,
      message: balance === 0 ? `Invoice ${invoice.number} is already paid.` : `That is more than the balance due of ${formatCents(balance)}.`,
      fields: { amount: balance === 0 ? `Invoice ${invoice.number} is already paid.` : `The balance due is ${formatCents(balance)}: record at most that.` },
    });
  }
  const now = deps.clock.now();
  const receivedOn = input.receivedOn ?? dayOf(now);
  const payment = await trx
    .insertInto('payments')
    .values({
      invoice_id: invoice.id,
      amount_cents: input.amountCents,
      method: input.method,
      reference: input.reference ?? '',
      received_on: receivedOn,
      idempotency_key: input.idempotencyKey ?? null,
      stripe_event_id: input.stripeEventId ?? null,
      stripe_session_id: input.stripeSessionId ?? null,
      recorded_by: input.actorUserId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const paid = invoice.paid_cents + input.amountCents;
  const status = paid >= invoice.total_cents - invoice.credited_cents ? 'paid' : 'partially_paid';
  const updated = await trx.updateTable('invoices').set({ paid_cents: paid, status }).where('id', '=', invoice.id).returningAll().executeTakeFirstOrThrow();
  await writeAudit(trx, {
    at: now,
    actorUserId: input.actorUserId ?? null,
    action: 'billing.payment_recorded',
    entityType: 'invoice',
    entityId: invoice.id,
    before: { status: invoice.status, paidCents: invoice.paid_cents },
    after: { status, paidCents: paid, paymentId: payment.id, method: input.method, amountCents: input.amountCents },
    requestId: input.requestId,
  });
  if (invoice.bill_to_email) {
    await deps.mail.queue(trx, {
      to: invoice.bill_to_email,
      template: paymentReceivedEmail.name,
      data: { number: invoice.number, amount: formatCents(input.amountCents), balance: formatCents(balanceOf(updated)) },
    });
  }
  const activatedMembershipId = await settleMembership(trx, deps, updated, receivedOn, input.actorUserId ?? null);
  return { payment, invoice: updated, replayed: false, activatedMembershipId };
}

/** Activates a pending membership, extends an active one, or reinstates a lapsed one, when the
 * invoice for it is paid (in full, or at the first payment when the association says so). */
async function settleMembership(trx: Trx, deps: SettleDeps, invoice: Invoice, paidOn: string, actor: string | null): Promise<string | null> {
  if (invoice.individual_membership_id) {
    // An individual's membership is the individuals module's: its hook settles it.
    const settings = await billingSettings(trx);
    let activated: string | null = null;
    for (const hook of deps.hooks.individualInvoicePaid) activated = (await hook(trx, deps, invoice, paidOn, actor, settings)) ?? activated;
    return activated;
  }
  if (!invoice.membership_id) return null;
  const settings = await billingSettings(trx);
  if (invoice.status !== 'paid' && settings.activation_rule !== 'first_payment') return null;
  const m = await trx.selectFrom('memberships').selectAll().where('id', '=', invoice.membership_id).forUpdate().executeTakeFirstOrThrow();
  const now = deps.clock.now();
  if (m.status === 'pending' && invoice.purpose === 'membership') {
    const term = termFor(paidOn, settings.term_model, settings.membership_year_start_month);
    await activateMembership(trx, { membershipId: m.id, organizationId: m.organization_id, term, at: now, actor });
    const org = await trx.selectFrom('organizations').select(['name']).where('id', '=', m.organization_id).executeTakeFirstOrThrow();
    const admins = await trx
      .selectFrom('organization_contacts')
      .innerJoin('users', 'users.id', 'organization_contacts.user_id')
      .select('users.email')
      .where('organization_id', '=', m.organization_id)
      .execute();
    for (const a of admins) {
      await deps.mail.queue(trx, {
        to: a.email,
        template: welcomeEmail.name,
        data: { organization: org.name, start: term.start, end: term.end, url: `${deps.config.publicUrl}/org` },
      });
    }
    for (const hook of deps.hooks.membershipActivated) await hook(trx, { membershipId: m.id, organizationId: m.organization_id, at: now });
    return m.id;
  }
  if (invoice.purpose === 'renewal' && invoice.period_end && (m.status === 'active' || m.status === 'lapsed')) {
    const extendTo = m.term_end && m.term_end > invoice.period_end ? m.term_end : invoice.period_end;
    await renewMembership(trx, { membershipId: m.id, organizationId: m.organization_id, from: { status: m.status, termEnd: m.term_end }, termEnd: extendTo, at: now, actor });
  }
  return null;
}

/** A bounced check: a new, negative payment that points at the one it reverses; never an edit. */
export async function reversePayment(trx: Trx, deps: BillingDeps, input: { paymentId: string; reason: string; actorUserId: string; requestId?: string }): Promise<Payment> {
  const original = await trx.selectFrom('payments').selectAll().where('id', '=', input.paymentId).executeTakeFirst();
  if (!original) throw new AppError('not_found', { message: 'There is no such payment.' });
  if (original.amount_cents < 0) throw new AppError('billing.not_reversible', { status: 409, message: 'A reversal cannot itself be reversed.' });
  const invoice = await trx.selectFrom('invoices').selectAll().where('id', '=', original.invoice_id).forUpdate().executeTakeFirstOrThrow();
  const already = await trx.selectFrom('payments').select('id').where('reverses_payment_id', '=', original.id).executeTakeFirst();
  if (already) throw new AppError('billing.already_reversed', { status: 409, message: 'This payment has already been reversed.' });
  const reversal = await trx
    .insertInto('payments')
    .values({
      invoice_id: invoice.id,
      amount_cents: -original.amount_cents,
      method: original.method,
      reference: original.reference,
      received_on: dayOf(deps.clock.now()),
      reverses_payment_id: original.id,
      reason: input.reason,
      recorded_by: input.actorUserId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const paid = invoice.paid_cents - original.amount_cents;
  const status = invoice.status === 'void' ? 'void' : paid <= 0 ? 'issued' : paid >= invoice.total_cents - invoice.credited_cents ? 'paid' : 'partially_paid';
  await trx.updateTable('invoices').set({ paid_cents: paid, status }).where('id', '=', invoice.id).execute();
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: input.actorUserId,
    action: 'billing.payment_reversed',
    entityType: 'invoice',
    entityId: invoice.id,
    before: { status: invoice.status, paidCents: invoice.paid_cents },
    after: { status, paidCents: paid, reversalId: reversal.id, reason: input.reason },
    requestId: input.requestId,
  });
  return reversal;
}

/** Voids an invoice that has no money on it; it keeps its number. */
export async function voidInvoice(trx: Trx, deps: BillingDeps, input: { invoiceId: string; reason: string; actorUserId: string; requestId?: string }): Promise<Invoice> {
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

/** A correction that lowers what is owed, kept as its own record. */
export async function addCreditNote(
  trx: Trx,
  deps: SettleDeps,
  input: { invoiceId: string; amountCents: number; reason: string; actorUserId: string; requestId?: string },
): Promise<Invoice> {
  const invoice = await trx.selectFrom('invoices').selectAll().where('id', '=', input.invoiceId).forUpdate().executeTakeFirst();
  if (!invoice) throw new AppError('not_found', { message: 'There is no such invoice.' });
  if (invoice.status === 'void') throw new AppError('billing.invoice_void', { status: 409, message: `Invoice ${invoice.number} is void.` });
  const balance = balanceOf(invoice);
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0 || input.amountCents > balance) {
    throw new AppError('validation_failed', { fields: { amount: `Enter an amount greater than zero and at most the balance due of ${formatCents(balance)}.` } });
  }
  await trx.insertInto('credit_notes').values({ invoice_id: invoice.id, amount_cents: input.amountCents, reason: input.reason, created_by: input.actorUserId }).execute();
  const credited = invoice.credited_cents + input.amountCents;
  const status = invoice.paid_cents >= invoice.total_cents - credited ? 'paid' : invoice.status;
  const updated = await trx.updateTable('invoices').set({ credited_cents: credited, status }).where('id', '=', invoice.id).returningAll().executeTakeFirstOrThrow();
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: input.actorUserId,
    action: 'billing.credit_note_added',
    entityType: 'invoice',
    entityId: invoice.id,
    before: { creditedCents: invoice.credited_cents },
    after: { creditedCents: credited, reason: input.reason },
    requestId: input.requestId,
  });
  if (status === 'paid') await settleMembership(trx, deps, updated, dayOf(deps.clock.now()), input.actorUserId);
  return updated;
}

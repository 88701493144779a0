// Test factories of billing: invoices issued and payments applied through the billing module, and
// the finance API called as a signed-in browser would (with an Idempotency-Key).
import type { Invoice, InvoicePurpose, PaymentMethod } from '../../src/db/types.js';
import { applyPayment, issueInvoice, issueInvoices, type PaymentInput } from '../../src/modules/billing/index.js';
import type { TestClient } from '../helpers.js';
import type { FactoryContext } from './context.js';

export interface InvoiceOptions {
  organizationId: string;
  /** the amount of the one line (unless `lines` are given) */
  cents?: number;
  /** the invoice's lines, in place of one line of `cents` */
  lines?: Array<{ description: string; quantity: number; unitCents: number }>;
  membershipId?: string | null;
  /** default: membership when `membershipId` is given, else other */
  purpose?: InvoicePurpose;
  issuedOn?: string;
  billToName?: string;
  billToEmail?: string;
  billToAddress?: string;
  description?: string;
  poNumber?: string | null;
  period?: { start: string; end: string };
  actorUserId?: string | null;
}

/** An invoice of one line, issued through billing (numbered, mailed to the bill-to address). */
export function anInvoice(ctx: FactoryContext, o: InvoiceOptions): Promise<Invoice> {
  return ctx.deps.db.transaction().execute((trx) =>
    issueInvoice(trx, ctx.deps, {
      organizationId: o.organizationId,
      membershipId: o.membershipId ?? null,
      purpose: o.purpose ?? (o.membershipId ? 'membership' : 'other'),
      lines: o.lines ?? [{ description: o.description ?? 'Annual membership dues', quantity: 1, unitCents: o.cents ?? 0 }],
      billTo: { name: o.billToName ?? 'Accounts Payable', email: o.billToEmail ?? 'ap@city.example.gov', address: o.billToAddress ?? '1 Main St' },
      issuedOn: o.issuedOn,
      ...(o.poNumber === undefined ? {} : { poNumber: o.poNumber }),
      ...(o.period ? { periodStart: o.period.start, periodEnd: o.period.end } : {}),
      ...(o.actorUserId === undefined ? {} : { actorUserId: o.actorUserId }),
    }),
  );
}

/** Invoices of one line each to the organization, issued together in one transaction as a renewal
 * run issues them (one created_at, numbered in the order given), one per bill-to email. */
export function invoicesIssuedTogether(ctx: FactoryContext, organizationId: string, billToEmails: string[]): Promise<Invoice[]> {
  return ctx.deps.db.transaction().execute((trx) =>
    issueInvoices(
      trx,
      ctx.deps,
      billToEmails.map((email) => ({
        organizationId,
        purpose: 'other' as const,
        lines: [{ description: 'Workshop seats', quantity: 1, unitCents: 5_000 }],
        billTo: { name: `Accounts of ${email}`, email, address: '1 Main St' },
      })),
    ),
  );
}

/** A payment applied through billing (by check, unless told). */
export function aPayment(ctx: FactoryContext, o: Omit<PaymentInput, 'method'> & { method?: PaymentMethod }) {
  return ctx.deps.db.transaction().execute((trx) => applyPayment(trx, ctx.deps, { ...o, method: o.method ?? 'check' }));
}

/** POST /api/v1/invoices/:id/payments as JSON from a signed-in browser session. */
export async function apiPay(c: TestClient, invoiceId: string, body: Record<string, unknown>, key: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': await c.csrf() };
  if (key !== null) headers['idempotency-key'] = key;
  return c.request('POST', `/api/v1/invoices/${invoiceId}/payments`, { headers, payload: JSON.stringify(body) });
}

/** Voids every unpaid invoice, so that a test's counts are its own (a clean-up between tests). */
export async function voidUnpaidInvoices(ctx: FactoryContext): Promise<void> {
  await ctx.deps.db.updateTable('invoices').set({ status: 'void', void_reason: 'test cleanup' }).where('status', 'in', ['issued', 'partially_paid']).execute();
}

// Numbers for the generated invoices: in issue order within each year, continuing each year's
// counter. Billing moves the counters first, in one statement, so numbers are never handed out
// twice.
import type { Database } from '../../db/client.js';
import { type BulkInvoice, type BulkInvoiceLine, reserveInvoiceNumbers } from '../../modules/billing/index.js';
import { plusDays as addDays } from './days.js';
import { at, type InvoiceDraft } from './history.js';
import { secretToken } from './random.js';

/** Sorts the drafts into issue order and gives them their numbers, lines and secret tokens. */
export async function numberInvoices(database: Database, drafts: InvoiceDraft[]): Promise<{ invoices: BulkInvoice[]; lines: BulkInvoiceLine[] }> {
  drafts.sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : a.hour - b.hour));
  const perYear = new Map<number, number>();
  for (const d of drafts) perYear.set(Number(d.issuedOn.slice(0, 4)), (perYear.get(Number(d.issuedOn.slice(0, 4))) ?? 0) + 1);
  const nextSeq = await reserveInvoiceNumbers(database, perYear);

  const invoices: BulkInvoice[] = [];
  const lines: BulkInvoiceLine[] = [];
  for (const d of drafts) {
    const year = Number(d.issuedOn.slice(0, 4));
    const seq = nextSeq.get(year) ?? 1;
    nextSeq.set(year, seq + 1);
    invoices.push({
      id: d.id,
      number: `${year}-${String(seq).padStart(6, '0')}`,
      year,
      seq,
      organization_id: d.organizationId,
      membership_id: d.membershipId,
      purpose: d.purpose,
      period_start: d.periodStart,
      period_end: d.periodEnd,
      status: d.status,
      total_cents: d.total,
      paid_cents: d.paid,
      issued_on: d.issuedOn,
      due_on: addDays(d.issuedOn, 30),
      po_number: d.poNumber,
      bill_to_name: d.billToName,
      bill_to_email: d.billToEmail,
      bill_to_address: d.billToAddress,
      public_token: secretToken(),
      void_reason: d.status === 'void' ? 'Membership lapsed: the renewal was not paid.' : null,
      voided_at: d.voidedAt,
      created_at: at(d.issuedOn, d.hour),
    });
    lines.push({ invoice_id: d.id, position: 1, description: d.description, quantity: 1, unit_cents: d.total, amount_cents: d.total });
  }
  return { invoices, lines };
}

// The facts of one invoice as its reader sees them — the association that issued it, who it is
// billed to, its lines, totals and payments — loaded once for the PDF, the public page and the
// member pages. Only what the payer may see: no internal references, reasons or staff names.
import type { Kysely, Transaction } from 'kysely';
import type { DB, Invoice, PaymentMethod } from '../../db/types.js';
import { hasW9, type Remittance, remittanceDetails } from '../settings/index.js';
import { isCreditedInFull } from './format.js';
import { balanceOf } from './service.js';

type Executor = Kysely<DB> | Transaction<DB>;

export interface InvoiceDocument {
  invoice: Invoice;
  association: { name: string; address: string; contactEmail: string; phone: string; website: string };
  organizationName: string | null;
  lines: Array<{ position: number; description: string; quantity: number; unitCents: number; amountCents: number }>;
  /** oldest first; a reversal is its own row with a negative amount */
  payments: Array<{ receivedOn: string; method: PaymentMethod; amountCents: number; reference: string; reversal: boolean; refund: boolean }>;
  balanceCents: number;
  /** how to pay: the association's remittance details (settings), printed on the page and the PDF */
  remittance: Remittance;
  /** the association has a W-9 to offer with the invoice */
  w9: boolean;
}

// pdf.ts reads these from here; they are defined in format.ts.
export { formatDay, METHOD_LABELS, STATUS_LABELS } from './format.js';

/** An invoice a payer can pay now. */
export const isPayable = (d: InvoiceDocument) => (d.invoice.status === 'issued' || d.invoice.status === 'partially_paid') && d.balanceCents > 0;

/** Credited for its whole total (`isCreditedInFull`): its page and PDF must not say "paid in full". */
export const creditedInFull = (d: InvoiceDocument) => isCreditedInFull({ status: d.invoice.status, totalCents: d.invoice.total_cents, creditedCents: d.invoice.credited_cents });

/** What a payer may see of a payment's reference: the check number or transfer reference they
 * gave; for card payments the processor's identifiers stay internal. */
export const visibleReference = (p: { method: PaymentMethod; reference: string }) => (p.method === 'card' ? '' : p.reference);

export async function loadInvoiceDocument(db: Executor, where: { id: string } | { publicToken: string }): Promise<InvoiceDocument | null> {
  let q = db.selectFrom('invoices').selectAll();
  q = 'id' in where ? q.where('id', '=', where.id) : q.where('public_token', '=', where.publicToken);
  const invoice = await q.executeTakeFirst();
  if (!invoice) return null;
  const [association, organization, lines, payments, remittance, w9] = await Promise.all([
    db.selectFrom('association').select(['name', 'address', 'contact_email', 'phone', 'website']).where('id', '=', 1).executeTakeFirst(),
    invoice.organization_id ? db.selectFrom('organizations').select('name').where('id', '=', invoice.organization_id).executeTakeFirst() : undefined,
    db.selectFrom('invoice_lines').select(['position', 'description', 'quantity', 'unit_cents', 'amount_cents']).where('invoice_id', '=', invoice.id).orderBy('position').execute(),
    db
      .selectFrom('payments')
      .select(['received_on', 'method', 'amount_cents', 'reference', 'reverses_payment_id', 'refund'])
      .where('invoice_id', '=', invoice.id)
      .orderBy('received_on')
      .orderBy('created_at')
      .execute(),
    remittanceDetails(db),
    hasW9(db),
  ]);
  return {
    invoice,
    association: {
      name: association?.name ?? 'Civnet',
      address: association?.address ?? '',
      contactEmail: association?.contact_email ?? '',
      phone: association?.phone ?? '',
      website: association?.website ?? '',
    },
    organizationName: organization?.name ?? null,
    lines: lines.map((l) => ({ position: l.position, description: l.description, quantity: l.quantity, unitCents: l.unit_cents, amountCents: l.amount_cents })),
    payments: payments.map((p) => ({
      receivedOn: p.received_on,
      method: p.method,
      amountCents: p.amount_cents,
      reference: visibleReference(p),
      reversal: p.reverses_payment_id !== null,
      refund: p.refund,
    })),
    balanceCents: balanceOf(invoice),
    remittance,
    w9,
  };
}

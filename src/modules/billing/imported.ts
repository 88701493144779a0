// Opening balances from another system's file (issue 21, P5): the imports module validates the
// rows and keeps their external ids; this writes them, many rows a statement, inside its
// transaction. An imported invoice takes no Civnet number (`number`, `year`, `seq` null): it keeps
// the old system's number in `external_number` (unique per `external_source`), so the gapless
// per-year numbering is untouched. Nothing is audited per row, no email is sent and no webhook
// event (invoice.issued, payment.received) is published: this is history, not news.
// Its paid amount is one payment marked by its idempotency key `import:<invoice id>`.
import { randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { DB, InvoiceStatus, PaymentMethod } from '../../db/types.js';

export interface ImportedInvoice {
  organizationId: string;
  externalNumber: string;
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  paidCents: number;
  /** the day the paid amount was received (required when it is not zero) */
  paidOn: string | null;
  method: PaymentMethod;
}

/** What billing's statuses say of an invoice with this much paid (overdue is an open one past its due day). */
export const importedStatus = (totalCents: number, paidCents: number): InvoiceStatus => (paidCents >= totalCents ? 'paid' : paidCents > 0 ? 'partially_paid' : 'issued');

/** The idempotency key that marks the one payment an import recorded on an invoice. */
export const importedPaymentKey = (invoiceId: string) => `import:${invoiceId}`;

const line = (source: string, r: ImportedInvoice) => `Opening balance: invoice ${r.externalNumber} from ${source}`;

async function billTo(trx: Transaction<DB>, rows: ImportedInvoice[]) {
  const ids = [...new Set(rows.map((r) => r.organizationId))];
  const orgs = ids.length ? await trx.selectFrom('organizations').select(['id', 'name', 'billing_address']).where('id', 'in', ids).execute() : [];
  return new Map(orgs.map((o) => [o.id, o]));
}

async function insertPayments(trx: Transaction<DB>, source: string, rows: Array<ImportedInvoice & { id: string }>) {
  const paid = rows.filter((r) => r.paidCents > 0);
  if (paid.length === 0) return;
  await trx
    .insertInto('payments')
    .values(
      paid.map((r) => ({
        invoice_id: r.id,
        amount_cents: r.paidCents,
        method: r.method,
        reference: `Opening balance from ${source}`.slice(0, 200),
        received_on: r.paidOn ?? r.issuedOn,
        idempotency_key: importedPaymentKey(r.id),
      })),
    )
    .execute();
}

/** Inserts the invoices (one line each, and the payment of what was paid) in a few statements; gives their ids in order. */
export async function insertImportedInvoices(trx: Transaction<DB>, source: string, rows: ImportedInvoice[], at: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const orgs = await billTo(trx, rows);
  const random = randomBytes(24 * rows.length);
  const inserted = await trx
    .insertInto('invoices')
    .values(
      rows.map((r, i) => ({
        number: null,
        year: null,
        seq: null,
        external_number: r.externalNumber,
        external_source: source,
        organization_id: r.organizationId,
        purpose: 'other' as const,
        status: importedStatus(r.totalCents, r.paidCents),
        total_cents: r.totalCents,
        paid_cents: r.paidCents,
        issued_on: r.issuedOn,
        due_on: r.dueOn,
        bill_to_name: orgs.get(r.organizationId)?.name ?? '',
        bill_to_email: '',
        bill_to_address: orgs.get(r.organizationId)?.billing_address ?? '',
        public_token: random.subarray(i * 24, (i + 1) * 24).toString('base64url'),
        created_at: at,
      })),
    )
    .returning('id')
    .execute();
  const ids = inserted.map((r) => r.id);
  await trx
    .insertInto('invoice_lines')
    .values(rows.map((r, i) => ({ invoice_id: ids[i] as string, position: 1, description: line(source, r), quantity: 1, unit_cents: r.totalCents, amount_cents: r.totalCents })))
    .execute();
  await insertPayments(
    trx,
    source,
    rows.map((r, i) => ({ ...r, id: ids[i] as string })),
  );
  return ids;
}

/**
 * Invoices imported before that were touched in Civnet since: a payment, reversal or refund not
 * the import's, a credit note, or voided. An edited row of such an invoice is refused.
 */
export async function touchedImportedInvoices(db: Transaction<DB> | import('kysely').Kysely<DB>, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('invoices')
    .select('id')
    .where('id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'void'),
        eb.exists(eb.selectFrom('credit_notes').select('credit_notes.id').whereRef('credit_notes.invoice_id', '=', 'invoices.id')),
        eb.exists(
          eb
            .selectFrom('payments')
            .select('payments.id')
            .whereRef('payments.invoice_id', '=', 'invoices.id')
            .where(sql<boolean>`payments.idempotency_key is distinct from 'import:' || invoices.id::text`),
        ),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Updates invoices imported before and untouched since: their values, line and imported payment. */
export async function updateImportedInvoices(trx: Transaction<DB>, source: string, rows: Array<ImportedInvoice & { id: string }>): Promise<void> {
  if (rows.length === 0) return;
  const orgs = await billTo(trx, rows);
  const ids = rows.map((r) => r.id);
  await trx.deleteFrom('payments').where('invoice_id', 'in', ids).where(sql<boolean>`idempotency_key = 'import:' || invoice_id::text`).execute();
  for (const r of rows) {
    await trx
      .updateTable('invoices')
      .set({
        external_number: r.externalNumber,
        organization_id: r.organizationId,
        status: importedStatus(r.totalCents, r.paidCents),
        total_cents: r.totalCents,
        paid_cents: r.paidCents,
        issued_on: r.issuedOn,
        due_on: r.dueOn,
        bill_to_name: orgs.get(r.organizationId)?.name ?? '',
        bill_to_address: orgs.get(r.organizationId)?.billing_address ?? '',
      })
      .where('id', '=', r.id)
      .execute();
    await trx
      .updateTable('invoice_lines')
      .set({ description: line(source, r), unit_cents: r.totalCents, amount_cents: r.totalCents, quantity: 1 })
      .where('invoice_id', '=', r.id)
      .execute();
  }
  await insertPayments(trx, source, rows);
}

// Opening balances: past invoices of organizations imported before from the same source, with what
// was paid on them. An invoice keeps the old system's number (billing's `external_number`) and
// takes no Civnet number, so Civnet's gapless per-year numbering is untouched. What was paid comes
// as one payment (its day and method). An edited row updates the invoice and its payment when
// nothing was done to the invoice in Civnet since (a payment, a credit note, voiding); otherwise the
// row is refused with a problem. Written through billing's `insertImportedInvoices` and
// `updateImportedInvoices`.

import type { PaymentMethod } from '../../../db/types.js';
import { insertImportedInvoices, touchedImportedInvoices, updateImportedInvoices } from '../../billing/index.js';
import { withOrganizations } from './contacts.js';
import { type Checked, defineKind, EXTERNAL_ID, type ImportField, parseCents, parseDate, type RowProblem } from './fields.js';

export const BALANCE_FIELDS: ImportField[] = [
  { ...EXTERNAL_ID, hint: 'The invoice’s id in the old system: re-importing a row with the same id updates the invoice.', aliases: ['id', 'invoice_id', 'record_id'] },
  {
    key: 'organization_external_id',
    label: 'Organization external id',
    required: true,
    hint: 'The external id of the organization, imported before from the same source.',
    aliases: ['organization_id', 'org_id', 'account_id', 'organization'],
  },
  {
    key: 'invoice_number',
    label: 'Invoice number',
    required: true,
    hint: 'The number the old system gave the invoice: shown where Civnet shows its own.',
    aliases: ['number', 'invoice_no', 'old_number'],
  },
  { key: 'issued_on', label: 'Issued on', required: true, hint: 'The day the invoice was issued: 2025-01-15 or 1/15/2025.', aliases: ['issued', 'invoice_date', 'date'] },
  { key: 'due_on', label: 'Due on', required: true, hint: 'The day it was due, on or after the day it was issued.', aliases: ['due', 'due_date'] },
  { key: 'total', label: 'Total', required: true, hint: 'The invoice’s total in dollars: 1,234.50 or 1234.5.', aliases: ['amount', 'total_amount', 'invoice_total'] },
  { key: 'paid', label: 'Paid', required: false, hint: 'What was paid on it so far, in dollars (empty or 0: nothing).', aliases: ['amount_paid', 'paid_amount'] },
  { key: 'paid_on', label: 'Paid on', required: false, hint: 'The day the paid amount was received: required when something was paid.', aliases: ['payment_date', 'paid_date'] },
  { key: 'method', label: 'Payment method', required: false, hint: 'check (the default), ach, wire or card.', aliases: ['payment_method'] },
];

interface BalanceRow {
  organizationExternalId: string;
  externalNumber: string;
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  paidCents: number;
  paidOn: string | null;
  method: PaymentMethod;
  /** filled in by resolve */
  organizationId?: string;
}

const METHODS: Record<string, PaymentMethod> = { check: 'check', cheque: 'check', ach: 'ach', wire: 'wire', transfer: 'wire', card: 'card', credit_card: 'card' };

const amountProblem = (label: string, text: string) =>
  text.trim().startsWith('-') || text.trim().startsWith('(')
    ? `The ${label} is negative: opening balances are amounts of zero or more.`
    : `The ${label} is not an amount (1,234.50 or 1234.5).`;

export const balancesKind = defineKind<BalanceRow>({
  // as Civnet shows an imported invoice's number (billing's shownNumber)
  made: (b, id) => ({ label: `${b.externalNumber} (imported)`, href: `/staff/invoices/${id}` }),
  kind: 'balances',
  noun: 'invoice',
  plural: 'past invoices',
  fields: BALANCE_FIELDS,
  check({ get, fail }) {
    let ok = true;
    const bad = (key: string, value: string, problem: string) => {
      fail(key, value, problem);
      ok = false;
    };
    const organizationExternalId = get('organization_external_id');
    if (!organizationExternalId) bad('organization_external_id', '', 'The organization’s external id is missing.');
    const externalNumber = get('invoice_number');
    if (!externalNumber) bad('invoice_number', '', 'The invoice number is missing.');
    else if (externalNumber.length > 60) bad('invoice_number', externalNumber, 'The invoice number is longer than 60 characters.');
    const issuedOn = parseDate(get('issued_on'));
    if (!issuedOn) bad('issued_on', get('issued_on'), get('issued_on') ? 'The issue day is not a date (2025-01-15 or 1/15/2025).' : 'The issue day is missing.');
    const dueOn = parseDate(get('due_on'));
    if (!dueOn) bad('due_on', get('due_on'), get('due_on') ? 'The due day is not a date (2025-02-14 or 2/14/2025).' : 'The due day is missing.');
    else if (issuedOn && dueOn < issuedOn) bad('due_on', get('due_on'), 'The invoice is due before it was issued.');
    const totalText = get('total');
    const totalCents = totalText ? parseCents(totalText) : null;
    if (totalCents === null) bad('total', totalText, totalText ? amountProblem('total', totalText) : 'The total is missing.');
    const paidText = get('paid');
    const paidCents = paidText ? parseCents(paidText) : 0;
    if (paidCents === null) bad('paid', paidText, amountProblem('paid amount', paidText));
    else if (totalCents !== null && paidCents > totalCents) bad('paid', paidText, 'More is paid than the invoice’s total.');
    const paidOnText = get('paid_on');
    const paidOn = paidOnText ? parseDate(paidOnText) : null;
    if (paidOnText && !paidOn) bad('paid_on', paidOnText, 'The payment day is not a date (2025-02-01 or 2/1/2025).');
    else if (!paidOnText && paidCents) bad('paid_on', '', 'Something was paid: give the day it was received.');
    const methodText = get('method')
      .toLowerCase()
      .replace(/[^a-z]+/g, '_');
    const method = methodText ? METHODS[methodText] : 'check';
    if (!method) bad('method', get('method'), 'The payment method is not one of check, ach, wire, card.');
    if (!ok || !issuedOn || !dueOn || totalCents === null || paidCents === null || !method) return null;
    return { organizationExternalId, externalNumber, issuedOn, dueOn, totalCents, paidCents, paidOn: paidCents ? paidOn : null, method };
  },
  duplicate: {
    field: 'invoice_number',
    key: (b) => b.externalNumber,
    problem: (first) => `This invoice number is on row ${first} already.`,
  },
  async resolve(db, ctx, rows) {
    const r = await withOrganizations(db, ctx, rows);
    if (r.ok.length === 0) return r;
    const keys = await db
      .selectFrom('import_keys')
      .select(['external_id', 'target_id', 'row_hash'])
      .where('kind', '=', 'balances')
      .where('source', '=', ctx.source)
      .where(
        'external_id',
        'in',
        r.ok.map((b) => b.externalId),
      )
      .execute();
    const keyOf = new Map(keys.map((k) => [k.external_id, k]));
    // an invoice number another row of this source imported already
    const taken = await db
      .selectFrom('invoices')
      .select(['id', 'external_number'])
      .where('external_source', '=', ctx.source)
      .where(
        'external_number',
        'in',
        r.ok.map((b) => b.value.externalNumber),
      )
      .execute();
    const numberOwner = new Map(taken.map((t) => [t.external_number as string, t.id]));
    const edited = r.ok.filter((b) => {
      const k = keyOf.get(b.externalId);
      return k && k.row_hash !== b.hash;
    });
    const touched = await touchedImportedInvoices(
      db,
      edited.map((b) => keyOf.get(b.externalId)?.target_id as string),
    );
    const ok: Array<Checked<BalanceRow>> = [];
    const problems: RowProblem[] = [...r.problems];
    for (const b of r.ok) {
      const k = keyOf.get(b.externalId);
      const owner = numberOwner.get(b.value.externalNumber);
      if (owner && owner !== k?.target_id)
        problems.push({
          row: b.row,
          column: 'invoice_number',
          value: b.value.externalNumber,
          problem: `An invoice numbered so was imported from “${ctx.source}” already, under another external id.`,
        });
      else if (k && touched.has(k.target_id))
        problems.push({
          row: b.row,
          column: 'external_id',
          value: b.externalId,
          problem: 'This invoice was changed in Civnet since it was imported (a payment, a credit note or voided): it cannot be updated from the file.',
        });
      else ok.push(b);
    }
    return { ok, problems };
  },
  async write(trx, ctx, fresh, edited) {
    const row = (b: BalanceRow) => ({ ...b, organizationId: b.organizationId as string });
    await updateImportedInvoices(
      trx,
      ctx.source,
      edited.map((e) => ({ ...row(e.value), id: e.id })),
    );
    return insertImportedInvoices(trx, ctx.source, fresh.map(row), ctx.at);
  },
});

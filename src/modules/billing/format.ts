// How billing's values read on a page, a PDF or a CSV: the one place for its labels and date
// formats. Payers and finance staff read some words differently (a payer is told an invoice is
// "Awaiting payment"; staff filter by "Issued"), so the staff words are the payer's words with
// those few replaced, not a second list.
import type { InvoicePurpose, InvoiceStatus, PaymentMethod } from '../../db/types.js';
import { formatDay as formatLibDay } from '../../lib/format.js';
import type { Remittance } from '../settings/index.js';

/** An invoice's status as the payer reads it (public page, PDF, the organization's pages). */
export const STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  issued: 'Awaiting payment',
  partially_paid: 'Partly paid',
  paid: 'Paid',
  void: 'Void',
};
/** Credited for its whole total (a cancelled event seat, finance's credit note): its status is
 * `paid` (nothing is owed), but nothing may have been paid on it, so wherever a person reads its
 * state it reads "Credited in full", never "Paid". */
export const isCreditedInFull = (i: { status: InvoiceStatus | string; totalCents: number; creditedCents: number }): boolean =>
  i.status !== 'void' && i.totalCents > 0 && i.creditedCents >= i.totalCents;
/** What such an invoice's status reads, for payers and finance staff alike. */
export const CREDITED_IN_FULL = 'Credited in full';

/** An invoice's status in the payer's words, "Credited in full" when it is (a list of invoices on a
 * record page, where "overdue" has a column or a word of its own). */
export const statusLabel = (i: { status: InvoiceStatus; totalCents: number; creditedCents: number }): string => (isCreditedInFull(i) ? CREDITED_IN_FULL : STATUS_LABELS[i.status]);

/** An invoice's status as the payer reads it in a list of their invoices, as on the invoice's own
 * page: still owing past its due day (`today`, the association's) is "…, overdue"; credited for its
 * whole total, "Credited in full". */
export function payerStatus(i: { status: InvoiceStatus; dueOn: string | null; balanceCents: number; totalCents: number; creditedCents: number }, today: string): string {
  if (isCreditedInFull(i)) return CREDITED_IN_FULL;
  const overdue = (i.status === 'issued' || i.status === 'partially_paid') && i.balanceCents > 0 && !!i.dueOn && i.dueOn < today;
  return overdue ? `${STATUS_LABELS[i.status]}, overdue` : STATUS_LABELS[i.status];
}
/** An invoice's status as finance staff read it (their pages, filters and CSV). */
export const STAFF_STATUS_LABELS: Record<InvoiceStatus, string> = { ...STATUS_LABELS, issued: 'Issued', partially_paid: 'Partially paid' };
/** An invoice's status as finance staff read it on a page or in a CSV: "Credited in full" when it is. */
export const staffStatus = (i: { status: InvoiceStatus; totalCents: number; creditedCents: number }): string =>
  isCreditedInFull(i) ? CREDITED_IN_FULL : STAFF_STATUS_LABELS[i.status];

/** The payment form's box that confirms a day received before the invoice's issue day. */
export const EARLY_PAYMENT_BOX = 'This payment really arrived before the invoice was issued';

/** A payment method as the payer reads it. */
export const METHOD_LABELS: Record<PaymentMethod, string> = { check: 'Check', ach: 'ACH transfer', wire: 'Wire transfer', card: 'Card' };
/** A payment method as finance staff read it (short, for tables and CSV). */
export const STAFF_METHOD_LABELS: Record<PaymentMethod, string> = { ...METHOD_LABELS, ach: 'ACH', wire: 'Wire' };

export const PURPOSE_LABELS: Record<InvoicePurpose, string> = {
  membership: 'Membership dues',
  renewal: 'Renewal',
  event: 'Event',
  sponsorship: 'Sponsorship',
  other: 'Other',
};

/** '2026-03-05' → 'Mar 5, 2026' (what payers read: the one date format of src/lib/format.ts). */
/** The largest amount an invoice (each line and its total), a payment, a refund or a credit note may
 * have, $10,000,000.00: beyond it is a typing slip (the columns are bigint; this is the sane bound). */
export const MAX_AMOUNT_CENTS = 1_000_000_000;
export const MAX_AMOUNT_TEXT = '$10,000,000.00';

export const formatDay = (day: string | null | undefined): string => formatLibDay(day);

/** A day as finance staff read it, sortable: '2026-03-05'; none → '—'. */
export const formatIsoDay = (day: string | null): string => day ?? '—';

/** The number an invoice shows: Civnet's, else the old system's of an imported one (opening balances), marked so; null for a draft. */
export const shownNumber = (i: { number: string | null; external_number?: string | null }): string | null =>
  i.number ?? (i.external_number ? `${i.external_number} (imported)` : null);

/** What a payer must ask for because the invoice does not print it: every bank detail when the
 * settings give no ACH details, else the wire instructions (the settings hold ACH details only).
 * The page, the PDF and the email say the same, so none promises what the invoice lacks. */
export function bankDetailsToAsk(r: Pick<Remittance, 'ach'>): { heading: string; what: string } {
  return r.ach ? { heading: 'By wire transfer', what: 'our wire instructions' } : { heading: 'By ACH or wire transfer', what: 'our bank details' };
}

/** The same as one line of text (the PDF and the email): whom to ask, and the reference to use. */
export function askForBankDetails(r: Pick<Remittance, 'ach' | 'askAt'>, number: string): string {
  const { heading, what } = bankDetailsToAsk(r);
  const at = [r.askAt.email, r.askAt.phone].filter(Boolean).join(' or ');
  return `${heading}: ask us for ${what}${at ? ` at ${at}` : ''}, and use invoice number ${number} as the payment reference.`;
}

/** The line of an organization's dues for a term, as every invoice writes it (stored when issued,
 * so written in words once): 'Membership renewal, Jun 24, 2026 to Jun 23, 2027 — City of X
 * (population 75,000)'. */
export function membershipLine(o: { renewal: boolean; start: string; end: string; organization: string; population: number }): string {
  return `${o.renewal ? 'Membership renewal' : 'Membership dues'}, ${formatLibDay(o.start)} to ${formatLibDay(o.end)} — ${o.organization} (population ${o.population.toLocaleString('en-US')})`;
}

// What other modules may use of billing.
export { allowCheckoutRedirect, CARD_MINIMUM_CENTS, CardReturnNotice, cardPaymentOffered, PayByCardForm } from './card-form.js';
export { addDays, addYears, dayOf, daysBetween, nextTerm, termFor } from './dates.js';
export { formatDay, STATUS_LABELS } from './document.js';
export * as emails from './emails.js';
export { listOrganizationInvoices, type MemberInvoice } from './member.js';
export { INVOICE_PDF_ATTACHMENT, type InvoicePdfOptions, invoicePdfAttachment, renderInvoicePdf } from './pdf.js';
export { type CardPaymentSlot, registerCardPaymentSlot } from './public.js';
export type { RenewalCounts, RunRenewalsOptions } from './renewals.js';
export { ISSUE_LOCK, RENEWALS_QUEUE, registerRenewalsJob, retryBatch, runRenewals, scheduleRenewals } from './renewals.js';
export * as renewalEmails from './renewals-emails.js';
export type { IssueInvoiceInput, PaymentInput, PaymentResult, Trx } from './service.js';
export {
  addCreditNote,
  applyPayment,
  balanceOf,
  billingSettings,
  invoiceUrl,
  issueInvoice,
  issueInvoices,
  reversePayment,
  voidInvoice,
} from './service.js';

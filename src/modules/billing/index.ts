// What other modules may use of billing.
export { allowCheckoutRedirect, CARD_MINIMUM_CENTS, CardReturnNotice, cardPaymentOffered, PayByCardForm } from './card-form.js';
export { addDays, addYears, dayOf, daysBetween, nextTerm, termFor } from './dates.js';
export { formatDay, STATUS_LABELS } from './document.js';
export { listOrganizationInvoices, type MemberInvoice } from './member.js';
export { type InvoicePdfOptions, registerInvoicePdfAttachment, renderInvoicePdf } from './pdf.js';
export { type CardPaymentSlot, registerCardPaymentSlot } from './public.js';
export type { RenewalCounts, RunRenewalsOptions } from './renewals.js';
export { RENEWALS_QUEUE, registerRenewalsJob, runRenewals, scheduleRenewals } from './renewals.js';
export {
  type BulkInvoice,
  type BulkInvoiceLine,
  type BulkPayment,
  bulkInsertInvoiceLines,
  bulkInsertInvoices,
  bulkInsertPayments,
  reserveInvoiceNumbers,
} from './seed.js';
export type { IssueInvoiceInput, MembershipActivatedHook, PaymentInput, PaymentResult, Trx } from './service.js';
export {
  addCreditNote,
  applyPayment,
  balanceOf,
  billingSettings,
  invoiceUrl,
  issueInvoice,
  onMembershipActivated,
  reversePayment,
  voidInvoice,
} from './service.js';

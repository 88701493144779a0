// What other modules may use of billing. (Its routes are `billingRoutes` in routes.ts, which the
// composition root registers.)

export { moveInvoices } from './account-merge.js';
export { type AddresseeBasis, type NextDuesAddressee, nextDuesAddressee } from './addressee.js';
export { computeTermDues, type NextTermRenewal, nextTermRenewal, type TermDues } from './balance.js';
export { type BillToOutcome, correctOpenInvoiceBillTo } from './bill-to.js';
export { allowCheckoutRedirect, CARD_MINIMUM_CENTS, cardPaymentOffered } from './card.js';
export { CardReturnNotice, cardPaymentSlot, PayByCardForm } from './card-views.js';
export { addDays, addYears, dayOf, daysBetween, nextTerm, termFor } from './dates.js';
export * as emails from './emails.js';
export { CREDITED_IN_FULL, formatDay, isCreditedInFull, membershipLine, payerStatus, STAFF_METHOD_LABELS, STATUS_LABELS, statusLabel } from './format.js';
// opening balances (issue 21, P5): past invoices and payments from another system
export { type ImportedInvoice, importedStatus, insertImportedInvoices, touchedImportedInvoices, updateImportedInvoices } from './imported.js';
export { billingMover } from './merge.js';
export type { PaymentInput, PaymentResult } from './payments.js';
export { addCreditNote, applyPayment, reversePayment } from './payments.js';
export { INVOICE_PDF_ATTACHMENT, type InvoicePdfOptions, invoicePdfAttachment, renderInvoicePdf } from './pdf.js';
export { countOverdueInvoices, invoiceIdsNumbered, invoiceNumbers, listOrganizationInvoices, type MemberInvoice } from './queries.js';
export { creditBalanceOf, type RefundInput, type RefundResult, recordRefund } from './refunds.js';
// reports (issue 21, P4): renewal outcomes of organizations' terms
export { organizationRenewalOutcomes, periodFormat, type RenewalOutcomeRow } from './renewal-terms.js';
export { previewRenewals, RENEWALS_QUEUE, registerRenewalsJob, runRenewals, scheduleRenewals } from './renewals.js';
export { blockedRenewals, countBlockedOrganizationRenewals } from './renewals-blocked.js';
export * as renewalEmails from './renewals-emails.js';
export { listRenewalRuns, type RenewalRunRecord, renewalRunNames } from './renewals-history.js';
export { ISSUE_LOCK, retryBatch } from './renewals-issue.js';
export type { RenewalCounts, RenewalPreview, RunRenewalsOptions } from './renewals-shared.js';
// reports (issue 21, P4): dues invoiced and collected by month
export { type DuesRevenueRow, duesRevenueByMonth } from './revenue.js';
export { billingRoutes } from './routes.js';
export {
  type BulkInvoice,
  type BulkInvoiceLine,
  type BulkPayment,
  bulkInsertInvoiceLines,
  bulkInsertInvoices,
  bulkInsertPayments,
  reserveInvoiceNumbers,
} from './seed.js';
export type { IssueInvoiceInput, Trx } from './service.js';
export { balanceOf, billingSettings, invoiceUrl, issueInvoice, issueInvoices, voidInvoice } from './service.js';

// What other modules may use of billing.
export { addDays, addYears, dayOf, daysBetween, nextTerm, termFor } from './dates.js';
export type { IssueInvoiceInput, MembershipActivatedHook, PaymentInput, PaymentResult, Trx } from './service.js';
export {
  addCreditNote,
  applyPayment,
  balanceOf,
  billingSettings,
  invoiceUrl,
  issueInvoice,
  nextInvoiceNumber,
  onMembershipActivated,
  reversePayment,
  voidInvoice,
} from './service.js';

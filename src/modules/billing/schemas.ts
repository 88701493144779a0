// What billing's routes accept and answer, as zod schemas: the finance staff's forms and filters,
// the JSON API's bodies and shapes, the member API, the public invoice link and the card checkout.

import { z } from 'zod';
import { INVOICE_STATUSES, type InvoicePurpose, PAYMENT_METHODS, type PaymentMethod } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { errorShape } from '../../lib/http-errors.js';
import { DollarsError, parseDollars } from '../../lib/money.js';
import { MAX_AMOUNT_CENTS, MAX_AMOUNT_TEXT } from './format.js';

export const INVOICE_PURPOSES = ['membership', 'renewal', 'event', 'sponsorship', 'other'] as const satisfies readonly InvoicePurpose[];
/** Offline methods finance staff record by hand; card payments arrive through the card processor. */
export const OFFLINE_METHODS = ['check', 'ach', 'wire'] as const satisfies readonly PaymentMethod[];

// Also the invoice list's and payments' date filters on pages, which show no typed format.
const isoDay = z.iso.date('Enter a real date, such as 2026-03-15.');
export const idParams = z.object({ id: z.uuid() });

// Filters of the staff lists and of the API (query strings)

const page = z.coerce.number().int().min(1).max(10_000).optional();
const dir = z.enum(['asc', 'desc']).optional();

export const invoiceFilters = z.object({
  status: z
    .enum([...INVOICE_STATUSES, 'open', 'credited'])
    .optional()
    .describe(
      '`open`: issued or partially paid; `paid`: paid and not credited in full; `credited`: credited in full (`creditedInFull`: status `paid`, nothing owed, whether or not anything was paid)',
    ),
  organization: z.string().trim().max(200).optional().describe('part of the organization’s (or bill-to) name'),
  purpose: z.enum(INVOICE_PURPOSES).optional(),
  issuedFrom: isoDay.optional(),
  issuedTo: isoDay.optional(),
  overdue: z
    .enum(['yes', '30', '60', '90', 'no', 'true', 'false'])
    .optional()
    .describe('`yes`: only open invoices past their due date; `30`, `60`, `90`: more than that many days past it (`true` reads as `yes`; `no`, `false`: no filter)'),
  pastDue: z.enum(['30', '60', '90']).optional().describe('older name of `overdue=30|60|90`, still read (with both, the narrower wins)'),
  sort: z.enum(['number', 'issued', 'due', 'total', 'balance']).optional(),
  dir,
  page,
});
export type InvoiceFilters = z.output<typeof invoiceFilters>;

/** The one overdue choice of a filter: `overdue` (and `true` for `yes`) or the older `pastDue`,
 * the narrower when both are given; undefined for no filter. */
export function overdueChoice(f: Pick<InvoiceFilters, 'overdue' | 'pastDue'>): 'yes' | '30' | '60' | '90' | undefined {
  const days = Math.max(f.pastDue ? Number(f.pastDue) : 0, f.overdue && /^\d+$/.test(f.overdue) ? Number(f.overdue) : 0);
  if (days === 30 || days === 60 || days === 90) return String(days) as '30' | '60' | '90';
  return f.overdue === 'yes' || f.overdue === 'true' ? 'yes' : undefined;
}

export const paymentFilters = z.object({
  method: z.enum(PAYMENT_METHODS).optional(),
  from: isoDay.optional().describe('received on or after'),
  to: isoDay.optional().describe('received on or before'),
  sort: z.enum(['received', 'amount', 'invoice']).optional(),
  dir,
  page,
});
export type PaymentFilters = z.output<typeof paymentFilters>;

export const ageingFilters = z.object({
  sort: z.enum(['name', 'total', 'over90']).optional(),
  dir,
  page,
});
export type AgeingFilters = z.output<typeof ageingFilters>;

/** Range checks a schema cannot express; field name → message. */
export function rangeErrors(from: string | undefined, to: string | undefined, toField: string): Record<string, string> {
  return from && to && from > to ? { [toField]: 'Must be on or after the start date.' } : {};
}

/** Drops empty query values (a GET form sends `status=` for "Any"). */
export function withoutEmpty(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (query && typeof query === 'object') for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && v.trim() !== '') out[k] = v;
  return out;
}

/** A filter form's issues as field errors, one per field. */
export function queryErrors(issues: z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) errors[String(i.path[0])] ??= i.code === 'invalid_value' ? 'Choose one of the listed values.' : i.message;
  return errors;
}

// Finance staff's forms

const TOO_LARGE = `Enter at most ${MAX_AMOUNT_TEXT}, the largest amount an invoice, payment or refund may have.`;
/** A dollar amount typed in a form, as integer cents greater than zero and at most MAX_AMOUNT_CENTS. */
export const dollarsField = (what = 'an amount') =>
  z.string({ error: `Enter ${what} in dollars, like 1,200.50.` }).transform((s, ctx) => {
    try {
      const cents = parseDollars(s);
      if (cents > MAX_AMOUNT_CENTS) ctx.addIssue({ code: 'custom', message: TOO_LARGE });
      else if (cents > 0) return cents;
      else ctx.addIssue({ code: 'custom', message: `Enter ${what} greater than zero.` });
    } catch (err) {
      if (!(err instanceof DollarsError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.problem === 'too_large' ? TOO_LARGE : err.message });
    }
    return z.NEVER;
  });
const formDay = z.iso.date('Enter a real date, such as 2026-03-15.');
const reason = (what: string) =>
  z
    .string({ error: `Give the reason ${what}.` })
    .trim()
    .min(3, `Give the reason ${what}.`)
    .max(500, 'Use at most 500 characters.');
const optionalText = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`).default('');

export const paymentForm = z.object({
  amount: dollarsField(),
  method: z.enum(OFFLINE_METHODS, { error: 'Choose check, ACH or wire.' }),
  reference: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
  received_on: z.preprocess((v) => (v === '' ? undefined : v), formDay.optional()),
  /** the box shown under a day before the invoice's issue day */
  received_before_issue: z.literal('yes', { error: 'Tick the box, or leave it empty.' }).optional(),
  idempotency_key: z.uuid({ error: 'This form has expired. Reload the page and enter the payment again.' }),
});
export const refundForm = z.object({
  refund_amount: dollarsField('the amount refunded'),
  refund_method: z.enum(['check', 'ach', 'wire', 'card'], { error: 'Choose how the money went back: check, ACH, wire or card.' }),
  refund_reference: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
  refunded_on: z.preprocess((v) => (v === '' ? undefined : v), formDay.optional()),
  refund_reason: reason('for the refund, like “event seat cancelled”'),
  refund_key: z.uuid({ error: 'This form has expired. Reload the page and enter the refund again.' }),
});
export const reverseForm = z.object({ reason: reason('for reversing, like “check returned unpaid”') });
export const voidForm = z.object({ void_reason: reason('for voiding') });
export const creditForm = z.object({ credit_amount: dollarsField('the value of the credit'), credit_reason: reason('for the credit') });
export const newInvoiceForm = z.object({
  organizationId: z.uuid({ error: 'Choose an organization from the list.' }),
  purpose: z.enum(INVOICE_PURPOSES, { error: 'Choose what the invoice is for.' }),
  description: z.string({ error: 'Describe what is billed.' }).trim().min(1, 'Describe what is billed.').max(300, 'Use at most 300 characters.'),
  amount: dollarsField(),
  po_number: optionalText(100),
  bill_to_name: optionalText(200),
  bill_to_email: optionalText(254).refine((v) => v === '' || z.email().safeParse(v).success, 'Enter an email address like ap@city.gov.'),
  bill_to_address: optionalText(1000),
});
export const newInvoiceQuery = z.object({ organizationId: z.uuid().optional() });

// The finance JSON API

export { errorShape };
export const apiErrors = { 400: errorShape, 404: errorShape, 409: errorShape };
const reasonField = z.string().trim().min(3, 'Give the reason.').max(500);
const cents = z.number().int().min(1).max(MAX_AMOUNT_CENTS, `At most ${MAX_AMOUNT_CENTS} cents (${MAX_AMOUNT_TEXT}).`);

export const invoiceSummary = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: z.enum(INVOICE_STATUSES),
  purpose: z.enum(INVOICE_PURPOSES),
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
  billToName: z.string(),
  billToEmail: z.string(),
  poNumber: z.string().nullable(),
  issuedOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  totalCents: z.number().int(),
  paidCents: z.number().int(),
  creditedCents: z.number().int(),
  balanceCents: z.number().int(),
  overdue: z.boolean(),
  creditedInFull: z
    .boolean()
    .describe(
      'credit notes cover the whole total (never when void): `status` is still `paid` (nothing is owed), but the money may never have been paid; people read it as "Credited in full"',
    ),
});
export const paymentShape = z.object({
  id: z.string(),
  invoiceId: z.string(),
  amountCents: z.number().int().describe('negative for a reversal or a refund'),
  method: z.enum(PAYMENT_METHODS),
  reference: z.string(),
  receivedOn: z.string(),
  reversesPaymentId: z.string().nullable(),
  reversed: z.boolean().optional(),
  refund: z.boolean().describe('money paid back to the payer'),
  reason: z.string().nullable(),
  createdAt: z.string(),
});
export const invoiceDetail = invoiceSummary.extend({
  billToAddress: z.string(),
  membershipId: z.string().nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  voidReason: z.string().nullable(),
  publicUrl: z.string(),
  lines: z.array(z.object({ position: z.number().int(), description: z.string(), quantity: z.number().int(), unitCents: z.number().int(), amountCents: z.number().int() })),
  payments: z.array(paymentShape),
  creditNotes: z.array(z.object({ id: z.string(), amountCents: z.number().int(), reason: z.string(), createdAt: z.string() })),
});
const bucketsShape = z.object({
  currentCents: z.number().int(),
  days1to30Cents: z.number().int(),
  days31to60Cents: z.number().int(),
  days61to90Cents: z.number().int(),
  over90Cents: z.number().int(),
  totalCents: z.number().int(),
  invoices: z.number().int(),
});

export const createInvoiceBody = z
  .object({
    organizationId: z.uuid(),
    purpose: z.enum(INVOICE_PURPOSES).exclude(['renewal']).default('other').describe('`membership` ties the invoice to the organization’s pending membership'),
    lines: z
      .array(
        z
          .object({
            description: z.string().trim().min(1).max(300),
            quantity: z.number().int().min(1).max(10_000).default(1),
            unitCents: z.number().int().min(0).max(MAX_AMOUNT_CENTS, `At most ${MAX_AMOUNT_CENTS} cents (${MAX_AMOUNT_TEXT}).`),
          })
          .strict(),
      )
      .min(1)
      .max(50)
      .superRefine((lines, ctx) => {
        // Each line (quantity × unit price) and the invoice's total stay within the largest amount.
        let total = 0;
        for (const [i, l] of lines.entries()) {
          total += l.quantity * l.unitCents;
          if (l.quantity * l.unitCents > MAX_AMOUNT_CENTS) ctx.addIssue({ code: 'custom', path: [i], message: `A line may come to at most ${MAX_AMOUNT_TEXT}.` });
        }
        if (total > MAX_AMOUNT_CENTS) ctx.addIssue({ code: 'custom', message: `An invoice may come to at most ${MAX_AMOUNT_TEXT} in all.` });
      }),
    poNumber: z.string().trim().max(100).optional(),
    billTo: z
      .object({ name: z.string().trim().max(200).optional(), email: z.union([z.literal(''), z.email().max(254)]).optional(), address: z.string().trim().max(1000).optional() })
      .strict()
      .optional()
      .describe('blank or missing fields default from the organization'),
  })
  .strict();
export const paymentBody = z
  .object({
    amountCents: cents,
    method: z.enum(OFFLINE_METHODS),
    reference: z.string().trim().max(200).default(''),
    receivedOn: isoDay.optional().describe('defaults to today'),
    receivedBeforeIssue: z
      .boolean()
      .optional()
      .describe(
        '`true` confirms that a payment whose `receivedOn` is before the invoice’s issue day (at most 180 days before) really arrived first; without it such a day is refused. The term it starts begins no earlier than the invoice.',
      ),
  })
  .strict();
export const paymentHeaders = z.object({ 'idempotency-key': z.string().max(200).optional().describe('required: a unique value per payment') });
const paymentResult = z.object({ payment: paymentShape, invoice: invoiceSummary, replayed: z.boolean(), membershipActivated: z.boolean() });
export const paymentResponses = { 201: paymentResult, 200: paymentResult };
export const reasonBody = z.object({ reason: reasonField }).strict();
export const reversalResult = z.object({ reversal: paymentShape, invoice: invoiceDetail });
export const refundResult = z.object({ refund: paymentShape, creditedCents: z.number().int(), replayed: z.boolean(), invoice: invoiceDetail });
export const refundBody = z
  .object({
    amountCents: cents.describe('the amount paid back, positive'),
    method: z.enum(PAYMENT_METHODS),
    reference: z.string().trim().max(200).default(''),
    refundedOn: isoDay.optional().describe('defaults to today'),
    reason: reasonField,
  })
  .strict();
export const creditNoteBody = z.object({ amountCents: cents, reason: reasonField }).strict();
export const invoiceList = z.object({ invoices: z.array(invoiceSummary), nextPage: z.number().nullable() });
export const paymentList = z.object({
  payments: z.array(paymentShape.extend({ invoiceNumber: z.string().nullable(), organizationName: z.string().nullable() })),
  nextPage: z.number().nullable(),
});
export const ageingReport = z.object({
  asOf: z.string(),
  totals: bucketsShape,
  organizations: z.array(bucketsShape.extend({ organizationId: z.string().nullable(), userId: z.string().nullable(), name: z.string() })),
  nextPage: z.number().nullable(),
});

// The member side: an organization's contacts

export const memberInvoice = z.object({
  id: z.string(),
  number: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  status: z.enum(INVOICE_STATUSES),
  issuedOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  poNumber: z.string().nullable(),
  totalCents: z.number().int(),
  creditedCents: z.number().int(),
  paidCents: z.number().int(),
  balanceCents: z.number().int(),
  creditedInFull: z
    .boolean()
    .describe(
      'credit notes cover the whole total (never when void): `status` is still `paid` (nothing is owed), but the money may never have been paid; its page reads "Credited in full"',
    ),
  url: z.string().describe('the invoice’s public page (view and pay, no account needed)'),
  pdfUrl: z.string(),
});
export const memberInvoiceParams = z.object({ id: z.string().max(100) });
/** `/org/invoices?org=`: one of the person's organizations (checked by `orgScope`). */
export const orgInvoicesQuery = z.object({
  org: z
    .string()
    .max(200)
    .optional()
    .describe('the id of one of your organizations: only its invoices (another organization’s id, or a malformed one, is a 404); without it, those of all your organizations'),
});

// The public invoice link and card checkout

/** Tokens are 24 random bytes in base64url (32 characters); anything else cannot be one. */
export const PUBLIC_TOKEN = /^[A-Za-z0-9_-]{16,100}$/;
export const publicTokenParams = z.object({ token: z.string().max(200) });
/** `?paid=1` / `?cancelled=1`: the payer coming back from the checkout page. */
export const checkoutReturnQuery = z.object({ paid: z.string().max(10).optional(), cancelled: z.string().max(10).optional() });

export const checkoutTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });
/** One per rendering of the form: a double click sends the same nonce and makes one session. */
export const checkoutNonce = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _');
export const checkoutBody = z.object({ nonce: checkoutNonce.optional() }).strict();
export const checkoutResponse = z.object({ url: z.string() });

// The parts of Stripe's payload we act on, parsed rather than trusted.
export const stripeEvent = z.object({ id: z.string().min(1).max(255), type: z.string().min(1).max(255), data: z.object({ object: z.unknown() }) });
export const checkoutSession = z.object({
  id: z.string().min(1).max(255),
  payment_status: z.string(),
  amount_total: z.number().int().nullable(),
  currency: z.string().nullable(),
  payment_intent: z.union([z.string(), z.object({ id: z.string() })]).nullable(),
  metadata: z.object({ invoiceId: z.uuid().optional() }).nullable(),
});

// The renewals console (renewals-routes.ts): "Run now", the history's pages, and the JSON API.

export const runNowForm = z.object({
  key: z.uuid('This form is out of date. Reload the page and try again.'),
  confirm: z.literal('yes', { error: 'Tick the box to confirm that the run should issue, remind and lapse what the preview lists.' }),
});
export const renewalRunsQuery = z.object({
  cursor: z.string().max(100).optional().describe('`nextCursor` of the previous page; leave out for the newest runs'),
});

const renewalFailure = z.object({
  stage: z.enum(['issue', 'remind', 'lapse']),
  kind: z.enum(['organization', 'person', 'invoice']),
  id: z.string().describe('the membership (organization or person) or the invoice'),
  subject: z.string(),
  reason: z.string(),
  href: z
    .string()
    .nullable()
    .describe('the staff page where it is fixed: the organization’s or the individual member’s staff record, or the invoice’s page; null when that record no longer exists'),
});
export const renewalPreviewSchema = z.object({
  today: isoDay.describe('the day the next run is for (today in the association’s time zone)'),
  issue: z.array(
    z.object({
      kind: z.enum(['organization', 'person']),
      membershipId: z.string(),
      subject: z.string().describe('the organization’s or the person’s name'),
      termStart: isoDay,
      termEnd: isoDay,
      amountCents: z.number().int().nullable().describe('null for an individual member unless you are finance staff (their dues follow from private dues inputs)'),
      href: z.string().describe('the member’s staff record page (the organization’s, or the individual member’s)'),
    }),
  ),
  remind: z.array(
    z.object({
      invoiceId: z.string().nullable().describe('null: the renewal invoice the same run issues first, already due'),
      invoiceNumber: z.string().nullable(),
      subject: z.string(),
      dueOn: isoDay,
      offsets: z.array(z.number().int()).describe('the reminder offsets reached, in days after the due date, not sent yet'),
    }),
  ),
  lapse: z.array(
    z.object({
      kind: z.enum(['organization', 'person']),
      membershipId: z.string(),
      subject: z.string(),
      termEnd: isoDay,
      href: z.string().describe('the member’s staff record page'),
    }),
  ),
  reinstate: z
    .array(z.object({ membershipId: z.string() }))
    .max(0)
    .describe('always empty: paying a lapsed membership’s renewal invoice reinstates it, when the payment is recorded'),
  failures: z.array(renewalFailure).describe('rows the run will skip, and why'),
});
export const renewalRunsSchema = z.object({
  runs: z.array(
    z.object({
      id: z.string(),
      runFor: isoDay,
      trigger: z.enum(['job', 'cli', 'console']),
      startedBy: z.string().describe('the staff member (console), the command’s user (cli), or empty (the daily job)'),
      startedAt: z.string(),
      finishedAt: z.string().nullable().describe('null while the run is going, or if it was killed'),
      durationMs: z.number().int().nullable(),
      issued: z.number().int(),
      reminded: z.number().int(),
      lapsed: z.number().int(),
      skipped: z.number().int(),
      failures: z.array(renewalFailure),
      error: z.string().nullable().describe('why the run stopped part-way; null when it finished'),
    }),
  ),
  nextCursor: z.string().nullable(),
});

// JSON API of billing for finance staff, its invoices: the list, one invoice, and issuing one. The
// payments and corrections (offline payments with a required Idempotency-Key, reversals, void,
// refunds, credit notes) and the reports (payments, receivables ageing) are in api-payment-routes.ts,
// registered right after these (the OpenAPI document lists them in that order). Amounts are integer
// cents (`amountCents`, `totalCents`, …).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Payment } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { access } from '../../lib/access.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import * as finance from './finance.js';
import { isCreditedInFull } from './format.js';
import { getInvoiceDetail, type InvoiceDetail, type InvoiceRow, listInvoices } from './queries.js';
import { apiErrors, createInvoiceBody, errorShape, idParams, invoiceDetail, invoiceFilters, invoiceList, rangeErrors } from './schemas.js';
import { invoiceUrl } from './service.js';

export const tags = ['billing'];
export const errors = apiErrors;

type Detail = InvoiceDetail;
export const presentPayment = (p: Payment & { reversed?: boolean }) => ({
  id: p.id,
  invoiceId: p.invoice_id,
  amountCents: p.amount_cents,
  method: p.method,
  reference: p.reference,
  receivedOn: p.received_on,
  reversesPaymentId: p.reverses_payment_id,
  refund: p.refund,
  ...(p.reversed === undefined ? {} : { reversed: p.reversed }),
  reason: p.reason,
  createdAt: p.created_at.toISOString(),
});
export const presentRow = (r: Omit<InvoiceRow, 'organization_name' | 'person_email'> & { organization_name: string | null }) => ({
  id: r.id,
  number: r.number,
  status: r.status,
  purpose: r.purpose,
  organizationId: r.organization_id,
  organizationName: r.organization_name,
  billToName: r.bill_to_name,
  billToEmail: r.bill_to_email,
  poNumber: r.po_number,
  issuedOn: r.issued_on,
  dueOn: r.due_on,
  totalCents: r.total_cents,
  paidCents: r.paid_cents,
  creditedCents: r.credited_cents,
  balanceCents: r.balance_cents,
  overdue: r.overdue,
  creditedInFull: isCreditedInFull({ status: r.status, totalCents: r.total_cents, creditedCents: r.credited_cents }),
});

/** The core's field names (those of the staff forms) → the API's. */
const API_FIELD_NAMES: Record<string, string> = { amount: 'amountCents', received_on: 'receivedOn', refunded_on: 'refundedOn' };
/** The core names its fields as the staff forms do (`amount`, `received_on`, `refunded_on`);
 * here they are the API's own (`amountCents`, `receivedOn`, `refundedOn`). */
export async function apiFields<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof AppError) || !err.fields) throw err;
    const fields: Record<string, string> = {};
    for (const [name, text] of Object.entries(err.fields)) fields[API_FIELD_NAMES[name] ?? name] = text;
    // A day shortly before the issue day: the API's way to confirm it.
    if (err.code === 'billing.received_before_issue' && fields.receivedOn) fields.receivedOn += ' If it really arrived first, send "receivedBeforeIssue": true.';
    throw new AppError(err.code === 'billing.received_before_issue' ? 'validation_failed' : err.code, { status: err.status, message: err.message, fields });
  }
}

/** Whose request it is (the API's routes are for signed-in finance staff only). */
export const actor = (req: FastifyRequest) => {
  if (!req.principal) throw new AppError('unauthenticated');
  return req.principal.userId;
};

/** One invoice as the API shows it (`invoiceDetail`), its overdue flag as of today; a 404 when there is none. */
export function invoiceDetailOf(deps: Deps) {
  const presentDetail = (d: Detail, day: string) => {
    const i = d.invoice;
    return {
      ...presentRow({ ...i, overdue: (i.status === 'issued' || i.status === 'partially_paid') && !!i.due_on && i.due_on < day }),
      organizationName: i.organization_name,
      billToAddress: i.bill_to_address,
      membershipId: i.membership_id,
      periodStart: i.period_start,
      periodEnd: i.period_end,
      voidReason: i.void_reason,
      publicUrl: invoiceUrl(deps, i),
      lines: d.lines.map((l) => ({ position: l.position, description: l.description, quantity: l.quantity, unitCents: l.unit_cents, amountCents: l.amount_cents })),
      payments: d.payments.map(presentPayment),
      creditNotes: d.creditNotes.map((c) => ({ id: c.id, amountCents: c.amount_cents, reason: c.reason, createdAt: c.created_at.toISOString() })),
    };
  };
  return async (id: string) => {
    const d = await getInvoiceDetail(deps.db, id);
    if (!d) throw new AppError('not_found', { message: 'There is no such invoice.' });
    return presentDetail(d, await todayIn(deps));
  };
}

export async function billingApiRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const financeStaff = { access: access.staff('finance') };
  const today = () => todayIn(deps);
  const detailOf = invoiceDetailOf(deps);

  app.get(
    '/api/v1/invoices',
    {
      config: financeStaff,
      schema: {
        tags,
        summary: 'Invoices, filtered, sorted and paged (finance staff)',
        querystring: invoiceFilters,
        response: { 200: invoiceList, 400: errorShape },
      },
    },
    async (req) => {
      const range = rangeErrors(req.query.issuedFrom, req.query.issuedTo, 'issuedTo');
      if (Object.keys(range).length) throw fieldError(range);
      const r = await listInvoices(deps.db, req.query, await today());
      return { invoices: r.rows.map(presentRow), nextPage: r.hasNext ? r.page + 1 : null };
    },
  );

  app.get(
    '/api/v1/invoices/:id',
    {
      config: financeStaff,
      schema: { tags, summary: 'One invoice with its lines, payments and credit notes (finance staff)', params: idParams, response: { 200: invoiceDetail, 404: errorShape } },
    },
    async (req) => detailOf(req.params.id),
  );

  app.post(
    '/api/v1/invoices',
    {
      config: financeStaff,
      schema: {
        tags,
        summary: 'Issue an invoice to an organization (finance staff)',
        description: 'Numbered without gaps when issued, emailed to the bill-to address with its PDF. Amounts in integer cents.',
        body: createInvoiceBody,
        response: { 201: invoiceDetail, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const invoice = await finance.issueInvoice(deps, {
        organizationId: b.organizationId,
        purpose: b.purpose,
        lines: b.lines.map((l) => ({ description: l.description, quantity: l.quantity, unitCents: l.unitCents })),
        poNumber: b.poNumber,
        billTo: b.billTo,
        actorUserId: actor(req),
        requestId: req.id,
      });
      return reply.code(201).send(await detailOf(invoice.id));
    },
  );
}

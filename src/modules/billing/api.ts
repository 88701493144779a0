// JSON API of billing for finance staff: invoices (list, one, issue), offline payments with a
// required Idempotency-Key, reversals, void, credit notes, payments and the receivables ageing.
// Amounts are integer cents (`amountCents`, `totalCents`, …).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Invoice, Payment } from '../../db/types.js';
import { INVOICE_STATUSES, PAYMENT_METHODS } from '../../db/types.js';
import { access } from '../../lib/access.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { errorShape } from '../../lib/http-errors.js';
import { dayOf } from './dates.js';
import { createInvoice, credit, recordPayment, reverse, voidById } from './finance.js';
import {
  ageing,
  ageingFilters,
  getInvoiceDetail,
  INVOICE_PURPOSES,
  type InvoiceDetail,
  type InvoiceRow,
  invoiceFilters,
  listInvoices,
  listPayments,
  OFFLINE_METHODS,
  paymentFilters,
  rangeErrors,
} from './receivables.js';
import { invoiceUrl } from './service.js';

const tags = ['billing'];
const errors = { 400: errorShape, 404: errorShape, 409: errorShape };
const idParams = z.object({ id: z.uuid() });
const dayString = z.iso.date('Use the form YYYY-MM-DD.');
const reasonField = z.string().trim().min(3, 'Give the reason.').max(500);

const invoiceSummary = z.object({
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
});
const paymentShape = z.object({
  id: z.string(),
  invoiceId: z.string(),
  amountCents: z.number().int().describe('negative for a reversal'),
  method: z.enum(PAYMENT_METHODS),
  reference: z.string(),
  receivedOn: z.string(),
  reversesPaymentId: z.string().nullable(),
  reversed: z.boolean().optional(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});
const invoiceDetail = invoiceSummary.extend({
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

const createInvoiceBody = z
  .object({
    organizationId: z.uuid(),
    purpose: z.enum(INVOICE_PURPOSES).exclude(['renewal']).default('other').describe('`membership` ties the invoice to the organization’s pending membership'),
    lines: z
      .array(
        z
          .object({
            description: z.string().trim().min(1).max(300),
            quantity: z.number().int().min(1).max(10_000).default(1),
            unitCents: z.number().int().min(0).max(1_000_000_000_00),
          })
          .strict(),
      )
      .min(1)
      .max(50),
    poNumber: z.string().trim().max(100).optional(),
    billTo: z
      .object({ name: z.string().trim().max(200).optional(), email: z.union([z.literal(''), z.email().max(254)]).optional(), address: z.string().trim().max(1000).optional() })
      .strict()
      .optional()
      .describe('blank or missing fields default from the organization'),
  })
  .strict();
const paymentBody = z
  .object({
    amountCents: z.number().int().min(1).max(1_000_000_000_00),
    method: z.enum(OFFLINE_METHODS),
    reference: z.string().trim().max(200).default(''),
    receivedOn: dayString.optional().describe('defaults to today'),
  })
  .strict();

type Detail = InvoiceDetail;
const presentPayment = (p: Payment & { reversed?: boolean }) => ({
  id: p.id,
  invoiceId: p.invoice_id,
  amountCents: p.amount_cents,
  method: p.method,
  reference: p.reference,
  receivedOn: p.received_on,
  reversesPaymentId: p.reverses_payment_id,
  ...(p.reversed === undefined ? {} : { reversed: p.reversed }),
  reason: p.reason,
  createdAt: p.created_at.toISOString(),
});
const presentRow = (r: Omit<InvoiceRow, 'organization_name'> & { organization_name: string | null }) => ({
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
});

export async function billingApiRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const finance = { access: access.staff('finance') };
  const today = () => dayOf(deps.clock.now());
  const actor = (req: FastifyRequest) => {
    if (!req.principal) throw new AppError('unauthenticated');
    return req.principal.userId;
  };
  const presentDetail = (d: Detail) => {
    const i = d.invoice;
    return {
      ...presentRow({ ...i, overdue: (i.status === 'issued' || i.status === 'partially_paid') && !!i.due_on && i.due_on < today() }),
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
  const detailOf = async (id: string) => {
    const d = await getInvoiceDetail(deps.db, id);
    if (!d) throw new AppError('not_found', { message: 'There is no such invoice.' });
    return presentDetail(d);
  };
  /** The core names the amount field `amount` (as on the form); here it is `amountCents`. */
  const apiFields = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if (err instanceof AppError && err.fields?.amount) {
        const { amount, ...rest } = err.fields;
        throw new AppError(err.code, { status: err.status, message: err.message, fields: { ...rest, amountCents: amount } });
      }
      throw err;
    }
  };

  app.get(
    '/api/v1/invoices',
    {
      config: finance,
      schema: {
        tags,
        summary: 'Invoices, filtered, sorted and paged (finance staff)',
        querystring: invoiceFilters,
        response: { 200: z.object({ invoices: z.array(invoiceSummary), nextPage: z.number().nullable() }), 400: errorShape },
      },
    },
    async (req) => {
      const range = rangeErrors(req.query.issuedFrom, req.query.issuedTo, 'issuedTo');
      if (Object.keys(range).length) throw fieldError(range);
      const r = await listInvoices(deps.db, req.query, today());
      return { invoices: r.rows.map(presentRow), nextPage: r.hasNext ? r.page + 1 : null };
    },
  );

  app.get(
    '/api/v1/invoices/:id',
    {
      config: finance,
      schema: { tags, summary: 'One invoice with its lines, payments and credit notes (finance staff)', params: idParams, response: { 200: invoiceDetail, 404: errorShape } },
    },
    async (req) => detailOf(req.params.id),
  );

  app.post(
    '/api/v1/invoices',
    {
      config: finance,
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
      const invoice = await createInvoice(deps, {
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

  app.post(
    '/api/v1/invoices/:id/payments',
    {
      config: finance,
      preValidation: async (req) => {
        const key = req.headers['idempotency-key'];
        if (typeof key !== 'string' || key.trim() === '') {
          throw new AppError('validation_failed', {
            message: 'Send an Idempotency-Key header (a unique value per payment, such as a UUID), so that a retried request records the payment once.',
            fields: { 'Idempotency-Key': 'Required.' },
          });
        }
        if (key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
          throw new AppError('validation_failed', { message: 'The Idempotency-Key header must be 1 to 200 visible ASCII characters.', fields: { 'Idempotency-Key': 'Invalid.' } });
        }
      },
      schema: {
        tags,
        summary: 'Record a check, ACH or wire payment (finance staff)',
        description:
          'Requires an `Idempotency-Key` header. The same key with the same body replays the first result with 200 and records nothing; with a different body it is refused with 409. ' +
          'A payment larger than the balance due is refused with 400 naming the balance; a void invoice cannot be paid (409).',
        params: idParams,
        headers: z.object({ 'idempotency-key': z.string().max(200).optional().describe('required: a unique value per payment') }),
        body: paymentBody,
        response: {
          201: z.object({ payment: paymentShape, invoice: invoiceSummary, replayed: z.boolean(), membershipActivated: z.boolean() }),
          200: z.object({ payment: paymentShape, invoice: invoiceSummary, replayed: z.boolean(), membershipActivated: z.boolean() }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.receivedOn && b.receivedOn > today()) throw fieldError({ receivedOn: 'The date received cannot be in the future.' });
      const key = `api:${String(req.headers['idempotency-key'])}`;
      const r = await apiFields(() =>
        recordPayment(deps, {
          invoiceId: req.params.id,
          amountCents: b.amountCents,
          method: b.method,
          reference: b.reference,
          receivedOn: b.receivedOn,
          idempotencyKey: key,
          actorUserId: actor(req),
          requestId: req.id,
        }),
      );
      const p = r.payment;
      if (r.replayed && (p.method !== b.method || p.reference !== b.reference || (b.receivedOn !== undefined && p.received_on !== b.receivedOn))) {
        throw new AppError('billing.idempotency_conflict', { status: 409, message: 'This idempotency key was already used for a different payment.' });
      }
      const invoice = r.invoice as Invoice;
      const balance = invoice.status === 'void' ? 0 : invoice.total_cents - invoice.credited_cents - invoice.paid_cents;
      const org = invoice.organization_id ? await deps.db.selectFrom('organizations').select('name').where('id', '=', invoice.organization_id).executeTakeFirst() : undefined;
      return reply.code(r.replayed ? 200 : 201).send({
        payment: presentPayment(p),
        invoice: presentRow({
          ...invoice,
          organization_name: org?.name ?? invoice.bill_to_name,
          balance_cents: balance,
          overdue: (invoice.status === 'issued' || invoice.status === 'partially_paid') && !!invoice.due_on && invoice.due_on < today(),
        }),
        replayed: r.replayed,
        membershipActivated: r.activatedMembershipId !== null,
      });
    },
  );

  app.post(
    '/api/v1/payments/:id/reversal',
    {
      config: finance,
      schema: {
        tags,
        summary: 'Reverse a payment, such as a bounced check (finance staff)',
        description: 'Adds a new, negative payment that points at the original; the original is never changed. The invoice goes back to issued or partially paid.',
        params: idParams,
        body: z.object({ reason: reasonField }).strict(),
        response: { 201: z.object({ reversal: paymentShape, invoice: invoiceDetail }), ...errors },
      },
    },
    async (req, reply) => {
      const reversal = await reverse(deps, { paymentId: req.params.id, reason: req.body.reason, actorUserId: actor(req), requestId: req.id });
      return reply.code(201).send({ reversal: presentPayment(reversal), invoice: await detailOf(reversal.invoice_id) });
    },
  );

  app.post(
    '/api/v1/invoices/:id/void',
    {
      config: finance,
      schema: {
        tags,
        summary: 'Void an invoice with nothing paid on it (finance staff)',
        description: 'The invoice keeps its number and can no longer be paid.',
        params: idParams,
        body: z.object({ reason: reasonField }).strict(),
        response: { 200: invoiceDetail, ...errors },
      },
    },
    async (req) => {
      await voidById(deps, { invoiceId: req.params.id, reason: req.body.reason, actorUserId: actor(req), requestId: req.id });
      return detailOf(req.params.id);
    },
  );

  app.post(
    '/api/v1/invoices/:id/credit-notes',
    {
      config: finance,
      schema: {
        tags,
        summary: 'Add a credit note that lowers what is owed (finance staff)',
        params: idParams,
        body: z.object({ amountCents: z.number().int().min(1).max(1_000_000_000_00), reason: reasonField }).strict(),
        response: { 201: invoiceDetail, ...errors },
      },
    },
    async (req, reply) => {
      await apiFields(() => credit(deps, { invoiceId: req.params.id, amountCents: req.body.amountCents, reason: req.body.reason, actorUserId: actor(req), requestId: req.id }));
      return reply.code(201).send(await detailOf(req.params.id));
    },
  );

  app.get(
    '/api/v1/payments',
    {
      config: finance,
      schema: {
        tags,
        summary: 'Payments and reversals, filtered and paged (finance staff)',
        querystring: paymentFilters,
        response: {
          200: z.object({
            payments: z.array(paymentShape.extend({ invoiceNumber: z.string().nullable(), organizationName: z.string().nullable() })),
            nextPage: z.number().nullable(),
          }),
          400: errorShape,
        },
      },
    },
    async (req) => {
      const range = rangeErrors(req.query.from, req.query.to, 'to');
      if (Object.keys(range).length) throw fieldError(range);
      const r = await listPayments(deps.db, req.query);
      return {
        payments: r.rows.map((p) => ({
          id: p.id,
          invoiceId: p.invoice_id,
          amountCents: p.amount_cents,
          method: p.method,
          reference: p.reference,
          receivedOn: p.received_on,
          reversesPaymentId: p.reverses_payment_id,
          reason: p.reason,
          createdAt: p.created_at.toISOString(),
          invoiceNumber: p.invoice_number,
          organizationName: p.organization_name,
        })),
        nextPage: r.hasNext ? r.page + 1 : null,
      };
    },
  );

  app.get(
    '/api/v1/receivables/ageing',
    {
      config: finance,
      schema: {
        tags,
        summary: 'Open balances by days past due, per organization and in all (finance staff)',
        description: 'Buckets: current (not yet due), 1–30, 31–60, 61–90 and over 90 days past the due date, as of today.',
        querystring: ageingFilters,
        response: {
          200: z.object({
            asOf: z.string(),
            totals: bucketsShape,
            organizations: z.array(bucketsShape.extend({ organizationId: z.string().nullable(), userId: z.string().nullable(), name: z.string() })),
            nextPage: z.number().nullable(),
          }),
          400: errorShape,
        },
      },
    },
    async (req) => {
      const r = await ageing(deps.db, today(), req.query);
      const buckets = (b: (typeof r)['totals']) => ({
        currentCents: b.current_cents,
        days1to30Cents: b.d1_30_cents,
        days31to60Cents: b.d31_60_cents,
        days61to90Cents: b.d61_90_cents,
        over90Cents: b.over90_cents,
        totalCents: b.total_cents,
        invoices: b.invoices,
      });
      return {
        asOf: r.asOf,
        totals: buckets(r.totals),
        organizations: r.rows.map((row) => ({ organizationId: row.organization_id, userId: row.user_id, name: row.name, ...buckets(row) })),
        nextPage: r.hasNext ? r.page + 1 : null,
      };
    },
  );
}

// JSON API of billing for finance staff, the money: offline payments with a required
// Idempotency-Key, reversals, void, refunds and credit notes, each answering with the invoice as it
// is after; then the reports across invoices: payments and reversals, and the receivables ageing.
// Registered right after api-routes.ts's invoices (the OpenAPI document's order). Amounts are
// integer cents (`amountCents`, `totalCents`, …).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Invoice } from '../../db/types.js';
import { access } from '../../lib/access.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { requireIdempotencyKey } from '../../lib/idempotency-key.js';
import { today as todayIn } from '../../lib/today.js';
import { actor, apiFields, errors, invoiceDetailOf, presentPayment, presentRow, tags } from './api-routes.js';
import * as finance from './finance.js';
import { ageing, listPayments, organizationName } from './queries.js';
import {
  ageingFilters,
  ageingReport,
  creditNoteBody,
  errorShape,
  idParams,
  invoiceDetail,
  paymentBody,
  paymentFilters,
  paymentHeaders,
  paymentList,
  paymentResponses,
  rangeErrors,
  reasonBody,
  refundBody,
  refundResult,
  reversalResult,
} from './schemas.js';

const REFUND_KEY =
  'Send an Idempotency-Key header of 1 to 200 visible ASCII characters (a unique value per refund, such as a UUID), so that a retried request records the refund once.';

export async function billingPaymentApiRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const financeStaff = { access: access.staff('finance') };
  const today = () => todayIn(deps);
  const detailOf = invoiceDetailOf(deps);

  app.post(
    '/api/v1/invoices/:id/payments',
    {
      config: financeStaff,
      preValidation: requireIdempotencyKey('Send an Idempotency-Key header (a unique value per payment, such as a UUID), so that a retried request records the payment once.'),
      schema: {
        tags,
        summary: 'Record a check, ACH or wire payment (finance staff)',
        description:
          'Requires an `Idempotency-Key` header. The same key with the same body replays the first result with 200 and records nothing; with a different body it is refused with 409. ' +
          'A payment larger than the balance due is refused with 400 naming the balance; a void invoice cannot be paid (409).',
        params: idParams,
        headers: paymentHeaders,
        body: paymentBody,
        response: { ...paymentResponses, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.receivedOn && b.receivedOn > (await today())) throw fieldError({ receivedOn: 'The date received cannot be in the future.' });
      const key = `api:${String(req.headers['idempotency-key'])}`;
      const r = await apiFields(() =>
        finance.applyPayment(deps, {
          invoiceId: req.params.id,
          amountCents: b.amountCents,
          method: b.method,
          reference: b.reference,
          receivedOn: b.receivedOn,
          receivedBeforeIssue: b.receivedBeforeIssue === true,
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
      const orgName = invoice.organization_id ? await organizationName(deps.db, invoice.organization_id) : undefined;
      return reply.code(r.replayed ? 200 : 201).send({
        payment: presentPayment(p),
        invoice: presentRow({
          ...invoice,
          organization_name: orgName ?? invoice.bill_to_name,
          balance_cents: balance,
          overdue: (invoice.status === 'issued' || invoice.status === 'partially_paid') && !!invoice.due_on && invoice.due_on < (await today()),
        }),
        replayed: r.replayed,
        membershipActivated: r.activatedMembershipId !== null,
      });
    },
  );

  app.post(
    '/api/v1/payments/:id/reversal',
    {
      config: financeStaff,
      schema: {
        tags,
        summary: 'Reverse a payment, such as a bounced check (finance staff)',
        description: 'Adds a new, negative payment that points at the original; the original is never changed. The invoice goes back to issued or partially paid.',
        params: idParams,
        body: reasonBody,
        response: { 201: reversalResult, ...errors },
      },
    },
    async (req, reply) => {
      const reversal = await finance.reversePayment(deps, { paymentId: req.params.id, reason: req.body.reason, actorUserId: actor(req), requestId: req.id });
      return reply.code(201).send({ reversal: presentPayment(reversal), invoice: await detailOf(reversal.invoice_id) });
    },
  );

  app.post(
    '/api/v1/invoices/:id/void',
    {
      config: financeStaff,
      schema: {
        tags,
        summary: 'Void an invoice with nothing paid on it (finance staff)',
        description: 'The invoice keeps its number and can no longer be paid.',
        params: idParams,
        body: reasonBody,
        response: { 200: invoiceDetail, ...errors },
      },
    },
    async (req) => {
      await finance.voidInvoice(deps, { invoiceId: req.params.id, reason: req.body.reason, actorUserId: actor(req), requestId: req.id });
      return detailOf(req.params.id);
    },
  );

  app.post(
    '/api/v1/invoices/:id/refunds',
    {
      config: financeStaff,
      preValidation: requireIdempotencyKey(REFUND_KEY, { message: REFUND_KEY, field: 'Required.' }),
      schema: {
        tags,
        summary: 'Record a refund of money paid on an invoice (finance staff)',
        description:
          'Records money paid back to the payer (pay it first: a check, a transfer, or the refund in the card processor). At most what is paid on the invoice. ' +
          'What the invoice is not already in credit for is credited first, so it never owes more than before. Requires an `Idempotency-Key` header: the same key replays with 200.',
        params: idParams,
        headers: paymentHeaders,
        body: refundBody,
        response: { 200: refundResult, 201: refundResult, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const r = await apiFields(() =>
        finance.recordRefund(deps, {
          invoiceId: req.params.id,
          amountCents: b.amountCents,
          method: b.method,
          reference: b.reference,
          refundedOn: b.refundedOn,
          reason: b.reason,
          idempotencyKey: `api-refund:${String(req.headers['idempotency-key'])}`,
          actorUserId: actor(req),
          requestId: req.id,
        }),
      );
      return reply
        .code(r.replayed ? 200 : 201)
        .send({ refund: presentPayment(r.refund), creditedCents: r.creditedCents, replayed: r.replayed, invoice: await detailOf(req.params.id) });
    },
  );

  app.post(
    '/api/v1/invoices/:id/credit-notes',
    {
      config: financeStaff,
      schema: {
        tags,
        summary: 'Add a credit note that lowers what is owed (finance staff)',
        params: idParams,
        body: creditNoteBody,
        response: { 201: invoiceDetail, ...errors },
      },
    },
    async (req, reply) => {
      await apiFields(() =>
        finance.addCreditNote(deps, { invoiceId: req.params.id, amountCents: req.body.amountCents, reason: req.body.reason, actorUserId: actor(req), requestId: req.id }),
      );
      return reply.code(201).send(await detailOf(req.params.id));
    },
  );

  app.get(
    '/api/v1/payments',
    {
      config: financeStaff,
      schema: {
        tags,
        summary: 'Payments and reversals, filtered and paged (finance staff)',
        querystring: paymentFilters,
        response: { 200: paymentList, 400: errorShape },
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
          refund: p.refund,
          reason: p.reason,
          createdAt: p.created_at.toISOString(),
          invoiceNumber: p.invoice_number,
          organizationName: p.organization_name,
        })),
        nextPage: r.hasNext ? r.page + 1 : null,
      };
    },
  );

  // The report's address until 2026-12 said 'ageing'; it answers there still, marked deprecated,
  // for clients written before.
  for (const [url, deprecated] of [
    ['/api/v1/receivables/aging', false],
    ['/api/v1/receivables/ageing', true],
  ] as const) {
    app.get(
      url,
      {
        config: financeStaff,
        schema: {
          tags,
          summary: 'Open balances by days past due, per organization and in all (finance staff)',
          description: `Buckets: current (not yet due), 1–30, 31–60, 61–90 and over 90 days past the due date, as of today.${deprecated ? ' The same as `GET /api/v1/receivables/aging`, the address to use.' : ''}`,
          ...(deprecated ? { deprecated: true } : {}),
          querystring: ageingFilters,
          response: { 200: ageingReport, 400: errorShape },
        },
      },
      async (req) => {
        const r = await ageing(deps.db, await today(), req.query);
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
}

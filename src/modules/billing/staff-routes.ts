// Finance staff pages: invoices with filters and CSV, one invoice with its payment, reversal,
// credit-note and void forms, and a new invoice by hand. Payments and the receivables ageing
// report are staff-ledger-routes.ts; the JSON API for the same work is api-routes.ts.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { centsToDecimal, sendAuditedCsvStream } from '../../lib/csv.js';
import { AppError, type FieldErrors, fieldError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { cardPaymentsEnabled } from '../../lib/stripe.js';
import { today as todayIn } from '../../lib/today.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { billToDefaults } from './addressee.js';
import { isDay, receivedBeforeIssue } from './dates.js';
import { streamInvoices } from './exports.js';
import * as finance from './finance.js';
import { EARLY_PAYMENT_BOX, formatDay, PURPOSE_LABELS, STAFF_METHOD_LABELS, staffStatus } from './format.js';
import { findPayment, getInvoiceDetail, invoiceIssuedOn, listInvoices, organizationOptions } from './queries.js';
import {
  creditForm,
  idParams,
  invoiceFilters,
  newInvoiceForm,
  newInvoiceQuery,
  paymentForm,
  queryErrors,
  rangeErrors,
  refundForm,
  reverseForm,
  voidForm,
  withoutEmpty,
} from './schemas.js';
import { ReversePaymentPage, VoidInvoicePage } from './staff-confirm-views.js';
import { InvoicePage, NewInvoicePage } from './staff-invoice-views.js';
import { InvoicesPage } from './staff-views.js';

class StaleForm extends Error {
  constructor() {
    super('This form was already used to record a different payment. Check the payments below, then enter the new payment in this fresh form.');
  }
}

function parseId(params: unknown, what: string): string {
  const p = idParams.safeParse(params);
  if (!p.success) throw new AppError('not_found', { message: `There is no such ${what}.` });
  return p.data.id;
}

export async function billingStaffRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const financeStaff = { access: access.staff('finance') };
  const today = () => todayIn(deps);
  const actor = (req: FastifyRequest) => {
    if (!req.principal) throw new AppError('unauthenticated');
    return req.principal.userId;
  };

  function parseInvoiceFilters(query: unknown) {
    const raw = withoutEmpty(query);
    const parsed = invoiceFilters.safeParse(raw);
    const errors = parsed.success ? rangeErrors(parsed.data.issuedFrom, parsed.data.issuedTo, 'issuedTo') : queryErrors(parsed.error.issues);
    return { raw, filters: parsed.success ? parsed.data : {}, errors };
  }

  // Invoices

  app.get('/staff/invoices', { config: financeStaff }, async (req, reply) => {
    const { raw, filters, errors } = parseInvoiceFilters(req.query);
    const ok = Object.keys(errors).length === 0;
    const result = await listInvoices(deps.db, ok ? filters : {}, await today());
    return sendPage(reply, InvoicesPage({ ctx: await pageContext(req, reply), filters: ok ? filters : {}, raw, errors, result }), ok ? 200 : 400);
  });

  app.get('/staff/invoices.csv', { config: financeStaff }, async (req, reply) => {
    const { filters, errors } = parseInvoiceFilters(req.query);
    if (Object.keys(errors).length) throw fieldError(errors, 'The filters of this export need attention.');
    return sendAuditedCsvStream(
      reply,
      deps.db,
      { now: () => deps.clock.now(), actorUserId: req.principal?.userId ?? null, requestId: req.id, name: 'invoices', filters },
      ['Number', 'Status', 'Overdue', 'For', 'Organization', 'Bill to', 'Bill to email', 'PO number', 'Issued', 'Due', 'Total', 'Paid', 'Credited', 'Balance due'],
      streamInvoices(deps.db, filters, await today()),
      (r) => [
        r.number,
        staffStatus({ status: r.status, totalCents: r.total_cents, creditedCents: r.credited_cents }),
        r.overdue ? 'yes' : 'no',
        PURPOSE_LABELS[r.purpose],
        r.organization_name,
        r.bill_to_name,
        r.bill_to_email,
        r.po_number,
        r.issued_on,
        r.due_on,
        centsToDecimal(r.total_cents),
        centsToDecimal(r.paid_cents),
        centsToDecimal(r.credited_cents),
        centsToDecimal(r.balance_cents),
      ],
    );
  });

  async function newInvoicePage(req: FastifyRequest, reply: FastifyReply, values: Record<string, string>, status = 200, errors?: FieldErrors, message?: string) {
    const organizations = await organizationOptions(deps.db);
    return sendPage(reply, NewInvoicePage({ ctx: await pageContext(req, reply), organizations, values, errors, message }), status);
  }

  app.get('/staff/invoices/new', { config: financeStaff }, async (req, reply) => {
    const q = newInvoiceQuery.safeParse(withoutEmpty(req.query));
    const values: Record<string, string> = { purpose: 'membership' };
    const orgId = q.success ? q.data.organizationId : undefined;
    if (orgId) {
      const d = await billToDefaults(deps.db, orgId);
      if (d) Object.assign(values, { organizationId: orgId, po_number: d.poNumber, bill_to_name: d.name, bill_to_email: d.email, bill_to_address: d.address });
    }
    return newInvoicePage(req, reply, values);
  });

  app.post('/staff/invoices', { config: financeStaff }, async (req, reply) => {
    const form = parseForm(newInvoiceForm, req.body);
    if (!form.ok) return newInvoicePage(req, reply, form.values, 400, form.errors);
    const f = form.data;
    try {
      const invoice = await finance.issueInvoice(deps, {
        organizationId: f.organizationId,
        purpose: f.purpose,
        lines: [{ description: f.description, quantity: 1, unitCents: f.amount }],
        poNumber: f.po_number,
        billTo: { name: f.bill_to_name, email: f.bill_to_email, address: f.bill_to_address },
        actorUserId: actor(req),
        requestId: req.id,
      });
      setFlash(
        reply,
        `Invoice ${invoice.number} for ${formatCents(invoice.total_cents)} issued${invoice.bill_to_email ? ` and emailed to ${invoice.bill_to_email}` : ' (no bill-to email: nothing was sent)'}.`,
      );
      return reply.redirect(`/staff/invoices/${invoice.id}`, 303);
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (errors) return newInvoicePage(req, reply, formValues(req.body), 400, errors);
      if (err instanceof AppError && err.status === 409) return newInvoicePage(req, reply, formValues(req.body), 409, undefined, err.message);
      throw err;
    }
  });

  /** The invoice page, with a form's errors or a refusal when a post did not go through. */
  async function invoicePage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    opts: { status?: number; errors?: FieldErrors; message?: string; values?: Record<string, string> } = {},
  ) {
    const detail = await getInvoiceDetail(deps.db, id);
    if (!detail) throw new AppError('not_found', { message: 'There is no such invoice.' });
    const key = opts.values?.idempotency_key;
    const forms = {
      errors: opts.errors,
      message: opts.message,
      values: opts.values,
      // A failed post recorded nothing, so its key may be sent again; a fresh page gets a new one.
      idempotencyKey: key && z.uuid().safeParse(key).success ? key : randomUUID(),
      refundKey: opts.values?.refund_key && z.uuid().safeParse(opts.values.refund_key).success ? opts.values.refund_key : randomUUID(),
      today: await today(),
      card: cardPaymentsEnabled(deps.config),
    };
    return sendPage(reply, InvoicePage({ ctx: await pageContext(req, reply), detail, forms }), opts.status ?? 200);
  }

  // Membership staff read an invoice too (they issue them from an organization's record): the page
  // shows them no form, and every change below stays finance staff's.
  app.get('/staff/invoices/:id', { config: { access: access.staff('finance', 'membership') } }, async (req, reply) => invoicePage(req, reply, parseId(req.params, 'invoice')));

  /** Runs a form's change; field errors and refusals re-render the invoice page, success redirects. */
  async function act(req: FastifyRequest, reply: FastifyReply, invoiceId: string, run: () => Promise<string>, mapFields: (f: FieldErrors) => FieldErrors = (f) => f) {
    try {
      setFlash(reply, await run());
      return reply.redirect(`/staff/invoices/${invoiceId}`, 303);
    } catch (err) {
      if (err instanceof StaleForm) {
        const { idempotency_key: _used, refund_key: _usedRefund, ...values } = formValues(req.body);
        return invoicePage(req, reply, invoiceId, { status: 409, message: err.message, values });
      }
      const values = formValues(req.body);
      const errors = fieldErrorsOf(err);
      if (errors && err instanceof AppError)
        return invoicePage(req, reply, invoiceId, { status: 400, errors: mapFields(errors), values, message: err.code === 'validation_failed' ? undefined : err.message });
      if (err instanceof AppError && (err.status === 409 || err.status === 400)) return invoicePage(req, reply, invoiceId, { status: err.status, message: err.message, values });
      throw err;
    }
  }

  /** The early-payment box is on the page only under a day before the invoice's issue day: an error
   * of a box that was not shown (a forged or stale post) is said beside the date received, which is
   * what it is about: too early to believe, or not before the issue day at all. */
  async function beside(invoiceId: string, errors: FieldErrors, receivedOn: string | undefined): Promise<FieldErrors> {
    if (!errors.received_before_issue) return errors;
    const issuedOn = await invoiceIssuedOn(deps.db, invoiceId);
    const early = receivedOn && isDay(receivedOn) ? receivedBeforeIssue(receivedOn, issuedOn) : null;
    if (early === 'confirm') return errors;
    const { received_before_issue: _notShown, ...rest } = errors;
    if (rest.received_on || early === null) return { ...rest, received_on: rest.received_on ?? 'Enter the day the payment reached you.' };
    return {
      ...rest,
      received_on:
        early === 'too_early'
          ? finance.tooEarlyText(issuedOn)
          : `The form was sent with the box “${EARLY_PAYMENT_BOX}”, but this day is not before the invoice was issued${issuedOn ? ` (${formatDay(issuedOn)})` : ''}. Check the date received.`,
    };
  }

  app.post('/staff/invoices/:id/payments', { config: financeStaff }, async (req, reply) => {
    const id = parseId(req.params, 'invoice');
    const form = parseForm(paymentForm, req.body);
    if (!form.ok) return invoicePage(req, reply, id, { status: 400, errors: await beside(id, form.errors, form.values.received_on), values: form.values });
    const f = form.data;
    if (f.received_on && f.received_on > (await today())) {
      return invoicePage(req, reply, id, { status: 400, errors: { received_on: 'The date received cannot be in the future.' }, values: formValues(req.body) });
    }
    return act(req, reply, id, async () => {
      const r = await finance
        .applyPayment(deps, {
          invoiceId: id,
          amountCents: f.amount,
          method: f.method,
          reference: f.reference,
          receivedOn: f.received_on,
          receivedBeforeIssue: f.received_before_issue === 'yes',
          idempotencyKey: `form:${f.idempotency_key}`,
          actorUserId: actor(req),
          requestId: req.id,
        })
        .catch((err: unknown) => {
          // A form sent again from an old page (after Back) with other values: start afresh.
          if (err instanceof AppError && err.code === 'billing.idempotency_conflict') throw new StaleForm();
          // A day shortly before the issue day: the page shows a box to confirm it under the field.
          if (err instanceof AppError && err.code === 'billing.received_before_issue' && err.fields?.received_on) {
            throw fieldError({ received_on: `${err.fields.received_on} If it really arrived first, tick the box below the date.` });
          }
          throw err;
        });
      if (r.replayed) return 'That payment was already recorded (the form was sent twice). Nothing changed.';
      const balance = r.invoice.total_cents - r.invoice.credited_cents - r.invoice.paid_cents;
      return `${STAFF_METHOD_LABELS[f.method]} payment of ${formatCents(f.amount)} recorded. ${
        balance === 0 ? 'The invoice is paid in full.' : `Balance due: ${formatCents(balance)}.`
      }${r.activatedMembershipId ? ' The membership is now active and a welcome email is on its way.' : ''}`;
    });
  });

  /** The invoice's detail for a confirmation page, or a 404. */
  async function detailOf(id: string) {
    const detail = await getInvoiceDetail(deps.db, id);
    if (!detail) throw new AppError('not_found', { message: 'There is no such invoice.' });
    return detail;
  }
  async function paymentOf(params: unknown) {
    const paymentId = parseId(params, 'payment');
    const payment = await findPayment(deps.db, paymentId);
    if (!payment) throw new AppError('not_found', { message: 'There is no such payment.' });
    return payment;
  }

  // Reversing a payment and voiding an invoice: a GET confirmation page, then the POST from it.
  app.get('/staff/payments/:id/reverse', { config: financeStaff }, async (req, reply) => {
    const payment = await paymentOf(req.params);
    const detail = await detailOf(payment.invoice_id);
    return sendPage(reply, ReversePaymentPage({ ctx: await pageContext(req, reply), detail, paymentId: payment.id }));
  });

  app.post('/staff/payments/:id/reverse', { config: financeStaff }, async (req, reply) => {
    const payment = await paymentOf(req.params);
    const paymentId = payment.id;
    const form = parseForm(reverseForm, req.body);
    if (!form.ok) {
      const detail = await detailOf(payment.invoice_id);
      return sendPage(reply, ReversePaymentPage({ ctx: await pageContext(req, reply), detail, paymentId, errors: form.errors, values: form.values }), 400);
    }
    return act(req, reply, payment.invoice_id, async () => {
      const reversal = await finance.reversePayment(deps, { paymentId, reason: form.data.reason, actorUserId: actor(req), requestId: req.id });
      return `Payment reversed: ${formatCents(-reversal.amount_cents)} is owed again.`;
    });
  });

  app.get('/staff/invoices/:id/void', { config: financeStaff }, async (req, reply) => {
    const detail = await detailOf(parseId(req.params, 'invoice'));
    if (detail.invoice.status === 'void') return reply.redirect(`/staff/invoices/${detail.invoice.id}`, 303);
    return sendPage(reply, VoidInvoicePage({ ctx: await pageContext(req, reply), detail }));
  });

  app.post('/staff/invoices/:id/void', { config: financeStaff }, async (req, reply) => {
    const id = parseId(req.params, 'invoice');
    const form = parseForm(voidForm, req.body);
    if (!form.ok) return sendPage(reply, VoidInvoicePage({ ctx: await pageContext(req, reply), detail: await detailOf(id), errors: form.errors, values: form.values }), 400);
    return act(req, reply, id, async () => {
      const invoice = await finance.voidInvoice(deps, { invoiceId: id, reason: form.data.void_reason, actorUserId: actor(req), requestId: req.id });
      return `Invoice ${invoice.number} is void. It keeps its number and can no longer be paid.`;
    });
  });

  app.post('/staff/invoices/:id/public-link', { config: financeStaff }, async (req, reply) => {
    const id = parseId(req.params, 'invoice');
    return act(req, reply, id, async () => {
      const invoice = await finance.rotatePublicToken(deps, { invoiceId: id, actorUserId: actor(req), requestId: req.id });
      return `Invoice ${invoice.number} has a new public link, shown below. The old link no longer works: send the new one to whoever needs it.`;
    });
  });

  app.post('/staff/invoices/:id/credit-notes', { config: financeStaff }, async (req, reply) => {
    const id = parseId(req.params, 'invoice');
    const form = parseForm(creditForm, req.body);
    if (!form.ok) return invoicePage(req, reply, id, { status: 400, errors: form.errors, values: form.values });
    return act(
      req,
      reply,
      id,
      async () => {
        const invoice = await finance.addCreditNote(deps, {
          invoiceId: id,
          amountCents: form.data.credit_amount,
          reason: form.data.credit_reason,
          actorUserId: actor(req),
          requestId: req.id,
        });
        return `Credit note of ${formatCents(form.data.credit_amount)} added. Balance due: ${formatCents(invoice.total_cents - invoice.credited_cents - invoice.paid_cents)}.`;
      },
      (f) => (f.amount ? { credit_amount: f.amount } : f),
    );
  });

  app.post('/staff/invoices/:id/refunds', { config: financeStaff }, async (req, reply) => {
    const id = parseId(req.params, 'invoice');
    const form = parseForm(refundForm, req.body);
    if (!form.ok) return invoicePage(req, reply, id, { status: 400, errors: form.errors, values: form.values });
    const f = form.data;
    return act(
      req,
      reply,
      id,
      async () => {
        const r = await finance
          .recordRefund(deps, {
            invoiceId: id,
            amountCents: f.refund_amount,
            method: f.refund_method,
            reference: f.refund_reference,
            refundedOn: f.refunded_on,
            reason: f.refund_reason,
            idempotencyKey: `refund-form:${f.refund_key}`,
            actorUserId: actor(req),
            requestId: req.id,
          })
          .catch((err: unknown) => {
            if (err instanceof AppError && err.code === 'billing.idempotency_conflict') throw new StaleForm();
            throw err;
          });
        if (r.replayed) return 'That refund was already recorded (the form was sent twice). Nothing changed.';
        return `Refund of ${formatCents(f.refund_amount)} recorded${r.creditedCents ? `, with a credit note of ${formatCents(r.creditedCents)}` : ''}. ${
          r.invoice.bill_to_email ? `${r.invoice.bill_to_email} is told by email.` : ''
        }`.trim();
      },
      (fields) => {
        const { amount, reason, refunded_on, ...rest } = fields;
        return { ...rest, ...(amount ? { refund_amount: amount } : {}), ...(reason ? { refund_reason: reason } : {}), ...(refunded_on ? { refunded_on } : {}) };
      },
    );
  });
}

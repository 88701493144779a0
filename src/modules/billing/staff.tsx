// Finance staff pages: invoices with filters and CSV, one invoice with its payment, reversal,
// credit-note and void forms, a new invoice by hand, payments, and the receivables ageing report.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { auditExport } from '../../lib/audit.js';
import { centsToDecimal, sendCsv, toCsv } from '../../lib/csv.js';
import { AppError, type FieldErrors, fieldError } from '../../lib/errors.js';
import { DollarsError, formatCents, parseDollars } from '../../lib/money.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { billingApiRoutes } from './api.js';
import { dayOf } from './dates.js';
import { billToDefaults, createInvoice, credit, recordPayment, reverse, rotatePublicToken, voidById } from './finance.js';
import {
  AGEING_BUCKETS,
  ageing,
  ageingFilters,
  getInvoiceDetail,
  INVOICE_PURPOSES,
  invoiceFilters,
  listInvoices,
  listPayments,
  METHOD_LABELS,
  OFFLINE_METHODS,
  organizationOptions,
  PURPOSE_LABELS,
  paymentFilters,
  rangeErrors,
  STATUS_LABELS,
  withoutEmpty,
} from './receivables.js';
import { InvoicePage, InvoicesPage, NewInvoicePage, PaymentsPage, ReceivablesPage } from './staff-views.js';

/** A dollar amount typed in a form, as integer cents greater than zero. */
export const dollarsField = (what = 'an amount') =>
  z.string({ error: `Enter ${what} in dollars, like 1,200.50.` }).transform((s, ctx) => {
    try {
      const cents = parseDollars(s);
      if (cents > 0) return cents;
      ctx.addIssue({ code: 'custom', message: `Enter ${what} greater than zero.` });
    } catch (err) {
      if (!(err instanceof DollarsError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
    }
    return z.NEVER;
  });
const day = z.iso.date('Enter the date as YYYY-MM-DD.');
const reason = (what: string) =>
  z
    .string({ error: `Give the reason ${what}.` })
    .trim()
    .min(3, `Give the reason ${what}.`)
    .max(500, 'Use at most 500 characters.');

const paymentForm = z.object({
  amount: dollarsField(),
  method: z.enum(OFFLINE_METHODS, { error: 'Choose check, ACH or wire.' }),
  reference: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
  received_on: z.preprocess((v) => (v === '' ? undefined : v), day.optional()),
  idempotency_key: z.uuid({ error: 'This form has expired. Reload the page and enter the payment again.' }),
});
const reverseForm = z.object({ reason: reason('for reversing, like “check returned unpaid”') });
const voidForm = z.object({ void_reason: reason('for voiding') });
const creditForm = z.object({ credit_amount: dollarsField('the value of the credit'), credit_reason: reason('for the credit') });
const optionalText = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`).default('');
const newInvoiceForm = z.object({
  organizationId: z.uuid({ error: 'Choose an organization from the list.' }),
  purpose: z.enum(INVOICE_PURPOSES, { error: 'Choose what the invoice is for.' }),
  description: z.string({ error: 'Describe what is billed.' }).trim().min(1, 'Describe what is billed.').max(300, 'Use at most 300 characters.'),
  amount: dollarsField(),
  po_number: optionalText(100),
  bill_to_name: optionalText(200),
  bill_to_email: optionalText(254).refine((v) => v === '' || z.email().safeParse(v).success, 'Enter an email address like ap@city.gov.'),
  bill_to_address: optionalText(1000),
});
const idParams = z.object({ id: z.uuid() });

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

function queryErrors(issues: z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) errors[String(i.path[0])] ??= i.code === 'invalid_value' ? 'Choose one of the listed values.' : i.message;
  return errors;
}

export async function billingStaffRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const finance = { access: access.staff('finance') };
  const today = () => dayOf(deps.clock.now());
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
  function parsePaymentFilters(query: unknown) {
    const raw = withoutEmpty(query);
    const parsed = paymentFilters.safeParse(raw);
    const errors = parsed.success ? rangeErrors(parsed.data.from, parsed.data.to, 'to') : queryErrors(parsed.error.issues);
    return { raw, filters: parsed.success ? parsed.data : {}, errors };
  }

  // Invoices

  app.get('/staff/invoices', { config: finance }, async (req, reply) => {
    const { raw, filters, errors } = parseInvoiceFilters(req.query);
    const ok = Object.keys(errors).length === 0;
    const result = await listInvoices(deps.db, ok ? filters : {}, today());
    return sendPage(reply, InvoicesPage({ ctx: await pageContext(req, reply), filters: ok ? filters : {}, raw, errors, result }), ok ? 200 : 400);
  });

  app.get('/staff/invoices.csv', { config: finance }, async (req, reply) => {
    const { filters, errors } = parseInvoiceFilters(req.query);
    if (Object.keys(errors).length) throw fieldError(errors, 'The filters of this export need attention.');
    const { rows } = await listInvoices(deps.db, filters, today(), { all: true });
    await auditExport(deps.db, { at: deps.clock.now(), actorUserId: req.principal?.userId ?? null, name: 'invoices', rows: rows.length, filters, requestId: req.id });
    const csv = toCsv(
      ['Number', 'Status', 'Overdue', 'For', 'Organization', 'Bill to', 'Bill to email', 'PO number', 'Issued', 'Due', 'Total', 'Paid', 'Credited', 'Balance due'],
      rows.map((r) => [
        r.number,
        STATUS_LABELS[r.status],
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
      ]),
    );
    return sendCsv(reply, `invoices-${today()}.csv`, csv);
  });

  async function newInvoicePage(req: FastifyRequest, reply: FastifyReply, values: Record<string, string>, status = 200, errors?: FieldErrors, message?: string) {
    const organizations = await organizationOptions(deps.db);
    return sendPage(reply, NewInvoicePage({ ctx: await pageContext(req, reply), organizations, values, errors, message }), status);
  }

  app.get('/staff/invoices/new', { config: finance }, async (req, reply) => {
    const q = z.object({ organizationId: z.uuid().optional() }).safeParse(withoutEmpty(req.query));
    const values: Record<string, string> = { purpose: 'membership' };
    const orgId = q.success ? q.data.organizationId : undefined;
    if (orgId) {
      const d = await billToDefaults(deps.db, orgId);
      if (d) Object.assign(values, { organizationId: orgId, po_number: d.poNumber, bill_to_name: d.name, bill_to_email: d.email, bill_to_address: d.address });
    }
    return newInvoicePage(req, reply, values);
  });

  app.post('/staff/invoices', { config: finance }, async (req, reply) => {
    const form = parseForm(newInvoiceForm, req.body);
    if (!form.ok) return newInvoicePage(req, reply, form.values, 400, form.errors);
    const f = form.data;
    try {
      const invoice = await createInvoice(deps, {
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
      today: today(),
    };
    return sendPage(reply, InvoicePage({ ctx: await pageContext(req, reply), detail, forms }), opts.status ?? 200);
  }

  app.get('/staff/invoices/:id', { config: finance }, async (req, reply) => invoicePage(req, reply, parseId(req.params, 'invoice')));

  /** Runs a form's change; field errors and refusals re-render the invoice page, success redirects. */
  async function act(req: FastifyRequest, reply: FastifyReply, invoiceId: string, run: () => Promise<string>, mapFields: (f: FieldErrors) => FieldErrors = (f) => f) {
    try {
      setFlash(reply, await run());
      return reply.redirect(`/staff/invoices/${invoiceId}`, 303);
    } catch (err) {
      if (err instanceof StaleForm) {
        const { idempotency_key: _used, ...values } = formValues(req.body);
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

  app.post('/staff/invoices/:id/payments', { config: finance }, async (req, reply) => {
    const id = parseId(req.params, 'invoice');
    const form = parseForm(paymentForm, req.body);
    if (!form.ok) return invoicePage(req, reply, id, { status: 400, errors: form.errors, values: form.values });
    const f = form.data;
    if (f.received_on && f.received_on > today()) {
      return invoicePage(req, reply, id, { status: 400, errors: { received_on: 'The date received cannot be in the future.' }, values: formValues(req.body) });
    }
    return act(req, reply, id, async () => {
      const r = await recordPayment(deps, {
        invoiceId: id,
        amountCents: f.amount,
        method: f.method,
        reference: f.reference,
        receivedOn: f.received_on,
        idempotencyKey: `form:${f.idempotency_key}`,
        actorUserId: actor(req),
        requestId: req.id,
      }).catch((err: unknown) => {
        // A form sent again from an old page (after Back) with other values: start afresh.
        if (err instanceof AppError && err.code === 'billing.idempotency_conflict') throw new StaleForm();
        throw err;
      });
      if (r.replayed) return 'That payment was already recorded (the form was sent twice). Nothing changed.';
      const balance = r.invoice.total_cents - r.invoice.credited_cents - r.invoice.paid_cents;
      return `${METHOD_LABELS[f.method]} payment of ${formatCents(f.amount)} recorded. ${
        balance === 0 ? 'The invoice is paid in full.' : `Balance due: ${formatCents(balance)}.`
      }${r.activatedMembershipId ? ' The membership is now active and a welcome email is on its way.' : ''}`;
    });
  });

  app.post('/staff/payments/:id/reverse', { config: finance }, async (req, reply) => {
    const paymentId = parseId(req.params, 'payment');
    const payment = await deps.db.selectFrom('payments').select(['id', 'invoice_id']).where('id', '=', paymentId).executeTakeFirst();
    if (!payment) throw new AppError('not_found', { message: 'There is no such payment.' });
    const field = `reason-${paymentId}`;
    const form = parseForm(reverseForm, req.body);
    if (!form.ok)
      return invoicePage(req, reply, payment.invoice_id, {
        status: 400,
        errors: { [field]: form.errors.reason ?? 'Give the reason.' },
        values: { [field]: form.values.reason ?? '' },
      });
    return act(req, reply, payment.invoice_id, async () => {
      const reversal = await reverse(deps, { paymentId, reason: form.data.reason, actorUserId: actor(req), requestId: req.id });
      return `Payment reversed: ${formatCents(-reversal.amount_cents)} is owed again.`;
    });
  });

  app.post('/staff/invoices/:id/void', { config: finance }, async (req, reply) => {
    const id = parseId(req.params, 'invoice');
    const form = parseForm(voidForm, req.body);
    if (!form.ok) return invoicePage(req, reply, id, { status: 400, errors: form.errors, values: form.values });
    return act(req, reply, id, async () => {
      const invoice = await voidById(deps, { invoiceId: id, reason: form.data.void_reason, actorUserId: actor(req), requestId: req.id });
      return `Invoice ${invoice.number} is void. It keeps its number and can no longer be paid.`;
    });
  });

  app.post('/staff/invoices/:id/public-link', { config: finance }, async (req, reply) => {
    const id = parseId(req.params, 'invoice');
    return act(req, reply, id, async () => {
      const invoice = await rotatePublicToken(deps, { invoiceId: id, actorUserId: actor(req), requestId: req.id });
      return `Invoice ${invoice.number} has a new public link, shown below. The old link no longer works: send the new one to whoever needs it.`;
    });
  });

  app.post('/staff/invoices/:id/credit-notes', { config: finance }, async (req, reply) => {
    const id = parseId(req.params, 'invoice');
    const form = parseForm(creditForm, req.body);
    if (!form.ok) return invoicePage(req, reply, id, { status: 400, errors: form.errors, values: form.values });
    return act(
      req,
      reply,
      id,
      async () => {
        const invoice = await credit(deps, { invoiceId: id, amountCents: form.data.credit_amount, reason: form.data.credit_reason, actorUserId: actor(req), requestId: req.id });
        return `Credit note of ${formatCents(form.data.credit_amount)} added. Balance due: ${formatCents(invoice.total_cents - invoice.credited_cents - invoice.paid_cents)}.`;
      },
      (f) => (f.amount ? { credit_amount: f.amount } : f),
    );
  });

  // Payments

  app.get('/staff/payments', { config: finance }, async (req, reply) => {
    const { raw, filters, errors } = parsePaymentFilters(req.query);
    const ok = Object.keys(errors).length === 0;
    const result = await listPayments(deps.db, ok ? filters : {});
    return sendPage(reply, PaymentsPage({ ctx: await pageContext(req, reply), filters: ok ? filters : {}, raw, errors, result }), ok ? 200 : 400);
  });

  app.get('/staff/payments.csv', { config: finance }, async (req, reply) => {
    const { filters, errors } = parsePaymentFilters(req.query);
    if (Object.keys(errors).length) throw fieldError(errors, 'The filters of this export need attention.');
    const { rows } = await listPayments(deps.db, filters, { all: true });
    await auditExport(deps.db, { at: deps.clock.now(), actorUserId: req.principal?.userId ?? null, name: 'payments', rows: rows.length, filters, requestId: req.id });
    const csv = toCsv(
      ['Received', 'Invoice', 'Organization', 'Method', 'Reference', 'Amount', 'Reversal of', 'Reason', 'Recorded by', 'Payment id'],
      rows.map((r) => [
        r.received_on,
        r.invoice_number,
        r.organization_name,
        METHOD_LABELS[r.method],
        r.reference,
        centsToDecimal(r.amount_cents),
        r.reverses_payment_id,
        r.reason,
        r.recorded_by_email,
        r.id,
      ]),
    );
    return sendCsv(reply, `payments-${today()}.csv`, csv);
  });

  // Receivables

  app.get('/staff/receivables', { config: finance }, async (req, reply) => {
    const raw = withoutEmpty(req.query);
    const parsed = ageingFilters.safeParse(raw);
    const errors = parsed.success ? {} : queryErrors(parsed.error.issues);
    const report = await ageing(deps.db, today(), parsed.success ? parsed.data : {});
    return sendPage(reply, ReceivablesPage({ ctx: await pageContext(req, reply), report, raw: parsed.success ? raw : {}, errors }), parsed.success ? 200 : 400);
  });

  app.get('/staff/receivables.csv', { config: finance }, async (req, reply) => {
    const report = await ageing(deps.db, today(), {}, { all: true });
    await auditExport(deps.db, { at: deps.clock.now(), actorUserId: req.principal?.userId ?? null, name: 'receivables', rows: report.rows.length, requestId: req.id });
    const csv = toCsv(
      ['Organization', ...AGEING_BUCKETS.map((b) => b.label), 'Total', 'Open invoices'],
      [
        ...report.rows.map((r) => [r.name, ...AGEING_BUCKETS.map((b) => centsToDecimal(r[b.key])), centsToDecimal(r.total_cents), r.invoices]),
        ['All', ...AGEING_BUCKETS.map((b) => centsToDecimal(report.totals[b.key])), centsToDecimal(report.totals.total_cents), report.totals.invoices],
      ],
    );
    return sendCsv(reply, `receivables-ageing-${report.asOf}.csv`, csv);
  });
}

/** Everything finance staff use: these pages and the JSON API (api.ts). */
export async function financeRoutes(app: FastifyInstance) {
  await billingStaffRoutes(app);
  await billingApiRoutes(app);
}

// Finance staff's ledgers: payments with filters and CSV (streamed), and the receivables ageing
// report with its CSV. Invoices are staff-routes.ts.
import type { FastifyInstance } from 'fastify';
import { access } from '../../lib/access.js';
import { auditExport } from '../../lib/audit.js';
import { centsToDecimal, sendAuditedCsvStream, sendCsv, toCsv } from '../../lib/csv.js';
import { fieldError } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { streamPayments } from './exports.js';
import { STAFF_METHOD_LABELS } from './format.js';
import { AGEING_BUCKETS, ageing, listPayments } from './queries.js';
import { ageingFilters, paymentFilters, queryErrors, rangeErrors, withoutEmpty } from './schemas.js';
import { PaymentsPage, ReceivablesPage } from './staff-views.js';

function parsePaymentFilters(query: unknown) {
  const raw = withoutEmpty(query);
  const parsed = paymentFilters.safeParse(raw);
  const errors = parsed.success ? rangeErrors(parsed.data.from, parsed.data.to, 'to') : queryErrors(parsed.error.issues);
  return { raw, filters: parsed.success ? parsed.data : {}, errors };
}

export async function billingLedgerRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const financeStaff = { access: access.staff('finance') };
  const today = () => todayIn(deps);

  // Payments

  app.get('/staff/payments', { config: financeStaff }, async (req, reply) => {
    const { raw, filters, errors } = parsePaymentFilters(req.query);
    const ok = Object.keys(errors).length === 0;
    const result = await listPayments(deps.db, ok ? filters : {});
    return sendPage(reply, PaymentsPage({ ctx: await pageContext(req, reply), filters: ok ? filters : {}, raw, errors, result }), ok ? 200 : 400);
  });

  app.get('/staff/payments.csv', { config: financeStaff }, async (req, reply) => {
    const { filters, errors } = parsePaymentFilters(req.query);
    if (Object.keys(errors).length) throw fieldError(errors, 'The filters of this export need attention.');
    return sendAuditedCsvStream(
      reply,
      deps.db,
      { now: () => deps.clock.now(), actorUserId: req.principal?.userId ?? null, requestId: req.id, name: 'payments', filters },
      ['Received', 'Invoice', 'Organization', 'Method', 'Reference', 'Amount', 'Reversal of', 'Refund', 'Reason', 'Recorded by', 'Payment id'],
      streamPayments(deps.db, filters),
      (r) => [
        r.received_on,
        r.invoice_number,
        r.organization_name,
        STAFF_METHOD_LABELS[r.method],
        r.reference,
        centsToDecimal(r.amount_cents),
        r.reverses_payment_id,
        r.refund ? 'yes' : '',
        r.reason,
        r.recorded_by_email,
        r.id,
      ],
    );
  });

  // Receivables

  app.get('/staff/receivables', { config: financeStaff }, async (req, reply) => {
    const raw = withoutEmpty(req.query);
    const parsed = ageingFilters.safeParse(raw);
    const errors = parsed.success ? {} : queryErrors(parsed.error.issues);
    const report = await ageing(deps.db, await today(), parsed.success ? parsed.data : {});
    return sendPage(reply, ReceivablesPage({ ctx: await pageContext(req, reply), report, raw: parsed.success ? raw : {}, errors }), parsed.success ? 200 : 400);
  });

  app.get('/staff/receivables.csv', { config: financeStaff }, async (req, reply) => {
    const report = await ageing(deps.db, await today(), {}, { all: true });
    await auditExport(deps.db, { at: deps.clock.now(), actorUserId: req.principal?.userId ?? null, name: 'receivables', rows: report.rows.length, requestId: req.id });
    const csv = toCsv(
      ['Organization', ...AGEING_BUCKETS.map((b) => b.label), 'Total', 'Open invoices'],
      [
        ...report.rows.map((r) => [r.name, ...AGEING_BUCKETS.map((b) => centsToDecimal(r[b.key])), centsToDecimal(r.total_cents), r.invoices]),
        ['All', ...AGEING_BUCKETS.map((b) => centsToDecimal(report.totals[b.key])), centsToDecimal(report.totals.total_cents), report.totals.invoices],
      ],
    );
    return sendCsv(reply, `receivables-aging-${report.asOf}.csv`, csv);
  });
}

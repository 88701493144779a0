// The confirmation steps of finance staff's destructive actions on an invoice: voiding it and
// reversing a payment. Each page says what will happen, asks for the reason, and offers the
// danger button and a Cancel link back to the invoice. No JavaScript needed.
import type { FieldErrors } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { BackLink, ConfirmForm, ErrorSummary, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { formatDay, STAFF_METHOD_LABELS } from './format.js';
import type { InvoiceDetail } from './queries.js';

const invoiceName = (i: InvoiceDetail['invoice']) => (i.number ? `invoice ${i.number}` : 'this draft invoice');

export function VoidInvoicePage(p: { ctx: PageContext; detail: InvoiceDetail; values?: Record<string, string>; errors?: FieldErrors }) {
  const i = p.detail.invoice;
  const back = `/staff/invoices/${i.id}`;
  const title = `Void ${invoiceName(i)}?`;
  const paid = i.paid_cents > 0;
  return (
    <Layout ctx={p.ctx} title={p.errors ? `Error: ${title}` : title}>
      <BackLink href={back}>Back to {invoiceName(i)}</BackLink>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} labels={{ void_reason: 'Reason for voiding' }} />
      <p class="lead">
        {i.organization_name ?? i.bill_to_name}, {formatCents(i.total_cents)}, issued {formatDay(i.issued_on)}.
      </p>
      <ul>
        <li>The invoice keeps its number, shows as void, and can no longer be paid, by check or by card.</li>
        <li>Its balance no longer counts in receivables. Voiding cannot be undone: to bill again, issue a new invoice.</li>
        <li>The reason is kept in the invoice’s audit trail.</li>
      </ul>
      {/* With money on it the void can only be refused: say what to do first, and offer no button. */}
      {paid ? (
        <p class="warning">
          {formatCents(i.paid_cents)} is paid on this invoice: it cannot be voided until those payments are reversed or refunded.{' '}
          <a href={`${back}#payments-title`}>See the payments</a>.
        </p>
      ) : (
        <ConfirmForm action={`/staff/invoices/${i.id}/void`} csrf={p.ctx.csrf} button="Void the invoice" cancelHref={back}>
          <TextArea name="void_reason" label="Reason for voiding" required rows={2} maxLength={500} value={p.values?.void_reason} error={p.errors?.void_reason} />
        </ConfirmForm>
      )}
    </Layout>
  );
}

export function ReversePaymentPage(p: { ctx: PageContext; detail: InvoiceDetail; paymentId: string; values?: Record<string, string>; errors?: FieldErrors }) {
  const i = p.detail.invoice;
  const pay = p.detail.payments.find((x) => x.id === p.paymentId);
  const back = `/staff/invoices/${i.id}`;
  const title = 'Reverse this payment?';
  return (
    <Layout ctx={p.ctx} title={p.errors ? `Error: ${title}` : title}>
      <BackLink href={back}>Back to {invoiceName(i)}</BackLink>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} labels={{ reason: 'Reason for reversing' }} />
      {pay ? (
        <p class="lead">
          {STAFF_METHOD_LABELS[pay.method]} payment of {formatCents(pay.amount_cents)} received {formatDay(pay.received_on)}
          {pay.reference ? ` (reference ${pay.reference})` : ''}, on {invoiceName(i)} to {i.organization_name ?? i.bill_to_name}.
        </p>
      ) : null}
      <ul>
        <li>A reversal of the same amount is recorded beside it; the payment itself stays in the record.</li>
        <li>The amount is owed again: the invoice goes back to awaiting payment or partly paid.</li>
        <li>Use it for a bounced check or a payment entered by mistake. It cannot be undone: record the payment again if needed.</li>
      </ul>
      <ConfirmForm action={`/staff/payments/${p.paymentId}/reverse`} csrf={p.ctx.csrf} button="Reverse the payment" cancelHref={back}>
        <TextArea
          name="reason"
          label="Reason for reversing"
          required
          rows={2}
          maxLength={500}
          value={p.values?.reason}
          error={p.errors?.reason}
          hint="For example: check 1042 returned unpaid."
        />
      </ConfirmForm>
    </Layout>
  );
}

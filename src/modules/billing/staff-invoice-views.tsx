// Finance staff's invoice pages: one invoice with its lines, payments, credit notes and audit
// trail, and the forms that change it (payment, reversal, credit note, void, a new public link);
// and the form of a new invoice issued by hand.
import type { ComponentChildren } from 'preact';
import { hasStaffRole } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatTime } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { DangerLink, ErrorSummary, Field, PostForm, Select, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { EARLY_PAYMENT_BOX, PURPOSE_LABELS, STAFF_METHOD_LABELS, shownNumber, staffStatus } from './format.js';
import type { InvoiceDetail } from './queries.js';
import { creditBalanceOf } from './refunds.js';
import { INVOICE_PURPOSES } from './schemas.js';
import { PaymentForm } from './staff-payment-form.js';
import { FinanceNav } from './staff-views.js';

export interface DetailForms {
  errors?: FieldErrors;
  /** a conflict or refusal to show above everything */
  message?: string;
  values?: Record<string, string>;
  idempotencyKey: string;
  /** the refund form's own idempotency key */
  refundKey: string;
  today: string;
  /** card payment is set up: the public link can pay by card */
  card?: boolean;
}

function Section(p: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section id={p.id} aria-labelledby={`${p.id}-title`}>
      <h2 id={`${p.id}-title`}>{p.title}</h2>
      {p.children}
    </section>
  );
}

/** Whom the invoice bills: its organization (with its record, which every reader of this page may
 * open), else the member or person it is addressed to (with their record for finance staff), else
 * nothing (a sponsor that is not a member: see Bill to). */
function payerRow(invoice: InvoiceDetail['invoice'], finance: boolean): [string, ComponentChildren] {
  if (invoice.organization_name && invoice.organization_id)
    return [
      'Organization',
      <a key="organization" href={`/staff/organizations/${invoice.organization_id}`}>
        {invoice.organization_name}
      </a>,
    ];
  if (invoice.organization_name) return ['Organization', invoice.organization_name];
  if (!invoice.person_name) return ['Organization', null];
  const who = `${invoice.person_name} (${invoice.person_email})`;
  if (!invoice.individual_membership_id) return ['Person', who];
  return [
    'Member',
    finance ? (
      <a key="member" href={`/staff/individuals/${invoice.individual_membership_id}`}>
        {who}
      </a>
    ) : (
      who
    ),
  ];
}

export function InvoicePage(p: { ctx: PageContext; detail: InvoiceDetail; forms: DetailForms }) {
  const { invoice, lines, payments, creditNotes, history } = p.detail;
  const errors = p.forms.errors ?? {};
  const v = p.forms.values ?? {};
  const open = invoice.status === 'issued' || invoice.status === 'partially_paid';
  const title = shownNumber(invoice) ? `Invoice ${shownNumber(invoice)}` : 'Draft invoice';
  const labels: Record<string, string> = {
    amount: 'Amount',
    method: 'Method',
    reference: 'Reference',
    received_on: 'Date received',
    received_before_issue: EARLY_PAYMENT_BOX,
    idempotency_key: 'Form',
    credit_amount: 'Value of the credit',
    credit_reason: 'Reason for the credit',
    refund_amount: 'Amount refunded',
    refund_method: 'Refunded by',
    refund_reference: 'Refund reference',
    refunded_on: 'Date refunded',
    refund_reason: 'Reason for the refund',
    refund_key: 'Refund form',
  };
  const inCredit = creditBalanceOf(invoice);
  // Membership staff (who issue invoices from an organization's record) read the invoice; payments,
  // refunds, credit notes, voiding and the public link are finance staff's.
  const finance = hasStaffRole(p.ctx.principal, 'finance');
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      {finance ? <FinanceNav current="" /> : <p>You can read this invoice. Finance staff record its payments, refunds and credit notes, and void it.</p>}
      <ErrorSummary errors={errors} labels={labels} message={p.forms.message} />
      <p>
        <strong class="status">{staffStatus({ status: invoice.status, totalCents: invoice.total_cents, creditedCents: invoice.credited_cents })}</strong>
        {invoice.status === 'void' && invoice.void_reason ? ` — ${invoice.void_reason}` : null}. <a href="#history">Audit trail of this invoice</a>
        {hasStaffRole(p.ctx.principal, 'admin') ? (
          <>
            {' '}
            (<a href="/staff/audit?entityType=invoice">all invoice changes in the audit log</a>)
          </>
        ) : null}
      </p>
      <SummaryList
        rows={[
          payerRow(invoice, finance),
          [
            'For',
            `${PURPOSE_LABELS[invoice.purpose]}${invoice.period_start && invoice.period_end ? `, membership period ${formatDay(invoice.period_start)} to ${formatDay(invoice.period_end)}` : ''}${invoice.membership_status ? ` (membership ${invoice.membership_status})` : ''}`,
          ],
          [
            'Bill to',
            <>
              {invoice.bill_to_name}
              {invoice.bill_to_email ? `, ${invoice.bill_to_email}` : ''}
              {invoice.bill_to_address ? <span class="address">{invoice.bill_to_address}</span> : null}
            </>,
          ],
          ['Purchase order', invoice.po_number || '—'],
          ['Issued', formatDay(invoice.issued_on)],
          ['Due', formatDay(invoice.due_on)],
          ['Total', formatCents(invoice.total_cents)],
          ['Paid', formatCents(invoice.paid_cents)],
          ['Credited', formatCents(invoice.credited_cents)],
          inCredit > 0
            ? ['In credit', <strong key="balance">{formatCents(inCredit)} paid beyond what is owed: refund it below</strong>]
            : ['Balance due', <strong key="balance">{formatCents(invoice.balance_cents)}</strong>],
          [
            'Public link',
            <a key="link" href={`/invoices/${invoice.public_token}`}>
              View as {invoice.organization_id ? 'the organization' : invoice.individual_membership_id ? 'the member' : 'the payer'} sees it
            </a>,
          ],
        ]}
      />
      {finance ? (
        <PostForm action={`/staff/invoices/${invoice.id}/public-link`} csrf={p.ctx.csrf} label="Replace the public link">
          <p>
            Anyone with the public link can see this invoice{p.forms.card ? ' and pay it by card' : ''}. If it reached the wrong people, replace it: the old link stops working at
            once.
          </p>
          <button type="submit" class="button-secondary">
            Replace the public link
          </button>
        </PostForm>
      ) : null}

      <Section id="lines" title="Lines">
        <SimpleTable
          rowHeader={false}
          caption="Lines of the invoice"
          rows={lines}
          rowKey={(l) => String(l.position)}
          empty="This invoice has no lines."
          // quantity and unit price only when a line has more than one of something (as the public page)
          columns={[
            { label: 'Description', cell: (l) => l.description },
            ...(lines.some((l) => l.quantity !== 1)
              ? [
                  { label: 'Quantity', cell: (l: (typeof lines)[number]) => l.quantity },
                  { label: 'Unit price', cell: (l: (typeof lines)[number]) => formatCents(l.unit_cents) },
                ]
              : []),
            { label: 'Line total', cell: (l) => formatCents(l.amount_cents) },
          ]}
        />
      </Section>

      <Section id="payments" title="Payments">
        {payments.length === 0 ? (
          <p>No payments yet.</p>
        ) : (
          <SimpleTable
            rowHeader={false}
            caption="Payments, reversals and refunds, oldest first"
            rows={payments}
            rowKey={(pay) => pay.id}
            empty="No payments yet."
            columns={[
              { label: 'Received', cell: (pay) => formatDay(pay.received_on) },
              { label: 'Method', cell: (pay) => STAFF_METHOD_LABELS[pay.method] },
              { label: 'Reference', cell: (pay) => pay.reference || '—' },
              { label: 'Amount', cell: (pay) => formatCents(pay.amount_cents) },
              { label: 'Recorded by', cell: (pay) => pay.recorded_by_email ?? (pay.method === 'card' ? 'Card payment' : 'System') },
              {
                label: 'Reversal',
                cell: (pay) =>
                  pay.refund ? (
                    `Refund: ${pay.reason ?? ''}`
                  ) : pay.reverses_payment_id ? (
                    `Reversal: ${pay.reason ?? ''}`
                  ) : pay.reversed ? (
                    'Reversed'
                  ) : !finance ? (
                    '—'
                  ) : pay.method === 'card' ? (
                    'Pay a card refund back in the card processor, then record it below.'
                  ) : (
                    <DangerLink href={`/staff/payments/${pay.id}/reverse`}>
                      Reverse
                      <span class="visually-hidden">
                        {' '}
                        the payment of {formatCents(pay.amount_cents)} received {formatDay(pay.received_on)}
                      </span>
                    </DangerLink>
                  ),
              },
            ]}
          />
        )}
        {open && finance ? <PaymentForm invoiceId={invoice.id} issuedOn={invoice.issued_on} csrf={p.ctx.csrf} forms={p.forms} /> : null}
      </Section>

      {finance && invoice.status !== 'void' && invoice.paid_cents > 0 ? (
        <Section id="refund" title="Record a refund">
          <p>
            {inCredit > 0
              ? `This invoice is in credit: ${formatCents(inCredit)} was paid for what has since been credited (a cancelled seat, say). Pay it back, then record it here.`
              : 'Money paid back to the payer. The part of a refund the invoice is not in credit for is credited first, so the invoice never owes more than it did.'}{' '}
            Pay the money first (a check, a transfer, or the refund in the card processor), then record it with its reference. The payer is told by email.
          </p>
          <PostForm action={`/staff/invoices/${invoice.id}/refunds`} csrf={p.ctx.csrf} label="Record a refund">
            <input type="hidden" name="refund_key" value={p.forms.refundKey} />
            <Field
              name="refund_amount"
              label="Amount refunded"
              hint={`In dollars, at most ${formatCents(invoice.paid_cents)} (what is paid).`}
              required
              value={v.refund_amount ?? (inCredit > 0 ? (inCredit / 100).toFixed(2) : undefined)}
              error={errors.refund_amount}
            />
            <Select
              name="refund_method"
              label="Refunded by"
              required
              value={v.refund_method ?? (payments.some((x) => x.method === 'card' && x.amount_cents > 0) ? 'card' : 'check')}
              error={errors.refund_method}
              options={(['check', 'ach', 'wire', 'card'] as const).map((m) => ({ value: m, label: STAFF_METHOD_LABELS[m] }))}
            />
            <Field
              name="refund_reference"
              label="Refund reference"
              hint="The check number, the bank's reference, or the card processor's refund id."
              value={v.refund_reference}
              error={errors.refund_reference}
              maxLength={200}
            />
            <Field
              name="refunded_on"
              label="Date refunded"
              type="date"
              hint="The day the money was paid back."
              required
              value={v.refunded_on ?? p.forms.today}
              error={errors.refunded_on}
            />
            <TextArea name="refund_reason" label="Reason for the refund" required rows={2} maxLength={500} value={v.refund_reason} error={errors.refund_reason} />
            <button type="submit">Record refund</button>
          </PostForm>
        </Section>
      ) : null}

      <Section id="credit-notes" title="Credit notes">
        {creditNotes.length === 0 ? (
          <p>No credit notes.</p>
        ) : (
          <ul>
            {creditNotes.map((c) => (
              <li key={c.id}>
                {formatCents(c.amount_cents)} on {formatTime(c.created_at, p.ctx.timeZone)}: {c.reason}
                {c.created_by_email ? ` (${c.created_by_email})` : ''}
              </li>
            ))}
          </ul>
        )}
        {finance && open && invoice.balance_cents > 0 ? (
          <PostForm action={`/staff/invoices/${invoice.id}/credit-notes`} csrf={p.ctx.csrf} label="Add a credit note">
            <h3>Add a credit note</h3>
            <p>A correction that lowers what is owed (a price agreed after issue, a duplicate line). It is kept as its own record.</p>
            <Field name="credit_amount" label="Value of the credit" hint="In dollars, at most the balance due." required value={v.credit_amount} error={errors.credit_amount} />
            <TextArea name="credit_reason" label="Reason for the credit" required rows={2} maxLength={500} value={v.credit_reason} error={errors.credit_reason} />
            <button type="submit">Add credit note</button>
          </PostForm>
        ) : null}
      </Section>

      {finance && invoice.status !== 'void' ? (
        <Section id="void" title="Void this invoice">
          <p>A void invoice keeps its number and can no longer be paid. Only an invoice with nothing paid on it can be voided.</p>
          {invoice.paid_cents > 0 ? (
            <p>{formatCents(invoice.paid_cents)} is paid on this invoice: reverse or refund those payments, then void it.</p>
          ) : (
            <p>
              <DangerLink href={`/staff/invoices/${invoice.id}/void`}>Void this invoice</DangerLink> (you will be asked for the reason and to confirm)
            </p>
          )}
        </Section>
      ) : null}

      <Section id="history" title="Audit trail">
        <ol class="timeline">
          {history.map((h) => (
            <li key={h.id}>
              {formatTime(h.at, p.ctx.timeZone)} — {h.action.replace(/^billing\./, '').replaceAll('_', ' ')} by {h.actor_email ?? 'the system'}
            </li>
          ))}
        </ol>
      </Section>
    </Layout>
  );
}

export function NewInvoicePage(p: {
  ctx: PageContext;
  organizations: Array<{ id: string; name: string; state: string; status: string }>;
  values: Record<string, string>;
  errors?: FieldErrors;
  message?: string;
}) {
  const errors = p.errors ?? {};
  const v = p.values;
  return (
    <Layout ctx={p.ctx} title="New invoice">
      <h1>New invoice</h1>
      <FinanceNav current="/staff/invoices/new" />
      <p>
        Issue an invoice by hand, for example to a region priced by hand. It is numbered when issued and emailed to the bill-to address with the PDF attached. Dues for an
        organization with a pending membership activate the membership when paid.
      </p>
      <ErrorSummary
        errors={errors}
        message={p.message}
        labels={{
          organizationId: 'Organization',
          purpose: 'For',
          description: 'Description',
          amount: 'Amount',
          po_number: 'Purchase order number',
          bill_to_name: 'Bill to (name)',
          bill_to_email: 'Bill to (email)',
          bill_to_address: 'Billing address',
        }}
      />
      <PostForm action="/staff/invoices" csrf={p.ctx.csrf} label="New invoice">
        <Select
          name="organizationId"
          label="Organization"
          required
          includeBlank="Choose an organization"
          value={v.organizationId}
          error={errors.organizationId}
          options={p.organizations.map((o) => ({ value: o.id, label: `${o.name}, ${o.state}${o.status === 'active' ? '' : ` (${o.status})`}` }))}
        />
        <Select
          name="purpose"
          label="For"
          required
          value={v.purpose ?? 'membership'}
          error={errors.purpose}
          options={INVOICE_PURPOSES.filter((x) => x !== 'renewal').map((x) => ({ value: x, label: PURPOSE_LABELS[x] }))}
        />
        <Field
          name="description"
          label="Description"
          hint="Shown on the invoice line, like “Annual membership dues”."
          required
          maxLength={300}
          value={v.description}
          error={errors.description}
        />
        <Field name="amount" label="Amount" hint="In dollars, like 1,200.50." required value={v.amount} error={errors.amount} />
        <Field name="po_number" label="Purchase order number" maxLength={100} value={v.po_number} error={errors.po_number} />
        <fieldset class="group">
          <legend>Bill to</legend>
          <p class="hint">Leave these blank to use the organization’s billing details (the contact on its last invoice, or its primary contact).</p>
          <Field name="bill_to_name" label="Bill to (name)" maxLength={200} value={v.bill_to_name} error={errors.bill_to_name} />
          <Field name="bill_to_email" label="Bill to (email)" type="email" maxLength={254} value={v.bill_to_email} error={errors.bill_to_email} />
          <TextArea name="bill_to_address" label="Billing address" rows={3} maxLength={1000} value={v.bill_to_address} error={errors.bill_to_address} />
        </fieldset>
        <button type="submit">Issue invoice</button>
      </PostForm>
    </Layout>
  );
}

// Finance staff pages: invoices (list, detail with its forms, new), payments, receivables ageing.
import type { ComponentChildren } from 'preact';
import { INVOICE_STATUSES, PAYMENT_METHODS } from '../../db/types.js';
import { hasStaffRole } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { DataTable, ErrorSummary, Field, FilterInput, FilterSelect, PostForm, Select, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import {
  AGEING_BUCKETS,
  type AgeingReport,
  INVOICE_PURPOSES,
  type InvoiceDetail,
  type InvoiceFilters,
  type listInvoices,
  type listPayments,
  METHOD_LABELS,
  OFFLINE_METHODS,
  type PaymentFilters,
  PURPOSE_LABELS,
  STATUS_LABELS,
} from './receivables.js';

const queryString = (q: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};
const fmtDay = (d: string | null) => d ?? '—';
const fmtInstant = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);

function FinanceNav(p: { current: string }) {
  const links = [
    { href: '/staff/invoices', label: 'Invoices' },
    { href: '/staff/invoices/new', label: 'New invoice' },
    { href: '/staff/payments', label: 'Payments' },
    { href: '/staff/receivables', label: 'Receivables' },
  ];
  return (
    <nav aria-label="Finance">
      <ul class="button-row">
        {links.map((l) => (
          <li key={l.href}>
            <a href={l.href} aria-current={p.current === l.href ? 'page' : undefined}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// Invoices

export function InvoicesPage(p: { ctx: PageContext; filters: InvoiceFilters; raw: Record<string, string>; errors: FieldErrors; result: Awaited<ReturnType<typeof listInvoices>> }) {
  const f = p.filters;
  const query = { status: f.status, organization: f.organization, purpose: f.purpose, issuedFrom: f.issuedFrom, issuedTo: f.issuedTo, overdue: f.overdue };
  return (
    <Layout ctx={p.ctx} title="Invoices">
      <h1>Invoices</h1>
      <FinanceNav current="/staff/invoices" />
      <p>Every invoice, newest first. Open an invoice to record a payment, reverse one, add a credit note or void it.</p>
      <ErrorSummary errors={p.errors} />
      <form method="get" action="/staff/invoices" class="filters" aria-label="Filter invoices">
        <FilterSelect
          name="status"
          label="Status"
          value={p.raw.status}
          error={p.errors.status}
          options={[{ value: 'open', label: 'Open (issued or partially paid)' }, ...INVOICE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
        />
        <FilterInput name="organization" label="Organization name" type="search" value={p.raw.organization} error={p.errors.organization} />
        <FilterSelect name="purpose" label="For" value={p.raw.purpose} error={p.errors.purpose} options={INVOICE_PURPOSES.map((x) => ({ value: x, label: PURPOSE_LABELS[x] }))} />
        <FilterInput name="issuedFrom" label="Issued from" type="date" value={p.raw.issuedFrom} error={p.errors.issuedFrom} />
        <FilterInput name="issuedTo" label="Issued to" type="date" value={p.raw.issuedTo} error={p.errors.issuedTo} />
        <div class="field checkbox">
          <input id="f-overdue" name="overdue" type="checkbox" value="yes" checked={f.overdue === 'yes' || f.overdue === 'true'} />
          <label for="f-overdue">Overdue only</label>
        </div>
        <button type="submit">Filter</button>
      </form>
      <p>
        <a href={`/staff/invoices.csv${queryString({ ...query, sort: f.sort, dir: f.dir })}`}>Download these invoices as CSV</a>
      </p>
      <DataTable
        caption="Invoices"
        basePath="/staff/invoices"
        query={{ ...query, sort: f.sort, dir: f.dir }}
        sort={f.sort ?? 'number'}
        dir={p.result.dir}
        page={p.result.page}
        hasNext={p.result.hasNext}
        rowKey={(r) => r.id}
        rows={p.result.rows}
        columns={[
          { key: 'number', label: 'Number', sortable: true, cell: (r) => <a href={`/staff/invoices/${r.id}`}>{r.number ?? 'Draft'}</a> },
          { key: 'organization', label: 'Organization', cell: (r) => r.organization_name },
          { key: 'purpose', label: 'For', cell: (r) => PURPOSE_LABELS[r.purpose] },
          { key: 'status', label: 'Status', cell: (r) => (r.overdue ? `${STATUS_LABELS[r.status]}, overdue` : STATUS_LABELS[r.status]) },
          { key: 'issued', label: 'Issued', sortable: true, cell: (r) => fmtDay(r.issued_on) },
          { key: 'due', label: 'Due', sortable: true, cell: (r) => fmtDay(r.due_on) },
          { key: 'total', label: 'Total', sortable: true, cell: (r) => formatCents(r.total_cents) },
          { key: 'balance', label: 'Balance due', sortable: true, cell: (r) => formatCents(r.balance_cents) },
        ]}
      />
    </Layout>
  );
}

export interface DetailForms {
  errors?: FieldErrors;
  /** a conflict or refusal to show above everything */
  message?: string;
  values?: Record<string, string>;
  idempotencyKey: string;
  today: string;
}

function Section(p: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={`${p.id}-title`}>
      <h2 id={`${p.id}-title`}>{p.title}</h2>
      {p.children}
    </section>
  );
}

function ReverseForm(p: { ctx: PageContext; paymentId: string; error?: string; value?: string }) {
  const id = `f-reason-${p.paymentId}`;
  return (
    <PostForm action={`/staff/payments/${p.paymentId}/reverse`} csrf={p.ctx.csrf} class="inline-form">
      <div class={p.error ? 'field field-error' : 'field'}>
        <label for={id}>Reason for reversing</label>
        {p.error ? (
          <p class="error-message" id={`${id}-error`}>
            <span class="visually-hidden">Error: </span>
            {p.error}
          </p>
        ) : null}
        <input
          id={id}
          name="reason"
          type="text"
          maxLength={500}
          required
          value={p.value ?? ''}
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={p.error ? `${id}-error` : undefined}
        />
      </div>
      <button type="submit" class="button-secondary">
        Reverse
      </button>
    </PostForm>
  );
}

export function InvoicePage(p: { ctx: PageContext; detail: InvoiceDetail; forms: DetailForms }) {
  const { invoice, lines, payments, creditNotes, history } = p.detail;
  const errors = p.forms.errors ?? {};
  const v = p.forms.values ?? {};
  const open = invoice.status === 'issued' || invoice.status === 'partially_paid';
  const title = invoice.number ? `Invoice ${invoice.number}` : 'Draft invoice';
  const labels: Record<string, string> = {
    amount: 'Amount',
    method: 'Method',
    reference: 'Reference',
    received_on: 'Date received',
    idempotency_key: 'Form',
    void_reason: 'Reason for voiding',
    credit_amount: 'Value of the credit',
    credit_reason: 'Reason for the credit',
  };
  for (const pay of payments) labels[`reason-${pay.id}`] = 'Reason for reversing';
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <FinanceNav current="" />
      <ErrorSummary errors={errors} labels={labels} message={p.forms.message} />
      <p>
        <strong class="status">{STATUS_LABELS[invoice.status]}</strong>
        {invoice.status === 'void' && invoice.void_reason ? ` — ${invoice.void_reason}` : null}. <a href="#history">Audit trail of this invoice</a>
        {hasStaffRole(p.ctx.principal, 'admin') ? (
          <>
            {' '}
            (<a href="/staff/audit?entityType=invoice">all invoice changes in the audit log</a>)
          </>
        ) : null}
      </p>
      <dl class="props">
        <dt>Organization</dt>
        <dd>{invoice.organization_name ?? '—'}</dd>
        <dt>For</dt>
        <dd>
          {PURPOSE_LABELS[invoice.purpose]}
          {invoice.period_start && invoice.period_end ? `, ${invoice.period_start} to ${invoice.period_end}` : ''}
          {invoice.membership_status ? ` (membership ${invoice.membership_status})` : ''}
        </dd>
        <dt>Bill to</dt>
        <dd>
          {invoice.bill_to_name}
          {invoice.bill_to_email ? `, ${invoice.bill_to_email}` : ''}
          {invoice.bill_to_address ? <pre class="mail">{invoice.bill_to_address}</pre> : null}
        </dd>
        <dt>Purchase order</dt>
        <dd>{invoice.po_number || '—'}</dd>
        <dt>Issued</dt>
        <dd>{fmtDay(invoice.issued_on)}</dd>
        <dt>Due</dt>
        <dd>{fmtDay(invoice.due_on)}</dd>
        <dt>Total</dt>
        <dd>{formatCents(invoice.total_cents)}</dd>
        <dt>Paid</dt>
        <dd>{formatCents(invoice.paid_cents)}</dd>
        <dt>Credited</dt>
        <dd>{formatCents(invoice.credited_cents)}</dd>
        <dt>Balance due</dt>
        <dd>
          <strong>{formatCents(invoice.balance_cents)}</strong>
        </dd>
        <dt>Public link</dt>
        <dd>
          <a href={`/invoices/${invoice.public_token}`}>View as the organization sees it</a>
        </dd>
      </dl>
      <PostForm action={`/staff/invoices/${invoice.id}/public-link`} csrf={p.ctx.csrf} label="Replace the public link">
        <p>Anyone with the public link can see this invoice and pay it by card. If it reached the wrong people, replace it: the old link stops working at once.</p>
        <button type="submit" class="button-secondary">
          Replace the public link
        </button>
      </PostForm>

      <Section id="lines" title="Lines">
        <div class="table-wrap">
          <table>
            <caption>Lines of the invoice</caption>
            <thead>
              <tr>
                <th scope="col">Description</th>
                <th scope="col">Quantity</th>
                <th scope="col">Unit price</th>
                <th scope="col">Line total</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.position}>
                  <td>{l.description}</td>
                  <td>{l.quantity}</td>
                  <td>{formatCents(l.unit_cents)}</td>
                  <td>{formatCents(l.amount_cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section id="payments" title="Payments">
        {payments.length === 0 ? (
          <p>No payments yet.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption>Payments and reversals, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Method</th>
                  <th scope="col">Reference</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Recorded by</th>
                  <th scope="col">Reversal</th>
                </tr>
              </thead>
              <tbody>
                {payments.map((pay) => (
                  <tr key={pay.id}>
                    <td>{pay.received_on}</td>
                    <td>{METHOD_LABELS[pay.method]}</td>
                    <td>{pay.reference || '—'}</td>
                    <td>{formatCents(pay.amount_cents)}</td>
                    <td>{pay.recorded_by_email ?? (pay.method === 'card' ? 'Card payment' : 'System')}</td>
                    <td>
                      {pay.reverses_payment_id ? (
                        `Reversal: ${pay.reason ?? ''}`
                      ) : pay.reversed ? (
                        'Reversed'
                      ) : pay.method === 'card' ? (
                        'Refund card payments with the card processor.'
                      ) : (
                        <ReverseForm ctx={p.ctx} paymentId={pay.id} error={errors[`reason-${pay.id}`]} value={v[`reason-${pay.id}`]} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {open ? (
          <PostForm action={`/staff/invoices/${invoice.id}/payments`} csrf={p.ctx.csrf} label="Record a payment">
            <h3>Record a payment</h3>
            <p>For a check, ACH transfer or wire received. Partial payments are fine: the balance and status follow.</p>
            <input type="hidden" name="idempotency_key" value={p.forms.idempotencyKey} />
            <Field name="amount" label="Amount" hint="In dollars, like 1,200.50." required value={v.amount} error={errors.amount} />
            <Select
              name="method"
              label="Method"
              required
              value={v.method ?? 'check'}
              error={errors.method}
              options={OFFLINE_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))}
            />
            <Field name="reference" label="Reference" hint="The check number, or the bank's transfer reference." value={v.reference} error={errors.reference} maxLength={200} />
            <Field name="received_on" label="Date received" type="date" hint="YYYY-MM-DD." required value={v.received_on ?? p.forms.today} error={errors.received_on} />
            <button type="submit">Record payment</button>
          </PostForm>
        ) : null}
      </Section>

      <Section id="credit-notes" title="Credit notes">
        {creditNotes.length === 0 ? (
          <p>No credit notes.</p>
        ) : (
          <ul>
            {creditNotes.map((c) => (
              <li key={c.id}>
                {formatCents(c.amount_cents)} on {fmtInstant(c.created_at)}: {c.reason}
                {c.created_by_email ? ` (${c.created_by_email})` : ''}
              </li>
            ))}
          </ul>
        )}
        {open && invoice.balance_cents > 0 ? (
          <PostForm action={`/staff/invoices/${invoice.id}/credit-notes`} csrf={p.ctx.csrf} label="Add a credit note">
            <h3>Add a credit note</h3>
            <p>A correction that lowers what is owed (a price agreed after issue, a duplicate line). It is kept as its own record.</p>
            <Field name="credit_amount" label="Value of the credit" hint="In dollars, at most the balance due." required value={v.credit_amount} error={errors.credit_amount} />
            <TextArea name="credit_reason" label="Reason for the credit" required rows={2} maxLength={500} value={v.credit_reason} error={errors.credit_reason} />
            <button type="submit">Add credit note</button>
          </PostForm>
        ) : null}
      </Section>

      {invoice.status !== 'void' ? (
        <Section id="void" title="Void this invoice">
          <p>A void invoice keeps its number and can no longer be paid. Only an invoice with nothing paid on it can be voided: reverse its payments first.</p>
          <PostForm action={`/staff/invoices/${invoice.id}/void`} csrf={p.ctx.csrf} label="Void invoice">
            <TextArea name="void_reason" label="Reason for voiding" required rows={2} maxLength={500} value={v.void_reason} error={errors.void_reason} />
            <button type="submit" class="button-secondary">
              Void invoice
            </button>
          </PostForm>
        </Section>
      ) : null}

      <Section id="history" title="Audit trail">
        <ol class="timeline">
          {history.map((h) => (
            <li key={h.id}>
              {fmtInstant(h.at)} UTC — {h.action.replace(/^billing\./, '').replaceAll('_', ' ')} by {h.actor_email ?? 'the system'}
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

// Payments

export function PaymentsPage(p: { ctx: PageContext; filters: PaymentFilters; raw: Record<string, string>; errors: FieldErrors; result: Awaited<ReturnType<typeof listPayments>> }) {
  const f = p.filters;
  const query = { method: f.method, from: f.from, to: f.to };
  return (
    <Layout ctx={p.ctx} title="Payments">
      <h1>Payments</h1>
      <FinanceNav current="/staff/payments" />
      <p>Every payment received, and every reversal (a bounced check), newest first. A reversal is its own line with a negative amount.</p>
      <ErrorSummary errors={p.errors} />
      <form method="get" action="/staff/payments" class="filters" aria-label="Filter payments">
        <FilterSelect name="method" label="Method" value={p.raw.method} error={p.errors.method} options={PAYMENT_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))} />
        <FilterInput name="from" label="Received from" type="date" value={p.raw.from} error={p.errors.from} />
        <FilterInput name="to" label="Received to" type="date" value={p.raw.to} error={p.errors.to} />
        <button type="submit">Filter</button>
      </form>
      <p>
        <a href={`/staff/payments.csv${queryString({ ...query, sort: f.sort, dir: f.dir })}`}>Download these payments as CSV</a>
      </p>
      <DataTable
        caption="Payments"
        basePath="/staff/payments"
        query={{ ...query, sort: f.sort, dir: f.dir }}
        sort={f.sort ?? 'received'}
        dir={p.result.dir}
        page={p.result.page}
        hasNext={p.result.hasNext}
        rowKey={(r) => r.id}
        rows={p.result.rows}
        columns={[
          { key: 'received', label: 'Received', sortable: true, cell: (r) => r.received_on },
          { key: 'invoice', label: 'Invoice', sortable: true, cell: (r) => <a href={`/staff/invoices/${r.invoice_id}`}>{r.invoice_number ?? 'Draft'}</a> },
          { key: 'organization', label: 'Organization', cell: (r) => r.organization_name },
          { key: 'method', label: 'Method', cell: (r) => METHOD_LABELS[r.method] },
          { key: 'reference', label: 'Reference', cell: (r) => r.reference || '—' },
          { key: 'amount', label: 'Amount', sortable: true, cell: (r) => formatCents(r.amount_cents) },
          { key: 'note', label: 'Note', cell: (r) => (r.reverses_payment_id ? `Reversal: ${r.reason ?? ''}` : '') },
          { key: 'by', label: 'Recorded by', cell: (r) => r.recorded_by_email ?? '—' },
        ]}
      />
    </Layout>
  );
}

// Receivables

export function ReceivablesPage(p: { ctx: PageContext; report: AgeingReport; raw: Record<string, string>; errors: FieldErrors }) {
  const r = p.report;
  return (
    <Layout ctx={p.ctx} title="Receivables ageing">
      <h1>Receivables ageing</h1>
      <FinanceNav current="/staff/receivables" />
      <p>
        Open balances on {r.asOf}, by how long they are past their due date. {r.totals.invoices} open {r.totals.invoices === 1 ? 'invoice' : 'invoices'},{' '}
        {formatCents(r.totals.total_cents)} in all.
      </p>
      <ErrorSummary errors={p.errors} />
      <p>
        <a href="/staff/receivables.csv">Download the ageing report as CSV</a>
      </p>
      <div class="table-wrap">
        <table>
          <caption>Totals by age</caption>
          <thead>
            <tr>
              {AGEING_BUCKETS.map((b) => (
                <th scope="col" key={b.key}>
                  {b.label}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              {AGEING_BUCKETS.map((b) => (
                <td key={b.key}>{formatCents(r.totals[b.key])}</td>
              ))}
              <td>{formatCents(r.totals.total_cents)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <DataTable
        caption="By organization"
        basePath="/staff/receivables"
        query={{ sort: p.raw.sort, dir: p.raw.dir }}
        sort={p.raw.sort ?? 'total'}
        dir={r.dir}
        page={r.page}
        hasNext={r.hasNext}
        rowKey={(row) => `${row.organization_id ?? ''}:${row.user_id ?? ''}:${row.name}`}
        rows={r.rows}
        columns={[
          {
            key: 'name',
            label: 'Organization',
            sortable: true,
            cell: (row) => <a href={`/staff/invoices${queryString({ organization: row.name, status: 'open' })}`}>{row.name}</a>,
          },
          ...AGEING_BUCKETS.map((b) => ({
            key: b.key === 'over90_cents' ? 'over90' : b.key,
            label: b.label,
            sortable: b.key === 'over90_cents',
            cell: (row: AgeingReport['rows'][number]) => formatCents(row[b.key]),
          })),
          { key: 'total', label: 'Total', sortable: true, cell: (row) => formatCents(row.total_cents) },
        ]}
      />
    </Layout>
  );
}

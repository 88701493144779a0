// Finance staff's list pages: invoices, payments and the receivables ageing, each filtered,
// sorted and paged by query string, with a CSV of the same rows. One invoice and the new-invoice
// form are staff-invoice-views.tsx.
import { INVOICE_STATUSES, PAYMENT_METHODS } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { DataTable, ErrorSummary, FilterInput, FilterSelect, SimpleTable, SubNav } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { CREDITED_IN_FULL, formatDay, PURPOSE_LABELS, STAFF_METHOD_LABELS, STAFF_STATUS_LABELS, staffStatus } from './format.js';
import { AGEING_BUCKETS, type AgeingReport, type listInvoices, type listPayments } from './queries.js';
import { INVOICE_PURPOSES, type InvoiceFilters, overdueChoice, type PaymentFilters } from './schemas.js';

const queryString = (q: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

export function FinanceNav(p: { current: string }) {
  const links = [
    { href: '/staff/invoices', label: 'Invoices' },
    { href: '/staff/invoices/new', label: 'New invoice' },
    { href: '/staff/payments', label: 'Payments' },
    { href: '/staff/receivables', label: 'Receivables' },
  ];
  return <SubNav label="Finance" current={p.current} links={links} />;
}

// Invoices

export function InvoicesPage(p: { ctx: PageContext; filters: InvoiceFilters; raw: Record<string, string>; errors: FieldErrors; result: Awaited<ReturnType<typeof listInvoices>> }) {
  const f = p.filters;
  // one overdue choice, whether the address said overdue=true, pastDue=60 (older links) or overdue=60
  const overdue = overdueChoice(f);
  const query = { status: f.status, organization: f.organization, purpose: f.purpose, issuedFrom: f.issuedFrom, issuedTo: f.issuedTo, overdue };
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
          options={[
            { value: 'open', label: 'Open (issued or partially paid)' },
            ...INVOICE_STATUSES.flatMap((s) => [{ value: s, label: STAFF_STATUS_LABELS[s] }, ...(s === 'paid' ? [{ value: 'credited', label: CREDITED_IN_FULL }] : [])]),
          ]}
        />
        <FilterInput name="organization" label="Organization or person’s name" type="search" value={p.raw.organization} error={p.errors.organization} />
        <FilterSelect name="purpose" label="For" value={p.raw.purpose} error={p.errors.purpose} options={INVOICE_PURPOSES.map((x) => ({ value: x, label: PURPOSE_LABELS[x] }))} />
        <FilterInput name="issuedFrom" label="Issued from" type="date" value={p.raw.issuedFrom} error={p.errors.issuedFrom} />
        <FilterInput name="issuedTo" label="Issued to" type="date" value={p.raw.issuedTo} error={p.errors.issuedTo} />
        <FilterSelect
          name="overdue"
          label="Overdue"
          value={overdue}
          error={p.errors.overdue ?? p.errors.pastDue}
          options={[
            { value: 'yes', label: 'Overdue' },
            { value: '30', label: 'More than 30 days overdue' },
            { value: '60', label: 'More than 60 days overdue' },
            { value: '90', label: 'More than 90 days overdue' },
          ]}
        />
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
          { key: 'organization', label: 'Organization or person', cell: (r) => <NameWithEmail name={r.organization_name} email={r.person_email} /> },
          { key: 'purpose', label: 'For', cell: (r) => PURPOSE_LABELS[r.purpose] },
          {
            key: 'status',
            label: 'Status',
            cell: (r) => (r.overdue ? `${STAFF_STATUS_LABELS[r.status]}, overdue` : staffStatus({ status: r.status, totalCents: r.total_cents, creditedCents: r.credited_cents })),
          },
          { key: 'issued', label: 'Issued', sortable: true, cell: (r) => formatDay(r.issued_on) },
          { key: 'due', label: 'Due', sortable: true, cell: (r) => formatDay(r.due_on) },
          { key: 'total', label: 'Total', sortable: true, cell: (r) => formatCents(r.total_cents) },
          { key: 'balance', label: 'Balance due', sortable: true, cell: (r) => formatCents(r.balance_cents) },
        ]}
      />
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
      <p>Every payment received, every reversal (a bounced check) and every refund, newest first. A reversal or a refund is its own line with a negative amount.</p>
      <ErrorSummary errors={p.errors} />
      <form method="get" action="/staff/payments" class="filters" aria-label="Filter payments">
        <FilterSelect
          name="method"
          label="Method"
          value={p.raw.method}
          error={p.errors.method}
          options={PAYMENT_METHODS.map((m) => ({ value: m, label: STAFF_METHOD_LABELS[m] }))}
        />
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
          { key: 'received', label: 'Received', sortable: true, cell: (r) => formatDay(r.received_on) },
          { key: 'invoice', label: 'Invoice', sortable: true, cell: (r) => <a href={`/staff/invoices/${r.invoice_id}`}>{r.invoice_number ?? 'Draft'}</a> },
          { key: 'organization', label: 'Organization or person', cell: (r) => r.organization_name },
          { key: 'method', label: 'Method', cell: (r) => STAFF_METHOD_LABELS[r.method] },
          { key: 'reference', label: 'Reference', cell: (r) => r.reference || '—' },
          { key: 'amount', label: 'Amount', sortable: true, cell: (r) => formatCents(r.amount_cents) },
          { key: 'note', label: 'Note', cell: (r) => (r.refund ? `Refund: ${r.reason ?? ''}` : r.reverses_payment_id ? `Reversal: ${r.reason ?? ''}` : '') },
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
    <Layout ctx={p.ctx} title="Receivables aging">
      <h1>Receivables aging</h1>
      <FinanceNav current="/staff/receivables" />
      <p>
        Open balances on {formatDay(r.asOf)}, by how long they are past their due date. {r.totals.invoices} open {r.totals.invoices === 1 ? 'invoice' : 'invoices'},{' '}
        {formatCents(r.totals.total_cents)} in all.
      </p>
      <ErrorSummary errors={p.errors} />
      <p>
        <a href="/staff/receivables.csv">Download the aging report as CSV</a>
      </p>
      <SimpleTable
        caption="Totals by age"
        rowHeader={false}
        rows={[r.totals]}
        rowKey={() => 'totals'}
        empty="No open balances."
        columns={[
          ...AGEING_BUCKETS.map((b) => ({ label: b.label, cell: (t: AgeingReport['totals']) => formatCents(t[b.key]) })),
          { label: 'Total', cell: (t) => formatCents(t.total_cents) },
        ]}
      />
      <DataTable
        caption="By organization or person"
        basePath="/staff/receivables"
        query={{ sort: p.raw.sort, dir: p.raw.dir }}
        sort={p.raw.sort ?? 'total'}
        dir={r.dir}
        page={r.page}
        hasNext={r.hasNext}
        rowKey={(row) => `${row.organization_id ?? ''}:${row.user_id ?? ''}:${row.name}`}
        rows={r.rows}
        rowHeader
        columns={[
          {
            key: 'name',
            label: 'Organization or person',
            sortable: true,
            cell: (row) => (
              <>
                <a href={`/staff/invoices${queryString({ organization: row.name, status: 'open' })}`}>{row.name}</a>
                {row.email ? <> ({row.email})</> : null}
              </>
            ),
          },
          ...AGEING_BUCKETS.map((b) => ({
            key: b.key === 'over90_cents' ? 'over90' : b.key,
            label: b.label,
            sortable: b.key === 'over90_cents',
            cell: (row: AgeingReport['rows'][number]) => formatCents(row[b.key]),
            // on a phone a row shows the ages that hold money, and its total
            quiet: (row: AgeingReport['rows'][number]) => row[b.key] === 0,
          })),
          { key: 'total', label: 'Total', sortable: true, cell: (row) => formatCents(row.total_cents) },
        ]}
      />
    </Layout>
  );
}

/** A bill-to name, with a person's email beside it (organizations' names are told apart already). */
function NameWithEmail(p: { name: string; email: string | null }) {
  return p.email ? (
    <>
      {p.name} ({p.email})
    </>
  ) : (
    p.name
  );
}

// The invoice's public page, as a finance office without an account sees it: the invoice, its
// payments, and how to pay (by check, ACH or wire, and by card when the card slot fills it).
import type { VNode } from 'preact';
import { formatCents } from '../../lib/money.js';
import { SimpleTable, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { creditedInFull, type InvoiceDocument, isPayable } from './document.js';
import { bankDetailsToAsk, formatDay, METHOD_LABELS, STATUS_LABELS, shownNumber } from './format.js';

export const invoiceTitle = (d: InvoiceDocument) => `Invoice ${shownNumber(d.invoice) ?? '(draft)'}`;

function Lines({ d }: { d: InvoiceDocument }) {
  const inv = d.invoice;
  // Quantity and unit price only when a line has more than one of something: a dues invoice's one
  // line then reads as a description and its amount, which fits a phone's width (390 px clipped
  // the amounts of four columns).
  const several = d.lines.some((l) => l.quantity !== 1);
  const span = several ? 3 : 1;
  return (
    <div class="table-wrap">
      {/* table: an invoice document — its totals, credits, payments and balance are a tfoot of row headers spanning the columns, which SimpleTable has no place for. It stacks on a phone as SimpleTable's do (class, roles, data-label, cell-value: see site.css). */}
      {/* biome-ignore-start lint/a11y/noRedundantRoles: the roles keep the table's semantics when the CSS of a phone lays it out as blocks */}
      <table class="stack" role="table">
        <caption>What this invoice is for</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              Description
            </th>
            {several ? (
              <th scope="col" role="columnheader">
                Quantity
              </th>
            ) : null}
            {several ? (
              <th scope="col" role="columnheader" class="num">
                Unit price
              </th>
            ) : null}
            <th scope="col" role="columnheader" class="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {d.lines.map((l) => (
            <tr key={l.position} role="row">
              <td role="cell" data-label="Description">
                <div class="cell-value">{l.description}</div>
              </td>
              {several ? (
                <td role="cell" data-label="Quantity">
                  <div class="cell-value">{l.quantity}</div>
                </td>
              ) : null}
              {several ? (
                <td role="cell" data-label="Unit price" class="num">
                  <div class="cell-value">{formatCents(l.unitCents)}</div>
                </td>
              ) : null}
              <td role="cell" data-label="Amount" class="num">
                <div class="cell-value">{formatCents(l.amountCents)}</div>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot role="rowgroup">
          <tr role="row">
            <th scope="row" role="rowheader" colSpan={span}>
              Total
            </th>
            <td role="cell" class="num">
              {formatCents(inv.total_cents)}
            </td>
          </tr>
          {inv.credited_cents > 0 ? (
            <tr role="row">
              <th scope="row" role="rowheader" colSpan={span}>
                Credits
              </th>
              <td role="cell" class="num">
                −{formatCents(inv.credited_cents)}
              </td>
            </tr>
          ) : null}
          <tr role="row">
            <th scope="row" role="rowheader" colSpan={span}>
              Paid
            </th>
            <td role="cell" class="num">
              {inv.paid_cents > 0 ? `−${formatCents(inv.paid_cents)}` : formatCents(0)}
            </td>
          </tr>
          <tr role="row">
            <th scope="row" role="rowheader" colSpan={span}>
              Balance due
            </th>
            <td role="cell" class="num">
              <strong>{formatCents(d.balanceCents)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
      {/* biome-ignore-end lint/a11y/noRedundantRoles: the roles keep the table's semantics when the CSS of a phone lays it out as blocks */}
    </div>
  );
}

function Payments(p: { d: InvoiceDocument }) {
  if (p.d.payments.length === 0) return <p>{creditedInFull(p.d) ? 'No payments were received, and none is needed.' : 'No payments have been received yet.'}</p>;
  return (
    <SimpleTable
      rowHeader={false}
      caption="Payments received"
      rows={p.d.payments.map((x, i) => ({ ...x, key: String(i) }))}
      rowKey={(x) => x.key}
      empty="No payments have been received yet."
      columns={[
        { label: 'Date received', cell: (x) => formatDay(x.receivedOn) },
        {
          label: 'Method',
          cell: (x) =>
            x.refund ? `Refunded to you (${METHOD_LABELS[x.method].toLowerCase()})` : x.reversal ? `${METHOD_LABELS[x.method]} returned (reversed)` : METHOD_LABELS[x.method],
        },
        { label: 'Check number or reference', cell: (x) => x.reference || '—' },
        { label: 'Amount', cell: (x) => formatCents(x.amountCents) },
      ]}
    />
  );
}

/** Unpaid after its due date (`today`, YYYY-MM-DD). */
const isOverdue = (d: InvoiceDocument, today: string | undefined) => !!today && isPayable(d) && !!d.invoice.due_on && d.invoice.due_on < today;

function NextSteps(p: { d: InvoiceDocument; cardPayment?: VNode | null; overdue: boolean }) {
  const { invoice: inv, association: a, remittance: r } = p.d;
  const ask = bankDetailsToAsk(r);
  if (inv.status === 'void') {
    return <p>Nothing: this invoice was cancelled and nothing is owed on it. Please do not pay it. If you already sent a payment, contact {a.contactEmail || a.name}.</p>;
  }
  if (creditedInFull(p.d)) {
    const inCredit = -p.d.balanceCents;
    return (
      <p>
        Nothing: this invoice was credited in full, so nothing is owed on it.
        {inCredit > 0 ? ` The ${formatCents(inCredit)} paid on it is to be refunded to you; this page shows the refund once it is made.` : ''} Keep the PDF for your records.
      </p>
    );
  }
  if (p.d.balanceCents <= 0) return <p>Nothing: this invoice is paid in full. Thank you. Keep the PDF for your records.</p>;
  return (
    <>
      <p>
        {p.overdue ? (
          <>
            The balance of <strong>{formatCents(p.d.balanceCents)}</strong> was due on {formatDay(inv.due_on)}: please pay it now, in any of these ways.
          </>
        ) : (
          <>
            Pay the balance of <strong>{formatCents(p.d.balanceCents)}</strong> by {formatDay(inv.due_on)}, in any of these ways.
          </>
        )}{' '}
        Quote invoice number {shownNumber(inv)} with your payment.
      </p>
      <h3>By check</h3>
      <p>
        Make the check payable to <strong>{r.checkPayee}</strong>
        {r.checkAddress.length ? ' and mail it to:' : '.'}
      </p>
      {r.checkAddress.length ? (
        <address>
          {r.checkPayee}
          {r.checkAddress.map((l) => (
            <span key={l}>
              <br />
              {l}
            </span>
          ))}
        </address>
      ) : null}
      <p>Write invoice number {shownNumber(inv)} on the check.</p>
      {r.ach ? (
        <>
          <h3>By ACH transfer</h3>
          <SummaryList
            class="remittance"
            rows={[
              ['Bank', r.ach.bank],
              ['Routing number', r.ach.routing],
              ['Account number', r.ach.account],
              ['Account name', r.checkPayee],
              ['Payment reference', shownNumber(inv)],
            ]}
          />
        </>
      ) : null}
      <h3>{ask.heading}</h3>
      <p>
        Ask us for {ask.what}
        {r.askAt.email ? (
          <>
            {' '}
            at <a href={`mailto:${r.askAt.email}`}>{r.askAt.email}</a>
          </>
        ) : null}
        {r.askAt.phone ? `${r.askAt.email ? ' or' : ' at'} ${r.askAt.phone}` : ''}, and use invoice number {shownNumber(inv)} as the payment reference.
      </p>
      {p.cardPayment ? (
        <>
          <h3>By card</h3>
          {p.cardPayment}
        </>
      ) : null}
      <p>
        When your payment is recorded, this page shows it
        {inv.bill_to_email ? ` and we email a receipt to ${inv.bill_to_email}` : ''}.
      </p>
    </>
  );
}

/** The association's W-9, for contacts of the invoice's organization once signed in. */
function W9(p: { d: InvoiceDocument }) {
  if (!p.d.w9 || !p.d.invoice.organization_id) return null;
  return (
    <>
      <h2>Our W-9 form</h2>
      <p>
        <a href={`/org/invoices/${p.d.invoice.id}/w9`}>Download our W-9 (PDF)</a>. Only contacts of {p.d.organizationName ?? 'your organization'} can download it: you may be asked
        to sign in first.
      </p>
    </>
  );
}

/** An address or contact, one line each, blank lines left out. */
function LinesOf(p: { lines: string[] }) {
  return (
    <>
      {p.lines
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l, i) => (
          <span key={l}>
            {i > 0 ? <br /> : null}
            {l}
          </span>
        ))}
    </>
  );
}

export function PublicInvoicePage(p: {
  ctx: PageContext;
  d: InvoiceDocument;
  cardPayment?: VNode | null;
  notice?: VNode | null;
  /** what other modules add under the items (an individual member's instalment schedule) */
  parts?: Array<VNode | null>;
  /** today, YYYY-MM-DD: an unpaid invoice past its due date says it is overdue */
  today?: string;
  /** a signed-in contact of the invoice's organization: the way back to its invoices */
  back?: { href: string; label: string } | null;
}) {
  const { invoice: inv, association: a } = p.d;
  const overdue = isOverdue(p.d, p.today);
  const status = creditedInFull(p.d) ? 'Credited in full: nothing to pay' : overdue ? `${STATUS_LABELS[inv.status]}, overdue` : STATUS_LABELS[inv.status];
  const title = invoiceTitle(p.d);
  const pdfHref = `/invoices/${inv.public_token}/pdf`;
  return (
    <Layout ctx={p.ctx} title={title}>
      {p.back ? (
        <p>
          <a href={p.back.href}>{p.back.label}</a>
        </p>
      ) : null}
      <h1>{title}</h1>
      {p.notice ?? null}
      <p class="lead">
        From {a.name} to {inv.bill_to_name || p.d.organizationName || 'you'}. Status: <span class="status">{status}</span>
      </p>
      {inv.status === 'void' ? (
        <div class="warning">
          <p>
            <strong>This invoice is void.</strong> It was cancelled and nothing is owed on it. Do not pay it.
          </p>
        </div>
      ) : null}
      <p>
        <a class="button button-secondary" href={pdfHref}>
          Download PDF
        </a>
      </p>
      <h2>Details</h2>
      <SummaryList
        rows={[
          ['Invoice number', shownNumber(inv)],
          ['Issued', formatDay(inv.issued_on)],
          ['Due', formatDay(inv.due_on)],
          ['Status', status],
          ['Organization', p.d.organizationName],
          ['Purchase order', inv.po_number],
          ['Period', inv.period_start && inv.period_end ? `${formatDay(inv.period_start)} to ${formatDay(inv.period_end)}` : null],
          ['Bill to', <LinesOf key="bill-to" lines={[inv.bill_to_name, ...inv.bill_to_address.split(/\r?\n/), inv.bill_to_email]} />],
          ['From', <LinesOf key="from" lines={[a.name, ...a.address.split(/\r?\n/), a.contactEmail, a.phone]} />],
        ]}
      />
      <h2>Items and balance</h2>
      <Lines d={p.d} />
      {p.parts}
      <h2>Payments</h2>
      <Payments d={p.d} />
      <h2>What to do next</h2>
      <NextSteps d={p.d} cardPayment={p.cardPayment} overdue={overdue} />
      <W9 d={p.d} />
      <p>
        Questions about this invoice? Contact {a.name}
        {a.contactEmail ? (
          <>
            {' '}
            at <a href={`mailto:${a.contactEmail}`}>{a.contactEmail}</a>
          </>
        ) : null}
        {a.phone ? `, ${a.phone}` : ''}.
      </p>
    </Layout>
  );
}

// Pieces shared by the member's page and finance staff's pages, and the instalment table that
// billing's public invoice page shows.
import { formatCents } from '../../lib/money.js';
import { formatDay } from './format.js';
import type { InvoiceRow, MembershipView } from './queries.js';

export const MEMBERSHIP_STATUS: Record<MembershipView['status'], string> = {
  pending: 'Pending: starts when the first invoice is paid',
  active: 'Active',
  lapsed: 'Lapsed: the renewal was not paid in time',
  ended: 'Ended',
};

const INVOICE_STATUS: Record<string, string> = { draft: 'Draft', issued: 'Awaiting payment', partially_paid: 'Partly paid', paid: 'Paid', void: 'Void' };
const PURPOSE: Record<string, string> = { membership: 'First year', renewal: 'Renewal' };

/** The private dues inputs: only for the member and finance staff. */
export function DuesInputs({ m }: { m: MembershipView }) {
  return (
    <dl class="summary">
      <dt>Annual salary</dt>
      <dd>{m.salaryCents !== null ? formatCents(m.salaryCents) : 'Not needed for this level'}</dd>
      <dt>Employer's population</dt>
      <dd>{m.employerPopulation !== null ? m.employerPopulation.toLocaleString('en-US') : 'Not given'}</dd>
      <dt>Employer's general fund</dt>
      <dd>{m.employerGeneralFundCents !== null ? formatCents(m.employerGeneralFundCents) : 'Not given'}</dd>
      <dt>Dues quoted when joining</dt>
      <dd>{formatCents(m.quotedCents)}</dd>
    </dl>
  );
}

export function InvoiceTable(p: { invoices: InvoiceRow[]; link: (i: InvoiceRow) => string; caption: string }) {
  if (p.invoices.length === 0) return <p>No invoices yet.</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            <th scope="col">For</th>
            <th scope="col">Issued</th>
            <th scope="col">Due</th>
            <th scope="col">Total</th>
            <th scope="col">Balance</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {p.invoices.map((i) => (
            <tr key={i.id}>
              <td>
                <a href={p.link(i)}>{i.number ?? '(draft)'}</a>
              </td>
              <td>
                {PURPOSE[i.purpose] ?? i.purpose}
                {i.periodStart ? `, ${formatDay(i.periodStart)} to ${formatDay(i.periodEnd)}` : ''}
              </td>
              <td>{formatDay(i.issuedOn)}</td>
              <td>{formatDay(i.dueOn)}</td>
              <td>{formatCents(i.totalCents)}</td>
              <td>{formatCents(i.status === 'void' ? 0 : i.totalCents - i.creditedCents - i.paidCents)}</td>
              <td>{INVOICE_STATUS[i.status] ?? i.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function InstalmentTable(p: { rows: Array<{ position: number; dueOn: string; amountCents: number }>; caption: string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Instalment</th>
            <th scope="col">Due</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr key={r.position}>
              <td>{r.position}</td>
              <td>{formatDay(r.dueOn)}</td>
              <td>{formatCents(r.amountCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Pieces shared by the member's page and finance staff's pages, and the installment table that
// billing's public invoice page shows.
import { formatCents } from '../../lib/money.js';
import { SimpleTable, SummaryList } from '../../web/components.js';
import { statusLabel as invoiceStatusLabel } from '../billing/index.js';
import { formatDay } from './format.js';
import type { InvoiceRow, MembershipView } from './queries.js';

export const MEMBERSHIP_STATUS: Record<MembershipView['status'], string> = {
  pending: 'Pending: starts when the first invoice is paid',
  active: 'Active',
  lapsed: 'Lapsed: the renewal was not paid in time',
  ended: 'Ended',
};

const PURPOSE: Record<string, string> = { membership: 'First year', renewal: 'Renewal' };

/** The private dues inputs: only for the member and finance staff. */
/** The dues inputs of a membership and the amount quoted at joining. `usedOnly` (the member's own
 * page) leaves out the inputs the level's dues do not use: a salary for a flat level, the
 * employer's figures for a level without the small-community discount. Finance staff see all. */
export function DuesInputs({ m, usedOnly = false }: { m: MembershipView; usedOnly?: boolean }) {
  const rows: Array<[string, string]> = [];
  if (!usedOnly || m.levelRule === 'salary_share') rows.push(['Annual salary', m.salaryCents !== null ? formatCents(m.salaryCents) : 'Not given']);
  if (!usedOnly || m.levelDiscount) {
    rows.push(
      ['Employer’s population', m.employerPopulation !== null ? m.employerPopulation.toLocaleString('en-US') : 'Not given'],
      ['Employer’s general fund', m.employerGeneralFundCents !== null ? formatCents(m.employerGeneralFundCents) : 'Not given'],
    );
  }
  rows.push(['Dues quoted when joining', formatCents(m.quotedCents)]);
  return <SummaryList rows={rows} />;
}

/** Whether a membership's dues use any private input (the member's page says who sees them). */
export const usesDuesInputs = (m: Pick<MembershipView, 'levelRule' | 'levelDiscount'>) => m.levelRule === 'salary_share' || m.levelDiscount;

export function InvoiceTable(p: { invoices: InvoiceRow[]; link: (i: InvoiceRow) => string; caption: string }) {
  if (p.invoices.length === 0) return <p>No invoices yet.</p>;
  return (
    <SimpleTable
      caption={p.caption}
      rowHeader={false}
      rows={p.invoices}
      rowKey={(i) => i.id}
      empty="No invoices yet."
      columns={[
        { label: 'Invoice', cell: (i) => <a href={p.link(i)}>{i.number ?? '(draft)'}</a> },
        {
          label: 'For',
          cell: (i) => (
            <>
              {PURPOSE[i.purpose] ?? i.purpose}
              {i.periodStart ? `, ${formatDay(i.periodStart)} to ${formatDay(i.periodEnd)}` : ''}
            </>
          ),
        },
        { label: 'Issued', cell: (i) => formatDay(i.issuedOn) },
        { label: 'Due', cell: (i) => formatDay(i.dueOn) },
        { label: 'Total', cell: (i) => formatCents(i.totalCents) },
        { label: 'Balance', cell: (i) => formatCents(i.status === 'void' ? 0 : i.totalCents - i.creditedCents - i.paidCents) },
        { label: 'Status', cell: (i) => invoiceStatusLabel(i) },
      ]}
    />
  );
}

export function InstalmentTable(p: { rows: Array<{ position: number; dueOn: string; amountCents: number }>; caption: string }) {
  return (
    <SimpleTable
      caption={p.caption}
      rowHeader={false}
      rows={p.rows}
      rowKey={(r) => String(r.position)}
      empty="No installments."
      columns={[
        { label: 'Installment', cell: (r) => r.position },
        { label: 'Due', cell: (r) => formatDay(r.dueOn) },
        { label: 'Amount', cell: (r) => formatCents(r.amountCents) },
      ]}
    />
  );
}

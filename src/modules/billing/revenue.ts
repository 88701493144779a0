// Dues revenue by month for the reports module (issue 21, P4): what was invoiced (invoices of
// membership and renewal dues issued in the month, not void, before any credit note) and what was
// collected (payments received in the month on those invoices, reversals and refunds subtracted),
// by purpose and by payer (an organization or a person). Read-only.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';

export interface DuesRevenueRow {
  /** 'YYYY-MM' */
  month: string;
  purpose: 'membership' | 'renewal';
  payer: 'organization' | 'individual';
  invoicedCents: number;
  collectedCents: number;
}

/** Dues invoiced and collected in each month from `from` to `to` (days, inclusive), by purpose
 * and payer; only the combinations with a figure. */
export async function duesRevenueByMonth(db: Db, from: string, to: string): Promise<DuesRevenueRow[]> {
  const [invoiced, collected] = await Promise.all([
    sql<{ month: string; purpose: 'membership' | 'renewal'; org: boolean; cents: number }>`
      select to_char(i.issued_on, 'YYYY-MM') as month, i.purpose, (i.organization_id is not null) as org, sum(i.total_cents)::bigint as cents
      from invoices i
      where i.purpose in ('membership', 'renewal') and i.status not in ('draft', 'void')
        and i.issued_on >= cast(${from} as date) and i.issued_on <= cast(${to} as date)
      group by 1, 2, 3`.execute(db),
    sql<{ month: string; purpose: 'membership' | 'renewal'; org: boolean; cents: number }>`
      select to_char(p.received_on, 'YYYY-MM') as month, i.purpose, (i.organization_id is not null) as org, sum(p.amount_cents)::bigint as cents
      from payments p join invoices i on i.id = p.invoice_id
      where i.purpose in ('membership', 'renewal')
        and p.received_on >= cast(${from} as date) and p.received_on <= cast(${to} as date)
      group by 1, 2, 3`.execute(db),
  ]);
  const rows = new Map<string, DuesRevenueRow>();
  const row = (r: { month: string; purpose: 'membership' | 'renewal'; org: boolean }) => {
    const payer = r.org ? 'organization' : 'individual';
    const key = `${r.month}|${r.purpose}|${payer}`;
    let out = rows.get(key);
    if (!out) {
      out = { month: r.month, purpose: r.purpose, payer, invoicedCents: 0, collectedCents: 0 };
      rows.set(key, out);
    }
    return out;
  };
  for (const r of invoiced.rows) row(r).invoicedCents += Number(r.cents);
  for (const r of collected.rows) row(r).collectedCents += Number(r.cents);
  return [...rows.values()].sort((a, b) => a.month.localeCompare(b.month) || a.purpose.localeCompare(b.purpose) || a.payer.localeCompare(b.payer));
}

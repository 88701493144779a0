// The dues revenue report: billing's figures (duesRevenueByMonth) by month, zero-filled, and by
// type (new membership or renewal, of an organization or a person), with totals.
import type { Db } from '../../db/client.js';
import { duesRevenueByMonth } from '../billing/index.js';

export const MAX_MONTHS = 120;

export const TYPE_LABELS = {
  'organization-membership': 'Organizations: first membership',
  'organization-renewal': 'Organizations: renewals',
  'individual-membership': 'Individuals: first membership',
  'individual-renewal': 'Individuals: renewals',
} as const;
export type RevenueType = keyof typeof TYPE_LABELS;

export interface Money {
  invoicedCents: number;
  collectedCents: number;
}
export interface DuesRevenue {
  from: string;
  to: string;
  byMonth: Array<{ month: string } & Money>;
  byType: Array<{ type: RevenueType; label: string } & Money>;
  totals: Money;
}

/** The months ('YYYY-MM') from the month of `from` to the month of `to`. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last || out.length > MAX_MONTHS) break;
    out.push(month);
    if (m === 12) {
      y += 1;
      m = 1;
    } else m += 1;
  }
  return out;
}

export async function duesRevenue(db: Db, from: string, to: string): Promise<DuesRevenue> {
  const rows = await duesRevenueByMonth(db, from, to);
  const byMonth = monthsOf(from, to).map((month) => ({ month, invoicedCents: 0, collectedCents: 0 }));
  const monthIndex = new Map(byMonth.map((m, i) => [m.month, i]));
  const byType = (Object.keys(TYPE_LABELS) as RevenueType[]).map((type) => ({ type, label: TYPE_LABELS[type], invoicedCents: 0, collectedCents: 0 }));
  const totals = { invoicedCents: 0, collectedCents: 0 };
  for (const r of rows) {
    const m = byMonth[monthIndex.get(r.month) ?? -1];
    const t = byType.find((x) => x.type === `${r.payer}-${r.purpose}`);
    for (const target of [m, t, totals]) {
      if (!target) continue;
      target.invoicedCents += r.invoicedCents;
      target.collectedCents += r.collectedCents;
    }
  }
  return { from, to, byMonth, byType, totals };
}

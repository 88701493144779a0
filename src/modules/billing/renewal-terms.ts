// Renewal outcomes of organizations' membership terms for the reports module (issue 21, P4).
// A term "comes due" on its last day. The terms of a membership are read from what is kept: each
// live renewal invoice's period starts the day after a term that came due, and the membership's
// current term end is the last one. A term was renewed when the membership's term now ends after
// it; a renewal paid (its first payment) after the grace period came back after a lapse
// (a reinstatement). Read-only: `memberships` (organizations' shared table), invoices and payments.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { billingSettings } from './service.js';

/** Terms that came due in a period ('YYYY' or 'YYYY-MM' of their last day), by outcome. Each term
 * has exactly one outcome: renewed (within the grace period), reinstated (renewed after it),
 * lapsed (not renewed, lapsed), waiting (not renewed, still active: within its grace period or
 * not yet lapsed by the renewal run), ended (not renewed; suspended, cancelled or ended). */
export interface RenewalOutcomeRow {
  period: string;
  due: number;
  renewed: number;
  reinstated: number;
  lapsed: number;
  waiting: number;
  ended: number;
}

export const periodFormat = (interval: 'year' | 'month') => (interval === 'year' ? 'YYYY' : 'YYYY-MM');

/** The outcomes of organizations' terms that came due from `from` to `to` (days, inclusive). */
export async function organizationRenewalOutcomes(db: Db, q: { from: string; to: string; interval: 'year' | 'month' }): Promise<RenewalOutcomeRow[]> {
  const settings = await billingSettings(db);
  const res = await sql<{ period: string; due: number; renewed: number; reinstated: number; lapsed: number; waiting: number; ended: number }>`
    with ends as (
      select i.membership_id as id, i.period_start - 1 as term_end from invoices i
        where i.membership_id is not null and i.purpose = 'renewal' and i.status not in ('draft', 'void')
          and i.period_start - 1 between cast(${q.from} as date) and cast(${q.to} as date)
      union
      select m.id, m.term_end from memberships m
        where m.status <> 'pending' and m.term_end between cast(${q.from} as date) and cast(${q.to} as date)
    ), terms as (
      select e.term_end, m.status, m.term_end as now_end,
        (select min(p.received_on) from invoices i join payments p on p.invoice_id = i.id
          where i.membership_id = e.id and i.purpose = 'renewal' and i.status not in ('draft', 'void')
            and i.period_start = e.term_end + 1 and p.amount_cents > 0) as renewed_on
      from ends e join memberships m on m.id = e.id
    )
    select to_char(term_end, ${periodFormat(q.interval)}) as period, count(*)::int as due,
      count(*) filter (where now_end > term_end and (renewed_on is null or renewed_on <= term_end + ${settings.grace_days}::int))::int as renewed,
      count(*) filter (where now_end > term_end and renewed_on > term_end + ${settings.grace_days}::int)::int as reinstated,
      count(*) filter (where now_end <= term_end and status = 'lapsed')::int as lapsed,
      count(*) filter (where now_end <= term_end and status = 'active')::int as waiting,
      count(*) filter (where now_end <= term_end and status not in ('lapsed', 'active'))::int as ended
    from terms group by 1 order by 1`.execute(db);
  return res.rows.map((r) => ({
    period: r.period,
    due: Number(r.due),
    renewed: Number(r.renewed),
    reinstated: Number(r.reinstated),
    lapsed: Number(r.lapsed),
    waiting: Number(r.waiting),
    ended: Number(r.ended),
  }));
}

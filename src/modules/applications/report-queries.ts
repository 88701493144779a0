// The application funnel for the reports module (issue 21, P4): of the applications started in a
// range, how many were submitted, approved and paid, with the median days between the steps.
// Read-only: its own tables, and `memberships` (organizations' shared table: paid = the membership
// an approval created became active).
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { EntityType } from '../../db/types.js';

export interface ApplicationFunnel {
  started: number;
  submitted: number;
  approved: number;
  paid: number;
  /** median days from one step to the next, of the applications that took both; null when none did */
  medianDays: { startedToSubmitted: number | null; submittedToApproved: number | null; approvedToPaid: number | null };
}

/** Applications started (created, as a draft or submitted at once) from `from` to `to` (UTC days,
 * inclusive), of one entity type or all. Submitted: its first submission; approved: approved now;
 * paid: its membership activated (the first invoice paid). */
export async function applicationFunnel(db: Db, q: { from: string; to: string; entityType?: EntityType }): Promise<ApplicationFunnel> {
  const byType = q.entityType ? sql`and a.entity_type = ${q.entityType}` : sql``;
  const days = (a: string, b: string) => sql`percentile_cont(0.5) within group (order by extract(epoch from (${sql.ref(b)} - ${sql.ref(a)})) / 86400.0)`;
  const res = await sql<{ started: number; submitted: number; approved: number; paid: number; d1: number | null; d2: number | null; d3: number | null }>`
    with f as (
      select a.created_at as started_at,
        coalesce((select min(e.at) from application_events e where e.application_id = a.id and e.to_status = 'submitted'), a.submitted_at) as submitted_at,
        case when a.status = 'approved' then a.decided_at end as approved_at,
        (select min(m.activated_at) from memberships m where m.application_id = a.id) as paid_at
      from applications a
      where a.created_at >= cast(${q.from} as date) and a.created_at < cast(${q.to} as date) + 1 ${byType}
    )
    select count(*)::int as started, count(submitted_at)::int as submitted, count(approved_at)::int as approved, count(paid_at)::int as paid,
      ${days('started_at', 'submitted_at')} as d1, ${days('submitted_at', 'approved_at')} as d2, ${days('approved_at', 'paid_at')} as d3
    from f`.execute(db);
  const r = res.rows[0];
  const round = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(Number(n) * 10) / 10);
  return {
    started: Number(r?.started ?? 0),
    submitted: Number(r?.submitted ?? 0),
    approved: Number(r?.approved ?? 0),
    paid: Number(r?.paid ?? 0),
    medianDays: { startedToSubmitted: round(r?.d1), submittedToApproved: round(r?.d2), approvedToPaid: round(r?.d3) },
  };
}

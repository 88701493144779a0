// Events revenue and attendance for the reports module (issue 21, P4): per event starting in a
// range (published, cancelled or completed; never a draft), its seats, its check-ins and its
// money (billing's invoices of its orders, read-only; void ones count for nothing).
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { EventKind } from '../../db/types.js';

export interface EventFigures {
  id: string;
  title: string;
  kind: EventKind;
  status: string;
  startsOn: string;
  /** seats held now (registered) */
  registered: number;
  /** people checked in at one session or more */
  attended: number;
  invoicedCents: number;
  collectedCents: number;
}

/** Events starting from `from` to `to` (UTC days, inclusive), of one kind or all, soonest first. */
export async function eventFigures(db: Db, q: { from: string; to: string; kind?: EventKind }): Promise<EventFigures[]> {
  const byKind = q.kind ? sql`and e.kind = ${q.kind}` : sql``;
  const res = await sql<{
    id: string;
    title: string;
    kind: EventKind;
    status: string;
    starts_on: string;
    registered: number;
    attended: number;
    invoiced: string;
    collected: string;
  }>`
    select e.id, e.title, e.kind, e.status, to_char(e.starts_at at time zone 'UTC', 'YYYY-MM-DD') as starts_on,
      (select count(*)::int from event_registrations r where r.event_id = e.id and r.status = 'registered') as registered,
      (select count(distinct r.user_id)::int from event_attendance a join event_registrations r on r.id = a.registration_id where r.event_id = e.id) as attended,
      (select coalesce(sum(i.total_cents), 0)::text from event_orders o join invoices i on i.id = o.invoice_id where o.event_id = e.id and i.status not in ('draft', 'void')) as invoiced,
      (select coalesce(sum(i.paid_cents), 0)::text from event_orders o join invoices i on i.id = o.invoice_id where o.event_id = e.id and i.status not in ('draft', 'void')) as collected
    from events e
    where e.status <> 'draft' and e.starts_at >= cast(${q.from} as date) and e.starts_at < cast(${q.to} as date) + 1 ${byKind}
    order by e.starts_at, e.id`.execute(db);
  return res.rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    startsOn: r.starts_on,
    registered: Number(r.registered),
    attended: Number(r.attended),
    invoicedCents: Number(r.invoiced),
    collectedCents: Number(r.collected),
  }));
}

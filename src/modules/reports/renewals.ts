// The renewals and retention report: per period of term ends, the terms that came due and what
// became of them (billing's figures for organizations, individuals' for people), and cohort
// retention by join year. Organizations' cohorts read the shared, read-only `memberships` table
// (organizations' README); people's come from the individuals module.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { type CohortRow, cohortRows } from '../../lib/cohorts.js';
import { organizationRenewalOutcomes, type RenewalOutcomeRow } from '../billing/index.js';
import { individualCohorts, individualRenewalOutcomes } from '../individuals/index.js';
import { type Interval, pointsOf } from './members.js';
import { monthsOf } from './revenue.js';

export interface RenewalPeriod {
  period: string;
  /** terms whose last day fell in the period */
  due: number;
  /** renewed before their grace period ended */
  renewed: number;
  /** not renewed within the grace period: lapsed (reinstated since, or still lapsed) */
  lapsed: number;
  /** of the lapsed, renewed after the lapse */
  reinstated: number;
  /** not renewed yet and still active (in the grace period, or not lapsed yet by the run) */
  waiting: number;
  /** not renewed: suspended, cancelled or ended */
  ended: number;
  /** renewed ÷ (due − waiting), the terms decided; null when none is */
  renewalRate: number | null;
}

export interface Cohort {
  year: number;
  size: number;
  retained: Array<{ on: string; count: number; share: number }>;
}

export interface RetentionPart {
  byPeriod: RenewalPeriod[];
  totals: RenewalPeriod;
  cohorts: Cohort[];
}

export interface RenewalsReport {
  from: string;
  to: string;
  interval: Interval;
  organizations: RetentionPart;
  individuals: RetentionPart;
}

const rate = (renewed: number, decided: number) => (decided > 0 ? Math.round((renewed / decided) * 10_000) / 10_000 : null);

function periodOf(period: string, r: RenewalOutcomeRow | undefined): RenewalPeriod {
  const o = r ?? { due: 0, renewed: 0, reinstated: 0, lapsed: 0, waiting: 0, ended: 0 };
  const lapsed = o.lapsed + o.reinstated;
  return { period, due: o.due, renewed: o.renewed, lapsed, reinstated: o.reinstated, waiting: o.waiting, ended: o.ended, renewalRate: rate(o.renewed, o.due - o.waiting) };
}

/** The periods of the range: each year, or each month, from `from` to `to`. */
export function periodsOf(from: string, to: string, interval: Interval): string[] {
  if (interval === 'month') return monthsOf(from, to);
  const out: string[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y += 1) out.push(String(y));
  return out;
}

function partOf(periods: string[], rows: RenewalOutcomeRow[], cohorts: CohortRow[]): RetentionPart {
  const by = new Map(rows.map((r) => [r.period, r]));
  const byPeriod = periods.map((p) => periodOf(p, by.get(p)));
  const sum = (k: 'due' | 'renewed' | 'reinstated' | 'waiting' | 'ended') => rows.reduce((s, r) => s + r[k], 0);
  const totals = periodOf('All', {
    period: 'All',
    due: sum('due'),
    renewed: sum('renewed'),
    reinstated: sum('reinstated'),
    lapsed: rows.reduce((s, r) => s + r.lapsed, 0),
    waiting: sum('waiting'),
    ended: sum('ended'),
  });
  return {
    byPeriod,
    totals,
    cohorts: cohorts.map((c) => ({ year: c.year, size: c.size, retained: c.retained.map((x) => ({ ...x, share: rate(x.count, c.size) ?? 0 })) })),
  };
}

/** Organizations' cohorts: joined in the year their first term (not pending) began; a member on a
 * day as in the members report (a term covering it, not suspended or cancelled by then). */
export function organizationCohorts(db: Db, days: readonly string[]): Promise<CohortRow[]> {
  return cohortRows(
    db,
    days,
    sql`select organization_id as who, min(term_start) as joined from memberships where status <> 'pending' and term_start is not null group by 1`,
    (day) => sql`exists (select 1 from memberships m where m.organization_id = f.who and m.status <> 'pending' and m.term_start <= ${day} and m.term_end >= ${day}
      and not (m.status in ('suspended', 'cancelled') and m.status_changed_at is not null and cast(m.status_changed_at as date) <= ${day}))`,
  );
}

export async function renewalsReport(db: Db, q: { from: string; to: string; interval: Interval }): Promise<RenewalsReport> {
  const years = pointsOf(q.from, q.to, 'year');
  const [orgRows, personRows, orgCohorts, personCohorts] = await Promise.all([
    organizationRenewalOutcomes(db, q),
    individualRenewalOutcomes(db, q),
    organizationCohorts(db, years),
    individualCohorts(db, years),
  ]);
  const periods = periodsOf(q.from, q.to, q.interval);
  return { from: q.from, to: q.to, interval: q.interval, organizations: partOf(periods, orgRows, orgCohorts), individuals: partOf(periods, personRows, personCohorts) };
}

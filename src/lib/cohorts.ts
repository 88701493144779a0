// Cohort retention (reports, issue 21 P4): the people or organizations who joined in a year, and
// how many of them were still members on later days. The owning module gives who joined when and
// what "a member on a day" means for its own tables; this builds the one query around them.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/client.js';

export interface CohortRow {
  /** the join year */
  year: number;
  /** how many joined that year (up to the range's last day) */
  size: number;
  /** on each day of the series not before the join year: how many of them were members */
  retained: Array<{ on: string; count: number }>;
}

/**
 * `joins` selects `who` and `joined` (the first term's first day) per member; `memberOn(day)` is
 * a condition on `f.who` being a member on `day`. Cohorts are the join years from the first day's
 * year to the last day, each counted on the days of its year and after.
 */
export async function cohortRows(db: Db, days: readonly string[], joins: RawBuilder<unknown>, memberOn: (day: RawBuilder<unknown>) => RawBuilder<unknown>): Promise<CohortRow[]> {
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return [];
  const values = sql.join(
    days.map((d) => sql`(cast(${d} as date))`),
    sql`, `,
  );
  const res = await sql<{ year: number; day: string; size: number; n: number }>`
    with f as (${joins}), d(day) as (values ${values})
    select extract(year from f.joined)::int as year, d.day::text as day, count(*)::int as size,
      count(*) filter (where ${memberOn(sql`d.day`)})::int as n
    from f cross join d
    where f.joined >= cast(${`${first.slice(0, 4)}-01-01`} as date) and f.joined <= cast(${last} as date)
      and extract(year from d.day) >= extract(year from f.joined)
    group by 1, 2 order by 1, 2`.execute(db);
  const out = new Map<number, CohortRow>();
  for (const r of res.rows) {
    const year = Number(r.year);
    let row = out.get(year);
    if (!row) {
      row = { year, size: Number(r.size), retained: [] };
      out.set(year, row);
    }
    row.retained.push({ on: String(r.day), count: Number(r.n) });
  }
  return [...out.values()];
}

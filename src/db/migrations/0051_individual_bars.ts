// Bars on rejoining (issue 17, I5): when an ethics sanction of suspension or expulsion takes
// effect, the individuals module ends the person's membership and records a bar here; joining
// (and any path that would make a membership active again) checks it. `until_on` is the last day
// of a suspension; null for an expulsion (permanent). Owned by individuals.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table individual_bars (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id),
      -- the ethics case that decided it (ethics' id; no foreign key: individuals does not read ethics' tables)
      case_id uuid not null,
      outcome text not null check (outcome in ('suspension', 'expulsion')),
      from_on date not null,
      -- the last day barred; null = permanent
      until_on date,
      created_at timestamptz not null default now(),
      check (until_on is null or until_on >= from_on),
      check (outcome = 'suspension' or until_on is null)
    )`.execute(db);
  // A sanction announced twice (a retried transaction) records one bar.
  await sql`create unique index individual_bars_case_user on individual_bars(case_id, user_id)`.execute(db);
  await sql`create index individual_bars_user on individual_bars(user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists individual_bars`.execute(db);
}

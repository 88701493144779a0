// The "Get started" checklist's own marks (onboarding module): what a person did that no other
// table records (opened Who's Who) and the checklists they dismissed. `scope` is 'me' (the
// person's own checklist on /me) or an organization's id (its checklist on /org); 'person' for
// what counts everywhere.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table get_started_marks (
    user_id uuid not null references users(id) on delete cascade,
    scope text not null check (length(scope) between 1 and 64),
    item text not null check (item in ('dismissed', 'whos_who', 'network')),
    at timestamptz not null,
    primary key (user_id, scope, item)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table get_started_marks`.execute(db);
}

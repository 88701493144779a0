// join_pages: the editable sections of the public join page (O1). See src/modules/join/README.md.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table join_sections (
      key text primary key check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
      position integer not null default 0,
      title text not null check (length(title) between 1 and 120),
      body text not null default '' check (length(body) <= 10000),
      updated_at timestamptz not null default now(),
      updated_by uuid references users(id) on delete set null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists join_sections`.execute(db);
}

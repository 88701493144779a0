// dues: schedules versioned by effective date, a rule per entity type (population bands or
// "contact us"), and the bands. See src/modules/dues/README.md.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table dues_schedules (
      id uuid primary key default gen_random_uuid(),
      effective_from date not null unique,
      note text not null default '' check (length(note) <= 500),
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table dues_rules (
      schedule_id uuid not null references dues_schedules(id) on delete cascade,
      entity_type text not null check (entity_type in ('city','county','town','region','tribal_nation')),
      mode text not null check (mode in ('bands','contact')),
      primary key (schedule_id, entity_type)
    )`.execute(db);

  await sql`
    create table dues_bands (
      schedule_id uuid not null,
      entity_type text not null,
      position integer not null check (position >= 1),
      min_population integer not null check (min_population >= 1),
      max_population integer check (max_population is null or max_population >= min_population),
      amount_cents bigint not null check (amount_cents >= 0),
      primary key (schedule_id, entity_type, position),
      foreign key (schedule_id, entity_type) references dues_rules(schedule_id, entity_type) on delete cascade
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['dues_bands', 'dues_rules', 'dues_schedules']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}

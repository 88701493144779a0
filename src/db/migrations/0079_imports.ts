// Import (issue 21, P5): the column mapping remembered per source, the files staff upload (kept
// until imported), and each imported row's external id with the record it became and a hash of
// its values, so that a re-run changes nothing and an edited row updates its record.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table import_mappings (
    kind text not null check (kind in ('organizations')),
    source text not null check (length(source) between 1 and 100),
    mapping jsonb not null,
    updated_at timestamptz not null,
    primary key (kind, source)
  )`.execute(db);
  await sql`create table import_uploads (
    id uuid primary key default gen_random_uuid(),
    kind text not null check (kind in ('organizations')),
    source text not null check (length(source) between 1 and 100),
    filename text not null,
    content bytea not null,
    headers text[] not null,
    mapping jsonb,
    rows integer,
    problems integer,
    report jsonb,
    imported_at timestamptz,
    result jsonb,
    created_by uuid references users(id),
    created_at timestamptz not null
  )`.execute(db);
  await sql`create table import_keys (
    kind text not null check (kind in ('organizations')),
    source text not null,
    external_id text not null,
    target_id uuid not null,
    row_hash text not null,
    updated_at timestamptz not null,
    primary key (kind, source, external_id)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table import_keys`.execute(db);
  await sql`drop table import_uploads`.execute(db);
  await sql`drop table import_mappings`.execute(db);
}

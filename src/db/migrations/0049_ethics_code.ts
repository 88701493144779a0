// The Code of Ethics (issue 17, I5): see src/modules/ethics/README.md. The code is published in
// versions: a version holds its preamble, its rules of procedure and its tenets (each with its
// guidelines). Staff write a draft version; publishing it makes it the one `/ethics` shows, and
// earlier versions stay readable. Complaints and cases name tenets by number in the version in
// force when the complaint was filed.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ethics_code_versions (
      id uuid primary key default gen_random_uuid(),
      -- 1, 2, 3 … in the order written
      version integer not null unique check (version >= 1),
      title text not null check (length(title) between 1 and 200),
      preamble text not null default '' check (length(preamble) <= 20000),
      rules_of_procedure text not null default '' check (length(rules_of_procedure) <= 100000),
      -- null while a draft; the one published last is in force
      published_at timestamptz,
      published_by uuid references users(id),
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index ethics_code_versions_published_idx on ethics_code_versions(published_at desc) where published_at is not null`.execute(db);
  await sql`
    create table ethics_tenets (
      version_id uuid not null references ethics_code_versions(id) on delete cascade,
      number integer not null check (number between 1 and 99),
      title text not null check (length(title) between 1 and 300),
      body text not null check (length(body) between 1 and 5000),
      guidelines text not null default '' check (length(guidelines) <= 20000),
      primary key (version_id, number)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists ethics_tenets`.execute(db);
  await sql`drop table if exists ethics_code_versions`.execute(db);
}

// Accents aside in every search of a name or a title, not only in Who's Who and the organization
// search (0090): staff looking for "Espanola" in the people list, the records, the network map, the
// invoices, the assistance queue, the audit log or the applications found "Española" only by its
// typo tolerance, or not at all ("jose" did not find "José" among a thousand Joses). Those searches
// now compare `civnet_fold` of both sides (`foldedContains`, `foldedSimilar` in
// src/lib/search-text.ts), and the trigram indexes that served the names' `ilike` and `<%` are made
// on the folded names instead, so the same searches stay served by an index.
import { type Kysely, sql } from 'kysely';

const INDEXES: Array<{ name: string; table: string; column: string }> = [
  { name: 'users_name_trgm', table: 'users', column: 'name' },
  { name: 'organizations_name_trgm', table: 'organizations', column: 'name' },
  { name: 'applications_name_trgm', table: 'applications', column: 'legal_name' },
  { name: 'member_profiles_title_trgm', table: 'member_profiles', column: 'title' },
  { name: 'member_profiles_employer_trgm', table: 'member_profiles', column: 'employer_name' },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const i of INDEXES) {
    await sql.raw(`drop index if exists ${i.name}`).execute(db);
    await sql.raw(`create index ${i.name} on ${i.table} using gin (civnet_fold(${i.column}) gin_trgm_ops)`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of INDEXES) {
    await sql.raw(`drop index if exists ${i.name}`).execute(db);
    await sql.raw(`create index ${i.name} on ${i.table} using gin (${i.column} gin_trgm_ops)`).execute(db);
  }
}

// The derived index Who's Who searches (`directory_name_index`, 0040_directory_search): kept by
// statement triggers on users, member_profiles and individual_memberships, except while a bulk
// loader has set `civnet.bulk_load`; such a loader rebuilds it once at the end.
import { type Kysely, sql, type Transaction } from 'kysely';
import { BULK_LOAD_SETTING } from '../../db/bulk.js';
import type { DB } from '../../db/types.js';

export { BULK_LOAD_SETTING };

// BULK_LOAD_SETTING (db/bulk.ts, on in every insertRows batch) makes the index's triggers and the
// lexicon's (on users, 0044) do nothing: a loader that writes people otherwise sets it with
// bulkLoadWithoutDirectoryTriggers, and calls rebuildDirectoryNameIndex at the end.

/** For the rest of this transaction, the directory's triggers skip their work (bulk loads). */
export async function bulkLoadWithoutDirectoryTriggers(trx: Transaction<DB>): Promise<void> {
  await sql`select set_config(${BULK_LOAD_SETTING}, 'on', true)`.execute(trx);
}

/** Rebuilds the whole index (and the lexicon of name words) from users, profiles and memberships,
 * in one statement (each person's words worked out once, every index built after its rows: 0044),
 * then its kept counts from it (`directory_facets`, 0087):
 * what a bulk loader calls after loading people with the triggers off. Outside a transaction it
 * then vacuums the index's table, so that searches read the index alone (an index-only scan needs
 * the visibility map that VACUUM sets), and the tables get fresh statistics (without them the
 * lexicon's trigram index goes unused: 40 ms per query word at national scale instead of under 1). */
export async function rebuildDirectoryNameIndex(db: Kysely<DB>): Promise<void> {
  await sql`select directory_search_rebuild()`.execute(db);
  if (!db.isTransaction) await sql`vacuum analyze directory_name_index, directory_facets, person_name_words`.execute(db);
  else await sql`analyze directory_facets, person_name_words`.execute(db);
}

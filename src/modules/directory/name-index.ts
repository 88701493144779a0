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

/** The parts of rebuildDirectoryNameIndex's work (0088), for a loader that runs them side by side on
 * connections of their own (the national seed): `rows` first and alone (the index's rows and its
 * primary key, committed without the two search orders: searches work meanwhile, slowly); then the
 * parts of `after`, in any order, each in a transaction of its own (longest first: the kept counts,
 * the two search orders, the lexicon). `indexes` makes whichever search order is missing, for a
 * loader that stops midway. Each is one statement on a connection from `db`'s pool. */
export function directoryRebuildSteps(db: Kysely<DB>): { rows: () => Promise<void>; after: Array<() => Promise<void>>; indexes: () => Promise<void> } {
  const step = (name: 'rows' | 'order' | 'state' | 'words' | 'counts') => async () => {
    await sql`select directory_search_rebuild_step(${name})`.execute(db);
  };
  return {
    rows: step('rows'),
    after: [step('counts'), step('state'), step('order'), step('words')],
    indexes: async () => {
      await step('order')();
      await step('state')();
    },
  };
}

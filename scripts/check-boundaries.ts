// The walls of issue 12, checked (`npm run lint` runs this after Biome; Biome's noImportCycles
// checks cycles). The checks live in scripts/boundaries/ (one file per concern); this file holds
// the allowlists, runs the checks, and re-exports them for test/architecture. Exits 1 with `file:line kind: message` for each breach of:
//
//   cross-module-import   a file imports `src/modules/<b>/<x>` where x is not index.ts, from
//                         outside module b (the composition root, src/app.ts, src/server.ts,
//                         src/cli.ts … included: a module's public face is its index.ts).
//                         Test code may import a module's internals (*.test.ts files, everything
//                         under test/ and bench/ are not checked).
//   ground-floor-import   a file under src/db/ (tests too), or non-test code under src/lib/ or
//                         src/web/, imports from src/modules/.
//   foreign-write         a write to a table (Kysely insertInto/updateTable/deleteFrom/replaceInto/
//                         mergeInto, or raw SQL insert into/update … set/delete from/merge into)
//                         by non-test code under src/ outside the table's owner (scripts/ownership.ts).
//                         Migrations (src/db/migrations) may write anything.
//   dynamic-write         a write whose table is not a literal, in a file not in DYNAMIC_WRITES.
//   unowned-table         a table of `DB` (src/db/types.ts) that no owner claims; or an owner
//                         claims a table that `DB` does not have.
//   module-state          module-level mutable state: a top-level `let`/`var`, or a top-level
//                         `const` Map/Set/WeakMap/WeakSet/array/object that a function mutates
//                         (`.set/.add/.push/…`, or an assignment to one of its elements). That is
//                         how process-global registries are made; true constants and caches are
//                         in MODULE_STATE_ALLOWLIST, each with its reason. (A heuristic: a
//                         container exported and changed only from other files is not seen.)
//   bare-table            a hand-written `<table` in a .tsx view under src/modules or src/web
//                         (not components.tsx nor src/web/components/) without `{/* table: why */}` on it or the 2 lines before.
//   bare-error-block      a hand-written `class="error-summary"`/`class="error-message"` likewise
//                         without `{/* error: why */}`.
//   sql-in-page           a query builder call or sql`…` in a module's routes or views file
//                         (`routes.ts(x)`, `*-routes.ts(x)`, `views.tsx`, `*-views.tsx`).
//   stale-cycle-override  biome.jsonc turns noImportCycles off for a file that is in no cycle.
//   stale-allowlist       an allowlist entry below that no longer matches anything.
//
// KNOWN_VIOLATIONS (file + kind + detail + count) is how a breach can be tolerated while it is
// fixed; a listed one that no longer exists, or whose count changed, fails too, so that the list
// only shrinks. It has been empty since issue 12 landed, and the architecture test keeps it so.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkCycleOverrides, filesInCycles } from './boundaries/cycles.js';
import { clearSources, listFiles } from './boundaries/files.js';
import { checkImports } from './boundaries/imports.js';
import { asKnown, reconcile } from './boundaries/reconcile.js';
import { checkModuleState } from './boundaries/state.js';
import type { KnownViolation, Violation } from './boundaries/types.js';
import { checkSqlPlacement, checkViews } from './boundaries/views.js';
import { checkOwnership, checkWrites } from './boundaries/writes.js';
import { readDbTables } from './db-types.js';
import { TABLE_OWNERS } from './ownership.js';

export { biomeConfigOf, checkCycleOverrides, cycleOverrides, filesInCycles } from './boundaries/cycles.js';
export { isTestCode, listFiles, moduleOf, ownerOf } from './boundaries/files.js';
export { checkImports, type ImportRef, importsOf } from './boundaries/imports.js';
export { asKnown, reconcile } from './boundaries/reconcile.js';
export { checkModuleState, moduleStateOf } from './boundaries/state.js';
export type { Kind, KnownViolation, Violation } from './boundaries/types.js';
export { checkSqlPlacement, checkViews } from './boundaries/views.js';
export { checkOwnership, checkWrites, writesOf } from './boundaries/writes.js';

// ---------------------------------------------------------------------------------------------
// Allowlists (permanent: each entry says why it is not a breach).

/** Writes whose table is computed: the tables each file's dynamic writes may touch. They are
 * checked against the owners like literal ones. */
export const DYNAMIC_WRITES: Readonly<Record<string, readonly string[]>> = {
  // removeAvailability: `deleteFrom(kind === 'window' ? 'advisor_availability' : 'advisor_exceptions')`
  'src/modules/advising/availability.ts': ['advisor_availability', 'advisor_exceptions'],
  // the bulk loader's `insert into ${table}`: each call, `insertRows(db, 'table', …)`, is checked
  // as a write of the file that makes it
  'src/db/bulk.ts': [],
  // insertUnnest's `insert into ${table}`: called by the writers of invoices, invoice_lines
  // (billing's service.ts), audit_log (lib/audit.ts) and outbox (lib/email.ts) with their own tables
  'src/lib/unnest.ts': [],
};

/** Module-level state that is not a registry: constants filled once, and caches of values that
 * are the same for every app in the process (or keyed by the app's own objects). */
export const MODULE_STATE_ALLOWLIST: ReadonlyArray<{ file: string; name: string; why: string }> = [
  { file: 'src/lib/crypto.ts', name: 'dummyHash', why: 'a lazily computed constant (a hash to compare against when there is no account)' },
  { file: 'src/lib/uploads.ts', name: 'pending', why: 'a WeakMap keyed by the request: per request, not per process' },
  { file: 'src/modules/places/service.ts', name: 'loading', why: 'a lazy cache of the place index read from files shipped with the app (same for every app)' },
  { file: 'src/modules/places/search-index.ts', name: 'scratch', why: 'a WeakMap keyed by the place index: a reusable buffer per index' },
  { file: 'src/modules/network/map-views.tsx', name: 'projection', why: 'a lazy cache of the map projection built from static data' },
  { file: 'src/modules/network/map-views.tsx', name: 'shapes', why: 'a lazy cache of the state shapes read from us-atlas' },
  { file: 'src/modules/dues/cache.ts', name: 'caches', why: "a WeakMap keyed by the app's Kysely instance: one cache per database, not per process" },
  { file: 'src/lib/today.ts', name: 'lastDays', why: 'the memo of a pure function (the day of a time in a zone, with its bounds): the same answer for every app, bounded' },
  {
    file: 'src/modules/dues/service.ts',
    name: 'lastInForce',
    why: 'the memo of a pure function of a cached schedule list (never changed once loaded, compared by identity) and a day: the same answer for every app',
  },
  { file: 'src/lib/format.ts', name: 'formattedDays', why: 'remembered results of a pure function (a day as words): the same for every app, bounded' },
  { file: 'src/modules/billing/dates.ts', name: 'memo', why: 'remembered results of pure calendar arithmetic: the same for every app, bounded' },
  { file: 'src/lib/serializer.ts', name: 'compiled', why: "a WeakMap keyed by a route's response schema (a module constant): its compiled serializer, a pure function" },
];

// ---------------------------------------------------------------------------------------------
// Empty: issue 12 fixed the 104 violations that were on main when the check was written (commit
// 53119ba). Fix a new breach instead of listing it here.
export const KNOWN_VIOLATIONS: readonly KnownViolation[] = [];
// ---------------------------------------------------------------------------------------------
// All of it

export function checkRepository(root: string): Violation[] {
  clearSources();
  const src = listFiles(root, ['src']);
  const all = listFiles(root, ['src', 'test', 'bench']);
  const tables = readDbTables(join(root, 'src/db/types.ts'));
  return [
    ...checkImports(root, src),
    ...checkOwnership(tables, TABLE_OWNERS),
    ...checkWrites(root, src, { owners: TABLE_OWNERS, dynamicWrites: DYNAMIC_WRITES }),
    ...checkModuleState(root, src, MODULE_STATE_ALLOWLIST),
    ...checkViews(root, src),
    ...checkSqlPlacement(root, src),
    ...checkCycleOverrides(root, all),
  ];
}

// `tsx scripts/check-boundaries.ts`          check (what npm run lint does)
// `tsx scripts/check-boundaries.ts --list`   print today's violations as KNOWN_VIOLATIONS entries
// `tsx scripts/check-boundaries.ts --cycles` print the files in import cycles (for biome.jsonc's list)
function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  if (process.argv.includes('--cycles')) {
    for (const f of [...filesInCycles(root, listFiles(root, ['src', 'test', 'bench']))].sort()) console.log(`"${f}",`);
    return;
  }
  const found = checkRepository(root);
  if (process.argv.includes('--list')) {
    for (const k of asKnown(found)) console.log(`  { file: '${k.file}', kind: '${k.kind}', detail: '${k.detail}', count: ${k.count} },`);
    return;
  }
  const errors = reconcile(found, KNOWN_VIOLATIONS);
  if (errors.length) {
    console.error(`check-boundaries: ${errors.length} problem${errors.length === 1 ? '' : 's'} (see the top of scripts/check-boundaries.ts)\n`);
    for (const e of errors) console.error(e);
    process.exit(1);
  }
  console.log(`check-boundaries: module walls hold${KNOWN_VIOLATIONS.length ? ` (${KNOWN_VIOLATIONS.length} known violations left to fix)` : ''}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();

// Every dues schedule, kept in memory so that a quote never waits on the database.
// One cache per database handle (each test file has its own). A change made by any process
// invalidates it through `deps.changes` (the `dues_schedules` channel: at once in this process,
// through PostgreSQL's NOTIFY in the others); CACHE_TTL_MS, measured by the injected clock (so
// tests can move past it), bounds the staleness should a notification be lost.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import type { Clock } from '../../lib/clock.js';
import { loadSchedules } from './queries.js';
import type { DuesSchedule } from './rules.js';

export const CACHE_TTL_MS = 30_000;
export const DUES_CHANNEL = 'dues_schedules';

interface Cache {
  value: readonly DuesSchedule[] | null;
  loadedAt: number;
  pending: Promise<readonly DuesSchedule[]> | null;
  /** bumped by invalidate(), so that a load that started earlier is not kept */
  generation: number;
}

const caches = new WeakMap<Kysely<DB>, Cache>();

function cacheFor(db: Kysely<DB>): Cache {
  let c = caches.get(db);
  if (!c) {
    c = { value: null, loadedAt: 0, pending: null, generation: 0 };
    caches.set(db, c);
  }
  return c;
}

/**
 * All schedules, newest first. Inside a transaction (db is a Transaction) they are read
 * through it, fresh: on PGlite a read on the root handle would wait for that transaction.
 */
export function cachedSchedules(db: Kysely<DB>, clock: Clock): Promise<readonly DuesSchedule[]> | readonly DuesSchedule[] {
  if (db.isTransaction) return loadSchedules(db);
  const c = cacheFor(db);
  const now = clock.now().getTime();
  // A clock set back (tests) also reloads.
  if (c.value && now >= c.loadedAt && now - c.loadedAt < CACHE_TTL_MS) return c.value;
  if (c.pending) return c.pending;
  const generation = c.generation;
  const pending = loadSchedules(db).then(
    (value) => {
      if (c.generation === generation) {
        c.value = value;
        c.loadedAt = now;
        c.pending = null;
      }
      return value;
    },
    (err: unknown) => {
      if (c.generation === generation) c.pending = null;
      throw err;
    },
  );
  c.pending = pending;
  return pending;
}

/** Forget the schedules of this database handle (after a change, once committed). */
export function invalidateSchedules(db: Kysely<DB>): void {
  const c = cacheFor(db);
  c.generation++;
  c.value = null;
  c.pending = null;
}

/** Forget this app's schedules whenever any process changes them (wired by wireModules). */
export function watchDuesChanges(deps: Pick<Deps, 'db' | 'changes'>): void {
  deps.changes.on(DUES_CHANNEL, () => invalidateSchedules(deps.db));
}

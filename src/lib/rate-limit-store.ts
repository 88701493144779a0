// A store for @fastify/rate-limit in PostgreSQL (table rate_limit_hits, migration 0037), so a
// limit holds across every web process of `civnet serve --workers N`: each hit is one upsert that
// counts it in the window its first hit opened, timed by the database's clock (one clock for all
// processes). Used on PostgreSQL; on PGlite (one process) the plugin's in-memory store is enough.
//
// Keys are the limit's (the route's method and path, or the limiter's number in the order the app
// creates them, the same in every process) followed by the client's key. Rows past their window
// are deleted at most once a minute per process, so the table holds only live windows.
// The plugin's `continueExceeding` and `exponentialBackoff` are not supported (no route uses them).
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import { type Db, PREPARED } from '../db/client.js';

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string };
}

const SWEEP_EVERY_MS = 60_000;

/** The store class to give @fastify/rate-limit's `store` option (it calls `new Store(params)`). */
export function postgresRateLimitStore(db: Db, opts: { now?: () => number } = {}): FastifyRateLimitStoreCtor {
  const now = opts.now ?? Date.now;
  const shared = { limiters: 0, lastSweep: 0 };

  function sweep() {
    const t = now();
    if (t - shared.lastSweep < SWEEP_EVERY_MS) return;
    shared.lastSweep = t;
    sql`delete from rate_limit_hits where expires_at < now()`.execute(db).catch(() => {
      // the next sweep tries again; an expired row is never counted anyway
    });
  }

  class Store implements FastifyRateLimitStore {
    constructor(
      _params?: unknown,
      private readonly prefix = 'global',
    ) {}

    incr(key: string, cb: Callback, timeWindow: number) {
      sweep();
      const windowMs = Math.max(1, Math.trunc(timeWindow));
      sql<{ hits: number; ttl_ms: number }>`${sql.raw(PREPARED)}
        insert into rate_limit_hits as h (key, hits, expires_at)
        values (${`${this.prefix}|${key}`}, 1, now() + make_interval(secs => ${windowMs}::int8 / 1000.0))
        on conflict (key) do update set
          hits = case when h.expires_at <= now() then 1 else h.hits + 1 end,
          expires_at = case when h.expires_at <= now() then excluded.expires_at else h.expires_at end
        returning hits, ceil(extract(epoch from (expires_at - now())) * 1000)::int8 as ttl_ms`
        .execute(db)
        .then(
          (r) => {
            const row = r.rows[0];
            cb(null, { current: row?.hits ?? 1, ttl: Math.max(0, Number(row?.ttl_ms ?? windowMs)) });
          },
          (err: Error) => cb(err),
        );
    }

    read(key: string, cb: Callback) {
      sql<{ hits: number; ttl_ms: number }>`
        select hits, ceil(extract(epoch from (expires_at - now())) * 1000)::int8 as ttl_ms
        from rate_limit_hits where key = ${`${this.prefix}|${key}`} and expires_at > now()`
        .execute(db)
        .then(
          (r) => {
            const row = r.rows[0];
            cb(null, row ? { current: row.hits, ttl: Number(row.ttl_ms) } : { current: 0, ttl: 0 });
          },
          (err: Error) => cb(err),
        );
    }

    // The plugin passes the limit's merged options with `routeInfo` (its types say route options).
    child(params: unknown): FastifyRateLimitStore {
      const route = (params as RouteParams).routeInfo;
      const prefix = route?.url ? `${[route.method ?? ''].flat().join(',')} ${route.url}` : `limiter ${++shared.limiters}`;
      return new Store(undefined, prefix);
    }
  }
  return Store;
}

// Changes other processes must hear about: a cache's data changed, so every process forgets its
// copy. On PostgreSQL through LISTEN/NOTIFY: one dedicated listening connection per process (per
// deps), opened by start(); notify() sends `pg_notify(channel, sender)` on the pool. On PGlite
// (one process by construction: `--workers` refuses it) an in-process emitter is all there is to
// reach; PGlite does implement LISTEN/NOTIFY within its one instance, which would add nothing.
//
// notify() runs this process's handlers at once (synchronously, before its first await), so a
// change is seen by the next request of the process that made it; other processes see it when the
// notification arrives, and after a lost listening connection every handler runs once (a change
// may have been missed while it was down). Call it after the change commits.
import pg from 'pg';
import type { Database } from '../db/client.js';

export type ChangeHandler = () => void;

export interface Changes {
  /** Tells every process that `channel`'s data changed (this one at once). Never rejects: a
   * notification that cannot be sent is logged through `onError`, and the caches' TTL still ends
   * their staleness. */
  notify(channel: string): Promise<void>;
  /** Runs `fn` whenever `channel` changes, in this process or another; returns an unsubscribe.
   * Subscribe before start() (caches do, when deps are made): a channel first handled later is
   * LISTENed to a moment after. */
  on(channel: string, fn: ChangeHandler): () => void;
  /** Opens the listening connection (PostgreSQL) and LISTENs to every channel handled. */
  start(): Promise<void>;
  close(): Promise<void>;
  /** whether notifications from other processes reach this one (PostgreSQL, started) */
  readonly listening: boolean;
}

const CHANNEL = /^[a-z][a-z0-9_]{0,40}$/;
const PREFIX = 'civnet_';
const RECONNECT_MS = 1_000;

function checkChannel(channel: string): string {
  if (!CHANNEL.test(channel)) throw new Error(`change channel "${channel}" must be lower-case letters, digits and _ (up to 41)`);
  return PREFIX + channel;
}

export function createChanges(database: Database, opts: { onError?: (err: unknown) => void } = {}): Changes {
  const handlers = new Map<string, Set<ChangeHandler>>();
  const onError = opts.onError ?? (() => {});
  // Our own notifications come back through our listener: recognised by this id and skipped.
  const self = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  let client: pg.Client | null = null;
  let wanted = false;
  let reconnect: NodeJS.Timeout | null = null;

  function run(channel: string) {
    for (const fn of handlers.get(channel) ?? []) {
      try {
        fn();
      } catch (err) {
        onError(err);
      }
    }
  }

  async function connect(): Promise<void> {
    if (database.kind !== 'pg' || !database.connectionString) return;
    const c = new pg.Client({ connectionString: database.connectionString });
    c.on('notification', (msg) => {
      if (msg.payload === self || !msg.channel.startsWith(PREFIX)) return;
      run(msg.channel.slice(PREFIX.length));
    });
    const lost = (err?: unknown) => {
      if (err) onError(err);
      if (client !== c) return;
      client = null;
      c.end().catch(() => {});
      if (wanted && !reconnect) {
        reconnect = setTimeout(() => {
          reconnect = null;
          connect().then(
            () => {
              // anything may have changed while nobody listened
              for (const channel of handlers.keys()) run(channel);
            },
            (e) => lost(e),
          );
        }, RECONNECT_MS);
        reconnect.unref();
      }
    };
    c.on('error', lost);
    c.on('end', () => lost());
    client = c;
    try {
      await c.connect();
      for (const channel of handlers.keys()) await c.query(`LISTEN ${checkChannel(channel)}`);
    } catch (err) {
      lost(err);
      throw err;
    }
  }

  return {
    get listening() {
      return client !== null;
    },
    async notify(channel) {
      const name = checkChannel(channel);
      run(channel);
      if (database.kind !== 'pg') return;
      try {
        await database.executor.executeSql('select pg_notify($1, $2)', [name, self]);
      } catch (err) {
        onError(err);
      }
    },
    on(channel, fn) {
      const name = checkChannel(channel);
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        client?.query(`LISTEN ${name}`).catch(onError);
      }
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    },
    async start() {
      wanted = true;
      if (!client) await connect();
    },
    async close() {
      wanted = false;
      if (reconnect) clearTimeout(reconnect);
      reconnect = null;
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

// The embedded database has one connection. A holder that runs no statement while others wait for
// it (a read through the root handle inside a transaction waits for that transaction's own
// connection) would hold every request of the server forever: after the idle limit the waiters
// queued since its last statement are refused with HeldConnectionError, whose cause says where
// the transaction began, and the database goes on.
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl, testDbKind } from '../../test/db.js';
import { databaseOptions, loadConfig } from '../config.js';
import { type Database, HeldConnectionError, openDatabase, openPGlite, openPostgres, RootInTransactionError, wrapPGlite } from './client.js';

const IDLE_MS = 300;
let database: Database;
beforeAll(async () => {
  database = wrapPGlite(await openPGlite({}), { idleHoldMs: IDLE_MS });
});
afterAll(() => database?.close());

/** What a promise gave (or threw), or 'no answer' if it gave nothing for a long while. */
const settled = <T>(p: Promise<T>): Promise<T | Error | 'no answer'> =>
  Promise.race([p.catch((e: unknown) => e as Error), new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), 10_000).unref())]);

const one = async (db: Database['db']) => (await sql<{ n: number }>`select 1 as n`.execute(db)).rows[0]?.n;

describe('the embedded database’s one connection', () => {
  it('refuses a read through the root handle inside a transaction instead of waiting forever, and goes on', async () => {
    const { db } = database;
    const outcome = await settled(
      db.transaction().execute(async (trx) => {
        await one(trx);
        return one(db); // the bug: the root handle, inside the transaction
      }),
    );
    expect(outcome).toBeInstanceOf(HeldConnectionError);
    const err = outcome as HeldConnectionError;
    expect(err.status).toBe(503);
    expect(err.message).toBe('The service is busy. Please try again in a few seconds.');
    expect(err.reason).toMatch(/held in a transaction with no statement running for \d+ ms/);
    expect((err.cause as Error).stack).toContain('client.test.ts');
    // the transaction was rolled back and the connection given back
    expect(await settled(one(db))).toBe(1);
    expect(database.waiting()).toBe(0);
  });

  it('keeps a waiter that queued before the holder’s last statement, and serves it once the holder lets go', async () => {
    const { db } = database;
    let earlier: Promise<number | undefined> | undefined;
    const holder = db.transaction().execute(async (trx) => {
      await one(trx);
      earlier = one(db); // another request, queued while the transaction works
      await new Promise((r) => setTimeout(r, 20));
      await one(trx); // the holder's last statement: the earlier waiter is not its own
      return one(db); // its own wait, which can never be served
    });
    expect(await settled(holder)).toBeInstanceOf(HeldConnectionError);
    expect(await settled(earlier as Promise<number | undefined>)).toBe(1);
  });

  it('lets a waiter wait for as long as the holder runs statements, however long, each idle gap shorter than the limit', async () => {
    // a longer limit here (a pool of its own over the same database, used alone): a loaded
    // machine's timers may fire late, and a late one is an idle gap
    const patient = wrapPGlite(database.pglite as PGlite, { idleHoldMs: 2_000 });
    try {
      const { db } = patient;
      let waiter: Promise<number | undefined> | undefined;
      const holder = db.transaction().execute(async (trx) => {
        await one(trx);
        waiter = one(patient.db);
        await sql`select pg_sleep(2.5)`.execute(trx); // one statement longer than the limit
        for (let i = 0; i < 30; i++) {
          await new Promise((r) => setTimeout(r, 100));
          await one(trx);
        }
        return 'committed';
      });
      expect(await settled(holder)).toBe('committed');
      expect(await settled(waiter as Promise<number | undefined>)).toBe(1);
    } finally {
      await patient.db.destroy();
    }
  });
});

// The test databases (test/db.ts) are guarded: the same mistake is refused at once, where it is
// made, whether or not it would have had to wait (a cache that happened to be warm hides it).
describe('a guarded embedded database', () => {
  it('refuses a root-handle query from inside one of its transactions at once, naming the mistake, and goes on', async () => {
    const guarded = wrapPGlite(database.pglite as PGlite, { idleHoldMs: 60_000, guard: true });
    try {
      const { db } = guarded;
      const started = performance.now();
      let leftRunning: Promise<number | undefined> | undefined;
      const outcome = await settled(
        db.transaction().execute(async (trx) => {
          await one(trx);
          leftRunning = new Promise((r) => setTimeout(r, 50)).then(() => one(trx).catch(() => undefined));
          return one(db);
        }),
      );
      expect(outcome).toBeInstanceOf(RootInTransactionError);
      expect((outcome as Error).message).toMatch(/^A query through the root database handle inside a transaction: use the transaction's executor/);
      expect((outcome as Error).stack).toContain('client.test.ts');
      expect(performance.now() - started).toBeLessThan(5_000); // not the idle limit's minute
      await leftRunning;
      // a transaction begun from inside another, and one whose builder was configured, too
      const nested = await settled(db.transaction().execute(async () => db.transaction().execute(async (t) => one(t))));
      expect(nested).toBeInstanceOf(RootInTransactionError);
      const serializable = await settled(
        db
          .transaction()
          .setIsolationLevel('serializable')
          .execute(async () => one(db)),
      );
      expect(serializable).toBeInstanceOf(RootInTransactionError);
      // outside any transaction, after one, and through the transaction itself: as before
      expect(await settled(one(db))).toBe(1);
      expect(await settled(db.transaction().execute((trx) => one(trx)))).toBe(1);
      expect(guarded.waiting()).toBe(0);
    } finally {
      await guarded.db.destroy();
    }
  });
});

// On PostgreSQL the same bug waits only once every pooled connection is held so (a pool of one
// here), and then pg's own time-out said 'timeout exceeded when trying to connect': a 500. Now the
// wait is bounded and refused as a busy server.
describe.skipIf(testDbKind() !== 'pg')('a PostgreSQL pool whose every connection is held', () => {
  it('refuses a query that waited past the limit as a busy server, and goes on', async () => {
    const pooled = openPostgres(adminUrl(), 1, { connectionWaitMs: 300 });
    try {
      const { db } = pooled;
      const outcome = await settled(
        db.transaction().execute(async (trx) => {
          await one(trx);
          return one(db);
        }),
      );
      expect(outcome).toBeInstanceOf(HeldConnectionError);
      expect((outcome as HeldConnectionError).status).toBe(503);
      expect((outcome as HeldConnectionError).reason).toMatch(/no connection of the pool \(1\) came free, or could be opened, within 300 ms/);
      expect(await settled(one(db))).toBe(1);
    } finally {
      await pooled.close();
    }
  });

  it('opens as many connections as PG_POOL_SIZE says, and waits for one as long as PG_CONNECTION_WAIT_MS says', async () => {
    const config = loadConfig({ DATABASE_URL: adminUrl(), PG_POOL_SIZE: '2', PG_CONNECTION_WAIT_MS: '300' });
    const opened = await openDatabase(databaseOptions(config));
    try {
      const { db } = opened;
      let begun = 0;
      let letGo = () => {};
      const gate = new Promise<void>((resolve) => {
        letGo = resolve;
      });
      // two transactions hold a connection each (a pool of 10, the default, would have 8 more)
      const holders = [1, 2].map(() =>
        db.transaction().execute(async (trx) => {
          await one(trx);
          begun++;
          await gate;
        }),
      );
      await expect.poll(() => begun).toBe(2);
      const third = await settled(one(db));
      letGo();
      await Promise.all(holders);
      expect(third).toBeInstanceOf(HeldConnectionError);
      expect((third as HeldConnectionError).reason).toMatch(/^no connection of the pool \(2\) came free, or could be opened, within 300 ms/);
      expect(await settled(one(db))).toBe(1);
    } finally {
      await opened.close();
    }
  });
});

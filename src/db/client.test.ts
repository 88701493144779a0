// The embedded database has one connection. A holder that runs no statement while others wait for
// it (a read through the root handle inside a transaction waits for that transaction's own
// connection) would hold every request of the server forever: after the idle limit the waiters
// queued since its last statement are refused with HeldConnectionError, whose cause says where
// the transaction began, and the database goes on.
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl, testDbKind } from '../../test/db.js';
import { type Database, HeldConnectionError, openPGlite, openPostgres, wrapPGlite } from './client.js';

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
});

// The association's cached row may be asked for inside a transaction (an application's time zone,
// a cancellation's contact address). On PGlite the transaction holds the one connection, so a get()
// that went to the database there would wait forever and hold the whole server: past its time to
// live the cache answers its copy at once and reads the row again in the background.
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../test/db.js';
import { createTestContext, type TestContext } from '../test/helpers.js';
import { associationCache } from './caches.js';
import { type Database, RootInTransactionError, wrapPGlite } from './db/client.js';
import { fixedClock } from './lib/clock.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

/** What a promise gave, or 'no answer' if it gave nothing for a long while (a wait that never ends). */
const answered = <T>(p: Promise<T>): Promise<T | 'no answer'> => Promise.race([p, new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), 10_000).unref())]);

describe('the association cache', () => {
  afterEach(async () => {
    await ctx.deps.db.updateTable('association').set({ short_name: 'TA' }).where('id', '=', 1).execute();
  });

  it('past its time to live, answers inside a transaction without waiting for the database, then holds the row read again', async () => {
    // as in production: the test databases refuse get() inside a transaction (below), so on PGlite
    // this one goes through a pool of its own, without the guard, over the same instance
    const own: Database = ctx.deps.database.kind === 'pglite' ? wrapPGlite(ctx.deps.database.pglite as PGlite) : ctx.deps.database;
    try {
      const clock = fixedClock('2026-12-05T12:00:00Z');
      const cache = associationCache(own.db, 30_000, clock, ctx.deps.changes);
      expect((await cache.get()).name).toBe('Test Association');
      // the row changes behind the cache's back (no notification), and the copy grows old
      await own.db.updateTable('association').set({ short_name: 'TA2' }).where('id', '=', 1).execute();
      clock.advance(31_000);
      const inside = await answered(own.db.transaction().execute(async () => (await cache.get()).short_name));
      expect(inside).toBe('TA'); // the copy kept, at once
      // the background read has its turn once the transaction is over (on PostgreSQL, beside it)
      await expect.poll(async () => (await cache.get()).short_name).toBe('TA2');
    } finally {
      if (own !== ctx.deps.database) await own.db.destroy();
    }
  });

  it.skipIf(testDbKind() === 'pg')(
    'on the test databases, get() inside a transaction is refused at once, even with a copy kept: just after a change it would wait for the transaction’s own connection',
    async () => {
      const cache = associationCache(ctx.deps.db, 30_000, fixedClock('2026-12-05T12:00:00Z'), ctx.deps.changes);
      expect((await cache.get()).short_name).toBe('TA');
      const inside = await answered(
        ctx.deps.db
          .transaction()
          .execute(async () => (await cache.get()).short_name)
          .catch((e: unknown) => e),
      );
      expect(inside).toBeInstanceOf(RootInTransactionError);
      expect((inside as Error).message).toMatch(/association's settings .* inside a transaction: use the transaction's executor .*associationThrough\(trx\)/);
      // outside, and in the transaction's own reads, all is as before
      expect((await cache.get()).short_name).toBe('TA');
      expect(await ctx.deps.db.transaction().execute(async (trx) => (await trx.selectFrom('association').select('short_name').executeTakeFirstOrThrow()).short_name)).toBe('TA');
    },
  );

  it('within its time to live answers its copy, and a change heard drops it', async () => {
    const clock = fixedClock('2026-12-05T12:00:00Z');
    const cache = associationCache(ctx.deps.db, 30_000, clock, ctx.deps.changes);
    expect((await cache.get()).short_name).toBe('TA');
    await ctx.deps.db.updateTable('association').set({ short_name: 'TA3' }).where('id', '=', 1).execute();
    expect((await cache.get()).short_name).toBe('TA');
    cache.invalidate();
    await expect.poll(async () => (await cache.get()).short_name).toBe('TA3');
  });
});

// The association's cached row may be asked for inside a transaction (an application's time zone,
// a cancellation's contact address). On PGlite the transaction holds the one connection, so a get()
// that went to the database there would wait forever and hold the whole server: past its time to
// live the cache answers its copy at once and reads the row again in the background.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/helpers.js';
import { associationCache } from './caches.js';
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
    const clock = fixedClock('2026-12-05T12:00:00Z');
    const cache = associationCache(ctx.deps.db, 30_000, clock, ctx.deps.changes);
    expect((await cache.get()).name).toBe('Test Association');
    // the row changes behind the cache's back (no notification), and the copy grows old
    await ctx.deps.db.updateTable('association').set({ short_name: 'TA2' }).where('id', '=', 1).execute();
    clock.advance(31_000);
    const inside = await answered(ctx.deps.db.transaction().execute(async () => (await cache.get()).short_name));
    expect(inside).toBe('TA'); // the copy kept, at once
    // the background read has its turn once the transaction is over (on PostgreSQL, beside it)
    await expect.poll(async () => (await cache.get()).short_name).toBe('TA2');
  });

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

// deps.changes: a change notified in one process reaches the caches of the others (PostgreSQL's
// LISTEN/NOTIFY), and the notifying process's own handlers run at once (both engines).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMembership, anOrganization } from '../../test/factories/index.js';
import { createTestContext, nextChange, type TestContext } from '../../test/helpers.js';
import { openPostgres } from '../db/client.js';
import { createDeps } from '../deps.js';
import { wireModules } from '../modules/index.js';
import { createChanges } from './changes.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('in this process', () => {
  it('runs the handlers of a channel at once when it is notified, and no longer after unsubscribing', async () => {
    const changes = createChanges(ctx.deps.database);
    const seen: string[] = [];
    const off = changes.on('things', () => seen.push('things'));
    changes.on('other', () => seen.push('other'));
    const sent = changes.notify('things');
    expect(seen).toEqual(['things']); // before the notification's round trip
    await sent;
    off();
    await changes.notify('things');
    expect(seen).toEqual(['things']);
    await changes.close();
  });

  it('refuses a channel name that is not a plain identifier', () => {
    const changes = createChanges(ctx.deps.database);
    expect(() => changes.on('Robert"; drop table users', () => {})).toThrow(/lower-case/);
  });

  it('a change of the association through settings is read at once by the same app', async () => {
    const before = await ctx.deps.association.get();
    await ctx.deps.db.updateTable('association').set({ short_name: 'Changed here' }).execute();
    expect((await ctx.deps.association.get()).short_name).toBe(before.short_name); // cached
    ctx.deps.association.invalidate();
    expect((await ctx.deps.association.get()).short_name).toBe('Changed here');
  });
});

describe.runIf(process.env.TEST_DB === 'pg')('across processes (PostgreSQL)', () => {
  it('a notification from one listener reaches another on the same database, and not its sender', async () => {
    const a = createChanges(ctx.deps.database);
    const b = createChanges(ctx.deps.database);
    const heardByA: string[] = [];
    a.on('dues_schedules', () => heardByA.push('dues_schedules'));
    a.on('done', () => heardByA.push('done'));
    // channels handled before start() are LISTENed to by the time it resolves
    const bHears = nextChange({ changes: b }, 'dues_schedules');
    await Promise.all([a.start(), b.start()]);
    expect(a.listening && b.listening).toBe(true);
    await a.notify('dues_schedules');
    await bHears;
    // notifications arrive in commit order: once A hears B's `done`, its own echo would have come
    const aHearsDone = nextChange({ changes: a }, 'done');
    await b.notify('done');
    await aHearsDone;
    expect(heardByA).toEqual(['dues_schedules', 'done']);
    await Promise.all([a.close(), b.close()]);
  });

  it("a second app's cached association and dues schedules are dropped when the first changes them", async () => {
    const url = ctx.deps.database.connectionString ?? '';
    const otherDatabase = openPostgres(url, 2);
    const other = createDeps(ctx.deps.config, otherDatabase, ctx.clock, { wire: wireModules });
    try {
      await Promise.all([ctx.deps.changes.start(), other.changes.start()]);
      const cached = await other.association.get();
      await ctx.deps.db.updateTable('association').set({ short_name: 'Changed elsewhere' }).execute();
      expect((await other.association.get()).short_name).toBe(cached.short_name); // still its copy
      const heard = nextChange(other, 'association');
      ctx.deps.association.invalidate(); // what settings does after its change commits
      await heard;
      expect((await other.association.get()).short_name).toBe('Changed elsewhere');

      // dues: wireModules made the other app listen for schedule changes; the first's notification
      // reaches it (its quote cache is dropped by that same handler)
      const duesHeard = nextChange(other, 'dues_schedules');
      await ctx.deps.changes.notify('dues_schedules');
      await duesHeard;
    } finally {
      await other.changes.close();
      await ctx.deps.changes.close();
      await otherDatabase.close();
    }
  });

  it("a membership written by one app empties a second app's network summaries (the triggers' notification)", async () => {
    const url = ctx.deps.database.connectionString ?? '';
    const otherDatabase = openPostgres(url, 2);
    const other = createDeps({ ...ctx.deps.config, SUMMARY_CACHE_MS: 600_000 }, otherDatabase, ctx.clock, { wire: wireModules });
    try {
      await other.changes.start();
      expect(await other.summaries.get('probe', async () => 'before')).toBe('before');
      expect(await other.summaries.get('probe', async () => 'after')).toBe('before'); // kept for ten minutes
      const heard = nextChange(other, 'network_summary');
      const org = await anOrganization(ctx);
      await aMembership(ctx, org.id);
      await heard;
      expect(await other.summaries.get('probe', async () => 'after')).toBe('after');
    } finally {
      await other.changes.close();
      await otherDatabase.close();
    }
  });
});

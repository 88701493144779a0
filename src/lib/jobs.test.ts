// Jobs on pg-boss: queued with the transaction that caused them, retried, dead-lettered,
// and worked exactly once even by several runners at once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, TEST_TIME_ZONE, type TestContext } from '../../test/helpers.js';
import { writeAudit } from './audit.js';
import { createJobs, deadLetterName } from './jobs.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('jobs', () => {
  it('a job sent in a transaction that rolls back is never queued; a committed one is', async () => {
    const seen: unknown[] = [];
    const { jobs, db } = ctx.deps;
    jobs.register({ name: 'test-tx', retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, deadLetter: false }, async (data) => {
      seen.push(data.n);
    });
    await jobs.start({ work: false });
    await expect(
      db.transaction().execute(async (trx) => {
        await writeAudit(trx, { at: ctx.clock.now(), actorUserId: null, action: 'test.rolled_back', entityType: 'test' });
        await jobs.send(trx, 'test-tx', { n: 1 });
        throw new Error('the change fails after queuing');
      }),
    ).rejects.toThrow('the change fails');
    expect(await jobs.boss.getQueueSize('test-tx')).toBe(0);
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'test.rolled_back').execute()).toEqual([]);

    await db.transaction().execute(async (trx) => {
      await writeAudit(trx, { at: ctx.clock.now(), actorUserId: null, action: 'test.committed', entityType: 'test' });
      await jobs.send(trx, 'test-tx', { n: 2 });
    });
    expect(await jobs.boss.getQueueSize('test-tx')).toBe(1);
    expect(await jobs.drain('test-tx')).toBe(1);
    expect(seen).toEqual([2]);
  });

  it('a drain runs every job queued before it, even one queued in the same millisecond', async () => {
    const { jobs, db } = ctx.deps;
    let runs = 0;
    jobs.register({ name: 'test-at-once', retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, deadLetter: false }, async () => {
      runs++;
    });
    await jobs.start({ work: false });
    const drained: number[] = [];
    for (let i = 0; i < 100; i++) {
      await jobs.send(db, 'test-at-once', { i });
      drained.push(await jobs.drain('test-at-once'));
    }
    expect(drained).toEqual(Array(100).fill(1));
    expect(runs).toBe(100);
  });

  it('a failing job is retried and then lands in its dead-letter queue', async () => {
    const { jobs, db } = ctx.deps;
    let attempts = 0;
    jobs.register({ name: 'test-flaky', retryLimit: 1, retryDelaySeconds: 0, retryBackoff: false, deadLetter: true }, async () => {
      attempts++;
      throw new Error('the far side is down');
    });
    await jobs.start({ work: false });
    await jobs.send(db, 'test-flaky', { n: 1 });
    await jobs.drain('test-flaky');
    await jobs.drain('test-flaky');
    expect(attempts).toBe(2);
    expect(await jobs.boss.getQueueSize(deadLetterName('test-flaky'))).toBe(1);
    const [dead] = (await jobs.boss.fetch(deadLetterName('test-flaky'))) ?? [];
    expect(dead?.data).toEqual({ n: 1 });
  });

  it('two runners on the same database work each job exactly once', async () => {
    const { jobs, db } = ctx.deps;
    const done: number[] = [];
    const def = { name: 'test-shared', retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, deadLetter: false };
    const handler = async (data: Record<string, unknown>) => {
      done.push(Number(data.n));
    };
    jobs.register(def, handler);
    await jobs.start({ work: false });
    const second = createJobs(ctx.deps.database);
    second.register(def, handler);
    await second.start({ work: false });
    try {
      for (let n = 0; n < 20; n++) await jobs.send(db, 'test-shared', { n });
      const [a, b] = await Promise.all([jobs.drain('test-shared'), second.drain('test-shared')]);
      expect(a + b).toBe(20);
      expect(done.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    } finally {
      await second.stop();
    }
  });

  it('a schedule is stored and listed', async () => {
    const { jobs } = ctx.deps;
    jobs.register({ name: 'test-daily', retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, deadLetter: false }, async () => {});
    await jobs.start({ work: false });
    await jobs.schedule('test-daily', '0 6 * * *');
    const schedules = await jobs.boss.getSchedules();
    expect(schedules.find((s) => s.name === 'test-daily')?.cron).toBe('0 6 * * *');
  });

  it('a schedule is read in the association’s time zone, and rezone moves every schedule to another', async () => {
    const { jobs } = ctx.deps;
    jobs.register({ name: 'test-zoned', retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, deadLetter: false }, async () => {});
    await jobs.start({ work: false });
    await jobs.schedule('test-zoned', '30 7 * * *', { kind: 'morning' });
    const row = async () => (await jobs.boss.getSchedules()).find((s) => s.name === 'test-zoned') as unknown as { cron: string; timezone: string; data: unknown };
    expect(await row()).toMatchObject({ cron: '30 7 * * *', timezone: TEST_TIME_ZONE, data: { kind: 'morning' } });
    await jobs.rezone('Pacific/Honolulu');
    expect(await row()).toMatchObject({ cron: '30 7 * * *', timezone: 'Pacific/Honolulu', data: { kind: 'morning' } });
    // every schedule, not only this one
    expect(new Set((await jobs.boss.getSchedules()).map((s) => (s as unknown as { timezone: string }).timezone))).toEqual(new Set(['Pacific/Honolulu']));
    await jobs.rezone(TEST_TIME_ZONE);
  });
  it('a job sent here wakes its worker: with a look for jobs once an hour, sent jobs still run, a full batch is followed by the next', async () => {
    const runner = createJobs(ctx.deps.database, { pollingIntervalSeconds: 3600 });
    const seen: number[] = [];
    runner.register({ name: 'test-notified', retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, deadLetter: false }, async (data) => {
      seen.push(Number(data.n));
    });
    await runner.start(); // its worker looks once now, finds nothing, and would look again in an hour
    try {
      await runner.send(ctx.deps.db, 'test-notified', { n: 1 });
      await vi.waitFor(() => expect(seen).toEqual([1]), { timeout: 20_000, interval: 20 });
      // twelve at once: batches of five, each full batch followed by another look
      await runner.sendMany(
        ctx.deps.db,
        'test-notified',
        Array.from({ length: 12 }, (_, i) => ({ n: 10 + i })),
      );
      await vi.waitFor(() => expect(seen).toHaveLength(13), { timeout: 20_000, interval: 20 });
      expect(seen.slice(1).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => 10 + i));
      if (ctx.deps.database.kind === 'pglite') {
        // sent in a transaction: the worker's look waits for the one connection, so it finds the
        // job once the transaction commits (on PostgreSQL a look that early finds it a poll later)
        await ctx.deps.db.transaction().execute(async (trx) => {
          await runner.send(trx, 'test-notified', { n: 2 });
          await writeAudit(trx, { at: ctx.clock.now(), actorUserId: null, action: 'test.notified', entityType: 'test' });
        });
        await vi.waitFor(() => expect(seen).toContain(2), { timeout: 20_000, interval: 20 });
      }
    } finally {
      await runner.stop();
    }
  }, 60_000);

  it('one look serves every queue: idle queues are not fetched one by one, a job due later is found and run', async () => {
    // Every query the runner makes (on PGlite pg-boss queries through the same executor as the look).
    const queries: Array<{ text: string; values: unknown[] }> = [];
    const { database } = ctx.deps;
    const executeSql = (text: string, values: unknown[]) => {
      queries.push({ text, values });
      return database.executor.executeSql(text, values);
    };
    const counted = { ...database, executor: { executeSql } };
    const runner = createJobs(counted, { pollingIntervalSeconds: 0.5 });
    const names = ['a', 'b', 'c', 'd', 'e'].map((x) => `test-look-${x}`);
    const seen: string[] = [];
    for (const name of names)
      runner.register({ name, retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, deadLetter: false }, async () => {
        seen.push(name);
      });
    await runner.start(); // each worker fetches once as it starts
    try {
      await new Promise((r) => setTimeout(r, 500));
      queries.length = 0;
      // a job to start in a second: sent without waking its worker, found by a look
      await runner.send(ctx.deps.db, 'test-look-c', {}, { startAfterSeconds: 1 });
      await vi.waitFor(() => expect(seen).toEqual(['test-look-c']), { timeout: 20_000, interval: 50 });
      await new Promise((r) => setTimeout(r, 1500));
      if (database.kind === 'pglite') {
        const looks = queries.filter((q) => q.text.includes('SELECT DISTINCT name'));
        const fetched = new Set(queries.filter((q) => q.text.includes('SKIP LOCKED') && names.includes(String(q.values[0]))).map((q) => q.values[0]));
        expect(looks.length).toBeGreaterThanOrEqual(2);
        // only the queue that had a job was fetched: the idle four never were
        expect([...fetched]).toEqual(['test-look-c']);
      }
    } finally {
      await runner.stop();
    }
  }, 60_000);
});

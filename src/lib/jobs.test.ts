// Jobs on pg-boss: queued with the transaction that caused them, retried, dead-lettered,
// and worked exactly once even by several runners at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/helpers.js';
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
});

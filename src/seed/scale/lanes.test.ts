import { describe, expect, it } from 'vitest';
import { type QueuedJob, queue } from './lanes.js';

/** A job that records its start and end, waits `ms`, then returns `next`. */
function recorder() {
  const log: string[] = [];
  let running = 0;
  let most = 0;
  const job =
    (name: string, ms: number, next?: QueuedJob[], fail?: boolean): QueuedJob =>
    async () => {
      log.push(`start ${name}`);
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      log.push(`end ${name}`);
      if (fail) throw new Error(`${name} failed`);
      return next;
    };
  return { log, job, most: () => most };
}

describe('queue', () => {
  it('runs the jobs a job returns before the rest of the queue, never more than `width` at once', async () => {
    const { log, job, most } = recorder();
    const rest = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => job(name, 10));
    await queue(2, [job('rows', 25, [job('counts', 5), job('order', 5)]), ...rest]);
    const started = log.filter((x) => x.startsWith('start')).map((x) => x.slice(6));
    expect(started.sort()).toEqual(['a', 'b', 'c', 'counts', 'd', 'e', 'f', 'order', 'rows']);
    // what 'rows' returns starts as soon as it ends, and before the jobs still queued behind it
    expect(log.indexOf('start counts')).toBe(log.indexOf('end rows') + 1);
    expect(log.indexOf('start order')).toBeLessThan(log.indexOf('start f'));
    expect(log.indexOf('start a')).toBeLessThan(log.indexOf('end rows'));
    expect(most()).toBe(2);
  });

  it('waits for a running job that may return more when the queue is empty', async () => {
    const { log, job, most } = recorder();
    await queue(2, [job('rows', 20, [job('counts', 5), job('order', 5), job('state', 5)])]);
    expect(log.filter((x) => x.startsWith('end')).sort()).toEqual(['end counts', 'end order', 'end rows', 'end state']);
    // the three returned jobs ran two at a time
    expect(most()).toBe(2);
  });

  it('starts nothing after a failure, and rejects with it once the running jobs end', async () => {
    const { log, job } = recorder();
    await expect(queue(2, [job('bad', 5, undefined, true), job('long', 30), job('later', 5)])).rejects.toThrow('bad failed');
    expect(log).toContain('end long');
    expect(log).not.toContain('start later');
  });

  it('resolves at once with nothing to do', async () => {
    await expect(queue(2, [])).resolves.toBeUndefined();
  });
});

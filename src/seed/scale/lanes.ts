// Loads side by side: jobs (each a bulk insert on a connection of its own) run `width` at a time,
// in the order they were added. `add` waits for a free lane, so the caller generates the next rows
// while the lanes load the previous ones, and never holds more than `width` jobs' rows at once.
// The tables' foreign keys are off during the load (db/bulk.ts), so the order of the loads of
// different tables does not matter; a job that depends on another's rows runs both itself.

export interface Lanes {
  /** Starts `job` once a lane is free (rejects with the first failure of an earlier job). */
  add(job: () => Promise<unknown>): Promise<void>;
  /** Waits for every job; rejects with the first failure. */
  drain(): Promise<void>;
}

export function lanes(width: number): Lanes {
  const running = new Set<Promise<void>>();
  let failed: { error: unknown } | null = null;
  const check = () => {
    if (failed) throw failed.error;
  };
  return {
    async add(job) {
      while (running.size >= width) await Promise.race(running);
      check();
      const p: Promise<void> = job()
        .then(
          () => {},
          (error: unknown) => {
            failed ??= { error };
          },
        )
        .finally(() => running.delete(p));
      running.add(p);
    },
    async drain() {
      while (running.size) await Promise.race(running);
      check();
    },
  };
}

/** A job of a queue: it may return jobs that follow from it (they need its work done). */
// biome-ignore lint/suspicious/noConfusingVoidType: most jobs return nothing (an async function's void)
export type QueuedJob = () => Promise<QueuedJob[] | void>;

/**
 * Runs `jobs` `width` at a time, in order; the jobs a job returns start next, before the rest of
 * the queue (they are the rest of the longest path: the directory's parts after its rows). A lane
 * left without work waits while a running job may still return some. Resolves when all are done;
 * after a failure no job starts, and it rejects with the first failure once the running ones end.
 */
export function queue(width: number, jobs: QueuedJob[]): Promise<void> {
  const pending = [...jobs];
  let running = 0;
  let failed: { error: unknown } | null = null;
  return new Promise((resolve, reject) => {
    const pump = () => {
      while (!failed && running < width && pending.length) {
        const job = pending.shift() as QueuedJob;
        running++;
        Promise.resolve()
          .then(job)
          .then(
            (next) => {
              if (next) pending.unshift(...next);
            },
            (error: unknown) => {
              failed ??= { error };
            },
          )
          .finally(() => {
            running--;
            pump();
          });
      }
      if (running === 0 && (failed || !pending.length)) {
        if (failed) reject(failed.error);
        else resolve();
      }
    };
    pump();
  });
}

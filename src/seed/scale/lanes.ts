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

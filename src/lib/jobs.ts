// Background work on pg-boss 10, on PostgreSQL and on PGlite (through the `db.executeSql`
// adapter). Jobs are sent with the caller's transaction executor, so they commit (or roll back)
// with the change that queued them.

import type { Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { Db } from '../db/client.js';
import { type Database, kyselyExecutor } from '../db/client.js';
import type { DB } from '../db/types.js';

export const JOBS_SCHEMA = 'pgboss';

export interface QueueDefinition {
  name: string;
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** a second queue where jobs land after their last retry, visible to staff */
  deadLetter: boolean;
}

export type JobHandler = (data: Record<string, unknown>, job: { id: string; name: string }) => Promise<void>;

export interface Jobs {
  boss: PgBoss;
  /** Queue a job inside the caller's transaction (or on the root database). */
  send(executor: Db | Transaction<DB>, queue: string, data: Record<string, unknown>, options?: { startAfterSeconds?: number; singletonKey?: string }): Promise<string | null>;
  /** Queue many jobs of one queue with one insert, in the caller's transaction. */
  sendMany(executor: Db | Transaction<DB>, queue: string, data: Array<Record<string, unknown>>): Promise<void>;
  register(def: QueueDefinition, handler: JobHandler): void;
  /** Run `queue` on a cron schedule read in the association's time zone (`timeZone` given to
   * createJobs; UTC without one): "0 6 * * *" is 06:00 there, the start of its day's work. */
  schedule(queue: string, cron: string, data?: Record<string, unknown>): Promise<void>;
  /** Every kept schedule read in `timeZone` from now on (the association's zone changed). The
   * schedules are rows in the database: one process rezoning them does it for all. */
  rezone(timeZone: string): Promise<void>;
  start(opts?: { work?: boolean }): Promise<void>;
  stop(): Promise<void>;
  /** Process every job that is ready now, in this process; used by the CLI and tests. */
  drain(queue: string): Promise<number>;
}

export const deadLetterName = (queue: string) => `${queue}-dead`;

export function createJobs(database: Database, opts: { pollingIntervalSeconds?: number; timeZone?: () => Promise<string> } = {}): Jobs {
  const base = database.kind === 'pg' && database.connectionString ? { connectionString: database.connectionString, max: 4 } : { db: database.executor };
  const boss = new PgBoss({
    ...base,
    schema: JOBS_SCHEMA,
    // Maintenance and cron monitors: modest intervals keep PGlite's single connection free. The
    // worker that turns due schedules into jobs looks every 30 s there (a job of a daily schedule
    // may start up to 40 s after its minute), every 5 s on PostgreSQL.
    maintenanceIntervalSeconds: 120,
    ...(database.kind === 'pglite' && opts.pollingIntervalSeconds === undefined ? { cronWorkerIntervalSeconds: 30 } : {}),
  } as ConstructorParameters<typeof PgBoss>[0]);
  boss.on('error', () => {
    // errors of background polling are retried by pg-boss itself; nothing to crash for
  });
  const handlers = new Map<string, { def: QueueDefinition; handler: JobHandler }>();
  let started = false;
  let working = false;
  // How often this process looks for jobs that nobody said were sent: those of the daily
  // schedules, retries, jobs sent to start later and, on PostgreSQL, jobs other processes sent. A
  // job sent here wakes its worker at once (notify below). One look serves every queue: a query
  // for the names of the queues with a job ready, whose workers are then woken. (Each worker
  // looking for itself cost a query per queue: pg-boss's fetch, an update over the job table's 60-odd
  // partitions, about 10–25 ms each on PGlite, whose queries run on this process's own thread; 19
  // queues looking every 10 s kept an idle server 2% busy.) On PGlite no other process can send a
  // job, so it looks every 10 seconds; on PostgreSQL every second.
  const lookEverySeconds = opts.pollingIntervalSeconds ?? (database.kind === 'pglite' ? 10 : 1);
  /** the workers' own looks, a backstop only: the look above wakes them */
  const WORKER_POLLING_SECONDS = 3600;
  let look: ReturnType<typeof setInterval> | undefined;
  let looking = false;
  const lookForReadyJobs = async () => {
    if (looking || workers.size === 0) return;
    looking = true;
    try {
      const { rows } = await database.executor.executeSql(`SELECT DISTINCT name FROM ${JOBS_SCHEMA}.job WHERE state < 'active' AND start_after < now()`, []);
      for (const row of rows as Array<{ name: string }>) notify(row.name);
    } catch {
      // a look that fails (the database restarting, the process stopping) is made again at the next
    } finally {
      looking = false;
    }
  };
  const BATCH = 5;
  /** each queue's worker in this process */
  const workers = new Map<string, string>();
  /** Wakes the queue's worker now instead of at its next look. Sent in a transaction, the job is
   * found once that commits: on PGlite the worker's query waits for the one connection the
   * transaction holds; on PostgreSQL a look that comes too early finds it a poll later. */
  const notify = (queue: string) => {
    const id = workers.get(queue);
    if (id) boss.notifyWorker(id);
  };

  async function ensureQueues() {
    for (const { def } of handlers.values()) {
      if (def.deadLetter && !(await boss.getQueue(deadLetterName(def.name)))) {
        await boss.createQueue(deadLetterName(def.name), { name: deadLetterName(def.name) });
      }
      if (!(await boss.getQueue(def.name))) {
        await boss.createQueue(def.name, {
          name: def.name,
          retryLimit: def.retryLimit,
          retryDelay: def.retryDelaySeconds,
          retryBackoff: def.retryBackoff,
          ...(def.deadLetter ? { deadLetter: deadLetterName(def.name) } : {}),
        });
      }
    }
  }

  async function runOne(name: string, job: { id: string; name: string; data: object }) {
    const entry = handlers.get(name);
    if (!entry) throw new Error(`no handler for queue ${name}`);
    await entry.handler(job.data as Record<string, unknown>, { id: job.id, name: job.name });
  }

  return {
    boss,
    async send(executor, queue, data, options = {}) {
      const id = await boss.send(queue, data, {
        db: kyselyExecutor(executor) as { executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }> },
        ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      } as Parameters<PgBoss['send']>[2]);
      if (!options.startAfterSeconds) notify(queue);
      return id;
    },
    async sendMany(executor, queue, data) {
      if (data.length === 0) return;
      await boss.insert(
        data.map((d) => ({ name: queue, data: d })),
        { db: kyselyExecutor(executor) as { executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }> } },
      );
      notify(queue);
    },
    register(def, handler) {
      handlers.set(def.name, { def, handler });
    },
    async schedule(queue, cron, data = {}) {
      await boss.schedule(queue, cron, data, { tz: (await opts.timeZone?.()) || 'UTC' });
    },
    async rezone(timeZone) {
      for (const s of (await boss.getSchedules()) as Array<{ name: string; cron: string; timezone: string; data: object | null; options: object | null }>) {
        if (s.timezone !== timeZone) await boss.schedule(s.name, s.cron, s.data ?? {}, { ...(s.options ?? {}), tz: timeZone });
      }
    },
    async start({ work = true } = {}) {
      if (!started) {
        await boss.start();
        started = true;
      }
      await ensureQueues();
      if (work && !working) {
        working = true;
        for (const name of handlers.keys()) {
          const id = await boss.work(name, { pollingIntervalSeconds: WORKER_POLLING_SECONDS, batchSize: BATCH }, async (jobs) => {
            for (const job of jobs) await runOne(name, job as { id: string; name: string; data: object });
            // a full batch: there may be more waiting; look again at once rather than at the next poll
            if (jobs.length === BATCH) notify(name);
          });
          workers.set(name, id);
        }
        look = setInterval(() => void lookForReadyJobs(), lookEverySeconds * 1000);
        look.unref();
      }
    },
    async stop() {
      if (!started) return;
      started = false;
      working = false;
      clearInterval(look);
      look = undefined;
      workers.clear();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
    async drain(queue) {
      let done = 0;
      let waited = false;
      for (;;) {
        const jobs = await boss.fetch(queue, { batchSize: 10 });
        if (!jobs || jobs.length === 0) {
          // pg-boss takes a job once `start_after < now()`; PGlite's clock counts whole
          // milliseconds, so a job queued in the same millisecond is not ready yet: look once
          // more after two, so that a job queued before the drain is always run by it
          if (waited) return done;
          waited = true;
          await new Promise((r) => setTimeout(r, 2));
          continue;
        }
        for (const job of jobs) {
          try {
            await runOne(queue, job as { id: string; name: string; data: object });
            await boss.complete(queue, job.id);
          } catch (err) {
            await boss.fail(queue, job.id, { message: err instanceof Error ? err.message : String(err) });
          }
          done++;
        }
      }
    },
  };
}

// `civnet serve --workers N` (or WEB_WORKERS=N): N web processes on one PostgreSQL, through
// node:cluster. The primary process migrates (and seeds, outside production) once, creates the
// job queues and schedules, then forks the workers, which share the listening port (the primary
// hands connections out in turn). Each worker is a whole server: its own pool, its own pg-boss
// (jobs are claimed with SKIP LOCKED, the daily schedules fire once: pg-boss's cron takes a lock
// and a singleton key), its own listening connection for cache changes (src/lib/changes.ts).
// Rate limits count in the database (src/lib/rate-limit-store.ts), so they hold across workers.
// A worker that dies is replaced (at most 5 times a minute); SIGTERM/SIGINT stop every worker
// gracefully. The embedded PGlite database is one process's, so more than one worker is refused.
import cluster, { type Worker } from 'node:cluster';
import { type Config, ConfigError } from './config.js';
import { prepareDatabase, prepareJobs, startServer } from './server.js';

const WORKER_ID_ENV = 'CIVNET_WORKER_ID';
const RESTARTS_PER_MINUTE = 5;

/** One JSON log line of the primary process, in the shape of the workers' (pino's). */
function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}) {
  const levels = { info: 30, warn: 40, error: 50 } as const;
  process.stdout.write(`${JSON.stringify({ level: levels[level], time: Date.now(), pid: process.pid, role: 'primary', ...fields, msg })}\n`);
}

export async function serve(config: Config, workers: number = config.WEB_WORKERS): Promise<void> {
  if (cluster.isWorker) {
    await startServer(config, { prepared: true, workerId: Number(process.env[WORKER_ID_ENV]) || cluster.worker?.id });
    return;
  }
  if (workers <= 1) {
    await startServer(config);
    return;
  }
  if (!config.DATABASE_URL) {
    throw new ConfigError(
      `civnet serve --workers ${workers} needs PostgreSQL (DATABASE_URL): the embedded PGlite database under DATA_DIR can be opened by one process only. Set DATABASE_URL, or serve with one worker.`,
    );
  }
  const database = await prepareDatabase(config);
  try {
    if (config.JOBS) await prepareJobs(config, database);
  } finally {
    await database.close();
  }
  startWorkers(config, workers);
}

function startWorkers(config: Config, count: number) {
  const byId = new Map<number, Worker>();
  const restarts: number[] = [];
  let stopping = false;
  let listening = 0;

  const fork = (id: number) => {
    const worker = cluster.fork({ [WORKER_ID_ENV]: String(id) });
    byId.set(id, worker);
    worker.once('listening', () => {
      listening++;
      if (listening === count) log('info', `${count} web processes listening on port ${config.PORT}`, { workers: count, pids: [...byId.values()].map((w) => w.process.pid) });
    });
    worker.once('exit', (code, signal) => {
      byId.delete(id);
      if (stopping) {
        if (byId.size === 0) process.exit(0);
        return;
      }
      const now = Date.now();
      while (restarts.length > 0 && (restarts[0] ?? 0) < now - 60_000) restarts.shift();
      if (restarts.length >= RESTARTS_PER_MINUTE) {
        log('error', `web process ${id} exited (${signal ?? code}); ${RESTARTS_PER_MINUTE} restarts in a minute, stopping`, { worker: id });
        void stop('restarts');
        process.exitCode = 1;
        return;
      }
      restarts.push(now);
      listening--;
      log('warn', `web process ${id} exited (${signal ?? code}); starting another`, { worker: id });
      fork(id);
    });
  };

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'shutting down web processes', { signal });
    if (byId.size === 0) process.exit(process.exitCode ?? 0);
    for (const worker of byId.values()) worker.process.kill('SIGTERM');
    // each worker finishes its requests and jobs, and is killed by its own 15 s timer otherwise
    setTimeout(() => process.exit(1), 20_000).unref();
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  log('info', `starting ${count} web processes`, { workers: count });
  for (let id = 1; id <= count; id++) fork(id);
}

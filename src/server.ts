// Start: load config, open the database, migrate, seed on first start, build the app, listen.
// With `civnet serve --workers N` (src/cluster.ts) the primary process prepares the database once
// (`prepareDatabase`) and each web process starts with `prepared: true`.
import { buildApp } from './app.js';
import { type Config, ConfigError, databaseOptions, loadConfig } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createDeps, type Deps } from './deps.js';
import { type Clock, systemClock } from './lib/clock.js';
import { registerAdvisingJobs, scheduleAdvisingJobs } from './modules/advising/index.js';
import { registerRenewalsJob, scheduleRenewals } from './modules/billing/index.js';
import { scheduleChapterJobs } from './modules/chapters/index.js';
import { scheduleCommitteeJobs } from './modules/committees/index.js';
import { scheduleCredentialJobs } from './modules/credentialing/index.js';
import { scheduleEthicsJobs } from './modules/ethics/index.js';
import { scheduleEventsJobs } from './modules/events/index.js';
// member groups (issue 19, C3)
import { scheduleGroupJobs } from './modules/groups/index.js';
import { wireModules } from './modules/index.js';
// the job center (issue 18, C6)
import { scheduleJobsJobs } from './modules/jobs/index.js';
// newsletters (issue 19, C4)
import { scheduleNewsletterJobs } from './modules/newsletters/index.js';
// partners (issue 20, R1–R2)
import { schedulePartnerJobs } from './modules/partners/index.js';
// webhooks (issue 21, P7)
import { scheduleWebhookJobs } from './modules/webhooks/index.js';
import { demoAccounts, seedDemo } from './seed/demo.js';

/** Opens the database and brings it to the current schema; refuses a demo database in
 * production, loads the demo on a first start outside it. */
export async function prepareDatabase(config: Config): Promise<Database> {
  const database = await openDatabase(databaseOptions(config));
  await migrate(database);
  if (config.production) {
    const demo = await demoAccounts(database.db);
    if (demo.length > 0) {
      await database.close();
      throw new ConfigError(
        `This database holds the demo accounts (${demo.join(', ')}…), whose password is public, so Civnet will not start on it in production. Start on a new database (DATABASE_URL or DATA_DIR) and create the first staff admin with \`civnet admin create\`.`,
      );
    }
  } else if (config.SEED_DEMO) {
    await seedDemo(database.db, { config });
  }
  return database;
}

/** Creates the job queues and the daily schedules (once, before web processes start working them:
 * several processes creating one queue at the same moment would collide). */
export async function prepareJobs(config: Config, database: Database): Promise<void> {
  const deps = createDeps(config, database, systemClock, { wire: wireModules });
  registerRenewalsJob(deps);
  registerAdvisingJobs(deps);
  await deps.jobs.start({ work: false });
  try {
    await scheduleAll(deps);
  } finally {
    await deps.jobs.stop();
  }
}

/** Every module's schedule (rows in the database: written again at each start, so that a changed
 * cron or zone takes effect). Daily work runs at its hour in the association's time zone. */
async function scheduleAll(deps: Deps): Promise<void> {
  await scheduleRenewals(deps); // daily at 06:00
  await scheduleAdvisingJobs(deps); // booking reminders, daily at 07:00
  await scheduleCommitteeJobs(deps); // committees' term-end reminders, daily at 07:30
  await scheduleEventsJobs(deps); // expired seat offers, every ten minutes (events' queue is registered by wireModules)
  await scheduleChapterJobs(deps); // chapters' report reminders and dormancy, daily at 07:45
  await scheduleCredentialJobs(deps); // the credential's PD reminders and lapses, daily at 07:45
  await scheduleEthicsJobs(deps); // ethics cases: response reminders, appeal windows closing, daily at 06:15
  await scheduleJobsJobs(deps); // the job center: saved searches' alerts, daily at 08:15
  await scheduleGroupJobs(deps); // member groups: the daily digest, daily at 07:05
  await schedulePartnerJobs(deps); // partners: renewals falling due, deliverables coming due, daily at 07:40
  await scheduleNewsletterJobs(deps); // newsletters: start scheduled campaigns, resume sending ones, every minute
  await scheduleWebhookJobs(deps); // webhooks: retries that are due, every minute
}

export async function startServer(
  config: Config = loadConfig(),
  opts: {
    /** the database was migrated and seeded by the primary process (`--workers`) */
    prepared?: boolean;
    /** this web process's number among `--workers N` */
    workerId?: number;
    /** the clock of the app (default: the system's); the browser tests' app gets one they can move */
    clock?: Clock;
  } = {},
) {
  const database = opts.prepared ? await openDatabase(databaseOptions(config)) : await prepareDatabase(config);
  const deps = createDeps(config, database, opts.clock ?? systemClock, { wire: wireModules });
  await deps.association.get(); // its time zone is known before any job runs (today is asked inside transactions)
  registerRenewalsJob(deps);
  registerAdvisingJobs(deps);
  // Jobs are claimed with SKIP LOCKED (pg-boss), so every process may work them: each runs once.
  if (config.JOBS) {
    await deps.jobs.start();
    await scheduleAll(deps); // the schedules need the queues start() creates
  }
  const app = await buildApp(deps, { workerId: opts.workerId });
  // Caches hear of changes made by other processes (LISTEN on PostgreSQL; nothing to open on PGlite).
  await deps.changes.start().catch((err: unknown) => app.log.warn({ err }, 'not listening for changes of other processes; caches expire by time'));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close(); // finishes in-flight requests
      await deps.jobs.stop(); // finishes in-flight jobs
      await deps.changes.close();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  const onSigint = () => void shutdown('SIGINT');
  const onSigterm = () => void shutdown('SIGTERM');
  // A server closed by its caller (tests, the browser suite's one app per file) stops listening
  // for the signals too: it used to leave a handler per start behind, each ready to exit the process.
  app.addHook('onClose', async () => {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  return { app, deps, database };
}

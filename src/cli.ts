// The `civnet` command: serve, migrate, seed, admin, renewals, newsletters, backup, restore, import; each
// with --help, exit codes in EXIT (documented in the README).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { COMMAND_HELP, commandUser, EXIT } from './cli-common.js';
import { backupCommand, importCommand } from './cli-data.js';
import { progressReporter } from './cli-progress.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { isIsoDate } from './lib/validators.js';
import { DEMO_PASSWORD, seedDemo } from './seed/demo.js';

const HELP = `Usage: civnet <command>

Commands:
  serve [--workers N]
            start the web server (migrates; outside production, loads demo data on a first start);
            --workers N (or WEB_WORKERS) runs N web processes on one PostgreSQL (DATABASE_URL)
  migrate   bring the database to the current schema
  seed      load the demo data into an empty database
  seed --scale N [--seed NUMBER] [--today YYYY-MM-DD]
            also generate a national data set: N organizations named after real places,
            5 people each, ten years of memberships, invoices and payments; the same seed
            (default 1) and day give the same data
  seed --scale national [--seed NUMBER] [--today YYYY-MM-DD]
            every US local government (90,837, the Census of Governments 2022 mix by
            state; about 16% members with their histories) and 1,000,000 people named
            after the Census name frequencies, individual members, most in the directory
  admin create --email EMAIL --name NAME
            create a staff admin and print a one-time link (valid 24 hours) where they
            choose a password, then set up two-factor sign-in; the way to make the
            first admin of a production deployment
  renewals run [--today YYYY-MM-DD] [--json] [--progress]
            issue renewal invoices, send reminders and lapse memberships past their
            grace period, and expire individuals' sign-ups never paid nor confirmed
            after SIGNUP_EXPIRY_DAYS, for today (UTC) or the day given; safe to run again
  newsletters send CAMPAIGN_ID
            send a campaign that is sending (or scheduled and due) to the end, in
            batches at the configured rate; safe to run again after a crash: no
            address gets a campaign twice
  backup FILE [--json] [--progress]
            write a backup of the whole database (pg_dump on PostgreSQL, the data
            directory on the embedded database) with its schema version and counts
  restore FILE [--force] [--json] [--progress]
            restore a backup into an empty database and check its counts
  import organizations FILE [--dry-run] [--source NAME] [--report FILE] [--json]
            check every row of a CSV file of organizations, then import them all or
            none; re-running changes nothing, an edited row updates its organization
  help [COMMAND]
            show this message, or a command's help (also: civnet COMMAND --help)

Exit codes: 0 done; 1 failed (an unexpected error, or the configuration); 2 wrong
arguments; 3 refused (restore: the target is not empty, the backup is newer or of
the other engine, or pg_dump/pg_restore missing); 4 a restored database differs
from its backup. Long commands (renewals run, backup, restore) show their progress on
stderr when it is a terminal, or with --progress. Configuration is read from the
environment; see the README.`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'help';
  if (command === 'help' || command === '--help' || command === '-h') {
    const topic = command === 'help' ? argv[1] : undefined;
    if (topic && !COMMAND_HELP[topic]) {
      console.error(`Unknown command "${topic}".\n\n${HELP}`);
      return EXIT.usage;
    }
    console.log(topic ? COMMAND_HELP[topic] : HELP);
    return EXIT.ok;
  }
  // `civnet COMMAND --help` (anywhere after the command) shows the command's help, reads no configuration
  if (argv.slice(1).some((a) => a === '--help' || a === '-h')) {
    const help = COMMAND_HELP[command];
    if (!help) {
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return EXIT.usage;
    }
    console.log(help);
    return EXIT.ok;
  }
  const config = loadConfig();
  if (command === 'backup' || command === 'restore') return backupCommand(command, argv.slice(1), config);
  if (command === 'serve') {
    let workers = config.WEB_WORKERS;
    try {
      const given = parseArgs({ args: argv.slice(1), options: { workers: { type: 'string' } }, strict: true }).values.workers;
      if (given !== undefined) {
        if (!/^\d+$/.test(given) || Number(given) < 1 || Number(given) > 64) throw new Error('--workers must be a number of web processes from 1 to 64, like 2.');
        workers = Number(given);
      }
    } catch (err) {
      console.error(`${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
      return 2;
    }
    const { serve } = await import('./cluster.js');
    await serve(config, workers);
    return -1; // keep running
  }
  if (command === 'seed' && config.production) {
    console.error('civnet seed loads demo accounts whose password is public; it is refused in production (NODE_ENV=production).');
    return 2;
  }
  if (command === 'seed' && argv.length > 1) return seedScaleCommand(argv.slice(1), config);
  if (command === 'admin') return adminCommand(argv.slice(1), config);
  if (command === 'migrate' || command === 'seed') {
    let json = false;
    if (command === 'migrate') {
      try {
        json = parseArgs({ args: argv.slice(1), options: { json: { type: 'boolean' } }, strict: true }).values.json === true;
      } catch (err) {
        console.error(`${err instanceof Error ? err.message : String(err)}\n\n${COMMAND_HELP.migrate}`);
        return EXIT.usage;
      }
    }
    const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
    try {
      const applied = await migrate(database);
      if (command === 'migrate' && json) console.log(JSON.stringify({ applied }));
      else if (command === 'migrate') {
        console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
      } else {
        const seeded = await seedDemo(database.db, { config });
        console.log(seeded ? `Demo data loaded. Demo accounts use the password "${DEMO_PASSWORD}".` : 'The database already has data; nothing was loaded.');
      }
    } finally {
      await database.close();
    }
    return 0;
  }
  if (command === 'renewals') return renewals(argv.slice(1), config);
  if (command === 'import') return importCommand(argv.slice(1), config);
  if (command === 'newsletters') return newsletters(argv.slice(1), config);
  console.error(`Unknown command "${command}".\n\n${HELP}`);
  return 2;
}

async function renewals(args: string[], config: Config): Promise<number> {
  let parsed: ReturnType<typeof parseRenewalArgs>;
  try {
    parsed = parseRenewalArgs(args);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    return 2;
  }
  if (parsed.positionals[0] !== 'run' || parsed.positionals.length > 1) {
    console.error(`Usage: civnet renewals run [--today YYYY-MM-DD]\n\n${HELP}`);
    return 2;
  }
  const given = parsed.values.today;
  if (given !== undefined && !isIsoDate(given)) {
    console.error('--today must be a day as YYYY-MM-DD, like 2027-03-01.');
    return 2;
  }
  const [{ createDeps }, { systemClock }, { today: todayIn }, { runRenewals }, { wireModules }] = await Promise.all([
    import('./deps.js'),
    import('./lib/clock.js'),
    import('./lib/today.js'),
    import('./modules/billing/index.js'),
    import('./modules/index.js'),
  ]);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const deps = createDeps(config, database, systemClock, { wire: wireModules });
  try {
    await migrate(database);
    await deps.association.get(); // its time zone is known before any transaction asks for today
    // Creates the job queues (the emails it queues go to them); works none here.
    await deps.jobs.start({ work: false });
    const today = given ?? (await todayIn(deps)); // the association's day, in its time zone
    // On stderr when it is a terminal, or with --progress; never on stdout (the --json output).
    const progress = progressReporter({ forced: parsed.values.progress === true });
    let read = 0;
    let stage = 'issue organizations';
    progress(`Renewals for ${today}: started`);
    const counts = await runRenewals(deps, {
      today,
      trigger: 'cli',
      actorLabel: commandUser(),
      onVisit: progress.on
        ? () => {
            if (++read % 500 === 0) progress(`Renewals for ${today}: ${stage}, ${read} rows read`);
          }
        : undefined,
      onStage: (name) => {
        progress(`Renewals for ${today}: ${name} done (${read} rows read)`);
        stage = STAGE_AFTER[name] ?? name;
      },
    });
    progress(`Renewals for ${today}: finished`);
    progress.done();
    if (parsed.values.json) console.log(JSON.stringify({ today, issued: counts.issued, reminded: counts.reminded, lapsed: counts.lapsed, skipped: counts.skipped }));
    else
      console.log(
        `Renewals for ${today}: ${counts.issued} invoice(s) issued, ${counts.reminded} reminder(s) sent, ${counts.lapsed} membership(s) lapsed, ${counts.skipped} skipped.`,
      );
  } finally {
    await deps.jobs.stop();
    await database.close();
  }
  return 0;
}

async function newsletters(args: string[], config: Config): Promise<number> {
  const json = args.includes('--json');
  const [sub, id, ...rest] = args.filter((a) => a !== '--json');
  if (sub !== 'send' || !id || rest.length > 0 || !z.uuid().safeParse(id).success) {
    console.error(`Usage: civnet newsletters send CAMPAIGN_ID (the campaign's id, a UUID)\n\n${HELP}`);
    return 2;
  }
  const [{ createDeps }, { systemClock }, { runCampaign, startDueCampaigns }, { wireModules }] = await Promise.all([
    import('./deps.js'),
    import('./lib/clock.js'),
    import('./modules/newsletters/index.js'),
    import('./modules/index.js'),
  ]);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const deps = createDeps(config, database, systemClock, { wire: wireModules });
  try {
    await migrate(database);
    await deps.association.get(); // its time zone is known before any transaction asks for today
    // Creates the job queues (the messages it queues go to them); works none here.
    await deps.jobs.start({ work: false });
    await startDueCampaigns(deps);
    const queued = await runCampaign(deps, id);
    console.log(json ? JSON.stringify({ campaignId: id, queued }) : `Campaign ${id}: ${queued} message(s) queued.`);
  } finally {
    await deps.jobs.stop();
    await database.close();
  }
  return 0;
}

async function seedScaleCommand(args: string[], config: Config): Promise<number> {
  let parsed: ReturnType<typeof parseSeedArgs>;
  try {
    parsed = parseSeedArgs(args);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    return 2;
  }
  const { scale, seed = '1', today } = parsed.values;
  if (scale === undefined || (scale !== 'national' && (!/^\d+$/.test(scale) || Number(scale) < 1))) {
    console.error('--scale must be a number of organizations, like 20000, or national.');
    return 2;
  }
  if (!/^\d+$/.test(seed) || Number(seed) > 0xffffffff) {
    console.error('--seed must be a whole number from 0 to 4294967295.');
    return 2;
  }
  if (today !== undefined && !isIsoDate(today)) {
    console.error('--today must be a day as YYYY-MM-DD, like 2027-03-01.');
    return 2;
  }
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  if (scale === 'national') {
    const { seedNational, nationalSummary } = await import('./seed/scale/national.js');
    try {
      await migrate(database);
      const result = await seedNational(database, { seed: Number(seed), today });
      console.log(result ? nationalSummary(result, Number(seed)) : 'The database already has a generated data set; nothing was loaded.');
    } finally {
      await database.close();
    }
    return 0;
  }
  const { seedScale, scaleSummary } = await import('./seed/scale/index.js');
  try {
    await migrate(database);
    const result = await seedScale(database, { organizations: Number(scale), seed: Number(seed), today });
    console.log(result ? scaleSummary(result, Number(seed)) : 'The database already has a generated data set; nothing was loaded.');
  } finally {
    await database.close();
  }
  return 0;
}

async function adminCommand(args: string[], config: Config): Promise<number> {
  const usage = `Usage: civnet admin create --email EMAIL --name NAME\n\n${HELP}`;
  let parsed: ReturnType<typeof parseAdminArgs>;
  try {
    parsed = parseAdminArgs(args);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${usage}`);
    return 2;
  }
  if (parsed.positionals[0] !== 'create' || parsed.positionals.length > 1) {
    console.error(usage);
    return 2;
  }
  const email = z.email().max(254).safeParse(parsed.values.email?.trim());
  if (!email.success) {
    console.error('--email must be an email address, like ada@city.gov.');
    return 2;
  }
  const name = parsed.values.name?.trim() ?? '';
  if (name.length < 1 || name.length > 200) {
    console.error('--name must be the person\'s name (1 to 200 characters), like "Ada Whitfield".');
    return 2;
  }
  const [{ createDeps }, { systemClock }, { createStaffAdmin, ADMIN_SETUP_HOURS }, { AppError }, { wireModules }] = await Promise.all([
    import('./deps.js'),
    import('./lib/clock.js'),
    import('./modules/accounts/index.js'),
    import('./lib/errors.js'),
    import('./modules/index.js'),
  ]);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrate(database);
    const deps = createDeps(config, database, systemClock, { wire: wireModules });
    const admin = await createStaffAdmin(deps, { email: email.data, name });
    console.log(
      [
        `Staff admin ${name} <${email.data}> is ready to set up. Give them this one-time link; it works once and expires in ${ADMIN_SETUP_HOURS} hours (${admin.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC):`,
        '',
        `  ${admin.url}`,
        '',
        'There they choose a password, then turn on two-factor sign-in, which staff admins must use.',
      ].join('\n'),
    );
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  } finally {
    await database.close();
  }
}

function parseAdminArgs(args: string[]) {
  return parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' } }, allowPositionals: true, strict: true });
}

function parseSeedArgs(args: string[]) {
  return parseArgs({ args, options: { scale: { type: 'string' }, seed: { type: 'string' }, today: { type: 'string' } }, strict: true });
}

function parseRenewalArgs(args: string[]) {
  return parseArgs({ args, options: { today: { type: 'string' }, json: { type: 'boolean' }, progress: { type: 'boolean' } }, allowPositionals: true, strict: true });
}

/** The stage of a renewal run that follows each (for its progress line). */
const STAGE_AFTER: Record<string, string> = {
  'issue organizations': 'issue others',
  'issue others': 'remind',
  remind: 'lapse organizations',
  'lapse organizations': 'lapse others',
};

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err instanceof Error ? `civnet: ${err.message}` : err);
    process.exit(1);
  },
);

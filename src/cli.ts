// The `civnet` command: serve, migrate, seed, admin, renewals, newsletters, backup, restore, import; each
// with --help, exit codes in EXIT (documented in the README).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { answerHelp, COMMAND_HELP, commandUser, EXIT, USAGE } from './cli-common.js';
import { backupCommand, importCommand } from './cli-data.js';
import { progressReporter } from './cli-progress.js';
import { type Config, ConfigError, databaseOptions, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { isIsoDate } from './lib/validators.js';
import { DEMO_PASSWORD, seedDemo } from './seed/demo.js';

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'help';
  // help reads no configuration (bin/civnet.js answers it before loading this file)
  const help = answerHelp(argv);
  if (help !== null) return help;
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
      console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
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
    const database = await openDatabase(databaseOptions(config));
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
  console.error(`Unknown command "${command}".\n\n${USAGE}`);
  return 2;
}

async function renewals(args: string[], config: Config): Promise<number> {
  let parsed: ReturnType<typeof parseRenewalArgs>;
  try {
    parsed = parseRenewalArgs(args);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.positionals[0] !== 'run' || parsed.positionals.length > 1) {
    console.error(`Usage: civnet renewals run [--today YYYY-MM-DD]\n\n${USAGE}`);
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
  const database = await openDatabase(databaseOptions(config));
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
    console.error(`Usage: civnet newsletters send CAMPAIGN_ID (the campaign's id, a UUID)\n\n${USAGE}`);
    return 2;
  }
  const [{ createDeps }, { systemClock }, { runCampaign, startDueCampaigns }, { wireModules }] = await Promise.all([
    import('./deps.js'),
    import('./lib/clock.js'),
    import('./modules/newsletters/index.js'),
    import('./modules/index.js'),
  ]);
  const database = await openDatabase(databaseOptions(config));
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
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
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
  const database = await openDatabase(databaseOptions(config));
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
  const usage = `Usage: civnet admin create --email EMAIL --name NAME\n\n${USAGE}`;
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
  const database = await openDatabase(databaseOptions(config));
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

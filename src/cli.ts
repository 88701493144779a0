// The `civnet` command: serve, migrate, seed.
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { DEMO_PASSWORD, seedDemo } from './db/seed.js';

const HELP = `Usage: civnet <command>

Commands:
  serve     start the web server (migrates and seeds demo data on first start)
  migrate   bring the database to the current schema
  seed      load the demo data into an empty database
  help      show this message

Configuration is read from the environment; see the README.`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'help';
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig();
  if (command === 'serve') {
    const { startServer } = await import('./server.js');
    await startServer(config);
    return -1; // keep running
  }
  if (command === 'migrate' || command === 'seed') {
    const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
    try {
      const applied = await migrate(database);
      if (command === 'migrate') {
        console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
      } else {
        const seeded = await seedDemo(database.db);
        console.log(seeded ? `Demo data loaded. Demo accounts use the password "${DEMO_PASSWORD}".` : 'The database already has data; nothing was loaded.');
      }
    } finally {
      await database.close();
    }
    return 0;
  }
  console.error(`Unknown command "${command}".\n\n${HELP}`);
  return 2;
}

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

// Child process of bench/run.ts: Civnet on a free port, on embedded PGlite in the temporary
// directory BENCH_DATA_DIR (or on PostgreSQL at BENCH_DATABASE_URL), with the demo data.
// Reports its port to the parent over IPC. startServer() installs the SIGTERM/SIGINT handlers
// that close the app, the jobs and the database; a vanished parent is turned into a SIGTERM.
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('civnet bench server: BENCH_DATA_DIR is not set (start it through bench/run.ts)');

const { app } = await startServer(
  loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
  }),
);

const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('civnet bench server: no TCP address after listen');
process.send?.({ port: address.port });
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));

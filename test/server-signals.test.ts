// A server started by startServer stops on SIGINT or SIGTERM; one closed by its caller (a test, the
// browser suite's one app per file) leaves no handler for them behind: each start used to add two
// that outlived it, ready to exit the process, until Node warned of a leak.
import { afterAll, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { migratedDataDir, testDbKind } from './db.js';

const dirs: Array<{ remove(): Promise<void> }> = [];
afterAll(async () => {
  for (const d of dirs) await d.remove();
});

// Not a matter of the database: it runs on the embedded one only, started from the suite's migrated
// image (the PostgreSQL suite has no such image, and migrating an empty directory costs ~15 s of CPU).
it.skipIf(testDbKind() === 'pg')(
  'a closed server no longer listens for SIGINT and SIGTERM; a running one does',
  async () => {
    const before = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
    const data = await migratedDataDir(inject('dbTemplate'), 'civnet-signals-');
    dirs.push(data);
    const config = { DATA_DIR: data.dir, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', JOBS: 'false', SEED_DEMO: 'false' };
    const { app, deps, database } = await startServer(loadConfig(config));
    expect(process.listenerCount('SIGINT')).toBe(before.SIGINT + 1);
    expect(process.listenerCount('SIGTERM')).toBe(before.SIGTERM + 1);
    await app.close();
    await deps.jobs.stop();
    await database.close();
    expect({ SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') }).toEqual(before);
  },
  120_000,
);

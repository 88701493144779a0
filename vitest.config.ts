// Three suites: `unit` (PGlite, no server needed), `pg` (the same files against PostgreSQL at
// DATABASE_URL), `browser` (Chromium through playwright-core against a running app).
// The database suites run test files in shared workers without re-importing the modules for
// each file (`isolate: false`): every file builds its own app and database, and no module keeps
// state of its own (npm run lint checks that), so nothing leaks from one file to the next; it
// saves the minute or more that importing the app again for each of ~70 files costs.
// They run two workers at least, even on two cores (vitest's default is one fewer than the cores):
// a worker waits on PGlite's start, on PostgreSQL and on the processes some tests start, and two
// workers finish the suite in about 60% of the time one takes there.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const dbWorkers = Math.max(2, availableParallelism() - 1);

const dbTests = ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'];
const browserTests = ['test/browser/**/*.test.ts'];

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: dbTests,
          exclude: browserTests,
          isolate: false,
          maxWorkers: dbWorkers,
          globalSetup: ['test/global-setup.ts'],
          env: { TEST_DB: 'pglite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'pg',
          include: dbTests,
          exclude: browserTests,
          isolate: false,
          maxWorkers: dbWorkers,
          globalSetup: ['test/global-setup.ts'],
          env: { TEST_DB: 'pg' },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: browserTests,
          // Two files at once: a file's time is half the app's thread and half Chromium's (page
          // rendering, axe), so two share the two cores better than one: 771 s → 555 s for the
          // 51 files here. Each file has its own app, data directory, port and browser.
          maxWorkers: 2,
          // one migrated, demo-seeded data directory per run; each file's app starts on a copy
          globalSetup: ['test/browser/global-setup.ts'],
          // As the database suites: a worker imports the app once, not once per file (each file
          // still starts its own app and browser). Importing it again cost about 6 s a file: for
          // 8 files, 147 s → 87 s.
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

// Three suites: `unit` (PGlite, no server needed), `pg` (the same files against PostgreSQL at
// DATABASE_URL), `browser` (Chromium through playwright-core against a running app).
import { defineConfig } from 'vitest/config';

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
          globalSetup: ['test/global-setup.ts'],
          env: { TEST_DB: 'pg' },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: browserTests,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

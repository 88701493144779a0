// Builds, once per browser run, a PGlite data directory that is migrated and holds the demo data;
// each browser test file's app starts on a copy of it (`startApp({ template })`) instead of
// migrating and seeding a fresh directory itself, which cost ~30 s per file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/seed/demo.js';
import { browserAppConfig } from './harness.js';

declare module 'vitest' {
  export interface ProvidedContext {
    browserTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const root = await mkdtemp(join(tmpdir(), 'civnet-browser-tpl-'));
  const dataDir = join(root, 'data');
  const database = await openDatabase({ dataDir });
  try {
    await migrate(database);
    await seedDemo(database.db, { config: loadConfig(browserAppConfig(dataDir)) });
  } finally {
    await database.close();
  }
  project.provide('browserTemplate', dataDir);
  return async () => {
    await rm(root, { recursive: true, force: true });
  };
}

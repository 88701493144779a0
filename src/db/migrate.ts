// Brings a database to the current schema: our migrations, then the job queue's own schema.
import { createJobs } from '../lib/jobs.js';
import type { Database } from './client.js';
import { migrateToLatest } from './migrator.js';

export async function migrate(database: Database): Promise<string[]> {
  const applied = await migrateToLatest(database.db);
  // pg-boss keeps its schema versioned itself; starting it once creates or upgrades it.
  const jobs = createJobs(database);
  await jobs.start({ work: false });
  await jobs.stop();
  return applied;
}

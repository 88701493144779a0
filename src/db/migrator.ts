// Ordered Kysely migrations, run at start-up and by `civnet migrate`.
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './client.js';
import * as m0001 from './migrations/0001_foundation.js';

/** The list is explicit so that a bundle or a renamed file cannot reorder history. */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

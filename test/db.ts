// Test databases. PGlite: every test file loads a copy of a migrated template image.
// PostgreSQL: every test file gets its own database created from a migrated template database.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { type Database, openPGlite, openPostgres, wrapPGlite } from '../src/db/client.js';

export const testDbKind = (): 'pg' | 'pglite' => (process.env.TEST_DB === 'pg' ? 'pg' : 'pglite');
export const adminUrl = () => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  database: Database;
  drop(): Promise<void>;
}

export async function createTestDatabase(template: string): Promise<TestDatabase> {
  if (testDbKind() === 'pg') {
    const name = `civnet_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name} template ${template}`);
    const database = openPostgres(withDatabase(adminUrl(), name), 5);
    return {
      database,
      async drop() {
        await database.close();
        await adminQuery(`drop database if exists ${name} with (force)`);
      },
    };
  }
  const image = await readFile(template);
  const database = wrapPGlite(await openPGlite({ loadDataDir: new Blob([image]) }));
  return { database, drop: () => database.close() };
}

// Builds one migrated template per run: a PGlite data-directory image, or a PostgreSQL
// template database. Test files copy it instead of migrating again.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPGlite, openPostgres, wrapPGlite } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { adminQuery, adminUrl, freshFile, freshOf, PG_FINGERPRINT, pgFreshFile, testDatabasePrefix, withDatabase } from './db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  if (project.config.env?.TEST_DB === 'pg') {
    const name = `civnet_tpl_${randomBytes(4).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const database = openPostgres(withDatabase(adminUrl(), name), 2);
    try {
      await migrate(database);
      const query = async <T>(text: string) => ({ rows: (await sql.raw<T>(text).execute(database.db)).rows });
      await writeFile(pgFreshFile(name), JSON.stringify(await freshOf(query, PG_FINGERPRINT)));
    } finally {
      await database.close();
    }
    project.provide('dbTemplate', name);
    return async () => {
      // the test databases the workers kept (test/db.ts), then the template
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      try {
        const kept = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [testDatabasePrefix(name)]);
        for (const { datname } of kept.rows) await client.query(`drop database if exists ${datname} with (force)`);
      } finally {
        await client.end();
      }
      await adminQuery(`drop database if exists ${name} with (force)`);
      await rm(pgFreshFile(name), { force: true });
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'civnet-tpl-'));
  const database = wrapPGlite(await openPGlite({}));
  await migrate(database);
  if (!database.pglite) throw new Error('not a PGlite database');
  const pglite = database.pglite;
  const fresh = await freshOf((text) => pglite.query(text));
  const image = await database.pglite.dumpDataDir('none');
  await database.close();
  const file = join(dir, 'template.tar');
  await writeFile(file, Buffer.from(await image.arrayBuffer()));
  await writeFile(freshFile(file), JSON.stringify(fresh));
  project.provide('dbTemplate', file);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}

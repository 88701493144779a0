// Builds one migrated template per run: a PGlite data-directory image, or a PostgreSQL
// template database. Test files copy it instead of migrating again.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPGlite, openPostgres, wrapPGlite } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { adminQuery, adminUrl, freshFile, freshOf, withDatabase } from './db.js';

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
    } finally {
      await database.close();
    }
    project.provide('dbTemplate', name);
    return async () => {
      await adminQuery(`drop database if exists ${name} with (force)`);
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'civnet-tpl-'));
  const database = wrapPGlite(await openPGlite({}));
  await migrate(database);
  if (!database.pglite) throw new Error('not a PGlite database');
  const fresh = await freshOf(database.pglite);
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

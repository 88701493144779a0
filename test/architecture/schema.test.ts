// src/db/types.ts cannot drift from the migrations: on PostgreSQL, the `DB` interface's tables and
// columns (and whether each column's select type admits null, where it says: `unknown` admits
// anything) equal the migrated schema's.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDbColumns } from '../../scripts/db-types.js';
import { createTestContext, type TestContext } from '../helpers.js';

/** Kysely's own bookkeeping, not ours. */
const IGNORED_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

describe.runIf(process.env.TEST_DB === 'pg')('src/db/types.ts and the migrated schema', () => {
  let ctx: TestContext;
  let database: Map<string, Map<string, { nullable: boolean; omittable: boolean }>>;
  let types: ReturnType<typeof readDbColumns>;

  beforeAll(async () => {
    types = readDbColumns(join(dirname(fileURLToPath(import.meta.url)), '../../src/db/types.ts'));
    ctx = await createTestContext();
    const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO'; omittable: boolean }>`
      select c.table_name, c.column_name, c.is_nullable,
        (c.column_default is not null or c.is_nullable = 'YES' or c.is_identity = 'YES' or c.is_generated = 'ALWAYS') as omittable
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`.execute(ctx.deps.db);
    database = new Map();
    for (const r of rows) {
      if (IGNORED_TABLES.has(r.table_name)) continue;
      const columns = database.get(r.table_name) ?? new Map();
      columns.set(r.column_name, { nullable: r.is_nullable === 'YES', omittable: r.omittable });
      database.set(r.table_name, columns);
    }
  });
  afterAll(() => ctx?.close());

  it('has the same tables', () => {
    const missing = [...database.keys()].filter((t) => !types.has(t)).map((t) => `table ${t} is in the database but not in DB`);
    const extra = [...types.keys()].filter((t) => !database.has(t)).map((t) => `table ${t} is in DB but not in the database`);
    expect([...missing, ...extra]).toEqual([]);
  });

  it('has the same columns in each table, nullable alike, and no column DB lets an insert leave out that the database requires', () => {
    const problems: string[] = [];
    for (const [table, columns] of types) {
      const actual = database.get(table);
      if (!actual) continue;
      for (const c of columns) {
        const a = actual.get(c.name);
        if (!a) problems.push(`${table}.${c.name} is in DB but not in the database`);
        else {
          if (c.nullable !== null && a.nullable !== c.nullable)
            problems.push(`${table}.${c.name} is ${a.nullable ? 'nullable' : 'not null'} in the database but ${c.nullable ? 'admits' : 'excludes'} null in DB`);
          if (c.optionalOnInsert && !a.omittable) problems.push(`${table}.${c.name} may be left out of an insert by DB, but the database has no default for it and it is not null`);
        }
      }
      for (const name of actual.keys()) {
        if (!columns.some((c) => c.name === name)) problems.push(`${table}.${name} is in the database but not in DB`);
      }
    }
    expect(problems).toEqual([]);
  });
});

// db/migrator.ts: a database that has applied exactly the migrations this code knows is left as it
// is with two small queries (not Kysely's Migrator, which reads the whole catalogue at every start);
// any other database still goes to the Migrator, which refuses one that ran a migration this code
// does not know.
import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/helpers.js';
import { latestMigrationName, migrateToLatest } from './migrator.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

/** The database, with every statement it is sent written down. */
function recorded() {
  const statements: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      statements.push(JSON.stringify(args.node));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: ctx.deps.db.withPlugin(plugin), statements };
}

describe('migrateToLatest', () => {
  it('leaves an up-to-date database with two reads of its migration table, and none of the catalogue', async () => {
    const { db, statements } = recorded();
    expect(await migrateToLatest(db)).toEqual([]);
    expect(statements).toHaveLength(2);
    for (const s of statements) {
      expect(s).toContain('kysely_migration');
      expect(s).not.toMatch(/pg_attribute|pg_class|information_schema|kysely_migration_lock/);
    }
  });

  it('still refuses a database that ran a migration this code does not know, and changes nothing', async () => {
    const unknown = `${latestMigrationName()}_from_newer_code`;
    await sql`insert into kysely_migration (name, timestamp) values (${unknown}, ${new Date().toISOString()})`.execute(ctx.deps.db);
    try {
      await expect(migrateToLatest(ctx.deps.db)).rejects.toThrow(/corrupted migrations/);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from kysely_migration where name = ${unknown}`.execute(ctx.deps.db);
      expect(rows[0]?.n).toBe(1);
    } finally {
      await sql`delete from kysely_migration where name = ${unknown}`.execute(ctx.deps.db);
    }
    expect(await migrateToLatest(ctx.deps.db)).toEqual([]);
  });
});

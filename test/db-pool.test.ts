// The test databases that a worker reuses (test/db.ts), on PGlite and on PostgreSQL: a database
// given back comes out again as the template left it — tables emptied, the migrations' own rows as
// they were, identities and sequences restarted — and one whose schema was changed is never handed
// out again.
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './db.js';

/** Which database it is: the PGlite instance, or the PostgreSQL database's name. */
const identity = async (t: TestDatabase): Promise<unknown> =>
  t.database.pglite ?? (await sql<{ name: string }>`select current_database() as name`.execute(t.database.db)).rows[0]?.name;

describe('reused test databases', () => {
  it('come back as the template left them', async () => {
    const first = await createTestDatabase(inject('dbTemplate'));
    const db = first.database.db;
    const figures = await db.selectFrom('network_figures').selectAll().execute();
    const user = await db.insertInto('users').values({ email: 'pool@test.example', name: 'Pool', password_hash: null }).returning('id').executeTakeFirstOrThrow();
    const audit = await db
      .insertInto('audit_log')
      .values({ actor_user_id: user.id, action: 'pool.test', entity_type: 'user', entity_id: user.id, before: null, after: null, request_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('network_figures').set({ current_members: 999 }).execute();
    await sql`select setval('audit_log_id_seq', 5000)`.execute(db);
    const before = await identity(first);
    await first.drop();

    const second = await createTestDatabase(inject('dbTemplate'));
    try {
      expect(await identity(second)).toBe(before);
      const db2 = second.database.db;
      expect(await db2.selectFrom('users').select('id').execute()).toEqual([]);
      expect(await db2.selectFrom('network_figures').selectAll().execute()).toEqual(figures);
      const again = await db2
        .insertInto('audit_log')
        .values({ actor_user_id: null, action: 'pool.test', entity_type: 'user', entity_id: null, before: null, after: null, request_id: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(again.id).toBe(audit.id);
      await sql`create table pool_scratch (id int)`.execute(db2);
    } finally {
      await second.drop();
    }

    const third = await createTestDatabase(inject('dbTemplate'));
    try {
      expect(await identity(third)).not.toBe(before);
      const scratch = await sql<{ n: number }>`select count(*)::int n from pg_tables where tablename = 'pool_scratch'`.execute(third.database.db);
      expect(scratch.rows[0]?.n).toBe(0);
    } finally {
      await third.drop();
    }
  });
});

// db/client.ts: a statement that starts with PREPARED is sent to PostgreSQL as a named prepared
// statement, parsed once per connection and reused; any other is not. On PGlite it is a comment.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARED } from '../src/db/client.js';
import { testDbKind } from './db.js';
import { createTestContext, type TestContext } from './helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('prepared statements', () => {
  it('answers the same with the marker, and on PostgreSQL keeps one named statement per text on the connection', async () => {
    await ctx.deps.db.transaction().execute(async (trx) => {
      // one connection for the whole transaction
      const marked = (n: number) => sql<{ x: number }>`${sql.raw(PREPARED)} select ${n}::int + 1 as x`.execute(trx);
      expect((await marked(1)).rows).toEqual([{ x: 2 }]);
      expect((await marked(41)).rows).toEqual([{ x: 42 }]);
      await sql`select 'not marked' as y`.execute(trx);
      const kept = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`.execute(trx);
      if (testDbKind() === 'pg') {
        const ours = kept.rows.filter((r) => r.name.startsWith('civnet_'));
        expect(ours).toHaveLength(1);
        expect(ours[0]?.statement).toContain('select $1::int + 1 as x');
        expect(kept.rows.some((r) => r.statement.includes('not marked'))).toBe(false);
      } else {
        expect(kept.rows.filter((r) => r.name.startsWith('civnet_'))).toEqual([]);
      }
    });
  });
});

// db/bulk.ts: rows loaded in batches come back exactly as given, whatever they hold: COPY's text
// format on PostgreSQL (tabs, newlines, backslashes and `\N` are data, not syntax), unnest on PGlite.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/helpers.js';
import { deferIndexesAndForeignKeys, insertRows } from './bulk.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await sql`create table bulk_probe (id int primary key, label text, tags text[], at timestamptz, day date, flag boolean, amount int8, extra jsonb)`.execute(ctx.deps.db);
});
afterAll(async () => {
  await sql`drop table if exists bulk_probe, bulk_child, bulk_parent`.execute(ctx.deps.db);
  await ctx?.close();
});

interface Probe {
  id: number;
  label: string | null;
  /** an array literal, as the loaders give text[] columns (read back as an array) */
  tags: string | string[];
  at: Date | null;
  day: string | null;
  flag: boolean | null;
  amount: number | null;
  extra: Record<string, unknown> | null;
}

const literal = (items: string[]) => `{${items.map((e) => `"${e.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
const parsed = (lit: string) => (lit === '{}' ? [] : [...lit.slice(1, -1).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] ?? '').replace(/\\(.)/g, '$1')));

const hostile = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', 'quote "double" and \'single\'', '{braces,comma}', 'NULL', '', ' spaced ', 'émoji ✓ 🏛️'];

describe('bulk insertRows', () => {
  it('loads every value back as it was given, in several batches', async () => {
    const rows: Probe[] = hostile.map((label, i) => ({
      id: i + 1,
      label,
      tags: literal([label, 'plain', 'a,b', 'x"y', 'NULL']),
      at: new Date(Date.UTC(2026, 0, 1 + i, 12, 30, 15, 250)),
      day: `2026-02-${String(i + 1).padStart(2, '0')}`,
      flag: i % 2 === 0,
      amount: 9_007_199_254_740_000 + i,
      extra: { label, n: i },
    }));
    rows.push({ id: 100, label: null, tags: '{}', at: null, day: null, flag: null, amount: null, extra: null });
    await insertRows<Probe>(
      ctx.deps.database,
      'bulk_probe' as never,
      [
        ['id', 'int4'],
        ['label', 'text'],
        ['tags', 'text', 'text[]'],
        ['at', 'timestamptz'],
        ['day', 'date'],
        ['flag', 'bool'],
        ['amount', 'int8'],
        ['extra', 'jsonb'],
      ],
      rows,
      4,
    );
    const back = await sql<Probe>`select id, label, tags, at, day::text as day, flag, amount, extra from bulk_probe order by id`.execute(ctx.deps.db);
    expect(back.rows).toEqual(rows.map((r) => ({ ...r, tags: typeof r.tags === 'string' ? parsed(r.tags) : r.tags })));
  });
});

describe('deferIndexesAndForeignKeys', () => {
  it('drops the secondary indexes, foreign keys and the unique constraints named (not one a foreign key needs), and makes them again as they were', async () => {
    const db = ctx.deps.db;
    await sql`create table bulk_parent (id int primary key, code text constraint bulk_parent_code unique, email text constraint bulk_parent_email unique)`.execute(db);
    await sql`create table bulk_child (id int primary key, parent_code text references bulk_parent (code), note text)`.execute(db);
    await sql`create index bulk_child_note on bulk_child (note)`.execute(db);
    const shape = async () =>
      (
        await sql<{ d: string }>`select conname || ' ' || pg_get_constraintdef(oid) as d from pg_constraint where conrelid in ('bulk_parent'::regclass, 'bulk_child'::regclass)
          union all select indexname || ' ' || indexdef from pg_indexes where tablename in ('bulk_parent', 'bulk_child') order by 1`.execute(db)
      ).rows.map((r) => r.d);
    const before = await shape();
    // bulk_parent_code is what the child's foreign key points at: it stays, like the primary keys
    const deferred = await deferIndexesAndForeignKeys(ctx.deps.database, ['bulk_parent', 'bulk_child'], { unique: ['bulk_parent_email', 'bulk_parent_code'] });
    const during = await shape();
    expect(during.filter((d) => /bulk_parent_email|bulk_child_note|bulk_child_parent_code_fkey/.test(d))).toEqual([]);
    expect(during.filter((d) => d.startsWith('bulk_parent_code '))).toHaveLength(2);
    await deferred.restore('bulk_parent');
    expect((await shape()).filter((d) => d.startsWith('bulk_parent_email '))).toHaveLength(2);
    await deferred.restore();
    expect(await shape()).toEqual(before);
  });
});

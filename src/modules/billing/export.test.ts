// Streamed exports (issue 15): the invoices and payments CSVs hold every row however many there
// are (they stopped at 100,000 before, silently), read in keyset batches in the order the rows
// were created; rows created in the same instant are neither lost nor repeated across a batch
// boundary; the audit log records the rows sent.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrganization } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';

// On PostgreSQL (npm run test:pg) past the old 100,000 cut-off; on PGlite, three batches of the
// 2,000 an export reads at a time (the same code path, in a fraction of the time).
const INVOICES = process.env.TEST_DB === 'pg' ? 100_123 : 4_123;
let ctx: TestContext;
let finance: TestClient;
let orgId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  orgId = (await anOrganization(ctx, { name: 'Exportville', entity_type: 'city', population: 5_000 })).id;
  // one statement: every row has the same created_at, so only the id orders them
  await sql`
    insert into invoices (number, year, seq, organization_id, purpose, status, total_cents, issued_on, due_on, bill_to_name, public_token)
    select 'X-' || n, 2090, n, ${orgId}::uuid, 'other', 'issued', n, date '2090-01-01', date '2090-02-01', 'Exportville', 'tok-' || n
    from generate_series(1, ${INVOICES}) as n`.execute(ctx.deps.db);
  const account = await createAccount(ctx, { roles: ['finance'] });
  finance = ctx.client();
  await finance.signIn(account.email);
}, 180_000);
afterAll(() => ctx?.close());

describe('invoices export', () => {
  it(`has every one of ${INVOICES.toLocaleString('en-US')} invoices, once each, and the audit log counts them`, async () => {
    const res = await finance.get('/staff/invoices.csv?organization=Exportville');
    expect(res.statusCode).toBe(200);
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toMatch(/^Number,Status,/);
    const numbers = new Set(lines.slice(1).map((l) => l.slice(0, l.indexOf(','))));
    expect(lines.length - 1).toBe(INVOICES);
    expect(numbers.size).toBe(INVOICES);
    expect(numbers.has('X-1')).toBe(true);
    expect(numbers.has(`X-${INVOICES}`)).toBe(true);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'export.invoices').executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ rows: INVOICES });
  }, 180_000);

  it('the filters still apply to a streamed export, and a chosen sort is kept across batches', async () => {
    await sql`update invoices set status = 'paid', paid_cents = total_cents where year = 2090 and seq <= 10`.execute(ctx.deps.db);
    const res = await finance.get('/staff/invoices.csv?organization=Exportville&status=paid');
    const lines = res.body.trim().split('\n').slice(1);
    expect(lines.map((l) => l.slice(0, l.indexOf(','))).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `X-${i + 1}`).sort());
    // totals are 1..N: by total, descending, the numbers come out N..1, across every batch boundary
    const sorted = await finance.get('/staff/invoices.csv?organization=Exportville&sort=total&dir=desc');
    const numbers = sorted.body
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.slice(2, l.indexOf(','))));
    expect(numbers).toEqual(Array.from({ length: INVOICES }, (_, i) => INVOICES - i));
  }, 180_000);
});

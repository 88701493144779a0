// Exports of personal and financial data are audited: who, which export, with what filter, how
// many rows (docs/security-review.md, gap 8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, type TestContext } from '../../test/helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('CSV exports', () => {
  it('each export writes one audit row naming who took it, with its filter and row count', async () => {
    const finance = await createAccount(ctx, { roles: ['finance'] });
    const membership = await createAccount(ctx, { roles: ['membership'] });
    const f = ctx.client();
    await f.signIn(finance.email);
    const m = ctx.client();
    await m.signIn(membership.email);
    for (const [c, url] of [
      [f, '/staff/invoices.csv?status=open'],
      [f, '/staff/payments.csv'],
      [f, '/staff/receivables.csv'],
      [m, '/staff/directory.csv'],
      [m, '/staff/organizations.csv?status=lapsed'],
    ] as const) {
      expect((await c.get(url)).statusCode, url).toBe(200);
    }
    const rows = await ctx.deps.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'after']).where('entity_type', '=', 'export').orderBy('id').execute();
    expect(rows.map((r) => [r.action, r.actor_user_id])).toEqual([
      ['export.invoices', finance.id],
      ['export.payments', finance.id],
      ['export.receivables', finance.id],
      ['export.directory', membership.id],
      ['export.organizations', membership.id],
    ]);
    expect(rows[0]?.after).toMatchObject({ rows: 0, filters: { status: 'open' } });
  });
});

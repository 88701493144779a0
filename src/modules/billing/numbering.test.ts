// Invoice numbers: gapless and unique per year, even when twenty invoices are issued at once
// (on PostgreSQL the requests really run in parallel on a pool of connections).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, signedInAs } from '../../../test/factories/index.js';
import { createOrganization, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { issueInvoice } from './service.js';

let ctx: TestContext;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  // A year no other invoice in this file's database is issued in: numbering starts at 000001.
  ctx.clock.set('2030-06-15T15:00:00Z');
  finance = await signedInAs(ctx, ['finance']);
});
afterAll(() => ctx?.close());

const seqs = async (year: number) => (await ctx.deps.db.selectFrom('invoices').select(['number', 'seq']).where('year', '=', year).orderBy('seq').execute()).map((r) => r.number);
const expected = (year: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${year}-${String(from + i).padStart(6, '0')}`);

describe('invoice numbering', () => {
  it('twenty concurrent issues get 2030-000001 to 2030-000020, with no gap and no duplicate', async () => {
    const orgs = await Promise.all(Array.from({ length: 20 }, (_, i) => createOrganization(ctx, { name: `Parallel Town ${i + 1}` })));
    const csrf = await finance.csrf();
    const results = await Promise.all(
      orgs.map((organizationId, i) =>
        finance.request('POST', '/api/v1/invoices', {
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
          payload: JSON.stringify({ organizationId, purpose: 'other', lines: [{ description: `Workshop ${i + 1}`, unitCents: 10_000 + i }] }),
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const numbers = results.map((r) => r.json().number as string).sort();
    expect(numbers).toEqual(expected(2030, 1, 20));
    expect(await seqs(2030)).toEqual(expected(2030, 1, 20));
    const counter = await ctx.deps.db.selectFrom('invoice_counters').selectAll().where('year', '=', 2030).executeTakeFirstOrThrow();
    expect(counter.last_number).toBe(20);
  });

  it('an issue that rolls back gives its number back, so the next invoice takes it', async () => {
    const orgId = await createOrganization(ctx);
    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        const inv = await issueInvoice(trx, ctx.deps, {
          organizationId: orgId,
          purpose: 'other',
          lines: [{ description: 'Doomed', quantity: 1, unitCents: 500 }],
          billTo: { name: 'X', email: '', address: '' },
        });
        expect(inv.number).toBe('2030-000021');
        throw new Error('the caller failed after issuing');
      }),
    ).rejects.toThrow('the caller failed');
    const next = await anInvoice(ctx, { organizationId: orgId, cents: 500 });
    expect(next.number).toBe('2030-000021');
    expect(await seqs(2030)).toEqual(expected(2030, 1, 21));
  });

  it('a new year starts again at 000001, and a voided invoice keeps its number', async () => {
    const orgId = await createOrganization(ctx);
    const first = await anInvoice(ctx, { organizationId: orgId, cents: 700, issuedOn: '2031-01-01' });
    expect(first.number).toBe('2031-000001');
    const voided = await finance.sendJson('POST', `/api/v1/invoices/${first.id}/void`, { reason: 'Wrong year' });
    expect(voided.statusCode).toBe(200);
    expect(voided.json()).toMatchObject({ number: '2031-000001', status: 'void' });
    const second = await anInvoice(ctx, { organizationId: orgId, cents: 700, issuedOn: '2031-01-02' });
    expect(second.number).toBe('2031-000002');
    expect(await seqs(2031)).toEqual(expected(2031, 1, 2));
  });
});

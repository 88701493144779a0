// The dues revenue report: on invoices and payments with known answers (made through billing),
// the figures by month and by type equal the known answers and independent SQL sums; event
// invoices and void ones are left out; bad ranges get a 400; members get a 403.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, anOrganization, aPayment } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { voidInvoice } from '../billing/index.js';

let ctx: TestContext;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  const a = (await anOrganization(ctx)).id;
  const b = (await anOrganization(ctx)).id;
  const inv1 = await anInvoice(ctx, { organizationId: a, purpose: 'membership', cents: 100_000, issuedOn: '2026-01-10' });
  await aPayment(ctx, { invoiceId: inv1.id, amountCents: 60_000, receivedOn: '2026-01-20' });
  await aPayment(ctx, { invoiceId: inv1.id, amountCents: 40_000, receivedOn: '2026-02-05' });
  const inv2 = await anInvoice(ctx, { organizationId: b, purpose: 'renewal', cents: 50_000, issuedOn: '2026-02-15' });
  await aPayment(ctx, { invoiceId: inv2.id, amountCents: 50_000, receivedOn: '2026-03-01' });
  // left out: an event invoice, paid; a void dues invoice; dues outside the range
  const inv3 = await anInvoice(ctx, { organizationId: a, purpose: 'event', cents: 30_000, issuedOn: '2026-01-12' });
  await aPayment(ctx, { invoiceId: inv3.id, amountCents: 30_000, receivedOn: '2026-01-13' });
  const inv4 = await anInvoice(ctx, { organizationId: b, purpose: 'membership', cents: 20_000, issuedOn: '2026-03-03' });
  await ctx.deps.db.transaction().execute((trx) => voidInvoice(trx, ctx.deps, { invoiceId: inv4.id, reason: 'Issued twice by mistake', actorUserId: null }));
  await anInvoice(ctx, { organizationId: b, purpose: 'renewal', cents: 70_000, issuedOn: '2025-12-31' });

  finance = ctx.client();
  await finance.signIn((await createAccount(ctx, { roles: ['finance'] })).email);
});
afterAll(async () => {
  await ctx?.close();
});

const RANGE = 'from=2026-01-01&to=2026-03-31';

describe('dues revenue', () => {
  it('sums dues invoiced and collected by month and by type', async () => {
    const res = await finance.getJson(`/api/v1/reports/revenue?${RANGE}`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.byMonth).toEqual([
      { month: '2026-01', invoicedCents: 100_000, collectedCents: 60_000 },
      { month: '2026-02', invoicedCents: 50_000, collectedCents: 40_000 },
      { month: '2026-03', invoicedCents: 0, collectedCents: 50_000 },
    ]);
    expect(r.totals).toEqual({ invoicedCents: 150_000, collectedCents: 150_000 });
    const byType = Object.fromEntries(r.byType.map((t: { type: string; invoicedCents: number; collectedCents: number }) => [t.type, [t.invoicedCents, t.collectedCents]]));
    expect(byType).toEqual({
      'organization-membership': [100_000, 100_000],
      'organization-renewal': [50_000, 50_000],
      'individual-membership': [0, 0],
      'individual-renewal': [0, 0],
    });

    // independent SQL sums
    const invoiced = await sql<{ n: string }>`select coalesce(sum(total_cents), 0)::text as n from invoices
      where purpose in ('membership', 'renewal') and status not in ('draft', 'void') and issued_on between '2026-01-01' and '2026-03-31'`.execute(ctx.deps.db);
    const collected = await sql<{ n: string }>`select coalesce(sum(p.amount_cents), 0)::text as n from payments p join invoices i on i.id = p.invoice_id
      where i.purpose in ('membership', 'renewal') and p.received_on between '2026-01-01' and '2026-03-31'`.execute(ctx.deps.db);
    expect(r.totals.invoicedCents).toBe(Number(invoiced.rows[0]?.n));
    expect(r.totals.collectedCents).toBe(Number(collected.rows[0]?.n));
  });

  it('shows the same figures on the page (chart and table) and in the CSV', async () => {
    const page = await finance.get(`/staff/reports/revenue?${RANGE}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('$1,500.00 invoiced, $1,500.00 collected');
    // months in words on the page (the CSV keeps ISO months): the chart's description, its axis and the table
    expect(page.body).toContain('February 2026: $500.00 invoiced, $400.00 collected');
    expect(page.body).toContain('>Feb 2026</text>');
    expect(page.body).toMatch(/<t[hd][^>]*>February 2026<\/t[hd]>/);
    expect(page.body).not.toContain('>2026-02<');
    expect(page.body).toContain('<caption>Dues by month</caption>');
    expect(page.body).toContain('role="img"');
    const csv = await finance.get(`/staff/reports/revenue.csv?${RANGE}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe(
      '\uFEFFMonth,Type,Invoiced,Collected\r\n2026-01,Organizations: first membership,1000.00,600.00\r\n2026-02,Organizations: first membership,0.00,400.00\r\n2026-02,Organizations: renewals,500.00,0.00\r\n2026-03,Organizations: renewals,0.00,500.00\r\n',
    );
  });

  it('refuses a bad range with a 400 that says what is wrong; a member gets a 403', async () => {
    const backwards = await finance.getJson('/api/v1/reports/revenue?from=2026-03-01&to=2026-01-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toBe('The end date must be on or after the start date.');
    const tooLong = await finance.getJson('/api/v1/reports/revenue?from=1990-01-01&to=2026-01-01');
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toMatch(/at most 120 months/);
    expect((await finance.getJson('/api/v1/reports/revenue?to=March')).statusCode).toBe(400);
    const page = await finance.get('/staff/reports/revenue?from=2026-03-01&to=2026-01-01');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('The end date must be on or after the start date.');
    expect((await finance.get('/staff/reports/revenue.csv?from=2026-03-01&to=2026-01-01')).statusCode).toBe(400);

    const member = ctx.client();
    await member.signIn((await createAccount(ctx, { roles: ['member'] })).email);
    expect((await member.get('/staff/reports/revenue')).statusCode).toBe(403);
    expect((await member.get('/staff/reports/revenue.csv')).statusCode).toBe(403);
    expect((await member.getJson('/api/v1/reports/revenue')).statusCode).toBe(403);
  });
});

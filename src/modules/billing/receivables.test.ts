// Receivables: the aging report by the deps clock (page, API, CSV), invoice and payment lists
// with their filters and CSV exports (formula injection neutralised), and who may see them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, apiPay, signedInAs } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textsOf } from '../../../test/html.js';
import { readCsv } from '../../../test/readers.js';
import { CSV_BOM, neutralizeCell, toCsv } from '../../lib/csv.js';

let ctx: TestContext;
let finance: TestClient;
let north: string;
let south: string;
const ids: Record<string, string> = {};

// Today is 2030-06-15; invoices are due 30 days after issue.
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2030-06-15T15:00:00Z');
  finance = await signedInAs(ctx, ['finance']);
  north = await createOrganization(ctx, { name: 'North Ageing City' });
  south = await createOrganization(ctx, { name: 'South Ageing County' });
  const make = async (key: string, organizationId: string, issuedOn: string, cents: number) => {
    ids[key] = (await anInvoice(ctx, { organizationId, issuedOn, cents })).id;
  };
  await make('dueToday', north, '2030-05-16', 10_000); // due 06-15: current
  await make('future', north, '2030-06-01', 20_000); // due 07-01: current
  await make('late1', north, '2030-05-15', 30_000); // due 06-14: 1 day
  await make('late30', north, '2030-04-16', 40_000); // due 05-16: 30 days
  await make('late31', south, '2030-04-15', 50_000); // due 05-15: 31 days
  await make('late60', south, '2030-03-17', 60_000); // due 04-16: 60 days
  await make('late61', south, '2030-03-16', 70_000); // due 04-15: 61 days
  await make('late90', south, '2030-02-15', 80_000); // due 03-17: 90 days
  await make('late91', south, '2030-02-14', 90_000); // due 03-16: 91 days
  await make('paid', south, '2030-01-10', 11_100);
  await make('voided', south, '2030-01-11', 22_200);
  await make('partly', north, '2029-12-01', 100_000); // due 12-31: 166 days, 25,000 paid
  expect((await apiPay(finance, ids.paid ?? '', { amountCents: 11_100, method: 'check' }, randomUUID())).statusCode).toBe(201);
  expect((await apiPay(finance, ids.partly ?? '', { amountCents: 25_000, method: 'wire' }, randomUUID())).statusCode).toBe(201);
  expect((await finance.sendJson('POST', `/api/v1/invoices/${ids.voided}/void`, { reason: 'Duplicate' })).statusCode).toBe(200);
});
afterAll(() => ctx?.close());

const ageingApi = async (c: TestClient) => {
  const res = await c.getJson('/api/v1/receivables/aging');
  expect(res.statusCode).toBe(200);
  return res.json();
};

describe('aging report', () => {
  it('buckets open balances by days past due on the deps clock, per organization and in all', async () => {
    const r = await ageingApi(finance);
    expect(r.asOf).toBe('2030-06-15');
    expect(r.totals).toEqual({
      currentCents: 30_000,
      days1to30Cents: 70_000,
      days31to60Cents: 110_000,
      days61to90Cents: 150_000,
      over90Cents: 165_000,
      totalCents: 525_000,
      invoices: 10,
    });
    const byName = Object.fromEntries(r.organizations.map((o: { name: string }) => [o.name, o]));
    expect(byName['North Ageing City']).toMatchObject({
      organizationId: north,
      currentCents: 30_000,
      days1to30Cents: 70_000,
      days31to60Cents: 0,
      over90Cents: 75_000,
      totalCents: 175_000,
      invoices: 5,
    });
    expect(byName['South Ageing County']).toMatchObject({
      organizationId: south,
      currentCents: 0,
      days31to60Cents: 110_000,
      days61to90Cents: 150_000,
      over90Cents: 90_000,
      totalCents: 350_000,
    });
    // Largest balance first.
    expect(r.organizations.map((o: { name: string }) => o.name)).toEqual(['South Ageing County', 'North Ageing City']);
  });

  it('moves balances to older buckets as the clock moves on', async () => {
    ctx.clock.set('2030-07-15T15:00:00Z'); // 30 days later; sessions from before have expired
    const later = await signedInAs(ctx, ['finance']);
    const r = await ageingApi(later);
    expect(r.asOf).toBe('2030-07-15');
    // due 06-15 → 30 days, due 07-01 → 14 days; due 06-14 → 31, due 05-16 → 60; due 05-15 → 61, 04-16 → 90; the rest over 90.
    expect(r.totals).toEqual({
      currentCents: 0,
      days1to30Cents: 30_000,
      days31to60Cents: 70_000,
      days61to90Cents: 110_000,
      over90Cents: 150_000 + 165_000,
      totalCents: 525_000,
      invoices: 10,
    });
    ctx.clock.set('2030-06-15T15:10:00Z');
  });

  it('answers at its old address, /api/v1/receivables/ageing, the same, marked deprecated in the API document', async () => {
    const c = await signedInAs(ctx, ['finance']);
    const old = await c.getJson('/api/v1/receivables/ageing');
    expect(old.statusCode).toBe(200);
    expect(old.json()).toEqual(await ageingApi(c));
    const doc = (await ctx.client().getJson('/api/openapi.json')).json() as { paths: Record<string, { get: { deprecated?: boolean } }> };
    expect(doc.paths['/api/v1/receivables/ageing']?.get.deprecated).toBe(true);
    expect(doc.paths['/api/v1/receivables/aging']?.get.deprecated).toBeUndefined();
  });

  it('the page shows the buckets and totals, and the CSV has a row per organization and a total row', async () => {
    const page = await finance.get('/staff/receivables');
    expect(page.statusCode).toBe(200);
    expect(textsOf(page.body, 'h1')).toContain('Receivables aging');
    for (const label of ['Current (not yet due)', '1–30 days past due', '31–60 days past due', '61–90 days past due', 'Over 90 days past due']) expect(page.body).toContain(label);
    expect(page.body).toContain('$5,250.00');
    expect(page.body).toContain('North Ageing City');
    // Each row is named by its organization (its block's title on a phone); an age that holds no
    // money is a quiet cell (out of sight on a phone, still read by screen readers), the total never.
    const table = dom(page.body)
      .querySelectorAll('table')
      .find((t) => t.querySelector('caption')?.text === 'By organization or person');
    const rowOf = (name: string) => table?.querySelectorAll('tbody tr').find((tr) => tr.querySelector('th[scope="row"]')?.text.trim() === name);
    const cells = (name: string) =>
      rowOf(name)
        ?.querySelectorAll('td')
        .map((td) => [td.getAttribute('data-label'), td.text.trim(), td.hasAttribute('data-quiet')]);
    expect(cells('North Ageing City')).toEqual([
      ['Current (not yet due)', '$300.00', false],
      ['1–30 days past due', '$700.00', false],
      ['31–60 days past due', '$0.00', true],
      ['61–90 days past due', '$0.00', true],
      ['Over 90 days past due', '$750.00', false],
      ['Total', '$1,750.00', false],
    ]);
    expect(
      cells('South Ageing County')
        ?.filter(([, , quiet]) => quiet)
        .map(([label]) => label),
    ).toEqual(['Current (not yet due)', '1–30 days past due']);

    const csv = await finance.get('/staff/receivables.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(String(csv.headers['content-disposition'])).toBe('attachment; filename="receivables-aging-2030-06-15.csv"');
    const rows = readCsv(csv.body);
    expect(rows[0]).toEqual([
      'Organization',
      'Current (not yet due)',
      '1–30 days past due',
      '31–60 days past due',
      '61–90 days past due',
      'Over 90 days past due',
      'Total',
      'Open invoices',
    ]);
    expect(rows).toContainEqual(['South Ageing County', '0.00', '0.00', '1100.00', '1500.00', '900.00', '3500.00', '5']);
    expect(rows).toContainEqual(['North Ageing City', '300.00', '700.00', '0.00', '0.00', '750.00', '1750.00', '5']);
    expect(rows.at(-1)).toEqual(['All', '300.00', '700.00', '1100.00', '1500.00', '1650.00', '5250.00', '10']);
  });
});

describe('invoice list', () => {
  it('filters by status, organization name, purpose, issued dates and overdue; sorts by balance', async () => {
    const numbersOf = async (query: string) => {
      const res = await finance.getJson(`/api/v1/invoices?${query}`);
      expect(res.statusCode).toBe(200);
      return res.json().invoices.map((i: { id: string }) => i.id);
    };
    expect(await numbersOf('status=paid')).toEqual([ids.paid]);
    expect(await numbersOf('status=void')).toEqual([ids.voided]);
    expect(await numbersOf('status=partially_paid')).toEqual([ids.partly]);
    expect((await numbersOf('organization=north%20ageing')).sort()).toEqual([ids.dueToday, ids.future, ids.late1, ids.late30, ids.partly].sort());
    // accents and case aside ("Nórth Ágeing" is how a hurried or a careful typist may write it)
    expect((await numbersOf('organization=N%C3%B3RTH%20%C3%81geing')).sort()).toEqual([ids.dueToday, ids.future, ids.late1, ids.late30, ids.partly].sort());
    expect((await numbersOf('issuedFrom=2030-03-16&issuedTo=2030-04-15')).sort()).toEqual([ids.late31, ids.late60, ids.late61].sort());
    expect(await numbersOf('purpose=membership')).toEqual([]);
    const overdue = await numbersOf('overdue=true');
    expect(overdue.sort()).toEqual([ids.late1, ids.late30, ids.late31, ids.late60, ids.late61, ids.late90, ids.late91, ids.partly].sort());
    expect(await numbersOf('overdue=true&sort=balance&dir=desc')).toEqual([ids.late91, ids.late90, ids.partly, ids.late61, ids.late60, ids.late31, ids.late30, ids.late1]);

    const bad = await finance.getJson('/api/v1/invoices?issuedFrom=2030-05-01&issuedTo=2030-04-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('issuedTo');
  });

  it('the page filters the same way, with overdue marked, and answers 400 beside a bad filter', async () => {
    const page = await finance.get('/staff/invoices?status=open&organization=South&overdue=yes&sort=due&dir=asc');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Issued, overdue');
    expect(page.body).not.toContain('North Ageing City');
    expect(page.body).toContain('href="/staff/invoices.csv?status=open&amp;organization=South&amp;overdue=yes&amp;sort=due&amp;dir=asc"');
    const empty = await finance.get('/staff/invoices?status=&organization=&purpose=');
    expect(empty.statusCode).toBe(200);
    const bad = await finance.get('/staff/invoices?issuedFrom=June&status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-issuedFrom-error"');
    expect(bad.body).toContain('id="f-status-error"');
  });

  it('the CSV export holds the current filter, amounts as decimals', async () => {
    const res = await finance.get('/staff/invoices.csv?organization=South&status=open&sort=number&dir=asc');
    expect(res.statusCode).toBe(200);
    const rows = readCsv(res.body);
    expect(rows[0]?.slice(0, 5)).toEqual(['Number', 'Status', 'Overdue', 'For', 'Organization']);
    expect(rows).toHaveLength(1 + 5);
    expect(rows.slice(1).every((r) => r[4] === 'South Ageing County' && r[1] === 'Issued' && r[2] === 'yes')).toBe(true);
    expect(rows[1]?.slice(9)).toEqual(['2030-05-15', '500.00', '0.00', '0.00', '500.00']);
    const bad = await finance.get('/staff/invoices.csv?issuedTo=soon');
    expect(bad.statusCode).toBe(400);
  });
});

describe('payments list', () => {
  it('filters by method and received dates; the CSV keeps a reversal as a negative number', async () => {
    const payment = (await apiPay(finance, ids.late1 ?? '', { amountCents: 5_000, method: 'check', reference: '=1+1' }, randomUUID())).json().payment;
    const rev = await finance.sendJson('POST', `/api/v1/payments/${payment.id}/reversal`, { reason: '@bounced' });
    expect(rev.statusCode).toBe(201);
    const checks = await finance.getJson('/api/v1/payments?method=check');
    expect(
      checks
        .json()
        .payments.map((p: { amountCents: number }) => p.amountCents)
        .sort((a: number, b: number) => a - b),
    ).toEqual([-5_000, 5_000, 11_100]);
    const wires = await finance.getJson('/api/v1/payments?method=wire&from=2030-06-15&to=2030-06-15');
    expect(wires.json().payments).toHaveLength(1);
    expect((await finance.getJson('/api/v1/payments?from=2030-06-16')).json().payments).toHaveLength(0);

    const page = await finance.get('/staff/payments?method=check');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Reversal: @bounced');
    // the page writes days as every page does ('Jun 15, 2030'); the CSV keeps YYYY-MM-DD
    const received = textsOf(page.body, 'tbody tr td:first-child');
    expect(received.length).toBeGreaterThan(0);
    for (const day of received) expect(day).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    const csv = readCsv((await finance.get('/staff/payments.csv?method=check&sort=amount&dir=asc')).body);
    expect(csv[0]?.slice(0, 6)).toEqual(['Received', 'Invoice', 'Organization', 'Method', 'Reference', 'Amount']);
    expect([csv[1]?.[4], csv[1]?.[5], csv[1]?.[8]]).toEqual(["'=1+1", '-50.00', "'@bounced"]);
    expect(csv).toHaveLength(4);
  });
});

describe('CSV formula injection', () => {
  it('text cells starting with = + - @ tab or carriage return get a leading apostrophe; numbers do not', () => {
    for (const bad of ['=HYPERLINK("http://evil.example")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) expect(neutralizeCell(bad)).toBe(`'${bad}`);
    for (const ok of ['Springfield', '-50.00', '1200.50', '0', 'a=b', '']) expect(neutralizeCell(ok)).toBe(ok);
    expect(neutralizeCell(-5)).toBe('-5');
    expect(neutralizeCell(null)).toBe('');
    expect(readCsv(CSV_BOM + toCsv(['=a'], [['=b', '"quoted", too']]))).toEqual([["'=a"], ["'=b", '"quoted", too']]);
  });

  it('an organization named like a formula is exported as text', async () => {
    const evil = await createOrganization(ctx, { name: '=HYPERLINK("http://evil.example","Click")' });
    await anInvoice(ctx, { organizationId: evil, cents: 1_000, billToName: '+SUM(1;2)', issuedOn: '2030-06-10' });
    const res = await finance.get('/staff/invoices.csv?organization=HYPERLINK');
    const rows = readCsv(res.body);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[4]).toBe(`'=HYPERLINK("http://evil.example","Click")`);
    expect(rows[1]?.[5]).toBe("'+SUM(1;2)");
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]/);
    const ageing = readCsv((await finance.get('/staff/receivables.csv')).body);
    expect(ageing.map((r) => r[0])).toContain(`'=HYPERLINK("http://evil.example","Click")`);
  });
});

describe('who may see receivables', () => {
  it('staff without the finance role, and organization contacts, get 403; admins get in', async () => {
    const membership = await signedInAs(ctx, ['membership']);
    for (const url of ['/staff/invoices', '/staff/invoices.csv', '/staff/receivables', '/staff/receivables.csv', '/staff/payments']) {
      expect((await membership.get(url)).statusCode).toBe(403);
    }
    // one invoice membership staff may read (they issue them from an organization's record); an advisor not
    expect((await membership.get(`/staff/invoices/${ids.late1}`)).statusCode).toBe(200);
    expect((await (await signedInAs(ctx, ['advisor'])).get(`/staff/invoices/${ids.late1}`)).statusCode).toBe(403);
    expect((await membership.getJson('/api/v1/receivables/aging')).statusCode).toBe(403);
    expect((await apiPay(membership, ids.late1 ?? '', { amountCents: 100, method: 'check' }, randomUUID())).statusCode).toBe(403);
    const formPost = await membership.postForm(`/staff/invoices/${ids.late1}/payments`, { amount: '1', method: 'check', idempotency_key: randomUUID() });
    expect(formPost.statusCode).toBe(403);

    const contact = await createAccount(ctx, { org: { role: 'admin', organizationId: north } });
    const c = ctx.client();
    await c.signIn(contact.email, PASSWORD);
    expect((await c.get('/staff/receivables')).statusCode).toBe(403);
    expect((await c.getJson(`/api/v1/invoices/${ids.late1}`)).statusCode).toBe(403);

    const admin = await signedInAs(ctx, ['admin']);
    expect((await admin.get('/staff/receivables')).statusCode).toBe(200);
    const staffHome = await admin.get('/staff');
    expect(staffHome.body).toContain('href="/staff/invoices"');
    expect(staffHome.body).toContain('href="/staff/receivables"');
    expect((await membership.get('/staff')).body).not.toContain('href="/staff/invoices"');
  });
});

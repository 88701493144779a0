// Importing opening balances (past invoices and what was paid on them) over HTTP: planted problems
// (amounts negative, not numbers, paid beyond the total, dates, an organization not imported from
// the source, an invoice number twice) yield exactly those rows and import nothing; the fixed file
// imports every invoice with the old system's number and no Civnet number, amounts exact in cents,
// statuses paid, partly paid, open and overdue; the same file again changes nothing; an edited row
// updates the invoice and its payment, unless the invoice was touched in Civnet since (refused);
// a Civnet invoice issued afterwards takes the next number of the year's sequence; the invoices show
// on the staff pages, the PDF and receivables with their old number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContact, anAccount, anInvoice, aPayment, signedIn, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';
import { IMPORT_QUEUE } from './index.js';

let ctx: TestContext;
let staff: TestClient;
let finance: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  staff = (await signedInStaff(ctx, 'membership')).client;
  finance = (await signedInStaff(ctx, 'finance')).client;
});
afterAll(() => ctx?.close());

const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);
const SOURCE = 'Ledger CRM';

async function importing(client: TestClient, kind: string, content: Buffer, mapping: Record<string, string>) {
  const res = await client.postMultipart('/staff/import', { source: SOURCE, kind }, [{ field: 'file', filename: `${kind}.csv`, type: 'text/csv', content }]);
  expect(res.statusCode, res.body).toBe(303);
  const page = String(res.headers.location);
  const checked = await client.postForm(`${page}/check`, mapping);
  if (checked.statusCode !== 200) return { page, checked };
  expect((await client.postForm(`${page}/run`, {})).statusCode).toBe(303);
  await ctx.deps.jobs.drain(IMPORT_QUEUE);
  return { page, checked, after: await client.get(page) };
}

const HEADER = 'Inv ID,Org,No,Issued,Due,Total,Paid,Paid on';
const MAPPING = {
  external_id: 'Inv ID',
  organization_external_id: 'Org',
  invoice_number: 'No',
  issued_on: 'Issued',
  due_on: 'Due',
  total: 'Total',
  paid: 'Paid',
  paid_on: 'Paid on',
};
const rows = (o: { partPaid?: string } = {}) => [
  'B1,BO1,OLD-100,2024-01-15,2024-02-14,"1,234.50","1,234.50",2024-02-01',
  `B2,BO1,OLD-101,2025-01-15,2099-02-14,1234.5,${o.partPaid ?? '200'},2025-02-01`,
  'B3,BO2,OLD-102,1/15/2025,2/14/2099,99.99,,',
  'B4,BO2,OLD-103,2025-01-15,2025-02-14,10,0,',
];

const invoices = () =>
  ctx.deps.db
    .selectFrom('invoices')
    .select(['external_number', 'number', 'year', 'seq', 'status', 'total_cents', 'paid_cents', 'issued_on', 'due_on'])
    .where('external_source', '=', SOURCE)
    .orderBy('external_number')
    .execute();
const importedPayments = () =>
  ctx.deps.db
    .selectFrom('payments')
    .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
    .select(['invoices.external_number', 'payments.amount_cents', 'payments.received_on', 'payments.method'])
    .where('invoices.external_source', '=', SOURCE)
    .orderBy('invoices.external_number')
    .orderBy('payments.created_at')
    .execute();

describe('importing opening balances', () => {
  let orgId = '';
  beforeAll(async () => {
    const orgs = await importing(staff, 'organizations', csv(['external_id,name,entity_type,state', 'BO1,Balanced One,city,OH', 'BO2,Balanced Two,county,TX']), {
      external_id: 'external_id',
      name: 'name',
      entity_type: 'entity_type',
      state: 'state',
    });
    expect(orgs.after?.body).toContain('2 organizations created');
    orgId = (await ctx.deps.db.selectFrom('organizations').select('id').where('name', '=', 'Balanced One').executeTakeFirstOrThrow()).id;
  });

  it('offers the kind on the import page', async () => {
    const page = await staff.get('/staff/import');
    expect(page.body).toContain('value="balances"');
    expect(page.body).toContain('Past invoices');
  });

  it('reports exactly the planted problems and imports nothing', async () => {
    const { page, checked } = await importing(
      staff,
      'balances',
      csv([
        HEADER,
        ...rows(),
        'B5,BO1,OLD-200,2025-01-15,2025-02-14,-10,,',
        'B6,BO1,OLD-201,2025-01-15,2025-02-14,ten,,',
        'B7,BO1,OLD-202,2025-01-15,2025-02-14,10,10.01,2025-01-20',
        'B8,BO1,OLD-203,2025-02-30,2025-03-14,10,,',
        'B9,BO1,OLD-204,2025-03-15,2025-03-14,10,,',
        'B10,NOPE,OLD-205,2025-01-15,2025-02-14,10,,',
        'B11,BO1,OLD-100,2025-01-15,2025-02-14,10,,',
        'B12,BO1,OLD-206,2025-01-15,2025-02-14,10,5,',
      ]),
      MAPPING,
    );
    expect(checked.statusCode).toBe(422);
    expect(checked.body).toContain('8 problems in 12 rows');
    const report = await staff.get(`${page}/report.csv`);
    const got = report.body
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(',').slice(0, 2).join(','))
      .sort();
    expect(got).toEqual(['10,Due', '11,Org', '12,No', '13,Paid on', '6,Total', '7,Total', '8,Paid', '9,Issued'].sort());
    expect(report.body).toContain('negative');
    expect(await invoices()).toEqual([]);
  });

  it('imports every invoice with its old number and exact cents; again changes nothing; an edit updates; numbering untouched', async () => {
    // a webhook endpoint that listens for invoices issued and paid: imported history publishes nothing
    const now = new Date();
    await ctx.deps.db
      .insertInto('webhook_endpoints')
      .values({
        url: 'https://hooks.example.com/civnet',
        secret: 'whsec_test',
        event_types: ['invoice.issued', 'invoice.paid', 'payment.recorded'],
        disabled_at: null,
        failing_since: null,
        created_by: null,
        created_at: now,
        updated_at: now,
        previous_secret: null,
        previous_secret_until: null,
      })
      .execute();
    const messages = async () => (await ctx.deps.db.selectFrom('webhook_messages').select('event_type').execute()).map((m) => m.event_type).sort();
    const counterBefore = await ctx.deps.db.selectFrom('invoice_counters').selectAll().orderBy('year').execute();
    const first = await importing(staff, 'balances', csv([HEADER, ...rows()]), MAPPING);
    expect(first.after?.body).toContain('4 rows: 4 past invoices created, 0 updated, 0 unchanged');
    // the invoices created, linked by the old numbers Civnet shows them by
    const made = dom(first.after?.body ?? '').querySelectorAll('#made-heading + ul a');
    expect(made.map((a) => a.text)).toEqual(['OLD-100 (imported)', 'OLD-101 (imported)', 'OLD-102 (imported)', 'OLD-103 (imported)']);
    const old100 = await ctx.deps.db.selectFrom('invoices').select('id').where('external_number', '=', 'OLD-100').executeTakeFirstOrThrow();
    expect(made[0]?.getAttribute('href')).toBe(`/staff/invoices/${old100.id}`);
    expect((await staff.get(made[0]?.getAttribute('href') as string)).statusCode).toBe(200);
    const after = await invoices();
    expect(after).toEqual([
      { external_number: 'OLD-100', number: null, year: null, seq: null, status: 'paid', total_cents: 123450, paid_cents: 123450, issued_on: '2024-01-15', due_on: '2024-02-14' },
      {
        external_number: 'OLD-101',
        number: null,
        year: null,
        seq: null,
        status: 'partially_paid',
        total_cents: 123450,
        paid_cents: 20000,
        issued_on: '2025-01-15',
        due_on: '2099-02-14',
      },
      { external_number: 'OLD-102', number: null, year: null, seq: null, status: 'issued', total_cents: 9999, paid_cents: 0, issued_on: '2025-01-15', due_on: '2099-02-14' },
      { external_number: 'OLD-103', number: null, year: null, seq: null, status: 'issued', total_cents: 1000, paid_cents: 0, issued_on: '2025-01-15', due_on: '2025-02-14' },
    ]);
    expect(await importedPayments()).toEqual([
      { external_number: 'OLD-100', amount_cents: 123450, received_on: '2024-02-01', method: 'check' },
      { external_number: 'OLD-101', amount_cents: 20000, received_on: '2025-02-01', method: 'check' },
    ]);
    expect(await ctx.deps.db.selectFrom('invoice_counters').selectAll().orderBy('year').execute()).toEqual(counterBefore);

    const again = await importing(staff, 'balances', csv([HEADER, ...rows()]), MAPPING);
    expect(again.after?.body).toContain('0 past invoices created, 0 updated, 4 unchanged');
    expect(await invoices()).toEqual(after);

    const edited = await importing(staff, 'balances', csv([HEADER, ...rows({ partPaid: '"1,000.25"' })]), MAPPING);
    expect(edited.after?.body).toContain('0 past invoices created, 1 updated, 3 unchanged');
    expect((await invoices()).find((i) => i.external_number === 'OLD-101')).toMatchObject({ status: 'partially_paid', paid_cents: 100025 });
    expect((await importedPayments()).filter((p) => p.external_number === 'OLD-101')).toEqual([
      { external_number: 'OLD-101', amount_cents: 100025, received_on: '2025-02-01', method: 'check' },
    ]);

    // a Civnet invoice afterwards takes the next number of its year, as if nothing was imported
    const issued = await anInvoice(ctx, { organizationId: orgId, cents: 5000 });
    const last = counterBefore.find((c) => c.year === issued.year)?.last_number ?? 0;
    expect(issued.seq).toBe(last + 1);
    expect(issued.number).toBe(`${issued.year}-${String(last + 1).padStart(6, '0')}`);
    // only the Civnet invoice was announced
    expect(await messages()).toEqual(['invoice.issued']);
  });

  it('refuses to update an invoice touched in Civnet since it was imported', async () => {
    const b3 = await ctx.deps.db.selectFrom('invoices').select('id').where('external_source', '=', SOURCE).where('external_number', '=', 'OLD-102').executeTakeFirstOrThrow();
    await aPayment(ctx, { invoiceId: b3.id, amountCents: 999, receivedOn: '2026-01-05', reference: 'chk 9', idempotencyKey: crypto.randomUUID() });
    const before = await invoices();
    const changed = rows().map((l) => (l.startsWith('B3,') ? 'B3,BO2,OLD-102,1/15/2025,2/14/2099,120.00,,' : l));
    const { checked } = await importing(staff, 'balances', csv([HEADER, ...changed]), MAPPING);
    expect(checked.statusCode).toBe(422);
    expect(checked.body).toContain('changed in Civnet since it was imported');
    expect(await invoices()).toEqual(before);
  });

  it('shows the invoices with their old number on the staff pages, the PDF and receivables', async () => {
    const b2 = await ctx.deps.db.selectFrom('invoices').select('id').where('external_source', '=', SOURCE).where('external_number', '=', 'OLD-101').executeTakeFirstOrThrow();
    const page = await finance.get(`/staff/invoices/${b2.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('OLD-101');
    const list = await finance.get('/staff/invoices');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('OLD-101 (imported)');
    const listCsv = await finance.get('/staff/invoices.csv');
    expect(listCsv.statusCode).toBe(200);
    expect(listCsv.body).toContain('OLD-101');
    const receivables = await finance.get('/staff/receivables');
    expect(receivables.statusCode).toBe(200);
    expect(receivables.body).toContain('Balanced Two');
    expect(page.body).toContain('<title>Invoice OLD-101 (imported)');
    const { public_token } = await ctx.deps.db.selectFrom('invoices').select('public_token').where('id', '=', b2.id).executeTakeFirstOrThrow();
    const pub = await ctx.client().get(`/invoices/${public_token}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('OLD-101 (imported)');
    const pdf = await ctx.client().get(`/invoices/${public_token}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(String(pdf.headers['content-type'])).toContain('application/pdf');
  });

  it('shows the invoices on the organization’s own billing page with their old number', async () => {
    const account = await anAccount(ctx, {});
    await aContact(ctx, { organizationId: orgId, userId: account.id, role: 'admin' });
    const client = await signedIn(ctx, account.email);
    const page = await client.get('/org/invoices');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('OLD-100 (imported)');
    expect(page.body).toContain('OLD-101 (imported)');
    expect(page.body).not.toContain('OLD-102');
  });

  it('is refused to those who may not import (permissions unchanged)', async () => {
    const res = await finance.postMultipart('/staff/import', { source: SOURCE, kind: 'balances' }, [
      { field: 'file', filename: 'b.csv', type: 'text/csv', content: csv([HEADER, ...rows()]) },
    ]);
    expect(res.statusCode).toBe(403);
    expect((await ctx.client().get('/staff/import')).statusCode).not.toBe(200);
  });
});

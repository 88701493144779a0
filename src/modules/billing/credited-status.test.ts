// An invoice credited in full (credit notes cover its total) is stored as paid, but wherever a person
// reads its state it reads "Credited in full", never "Paid": finance's invoice page and list (and
// their CSV and status filter), the organization's record and portal pages, the person's record and
// their own membership page; the API keeps `status: "paid"` and says `creditedInFull: true`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, aPayment, type Joined, joinAsManager, seedLevels, signedInAs } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { optionsOf, rowsOf, textOf } from '../../../test/html.js';

let ctx: TestContext;
let finance: TestClient;
let membership: TestClient;
let contact: TestClient;
let orgId: string;
let credited: { id: string; number: string };
let paid: { id: string; number: string };
let ana: Joined;

const json = async (c: TestClient, url: string) => {
  const res = await c.request('GET', url, { headers: { accept: 'application/json' } });
  expect(res.statusCode).toBe(200);
  return JSON.parse(res.body);
};
/** The cells of the row that names the invoice `number`, in the page's tables. */
const rowOf = (html: string, number: string) => rowsOf(html).find((r) => r.some((cell) => cell.includes(number))) ?? [];

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await signedInAs(ctx, ['finance']);
  membership = await signedInAs(ctx, ['membership']);
  orgId = await createOrganization(ctx, { name: 'Town of Creditville' });
  const account = await createAccount(ctx, { org: { role: 'contact', organizationId: orgId } });
  contact = ctx.client();
  await contact.signIn(account.email);
  const a = await anInvoice(ctx, { organizationId: orgId, cents: 40_000 });
  const b = await anInvoice(ctx, { organizationId: orgId, cents: 25_000 });
  credited = { id: a.id, number: a.number ?? '' };
  paid = { id: b.id, number: b.number ?? '' };
  const res = await finance.postForm(`/staff/invoices/${credited.id}/credit-notes`, { credit_amount: '400.00', credit_reason: 'Dues waived by the board' });
  expect(res.statusCode).toBe(303);
  await aPayment(ctx, { invoiceId: paid.id, amountCents: 25_000 });
  const levels = await seedLevels(ctx);
  ana = await joinAsManager(ctx, levels, { name: 'Ana Credited' });
  const { total_cents } = await ctx.deps.db.selectFrom('invoices').select('total_cents').where('id', '=', ana.invoiceId).executeTakeFirstOrThrow();
  const person = await finance.postForm(`/staff/invoices/${ana.invoiceId}/credit-notes`, {
    credit_amount: (total_cents / 100).toFixed(2),
    credit_reason: 'Dues waived by the board',
  });
  expect(person.statusCode).toBe(303);
});
afterAll(() => ctx?.close());

describe('finance staff’s pages', () => {
  it('the invoice page says "Credited in full", and a paid one still "Paid"', async () => {
    expect(textOf((await finance.get(`/staff/invoices/${credited.id}`)).body, 'main strong.status')).toBe('Credited in full');
    expect(textOf((await finance.get(`/staff/invoices/${paid.id}`)).body, 'main strong.status')).toBe('Paid');
  });

  it('the invoice list and its CSV say "Credited in full" in the status column', async () => {
    const list = (await finance.get('/staff/invoices?organization=Creditville')).body;
    expect(rowOf(list, credited.number)).toContain('Credited in full');
    expect(rowOf(list, paid.number)).toContain('Paid');
    const csv = (await finance.get('/staff/invoices.csv?organization=Creditville')).body;
    const line = (n: string) => csv.split('\r\n').find((l) => l.startsWith(n)) ?? '';
    expect(line(credited.number).split(',')[1]).toBe('Credited in full');
    expect(line(paid.number).split(',')[1]).toBe('Paid');
  });

  it('filtering "Paid" leaves out what was credited in full, which has a choice of its own', async () => {
    const page = (await finance.get('/staff/invoices?organization=Creditville&status=paid')).body;
    expect(rowOf(page, paid.number)).not.toEqual([]);
    expect(rowOf(page, credited.number)).toEqual([]);
    expect(optionsOf(page, 'status').map((o) => o.label)).toContain('Credited in full');
    const only = (await finance.get('/staff/invoices?organization=Creditville&status=credited')).body;
    expect(rowOf(only, credited.number)).toContain('Credited in full');
    expect(rowOf(only, paid.number)).toEqual([]);
    const api = await json(finance, '/api/v1/invoices?organization=Creditville&status=credited');
    expect(api.invoices.map((i: { id: string }) => i.id)).toEqual([credited.id]);
  });

  it('the organization’s record and the person’s record say "Credited in full"', async () => {
    const record = (await membership.get(`/staff/organizations/${orgId}`)).body;
    expect(rowOf(record, credited.number)).toContain('Credited in full');
    expect(rowOf(record, paid.number)).toContain('Paid');
    const person = (await membership.get(`/staff/people/${ana.userId}`)).body;
    expect(rowOf(person, 'Credited in full')).not.toEqual([]);
    expect(rowOf(person, 'Paid')).toEqual([]);
    const individual = (await finance.get(`/staff/individuals/${ana.membershipId}`)).body;
    expect(rowOf(individual, 'Credited in full')).not.toEqual([]);
  });
});

describe('the payer’s pages', () => {
  it('the organization’s invoices and its home say "Credited in full"', async () => {
    const list = (await contact.get('/org/invoices')).body;
    expect(rowOf(list, credited.number)).toContain('Credited in full');
    expect(rowOf(list, paid.number)).toContain('Paid');
    expect(textOf(list, 'main .lead')).toBe('Nothing is due: every invoice is paid, credited in full or void.');
    const home = (await contact.get('/org')).body;
    expect(rowOf(home, credited.number).join(' ')).toContain('Credited in full');
  });

  it('the member’s own membership page says "Credited in full"', async () => {
    const page = (await ana.client.get('/me/membership')).body;
    expect(rowsOf(page, 'Your membership invoices').map((r) => r.at(-1))).toEqual(['Credited in full']);
  });
});

describe('the API', () => {
  it('keeps status "paid" and says creditedInFull, in the list, one invoice, the organization’s and the person’s', async () => {
    const list = await json(finance, '/api/v1/invoices?organization=Creditville');
    const byId = (rows: Array<{ id: string }>, id: string) => rows.find((r) => r.id === id);
    expect(byId(list.invoices, credited.id)).toMatchObject({ status: 'paid', creditedInFull: true });
    expect(byId(list.invoices, paid.id)).toMatchObject({ status: 'paid', creditedInFull: false });
    expect(await json(finance, `/api/v1/invoices/${credited.id}`)).toMatchObject({ status: 'paid', creditedInFull: true });
    const org = await json(contact, '/api/v1/org/invoices');
    expect(byId(org.invoices, credited.id)).toMatchObject({ status: 'paid', creditedInFull: true });
    expect(byId(org.invoices, paid.id)).toMatchObject({ status: 'paid', creditedInFull: false });
    const person = await json(membership, `/api/v1/people/${ana.userId}`);
    expect(person.invoices).toEqual([expect.objectContaining({ id: ana.invoiceId, status: 'paid', creditedInFull: true })]);
  });
});

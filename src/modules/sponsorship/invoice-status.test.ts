// What partnerships staff see of an accepted sponsor's invoice: where it stands (to pay and by
// when, partly paid, paid, void), on the application's page and in the applications table, with a
// link each of them can open: billing's staff page for finance and membership staff, the company's
// own view of the invoice for a partnerships officer (billing's staff page is 403 to them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPayment, aSponsorshipApplication, aSponsorshipPackage, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, termValue } from '../../../test/html.js';

let ctx: TestContext;
let partnerships: TestClient;
let partnershipsAndFinance: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  partnerships = await signedIn(ctx, (await createAccount(ctx, { roles: ['partnerships'] })).email);
  partnershipsAndFinance = await signedIn(ctx, (await createAccount(ctx, { roles: ['partnerships', 'finance'] })).email);
});
afterAll(() => ctx?.close());

const db = () => ctx.deps.db;

/** An accepted sponsor, and its invoice as billing keeps it. */
async function aSponsor(company: string, priceCents: number) {
  const pkg = await aSponsorshipPackage(ctx, { name: `${company} package`, tier: 'silver', quantity: 2, priceCents });
  const a = await aSponsorshipApplication(ctx, { packageId: pkg.id, company });
  expect((await partnerships.postForm(`/staff/sponsorship/applications/${a.id}/accept`, {})).statusCode).toBe(303);
  const row = await db().selectFrom('sponsorship_applications').select('invoice_id').where('id', '=', a.id).executeTakeFirstOrThrow();
  const invoice = await db()
    .selectFrom('invoices')
    .select(['id', 'number', 'public_token', 'due_on'])
    .where('id', '=', row.invoice_id ?? '')
    .executeTakeFirstOrThrow();
  return { ...a, invoice };
}

/** The href of the link whose text is `text` inside the page's main part. */
const hrefOf = (html: string, text: string) =>
  dom(html)
    .querySelectorAll('main a')
    .find((a) => a.text.trim() === text)
    ?.getAttribute('href');

describe('an accepted sponsor’s invoice, as partnerships staff see it', () => {
  it('says what is still to pay and by when; a partnerships officer’s link opens (the company’s view), never a 403', async () => {
    const s = await aSponsor('Ledger Lane Bikes', 500_000);
    const page = await partnerships.get(`/staff/sponsorship/applications/${s.id}`);
    expect(page.statusCode).toBe(200);
    const number = s.invoice.number ?? '';
    const shown = termValue(page.body, 'Invoice');
    expect(shown).toContain(`${number} for $5,000.00.`);
    expect(shown).toContain('Awaiting payment: $5,000.00 to pay by');
    expect(shown).toContain('finance staff record its payments');

    const href = hrefOf(page.body, number);
    expect(href).toBe(`/invoices/${s.invoice.public_token}`);
    const opened = await partnerships.get(href ?? '');
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('Ledger Lane Bikes');
    // billing's staff page is not theirs: that is why the page does not link to it
    expect((await partnerships.get(`/staff/invoices/${s.invoice.id}`)).statusCode).toBe(403);

    // the table of applications says the same, briefly
    const list = await partnerships.get('/staff/sponsorship');
    const row = rowsOf(list.body, 'Applications, waiting ones first').find((r) => r[0] === 'Ledger Lane Bikes');
    expect(row?.[4]).toMatch(new RegExp(`^${number}\\. Awaiting payment: \\$5,000\\.00 to pay by`));
    expect(hrefOf(list.body, number)).toBe(`/invoices/${s.invoice.public_token}`);
  });

  it('follows the payments finance records: partly paid, then paid', async () => {
    const s = await aSponsor('Partial Pay Press', 300_000);
    await aPayment(ctx, { invoiceId: s.invoice.id, amountCents: 100_000 });
    let shown = termValue((await partnerships.get(`/staff/sponsorship/applications/${s.id}`)).body, 'Invoice');
    expect(shown).toContain('Partly paid: $2,000.00 to pay by');
    await aPayment(ctx, { invoiceId: s.invoice.id, amountCents: 200_000 });
    shown = termValue((await partnerships.get(`/staff/sponsorship/applications/${s.id}`)).body, 'Invoice');
    expect(shown).toBe(`${s.invoice.number} for $3,000.00. Paid. The link shows the invoice as the company sees it; finance staff record its payments.`);
  });

  it('staff who also hold finance get billing’s staff page of the invoice', async () => {
    const s = await aSponsor('Two Hats Consulting', 100_000);
    const page = await partnershipsAndFinance.get(`/staff/sponsorship/applications/${s.id}`);
    const href = hrefOf(page.body, s.invoice.number ?? '');
    expect(href).toBe(`/staff/invoices/${s.invoice.id}`);
    expect((await partnershipsAndFinance.get(href ?? '')).statusCode).toBe(200);
    expect(termValue(page.body, 'Invoice')).not.toContain('as the company sees it');
  });
});

// A sponsor's billing address (migration 0111): the application asks for it (street, city, state
// from the list, a ZIP code of 5 or 9 digits) and refuses it beside the field, saving nothing; the
// invoice issued on acceptance prints it under "Bill to", on its page and in its PDF; partnerships
// staff correct it (or add it to an application sent before the form asked), audited; an
// application without one is still accepted and invoiced.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aLogoPng, aPayment, aSponsorshipApplication, aSponsorshipPackage, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, termValue, textOf } from '../../../test/html.js';

const run = promisify(execFile);
let ctx: TestContext;
let staff: TestClient;
let dir: string;
beforeAll(async () => {
  ctx = await createTestContext();
  staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['partnerships'] })).email);
  dir = await mkdtemp(join(tmpdir(), 'sponsor-address-'));
});
afterAll(async () => {
  await ctx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const db = () => ctx.deps.db;
const invoiceOf = async (applicationId: string) => {
  const a = await db().selectFrom('sponsorship_applications').select('invoice_id').where('id', '=', applicationId).executeTakeFirstOrThrow();
  return db()
    .selectFrom('invoices')
    .selectAll()
    .where('id', '=', a.invoice_id ?? '')
    .executeTakeFirstOrThrow();
};
/** The lines of the invoice page's "Bill to", as the company reads them. */
const billToLines = (html: string) => {
  const page = dom(html);
  const dt = page.querySelectorAll('dt').find((d) => d.text.trim() === 'Bill to');
  const dd = dt?.nextElementSibling;
  return (dd?.querySelectorAll('span') ?? []).map((s) => s.text.trim());
};
async function pdfText(pdf: Buffer, name: string) {
  const file = join(dir, `${name}.pdf`);
  await writeFile(file, pdf);
  return (await run('pdftotext', ['-layout', file, '-'])).stdout;
}

describe('the application asks for a billing address', () => {
  it('a bad ZIP code, a state not on the list or a missing street is refused beside its field, and nothing is saved', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Address Silver', tier: 'silver', quantity: 2 });
    const visitor = ctx.client();
    const form = await visitor.get(`/partners/sponsorship/apply?package=${pkg.id}`);
    for (const id of ['f-addressLine1', 'f-addressLine2', 'f-city', 'f-state', 'f-zip']) expect(dom(form.body).querySelector(`#${id}`), id).toBeTruthy();
    expect(dom(form.body).querySelector('fieldset legend')?.text).toBe('Billing address');

    const email = 'ada@zipless.example';
    const fields = { packageId: pkg.id, companyName: 'Zipless Corp', contactName: 'Ada Zip', email, website: '' };
    const logo = [{ field: 'logo', filename: 'logo.png', type: 'image/png', content: await aLogoPng() }];
    const count = async () => (await db().selectFrom('sponsorship_applications').select('id').where('package_id', '=', pkg.id).execute()).length;
    // (the form takes 5 posts in 10 minutes from one client: three bad ZIP codes, one of everything else, one good)
    for (const zip of ['6270', '62701-12', '627011']) {
      const bad = await visitor.postMultipart('/partners/sponsorship/apply', { ...fields, addressLine1: '1 Main St', city: 'Springfield', state: 'IL', zip }, logo);
      expect(bad.statusCode, zip).toBe(400);
      expect(errorOf(bad.body, 'zip').message).toBe('Enter the ZIP code: 5 digits, like 62701, or 9 digits, like 62701-1234.');
      expect(dom(bad.body).querySelector('#f-zip')?.getAttribute('aria-invalid')).toBe('true');
      // what was typed stays in the form
      expect(dom(bad.body).querySelector('#f-city')?.getAttribute('value')).toBe('Springfield');
    }
    const other = await visitor.postMultipart('/partners/sponsorship/apply', { ...fields, addressLine1: ' ', city: '', state: 'ZZ', zip: '' }, logo);
    expect(other.statusCode).toBe(400);
    expect(errorOf(other.body, 'addressLine1').message).toBe('Enter the street address, like 100 Main Street.');
    expect(errorOf(other.body, 'city').message).toBe('Enter the city.');
    expect(errorOf(other.body, 'state').message).toBe('Choose the state from the list.');
    expect(errorOf(other.body, 'zip').message).toBe('Enter the ZIP code.');
    expect(await count()).toBe(0);
    expect(await db().selectFrom('outbox').select('id').where('to_address', '=', email).execute()).toHaveLength(0);

    // a ZIP+4 typed without its hyphen is kept as 62704-1234
    const ok = await visitor.postMultipart(
      '/partners/sponsorship/apply',
      { ...fields, addressLine1: '1 Main St', addressLine2: 'Suite 400', city: 'Springfield', state: 'il', zip: '627041234' },
      logo,
    );
    expect(ok.statusCode).toBe(200);
    const row = await db()
      .selectFrom('sponsorship_applications')
      .select(['address_line1', 'address_line2', 'city', 'state', 'zip'])
      .where('package_id', '=', pkg.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ address_line1: '1 Main St', address_line2: 'Suite 400', city: 'Springfield', state: 'IL', zip: '62704-1234' });
  });
});

describe('the invoice is addressed to it', () => {
  it('accepting prints the address under “Bill to” on the invoice page and in its PDF, and staff see it on the application', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Address Gold', quantity: 2, priceCents: 400_000 });
    const a = await aSponsorshipApplication(ctx, {
      packageId: pkg.id,
      company: 'Harbor Lights LLC',
      address: { addressLine1: '77 Wharf Road', addressLine2: 'Attn: Accounts Payable', city: 'Portland', state: 'ME', zip: '04101-2345' },
    });
    const page = await staff.get(`/staff/sponsorship/applications/${a.id}`);
    expect(termValue(page.body, 'Billing address')).toBe('77 Wharf Road Attn: Accounts Payable Portland, ME 04101-2345');
    expect((await staff.postForm(`/staff/sponsorship/applications/${a.id}/accept`, {})).statusCode).toBe(303);
    const invoice = await invoiceOf(a.id);
    expect(invoice.bill_to_address).toBe('77 Wharf Road\nAttn: Accounts Payable\nPortland, ME 04101-2345');

    const shown = await ctx.client().get(`/invoices/${invoice.public_token}`);
    expect(billToLines(shown.body)).toEqual(['Harbor Lights LLC', '77 Wharf Road', 'Attn: Accounts Payable', 'Portland, ME 04101-2345', a.email]);
    const pdf = await ctx.client().get(`/invoices/${invoice.public_token}/pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = await pdfText(pdf.rawPayload, 'harbor');
    for (const line of ['Harbor Lights LLC', '77 Wharf Road', 'Attn: Accounts Payable', 'Portland, ME 04101-2345']) expect(text).toContain(line);
  });

  it('an application sent before the form asked for an address is still accepted; staff add the address first and the invoice carries it', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Legacy Bronze', tier: 'bronze', quantity: 3 });
    const legacy = await aSponsorshipApplication(ctx, { packageId: pkg.id, company: 'Old Form Co', address: null });
    const page = await staff.get(`/staff/sponsorship/applications/${legacy.id}`);
    expect(termValue(page.body, 'Billing address')).toBe('Not given (the application was sent before the form asked for one)');
    expect(dom(page.body).querySelector('details.billing-address')?.getAttribute('open')).not.toBeUndefined();

    // a bad correction is refused beside the field; nothing changes
    const bad = await staff.postForm(`/staff/sponsorship/applications/${legacy.id}/address`, { addressLine1: '5 Elm St', city: 'Boise', state: 'ID', zip: '8370' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body, 'zip').message).toBe('Enter the ZIP code: 5 digits, like 62701, or 9 digits, like 62701-1234.');
    expect(dom(bad.body).querySelector('#f-city')?.getAttribute('value')).toBe('Boise');
    const stored = () => db().selectFrom('sponsorship_applications').select(['address_line1', 'city', 'state', 'zip']).where('id', '=', legacy.id).executeTakeFirstOrThrow();
    expect(await stored()).toEqual({ address_line1: '', city: '', state: '', zip: '' });

    const saved = await staff.postForm(`/staff/sponsorship/applications/${legacy.id}/address`, { addressLine1: '5 Elm St', city: 'Boise', state: 'ID', zip: '83702' });
    expect(saved.statusCode).toBe(303);
    expect(await stored()).toEqual({ address_line1: '5 Elm St', city: 'Boise', state: 'ID', zip: '83702' });
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity_id', '=', legacy.id)
      .where('action', '=', 'sponsorship.billing_address_changed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ address_line1: '5 Elm St', zip: '83702' });
    // the same again changes nothing and writes no second row
    expect((await staff.postForm(`/staff/sponsorship/applications/${legacy.id}/address`, { addressLine1: '5 Elm St', city: 'Boise', state: 'ID', zip: '83702' })).statusCode).toBe(
      303,
    );
    expect(await db().selectFrom('audit_log').select('id').where('entity_id', '=', legacy.id).where('action', '=', 'sponsorship.billing_address_changed').execute()).toHaveLength(
      1,
    );

    expect((await staff.postForm(`/staff/sponsorship/applications/${legacy.id}/accept`, {})).statusCode).toBe(303);
    expect((await invoiceOf(legacy.id)).bill_to_address).toBe('5 Elm St\nBoise, ID 83702');

    // one accepted without any address is invoiced all the same, with none
    const bare = await aSponsorshipApplication(ctx, { packageId: pkg.id, company: 'Bare Co', address: null });
    expect((await staff.postForm(`/staff/sponsorship/applications/${bare.id}/accept`, {})).statusCode).toBe(303);
    const invoice = await invoiceOf(bare.id);
    expect(invoice.bill_to_address).toBe('');
    expect(billToLines((await ctx.client().get(`/invoices/${invoice.public_token}`)).body)).toEqual(['Bare Co', bare.email]);
  });

  it('a correction after acceptance is printed on the invoice while it is open (page and PDF, audited, number and total unchanged); a paid one keeps what it was issued with', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Corrected Gold', quantity: 3, priceCents: 250_000 });
    const a = await aSponsorshipApplication(ctx, {
      packageId: pkg.id,
      company: 'Moved Co',
      address: { addressLine1: '1 Old Road', addressLine2: '', city: 'Salem', state: 'OR', zip: '97301' },
    });
    expect((await staff.postForm(`/staff/sponsorship/applications/${a.id}/accept`, {})).statusCode).toBe(303);
    const issued = await invoiceOf(a.id);
    const page = await staff.get(`/staff/sponsorship/applications/${a.id}`);
    expect(textOf(page.body, 'details.billing-address p')).toBe(`Invoice ${issued.number} is still open: a correction here is printed on it too, on its page and in its PDF.`);

    const moved = { addressLine1: '42 New <Street> & Sons', addressLine2: 'Floor 3', city: 'Eugene', state: 'OR', zip: '974011234' };
    expect((await staff.postForm(`/staff/sponsorship/applications/${a.id}/address`, moved)).statusCode).toBe(303);
    const corrected = await invoiceOf(a.id);
    expect(corrected.bill_to_address).toBe('42 New <Street> & Sons\nFloor 3\nEugene, OR 97401-1234');
    expect({ number: corrected.number, total: corrected.total_cents, status: corrected.status }).toEqual({ number: issued.number, total: issued.total_cents, status: 'issued' });
    expect(billToLines((await ctx.client().get(`/invoices/${corrected.public_token}`)).body)).toEqual([
      'Moved Co',
      '42 New <Street> & Sons',
      'Floor 3',
      'Eugene, OR 97401-1234',
      a.email,
    ]);
    const text = await pdfText((await ctx.client().get(`/invoices/${corrected.public_token}/pdf`)).rawPayload, 'moved');
    expect(text).toContain('42 New <Street> & Sons');
    expect(text).toContain('Eugene, OR 97401-1234');
    expect(text).not.toContain('1 Old Road');
    const audit = await db().selectFrom('audit_log').select(['before', 'after']).where('entity_id', '=', issued.id).where('action', '=', 'billing.bill_to_corrected').execute();
    expect(audit).toEqual([{ before: { bill_to_address: '1 Old Road\nSalem, OR 97301' }, after: { bill_to_address: corrected.bill_to_address } }]);

    // paid: the invoice keeps the address it was issued with; the page says so
    await aPayment(ctx, { invoiceId: issued.id, amountCents: Number(issued.total_cents) });
    const paidPage = await staff.get(`/staff/sponsorship/applications/${a.id}`);
    expect(textOf(paidPage.body, 'details.billing-address p')).toBe(
      `Invoice ${issued.number} is paid: it keeps the address it was issued with; a correction here is kept on the sponsor’s record.`,
    );
    expect((await staff.postForm(`/staff/sponsorship/applications/${a.id}/address`, { ...moved, addressLine1: '9 Later Lane' })).statusCode).toBe(303);
    expect((await invoiceOf(a.id)).bill_to_address).toBe(corrected.bill_to_address);
    const row = await db().selectFrom('sponsorship_applications').select('address_line1').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.address_line1).toBe('9 Later Lane');
  });

  it('only partnerships staff correct it; an unknown application is 404', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Guarded Address', quantity: 1 });
    const a = await aSponsorshipApplication(ctx, { packageId: pkg.id });
    const address = { addressLine1: '9 Forged Way', city: 'Nowhere', state: 'TX', zip: '75001' };
    for (const roles of [['finance'], ['member']] as const) {
      const other = await signedIn(ctx, (await createAccount(ctx, { roles: [...roles] })).email);
      expect((await other.postForm(`/staff/sponsorship/applications/${a.id}/address`, address)).statusCode).toBe(403);
    }
    expect((await ctx.client().postForm(`/staff/sponsorship/applications/${a.id}/address`, address)).statusCode).toBe(401);
    expect((await staff.postForm('/staff/sponsorship/applications/00000000-0000-4000-8000-000000000000/address', address)).statusCode).toBe(404);
    expect((await staff.postForm('/staff/sponsorship/applications/not-an-id/address', address)).statusCode).toBe(404);
    const row = await db().selectFrom('sponsorship_applications').select('address_line1').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.address_line1).toBe('200 Commerce Street');
  });
});

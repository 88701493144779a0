// An individual member's invoice in the words of whom it bills: finance staff's pages name the
// member (not "Organization —"), list them under "Organization or person", and show that the
// system issued the first invoice when the member confirmed their address (not the member); the
// public invoice says the receipt goes to the member's address, not to a "billing contact"; an
// organization's invoice links its organization's record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, aPendingMembership, type Joined, joinAsManager, seedLevels, signedInAs } from '../../../test/factories/index.js';
import { createOrganization, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, headingsOf, termsOf, termValue, textOf, textsOf } from '../../../test/html.js';

let ctx: TestContext;
let finance: TestClient;
let ana: Joined;

beforeAll(async () => {
  ctx = await createTestContext();
  const levels = await seedLevels(ctx);
  ana = await joinAsManager(ctx, levels, { name: 'Ana Ruiz' });
  finance = await signedInAs(ctx, ['finance']);
});
afterAll(() => ctx?.close());

const publicToken = async (invoiceId: string) =>
  (await ctx.deps.db.selectFrom('invoices').select('public_token').where('id', '=', invoiceId).executeTakeFirstOrThrow()).public_token;

describe('a member’s invoice on finance staff’s pages', () => {
  it('names the member, links their record, and shows the system issued it when they confirmed their address', async () => {
    const page = await finance.get(`/staff/invoices/${ana.invoiceId}`);
    expect(page.statusCode).toBe(200);
    expect(termsOf(page.body).map(([t]) => t)).not.toContain('Organization');
    expect(termValue(page.body, 'Member')).toBe(`Ana Ruiz (${ana.email})`);
    expect(dom(page.body).querySelector(`a[href="/staff/individuals/${ana.membershipId}"]`)?.text).toBe(`Ana Ruiz (${ana.email})`);
    expect(termValue(page.body, 'Public link')).toBe('View as the member sees it');
    const trail = textsOf(page.body, '#history li');
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatch(/invoice issued by the system$/);
  });

  it('lists the member under "Organization or person" in the invoices, payments and receivables', async () => {
    const list = await finance.get(`/staff/invoices?organization=${encodeURIComponent('Ana Ruiz')}`);
    expect(headingsOf(list.body, 'Invoices')).toContain('Organization or person');
    expect(textOf(list.body, 'label[for="f-organization"]')).toBe('Organization or person’s name');
    const receivables = await finance.get('/staff/receivables');
    expect(headingsOf(receivables.body, 'By organization or person')[0]).toContain('Organization or person');
    const payments = await finance.get('/staff/payments');
    expect(headingsOf(payments.body, 'Payments')).toContain('Organization or person');
  });

  it('an organization’s invoice names its organization with a link to its record, for finance and membership staff', async () => {
    const organizationId = await createOrganization(ctx, { name: 'City of Named' });
    const inv = await anInvoice(ctx, { organizationId, membershipId: await aPendingMembership(ctx, organizationId), cents: 50_000 });
    const membership = await signedInAs(ctx, ['membership']);
    for (const staff of [finance, membership]) {
      const page = await staff.get(`/staff/invoices/${inv.id}`);
      expect(termValue(page.body, 'Organization')).toBe('City of Named');
      const link = dom(page.body).querySelector(`main dd a[href="/staff/organizations/${organizationId}"]`);
      expect(link?.text).toBe('City of Named');
      // the record it leads to opens for the same staff
      expect((await staff.get(`/staff/organizations/${organizationId}`)).statusCode).toBe(200);
    }
    expect(termValue((await finance.get(`/staff/invoices/${inv.id}`)).body, 'Public link')).toBe('View as the organization sees it');
  });

  it('the public invoice says the receipt goes to the member’s own address', async () => {
    const page = await ctx.client().get(`/invoices/${await publicToken(ana.invoiceId)}`);
    const text = textOf(page.body, 'main');
    expect(text).toContain(`When your payment is recorded, this page shows it and we email a receipt to ${ana.email}.`);
    expect(text).not.toContain('billing contact');
  });
});

// Whom a new invoice is addressed to by default (finance staff's new-invoice form, and an invoice
// issued by hand with the bill-to left blank) when the rows it chooses from share one created_at:
// contacts seated in one transaction, invoices issued in one renewal run or import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContact, anAccount, anOrganization, invoicesIssuedTogether, signedInAs } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { formValuesOf } from '../../../test/html.js';

let ctx: TestContext;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  finance = await signedInAs(ctx, ['finance']);
});
afterAll(() => ctx?.close());

const billToEmailOnForm = async (organizationId: string) => {
  const form = await finance.get(`/staff/invoices/new?organizationId=${organizationId}`);
  expect(form.statusCode).toBe(200);
  return formValuesOf(form.body).bill_to_email;
};

describe('bill-to defaults when rows tie', () => {
  it('of two admin contacts seated at one moment, the form and a blank bill-to name the same one, every time (by address)', async () => {
    const stamp = Date.now().toString(36);
    const org = await anOrganization(ctx, { name: `Tieville ${stamp}` });
    const zoe = await anAccount(ctx, { email: `zoe.${stamp}@tieville.example.gov`, name: 'Zoe Zimmer' });
    const ada = await anAccount(ctx, { email: `ada.${stamp}@tieville.example.gov`, name: 'Ada Abbott' });
    const seatedAt = new Date('2025-03-01T12:00:00Z');
    // Zoe's row is written first: a pick by chance tends to take it.
    await aContact(ctx, { organizationId: org.id, userId: zoe.id, role: 'admin', createdAt: seatedAt });
    await aContact(ctx, { organizationId: org.id, userId: ada.id, role: 'admin', createdAt: seatedAt });

    for (let i = 0; i < 3; i++) expect(await billToEmailOnForm(org.id)).toBe(ada.email);

    const issued = await finance.postForm('/staff/invoices', { organizationId: org.id, purpose: 'other', description: 'Workshop seats', amount: '50' });
    expect(issued.statusCode).toBe(303);
    const invoice = await ctx.deps.db.selectFrom('invoices').select('bill_to_email').where('organization_id', '=', org.id).executeTakeFirstOrThrow();
    expect(invoice.bill_to_email).toBe(ada.email);
  });

  it('of invoices issued together, the latest numbered one gives the next bill-to', async () => {
    const stamp = Date.now().toString(36);
    const org = await anOrganization(ctx, { name: `Tiebury ${stamp}` });
    const [first, second] = await invoicesIssuedTogether(ctx, org.id, [`old.${stamp}@tiebury.example.gov`, `new.${stamp}@tiebury.example.gov`]);
    expect(first?.created_at.getTime()).toBe(second?.created_at.getTime());
    expect((second?.seq ?? 0) > (first?.seq ?? 0)).toBe(true);

    for (let i = 0; i < 3; i++) expect(await billToEmailOnForm(org.id)).toBe(`new.${stamp}@tiebury.example.gov`);
  });
});

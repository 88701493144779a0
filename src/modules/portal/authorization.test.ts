// Object-level checks: an administrator of organization A guessing organization B's ids — its home,
// invoices, contacts and login requests, through pages and the API — gets 404 and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aLoginRequest } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, PASSWORD, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { issueInvoice } from '../billing/index.js';

let ctx: TestContext;
let orgA: string;
let orgB: string;
let adminA: TestClient;
let contactB: { id: string; email: string };
let requestB: string;
let invoiceB: string;

const snapshot = async () => ({
  contacts: await ctx.deps.db.selectFrom('organization_contacts').selectAll().where('organization_id', '=', orgB).orderBy('user_id').execute(),
  requests: await ctx.deps.db.selectFrom('login_requests').select(['id', 'status']).where('organization_id', '=', orgB).execute(),
});

beforeAll(async () => {
  ctx = await createTestContext();
  orgA = await createOrganization(ctx, { name: 'City of Ash' });
  orgB = await createOrganization(ctx, { name: 'City of Beech' });
  const a = await createAccount(ctx, { org: { role: 'admin', organizationId: orgA } });
  adminA = ctx.client();
  await adminA.signIn(a.email, PASSWORD);
  contactB = await createAccount(ctx, { name: 'Bea Beech', email: uniqueEmail('bea'), org: { role: 'admin', organizationId: orgB } });
  requestB = await aLoginRequest(ctx, orgB, { email: uniqueEmail('asker-b'), name: 'Bo Asker' });
  const inv = await ctx.deps.db.transaction().execute((trx) =>
    issueInvoice(trx, ctx.deps, {
      organizationId: orgB,
      membershipId: null,
      purpose: 'other',
      lines: [{ description: 'Workshop', quantity: 1, unitCents: 10_000 }],
      poNumber: null,
      billTo: { name: 'Beech AP', email: 'ap@beech.test', address: '2 Main St' },
    }),
  );
  invoiceB = inv.id;
});
afterAll(() => ctx?.close());

describe('a contact of organization A and organization B’s ids', () => {
  it('cannot open B’s home', async () => {
    const res = await adminA.get(`/org?org=${orgB}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('City of Beech');
  });

  it('cannot read B’s invoices, by page, PDF or API', async () => {
    expect((await adminA.get(`/org/invoices/${invoiceB}/pdf`)).statusCode).toBe(404);
    expect((await adminA.get('/org/invoices')).body).not.toContain('City of Beech');
    const api = (await adminA.getJson('/api/v1/org/invoices')).json() as { invoices: Array<{ id: string }> };
    expect(api.invoices.map((i) => i.id)).not.toContain(invoiceB);
    expect((await adminA.get(`/org?org=${orgA}`)).body).not.toContain('Workshop');
  });

  it('cannot read or change B’s contacts, by page or API', async () => {
    const before = await snapshot();
    const attempts = [
      adminA.get(`/org/contacts/${contactB.id}/edit?org=${orgA}`),
      adminA.get(`/org/contacts/${contactB.id}/edit?org=${orgB}`),
      adminA.get(`/org/contacts/new?org=${orgB}`),
      adminA.postForm(`/org/contacts?org=${orgB}`, { name: 'Intruder', email: uniqueEmail('intruder') }),
      adminA.postForm(`/org/contacts/${contactB.id}?org=${orgA}`, { title: 'Hacked' }),
      adminA.postForm(`/org/contacts/${contactB.id}?org=${orgB}`, { title: 'Hacked' }),
      adminA.postForm(`/org/contacts/${contactB.id}/remove?org=${orgA}`, {}),
      adminA.postForm(`/org/contacts/${contactB.id}/remove?org=${orgB}`, {}),
      adminA.postForm(`/org/contacts/${contactB.id}/remove`, { org: orgB }),
      adminA.getJson(`/api/v1/org/contacts?org=${orgB}`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Bea Beech');
      expect(res.body).not.toContain(contactB.email);
    }
    expect(await snapshot()).toEqual(before);
    expect((await adminA.getJson(`/api/v1/org/contacts?org=${orgA}`)).body).not.toContain(contactB.email);
  });

  it('cannot see or decide B’s login requests', async () => {
    const before = await snapshot();
    for (const decision of ['approve', 'decline']) {
      expect((await adminA.postForm(`/org/login-requests/${requestB}/${decision}?org=${orgA}`, {})).statusCode).toBe(404);
      expect((await adminA.postForm(`/org/login-requests/${requestB}/${decision}?org=${orgB}`, {})).statusCode).toBe(404);
      expect((await adminA.postForm(`/org/login-requests/not-a-uuid/${decision}?org=${orgA}`, {})).statusCode).toBe(404);
    }
    expect((await adminA.get(`/org?org=${orgA}`)).body).not.toContain('Bo Asker');
    expect(await snapshot()).toEqual(before);
  });
});

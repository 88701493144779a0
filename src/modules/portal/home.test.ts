// The organization home (/org) through HTTP: its sections in order, each labelled by its heading;
// membership status, term and dues; recent invoices; contacts; profile; pending login requests;
// and a contact of two organizations switching between them with ?org=.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aLoginRequest, anActiveMembership } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { applyPayment, issueInvoice } from '../billing/index.js';

let ctx: TestContext;
let orgA: string;
let orgB: string;
let admin: TestClient;
let invoiceNumber: string;

const issue = (organizationId: string, membershipId: string, cents: number, period?: { start: string; end: string }) =>
  ctx.deps.db.transaction().execute((trx) =>
    issueInvoice(trx, ctx.deps, {
      organizationId,
      membershipId,
      purpose: period ? 'renewal' : 'membership',
      periodStart: period?.start,
      periodEnd: period?.end,
      lines: [{ description: 'Annual membership dues', quantity: 1, unitCents: cents }],
      poNumber: null,
      billTo: { name: 'Accounts Payable', email: 'ap@example.test', address: '1 Main St' },
    }),
  );

beforeAll(async () => {
  ctx = await createTestContext();
  orgA = await createOrganization(ctx, { name: 'City of Alder' });
  orgB = await createOrganization(ctx, { name: 'Town of Birch' });
  await ctx.deps.db.updateTable('organizations').set({ website: 'https://www.alder.gov', listed: false }).where('id', '=', orgA).execute();
  const membership = await anActiveMembership(ctx, orgA, { start: '2026-01-01', end: '2026-12-31' });
  const first = await issue(orgA, membership, 120_000);
  invoiceNumber = first.number ?? '';
  await ctx.deps.db.transaction().execute((trx) => applyPayment(trx, ctx.deps, { invoiceId: first.id, amountCents: 50_000, method: 'check', reference: '77' }));
  // A renewal issued ahead for the next term is not this term's dues.
  await issue(orgA, membership, 130_000, { start: '2027-01-01', end: '2027-12-31' });
  const a = await createAccount(ctx, { name: 'Avery Admin', org: { role: 'admin', organizationId: orgA } });
  await ctx.deps.db
    .updateTable('organization_contacts')
    .set({ title: 'Sustainability Director', duties: ['staff', 'billing'] })
    .where('user_id', '=', a.id)
    .execute();
  await ctx.deps.db.insertInto('organization_contacts').values({ organization_id: orgB, user_id: a.id, role: 'contact' }).execute();
  await aLoginRequest(ctx, orgA, { email: 'riley@alder.gov', name: 'Riley Asker', domainMatches: true });
  await aLoginRequest(ctx, orgB, { email: 'quinn@birch.gov', name: 'Quinn Other' });
  admin = ctx.client();
  await admin.signIn(a.email, PASSWORD);
});
afterAll(() => ctx?.close());

const sectionOf = (html: string, id: string) => {
  const m = new RegExp(`<section id="${id}" aria-labelledby="${id}-heading"><h2 id="${id}-heading">[^<]*</h2>([\\s\\S]*?)</section>`).exec(html);
  if (!m?.[1]) throw new Error(`no section ${id}`);
  return m[1];
};

describe('GET /org', () => {
  it('shows the sections in order, each labelled by its heading, with a table of contents', async () => {
    const res = await admin.get(`/org?org=${orgA}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>City of Alder</h1>');
    const ids = [...res.body.matchAll(/<section id="([a-z-]+)" aria-labelledby="\1-heading">/g)].map((m) => m[1]);
    const mine = ids.filter((id) => ['membership', 'invoices', 'contacts', 'profile', 'login-requests'].includes(id ?? ''));
    expect(mine).toEqual(['membership', 'invoices', 'contacts', 'profile', 'login-requests']);
    for (const id of ids) expect(res.body).toContain(`<a href="#${id}">`);
  });

  it('shows the membership status, term and this term’s dues paid and due', async () => {
    const s = sectionOf((await admin.get(`/org?org=${orgA}`)).body, 'membership');
    expect(s).toContain('<dd>Active</dd>');
    expect(s).toContain('<dt>Term</dt><dd>January 1, 2026 to December 31, 2026</dd>');
    expect(s).toContain('<dt>Dues paid this term</dt><dd>$500.00</dd>');
    expect(s).toContain('<dt>Dues still due this term</dt><dd>$700.00</dd>');
    expect(s).toContain('<dd>Administrator</dd>');
  });

  it('lists recent invoices with their balance and links to pay and to all invoices', async () => {
    const s = sectionOf((await admin.get(`/org?org=${orgA}`)).body, 'invoices');
    expect(s).toContain('Balance due: $2,000.00 on 2 invoices.');
    expect(s).toContain(`Pay or view invoice ${invoiceNumber}`);
    expect(s).toMatch(/href="\/invoices\/[^"]+"/);
    expect(s).toContain('<td>$700.00</td>');
    expect(s).toContain('href="/org/invoices"');
  });

  it('lists contacts with title, roles and access, and the admin’s links to change them', async () => {
    const s = sectionOf((await admin.get(`/org?org=${orgA}`)).body, 'contacts');
    expect(s).toContain('<td>Avery Admin</td><td>Sustainability Director</td><td>Staff, Billing</td><td>Administrator</td>');
    expect(s).toContain(`href="/org/contacts/new?org=${orgA}"`);
  });

  it('summarises the network profile with a link to change it', async () => {
    const s = sectionOf((await admin.get(`/org?org=${orgA}`)).body, 'profile');
    expect(s).toContain('<dd>https://www.alder.gov</dd>');
    expect(s).toContain('Counted, but not shown by name (opted out)');
    expect(s).toContain(`href="/org/profile?org=${orgA}"`);
  });

  it('shows this organization’s pending login requests, with approve and decline for the admin', async () => {
    const s = sectionOf((await admin.get(`/org?org=${orgA}`)).body, 'login-requests');
    expect(s).toContain('Riley Asker');
    expect(s).toContain('Matches your organization’s website or email domain');
    expect(s).toMatch(/action="\/org\/login-requests\/[0-9a-f-]+\/approve\?org=/);
    expect(s).not.toContain('Quinn Other');
  });

  it('a contact of two organizations sees the first by default and switches with ?org=', async () => {
    const first = await admin.get('/org');
    expect(first.body).toContain('<h1>City of Alder</h1>');
    expect(first.body).toContain(`href="/org?org=${orgB}"`);
    const other = await admin.get(`/org?org=${orgB}`);
    expect(other.statusCode).toBe(200);
    expect(other.body).toContain('<h1>Town of Birch</h1>');
    expect(sectionOf(other.body, 'login-requests')).toContain('Quinn Other');
    expect(sectionOf(other.body, 'login-requests')).not.toContain('action="/org/login-requests');
    expect(sectionOf(other.body, 'membership')).toContain('<dd>Contact</dd>');
    expect(sectionOf(other.body, 'contacts')).not.toContain('/org/contacts/new');
    expect(other.body).not.toContain('Riley Asker');
  });

  it('answers 404 for an organization the person is not a contact of, or a malformed id', async () => {
    const stranger = await createOrganization(ctx, { name: 'Village of Cedar' });
    for (const id of [stranger, 'not-a-uuid']) {
      const res = await admin.get(`/org?org=${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Village of Cedar');
    }
  });
});

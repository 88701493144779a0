// The member side of billing through HTTP: a contact of organization A sees A's invoices (page
// and API) and downloads their PDFs, never B's (404 by id); a visitor is sent to sign in; the
// organization home shows the membership, pending until its invoice is paid, then active.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContact, anInvoice, aPendingMembership } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, headingsOf, rowsOf, termValue, textsOf } from '../../../test/html.js';
import type { Invoice } from '../../db/types.js';
import { applyPayment, voidInvoice } from './index.js';

let ctx: TestContext;
let contactA: TestClient;
let orgA: string;
let orgB: string;
let invoicesA: Invoice[];
let invoiceB: Invoice;

const pendingMembership = (organizationId: string) => aPendingMembership(ctx, organizationId);

const issue = (organizationId: string, membershipId: string | null, cents: number, po: string | null = null) =>
  anInvoice(ctx, { organizationId, membershipId, cents, poNumber: po, billToEmail: 'ap@example.test' });

beforeAll(async () => {
  ctx = await createTestContext();
  orgA = await createOrganization(ctx, { name: 'City of Alphaville' });
  orgB = await createOrganization(ctx, { name: 'Town of Betaburg' });
  const first = await issue(orgA, await pendingMembership(orgA), 120_000, 'PO-A1');
  ctx.clock.advance(86_400_000);
  const second = await issue(orgA, null, 25_000);
  invoicesA = [first, second];
  invoiceB = await issue(orgB, await pendingMembership(orgB), 60_000, 'PO-B1');
  const account = await createAccount(ctx, { org: { role: 'contact', organizationId: orgA } });
  contactA = ctx.client();
  await contactA.signIn(account.email);
});
afterAll(() => ctx?.close());

describe('GET /org/invoices', () => {
  it('lists only the invoices of the contact’s organizations, newest first, with links to the page and the PDF', async () => {
    const res = await contactA.get('/org/invoices');
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/<h1/g)).toHaveLength(1);
    const [first, second] = invoicesA;
    if (!first || !second) throw new Error('setup');
    const at = (n: string | null) => res.body.indexOf(`>${n}</a>`);
    expect(at(second.number)).toBeGreaterThan(-1);
    expect(at(first.number)).toBeGreaterThan(at(second.number));
    expect(res.body).toContain(`href="/invoices/${first.public_token}"`);
    expect(res.body).toContain(`href="/org/invoices/${first.id}/pdf"`);
    expect(res.body).toContain('$1,200.00');
    expect(res.body).toContain('Awaiting payment');
    expect(res.body).toContain('2 invoices have a balance due of $1,450.00 in all.');
    expect(res.body).not.toContain(String(invoiceB.number));
    expect(res.body).not.toContain(invoiceB.public_token);
    expect(res.body).not.toContain('Betaburg');
  });

  it('sends a visitor to sign in, and answers the API with 401', async () => {
    const visitor = ctx.client();
    const res = await visitor.get('/org/invoices');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Forg%2Finvoices');
    expect((await visitor.get(`/org/invoices/${invoiceB.id}/pdf`)).headers.location).toBe(`/login?next=${encodeURIComponent(`/org/invoices/${invoiceB.id}/pdf`)}`);
    expect((await visitor.getJson('/api/v1/org/invoices')).statusCode).toBe(401);
  });

  it('is forbidden to a signed-in person who is no organization’s contact', async () => {
    const member = await createAccount(ctx, { roles: ['member'] });
    const c = ctx.client();
    await c.signIn(member.email);
    expect((await c.get('/org/invoices')).statusCode).toBe(403);
    expect((await c.getJson('/api/v1/org/invoices')).statusCode).toBe(403);
  });
});

describe('an invoice opened from the organization’s invoices', () => {
  it('leads a signed-in contact of its organization back to them; a visitor with the link, or a contact of another organization, gets no such link', async () => {
    const first = invoicesA[0];
    if (!first) throw new Error('setup');
    const back = (html: string) => [...dom(html).querySelectorAll('main a')].filter((a) => (a.getAttribute('href') ?? '').startsWith('/org/'));
    const own = await contactA.get(`/invoices/${first.public_token}`);
    expect(own.statusCode).toBe(200);
    expect(back(own.body).map((a) => [a.getAttribute('href'), a.textContent])).toEqual([[`/org/invoices?org=${orgA}`, 'Back to the invoices of City of Alphaville']]);
    const visitor = await ctx.client().get(`/invoices/${first.public_token}`);
    expect(visitor.statusCode).toBe(200);
    expect(back(visitor.body)).toEqual([]);
    const b = ctx.client();
    await b.signIn((await createAccount(ctx, { org: { role: 'admin', organizationId: orgB } })).email);
    const other = await b.get(`/invoices/${first.public_token}`);
    expect(other.statusCode).toBe(200);
    expect(back(other.body)).toEqual([]);
  });
});

describe('GET /org/invoices/:id/pdf', () => {
  it('downloads the PDF of the organization’s own invoice', async () => {
    const first = invoicesA[0];
    if (!first) throw new Error('setup');
    const res = await contactA.get(`/org/invoices/${first.id}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename=invoice-${first.number}.pdf`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('answers 404 for another organization’s invoice, an unknown id and a malformed one', async () => {
    for (const id of [invoiceB.id, '00000000-0000-4000-8000-000000000000', 'not-an-id', `${invoiceB.id}x`]) {
      const res = await contactA.get(`/org/invoices/${id}/pdf`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).not.toContain('Betaburg');
    }
  });
});

describe('GET /api/v1/org/invoices', () => {
  it('returns only the organization’s invoices, with their public and PDF links', async () => {
    const res = await contactA.getJson('/api/v1/org/invoices');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { invoices: Array<Record<string, unknown>> };
    expect(body.invoices.map((i) => i.id)).toEqual([invoicesA[1]?.id, invoicesA[0]?.id]);
    const first = invoicesA[0];
    expect(body.invoices[1]).toEqual({
      id: first?.id,
      number: first?.number,
      organizationId: orgA,
      organizationName: 'City of Alphaville',
      status: 'issued',
      issuedOn: first?.issued_on,
      dueOn: first?.due_on,
      poNumber: 'PO-A1',
      totalCents: 120_000,
      creditedCents: 0,
      paidCents: 0,
      balanceCents: 120_000,
      creditedInFull: false,
      url: `http://civnet.test/invoices/${first?.public_token}`,
      pdfUrl: `http://civnet.test/org/invoices/${first?.id}/pdf`,
    });
    expect(JSON.stringify(body)).not.toContain(invoiceB.id);
  });

  it('covers every organization the person is a contact of', async () => {
    const both = await createAccount(ctx, { org: { role: 'admin', organizationId: orgA } });
    await aContact(ctx, { organizationId: orgB, userId: both.id, role: 'contact' });
    const c = ctx.client();
    await c.signIn(both.email);
    const body = (await c.getJson('/api/v1/org/invoices')).json() as { invoices: Array<{ id: string }> };
    expect(body.invoices.map((i) => i.id).sort()).toEqual([...invoicesA.map((i) => i.id), invoiceB.id].sort());
    const page = await c.get('/org/invoices');
    expect(textsOf(page.body, 'th[scope="col"]')).toContain('Organization');
    expect(page.body).toContain('Town of Betaburg');
  });
});

describe('GET /api/v1/org/invoices?org=', () => {
  it('narrows the answer to the one organization asked for, as the page does; the query parameter is in the OpenAPI entry', async () => {
    const both = await createAccount(ctx, { org: { role: 'contact', organizationId: orgA } });
    await aContact(ctx, { organizationId: orgB, userId: both.id, role: 'contact' });
    const c = ctx.client();
    await c.signIn(both.email);
    const res = await c.getJson(`/api/v1/org/invoices?org=${orgB}`);
    expect(res.statusCode).toBe(200);
    expect((res.json() as { invoices: Array<{ id: string }> }).invoices.map((i) => i.id)).toEqual([invoiceB.id]);
    const a = (await c.getJson(`/api/v1/org/invoices?org=${orgA}`)).json() as { invoices: Array<{ id: string }> };
    expect(a.invoices.map((i) => i.id)).toEqual([invoicesA[1]?.id, invoicesA[0]?.id]);
    const doc = (await ctx.client().getJson('/api/openapi.json')).json() as {
      paths: Record<string, { get?: { parameters?: Array<{ name: string; in: string; description?: string }> } }>;
    };
    const param = doc.paths['/api/v1/org/invoices']?.get?.parameters?.find((p) => p.name === 'org');
    expect(param).toMatchObject({ in: 'query' });
    expect(param?.description).toContain('one of your organizations');
  });

  it('refuses an empty id, a malformed one, an unknown one and another organization’s with a 404, showing no invoice', async () => {
    for (const org of ['', 'not-a-uuid', '00000000-0000-4000-8000-000000000000', orgB, `${orgA}x`]) {
      const res = await contactA.getJson(`/api/v1/org/invoices?org=${encodeURIComponent(org)}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'not_found', message: 'We could not find that organization among yours.' } });
      for (const i of [...invoicesA, invoiceB]) expect(res.body).not.toContain(i.id);
    }
  });
});

describe('GET /org/invoices?org=', () => {
  it('narrows the page to the one organization asked for, named in its heading', async () => {
    const both = await createAccount(ctx, { org: { role: 'contact', organizationId: orgA } });
    await aContact(ctx, { organizationId: orgB, userId: both.id, role: 'contact' });
    const c = ctx.client();
    await c.signIn(both.email);
    const res = await c.get(`/org/invoices?org=${orgB}`);
    expect(res.statusCode).toBe(200);
    expect(textsOf(res.body, 'h1')).toEqual(['Invoices of Town of Betaburg']);
    expect(res.body).toContain(`>${invoiceB.number}</a>`);
    for (const i of invoicesA) expect(res.body).not.toContain(`>${i.number}</a>`);
    expect(res.body).toContain(`href="/org?org=${orgB}"`);
  });

  it('refuses an empty id, a malformed one, an unknown one and another organization’s with a 404 page, showing no invoice', async () => {
    for (const org of ['', 'not-a-uuid', '00000000-0000-4000-8000-000000000000', orgB, `${orgA}x`, '<script>alert(1)</script>']) {
      const res = await contactA.get(`/org/invoices?org=${encodeURIComponent(org)}`);
      expect(res.statusCode).toBe(404);
      expect(textsOf(res.body, 'main p')).toContain('We could not find that organization among yours.');
      for (const i of [...invoicesA, invoiceB]) expect(res.body).not.toContain(i.public_token);
    }
  });
});

describe('GET /org/invoices when nothing is due', () => {
  it('does not tell a contact how to pay when every invoice is paid or void, in the words of its Status column', async () => {
    const org = await createOrganization(ctx, { name: 'Village of Paidup' });
    const inv = await issue(org, null, 40_000);
    await ctx.deps.db.transaction().execute((trx) => applyPayment(trx, ctx.deps, { invoiceId: inv.id, amountCents: 40_000, method: 'check', reference: '3001' }));
    const voided = await issue(org, null, 10_000);
    await ctx.deps.db.transaction().execute((trx) => voidInvoice(trx, ctx.deps, { invoiceId: voided.id, reason: 'Issued twice', actorUserId: null }));
    const account = await createAccount(ctx, { org: { role: 'contact', organizationId: org } });
    const contact = ctx.client();
    await contact.signIn(account.email);
    const res = await contact.get('/org/invoices');
    expect(res.statusCode).toBe(200);
    const said = textsOf(res.body, 'main p').join(' ');
    expect(said).toContain('Nothing is due: every invoice is paid or void.');
    expect(said).toContain('Open an invoice to see its details and its payments.');
    expect(said).not.toContain('how to pay');
    expect(textsOf(res.body, 'td')).toEqual(expect.arrayContaining(['Paid', 'Void']));
    // the organization home says the same, over the same Status column
    const home = await contact.get(`/org?org=${org}`);
    expect(textsOf(home.body, '#invoices p')).toContain('Nothing is due: every invoice is paid or void.');
    expect(textsOf(home.body, '#invoices td')).toEqual(expect.arrayContaining(['Paid', 'Void']));
  });
});

describe('an invoice owing past its due day', () => {
  it('reads “Awaiting payment, overdue” on /org/invoices and the organization home, as on its own page; one not yet due does not', async () => {
    const org = await createOrganization(ctx, { name: 'Village of Latepay' });
    const late = await anInvoice(ctx, { organizationId: org, cents: 30_000, issuedOn: '2020-01-02' });
    const current = await issue(org, null, 5_000);
    const account = await createAccount(ctx, { org: { role: 'contact', organizationId: org } });
    const contact = ctx.client();
    await contact.signIn(account.email);
    const statusOf = (rows: string[][], number: string | null) => rows.find((r) => r.some((c) => c.includes(String(number))))?.at(-1);
    const list = rowsOf((await contact.get(`/org/invoices?org=${org}`)).body).map((r) => r.slice(0, -1));
    expect(statusOf(list, late.number)).toBe('Awaiting payment, overdue');
    expect(statusOf(list, current.number)).toBe('Awaiting payment');
    const home = rowsOf((await contact.get(`/org?org=${org}`)).body, 'Recent invoices, newest first');
    expect(statusOf(home, late.number)).toBe('Awaiting payment, overdue');
    expect(statusOf(home, current.number)).toBe('Awaiting payment');
    const page = await contact.get(`/invoices/${late.public_token}`);
    expect(termValue(page.body, 'Status')).toBe('Awaiting payment, overdue');
  });
});

describe('GET /org', () => {
  it('shows the organization, its membership pending until the invoice is paid, then active with its term', async () => {
    let res = await contactA.get('/org');
    expect(res.statusCode).toBe(200);
    expect(textsOf(res.body, 'h1')).toContain('City of Alphaville');
    expect(res.body).toContain('Pending: it becomes active when the first invoice is paid');
    expect(res.body).toContain(`href="/org/invoices?org=${orgA}"`);
    const first = invoicesA[0];
    if (!first) throw new Error('setup');
    const result = await ctx.deps.db.transaction().execute((trx) => applyPayment(trx, ctx.deps, { invoiceId: first.id, amountCents: 120_000, method: 'check', reference: '2001' }));
    expect(result.activatedMembershipId).not.toBeNull();
    res = await contactA.get('/org');
    expect(textsOf(res.body, 'dd')).toContain('Active');
    expect(termValue(res.body, 'Member since')).toMatch(/^\w+ \d+, \d{4}$/);
    expect(termValue(res.body, 'Current term ends')).toMatch(/^\w+ \d+, \d{4}$/);
    const list = await contactA.get('/org/invoices');
    expect(list.body).toContain('One invoice has a balance due of $250.00 in all.');
    expect(textsOf(list.body, 'td')).toContain('Paid');
  });
});

describe('the invoice page', () => {
  it('shows quantity and unit price only when a line has more than one of something (a phone then shows the amounts whole)', async () => {
    const [first] = invoicesA;
    if (!first) throw new Error('setup');
    const one = await ctx.client().get(`/invoices/${first.public_token}`);
    expect(one.statusCode).toBe(200);
    expect(headingsOf(one.body, 'What this invoice is for')).toEqual(['Description', 'Amount']);
    expect(rowsOf(one.body, 'What this invoice is for')[0]).toEqual(['Annual membership dues', '$1,200.00']);
    const several = await anInvoice(ctx, {
      organizationId: orgA,
      lines: [
        { description: 'Conference seats', quantity: 3, unitCents: 45_000 },
        { description: 'Annual membership dues', quantity: 1, unitCents: 120_000 },
      ],
    });
    const page = await ctx.client().get(`/invoices/${several.public_token}`);
    expect(headingsOf(page.body, 'What this invoice is for')).toEqual(['Description', 'Quantity', 'Unit price', 'Amount']);
    expect(rowsOf(page.body, 'What this invoice is for').slice(0, 2)).toEqual([
      ['Conference seats', '3', '$450.00', '$1,350.00'],
      ['Annual membership dues', '1', '$1,200.00', '$1,200.00'],
    ]);
    expect(rowsOf(page.body, 'What this invoice is for')[2]).toEqual(['Total', '$2,550.00']);
  });

  it('says an unpaid invoice past its due date is overdue, and asks for payment now rather than by a past date', async () => {
    const inv = await anInvoice(ctx, { organizationId: orgA, cents: 90_000 });
    const before = await ctx.client().get(`/invoices/${inv.public_token}`);
    expect(termValue(before.body, 'Status')).toBe('Awaiting payment');
    expect(before.body).toContain('Pay the balance of');
    ctx.clock.advance(120 * 86_400_000);
    const after = await ctx.client().get(`/invoices/${inv.public_token}`);
    expect(termValue(after.body, 'Status')).toBe('Awaiting payment, overdue');
    expect(after.body).toMatch(/The balance of <strong>\$900\.00<\/strong> was due on [A-Z][a-z]{2} \d{1,2}, \d{4}: please pay it now/);
    expect(after.body).not.toContain('Pay the balance of');
  });
});
